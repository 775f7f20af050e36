package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// In a real browser: a reviewer sees that a draft's excerpt is not in the
// saved copy of its source and is asked for a reason to approve it; the
// public page of a figure whose excerpt is in its copy shows it there,
// highlighted. Both pages pass axe.
func TestBrowserProvenance(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	bg := context.Background()

	// A published figure, and a copy of its source that holds its excerpt.
	var pub domain.Figure
	s.db.PublicFigureStream(bg, store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		pub = f
		return nil
	})
	page := "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen\n\nIslamabad, 20 April. " + pub.Excerpt +
		" The visit was the first at this level since 2021.\n\nIshaq Dar, who is also foreign minister, met Afghanistan's acting " +
		"foreign minister and discussed trade, transit and the return of Afghan nationals, his office said in a statement.\n\n" +
		"Relations between the neighbours have soured over attacks that Islamabad blames on militants sheltering across the border; " +
		"the Taliban administration denies harbouring them.\n\nPakistan began expelling undocumented foreigners in late 2023."
	if _, _, err := s.db.SaveSourceCopy(bg, domain.SourceCopy{SourceID: pub.Source.ID, URL: pub.Source.URL, Status: 200,
		Body: []byte(page), Text: page, FetchedAt: time.Date(2025, 4, 20, 9, 30, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, s.URL, "/figures/"+pub.ID)
	if got := run(t, ctx, "provenance line", chromedp.Evaluate[string](`document.querySelector('.provenance').innerText`)); !strings.Contains(got, "Excerpt found in the copy of the source saved on 20 Apr 2025") {
		t.Errorf("public provenance line %q", got)
	}
	if got := run(t, ctx, "highlight", chromedp.Evaluate[string](`document.querySelector('.in-copy mark').innerText`)); !strings.HasPrefix(got, "Nearly a million Afghans") {
		t.Errorf("highlighted %q", got)
	}
	axeCheck(t, ctx, "figure page with provenance")
	screenshot(t, ctx, "figure-provenance")

	// A draft whose source's copy no longer has the sentence.
	ed := s.signIn(t, domain.RoleEditor)
	resp, _ := do(t, ed, "POST", s.URL+"/staff/figures", url.Values{"action": {"submit"},
		"excerpt": {"Officials said 1.2 million people had crossed the border at Torkham so far this year."},
		"value":   {"1200000"}, "qualifier": {"exact"}, "period_start": {"2023-11-01"}, "period_end": {"2025-04-25"},
		"series": {govSeries}, "attributed_to": {"IOM"}, "source_url": {"https://example.org/torkham"},
		"source_title": {"Torkham crossings"}, "source_publisher": {"Bloomberg"}})
	if resp.StatusCode != 303 {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	figPath := resp.Header.Get("Location")
	f, _, err := s.db.Figure(bg, figPath[strings.LastIndex(figPath, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.db.SaveSourceCopy(bg, domain.SourceCopy{SourceID: f.Source.ID, URL: f.Source.URL, Status: 200, Body: []byte("moved"),
		Text: "Torkham crossing reopens after a week of clashes; traders count their losses.", FetchedAt: time.Date(2025, 5, 3, 8, 0, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, s.URL, "reviewer@example.org")
	visit(t, ctx, s.URL, figPath)
	if got := run(t, ctx, "staff provenance", chromedp.Evaluate[string](`document.querySelector('.provenance').innerText`)); !strings.Contains(got, "Excerpt not found in the copy of the source saved on 3 May 2025") {
		t.Errorf("reviewer's provenance line %q", got)
	}
	if n := run(t, ctx, "reason box", chromedp.Evaluate[int](`document.querySelectorAll('#approve-reason[required]').length`)); n != 1 {
		t.Error("approving a not-found excerpt does not ask for a reason")
	}
	axeCheck(t, ctx, "reviewer's figure page, excerpt not found")
	screenshot(t, ctx, "review-excerpt-not-found")

	// The published figure's source turns 404: its public page says the
	// link is broken and that a copy is kept; staff read that copy with
	// the excerpts highlighted.
	for _, c := range []domain.SourceCheck{
		{CheckedAt: time.Date(2025, 4, 20, 9, 30, 0, 0, time.UTC), Outcome: domain.OutcomeSaved},
		{CheckedAt: time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), Outcome: domain.OutcomeGone, Status: 404},
		{CheckedAt: time.Date(2026, 5, 10, 6, 0, 0, 0, time.UTC), Outcome: domain.OutcomeGone, Status: 404},
	} {
		c.SourceID = pub.Source.ID
		if err := s.db.RecordSourceCheck(bg, c); err != nil {
			t.Fatal(err)
		}
	}
	src := "/sources/" + strconv.FormatInt(pub.Source.ID, 10)
	visit(t, ctx, s.URL, src)
	if got := run(t, ctx, "link health", chromedp.Evaluate[string](`document.querySelector('.link-health').innerText`)); !strings.Contains(got, "Link broken since 3 May 2026 — a copy saved on 20 Apr 2025 is kept (SHA-256") {
		t.Errorf("source page's link health %q", got)
	}
	if n := run(t, ctx, "statuses", chromedp.Evaluate[int](`document.querySelectorAll('.excerpt-status.excerpt-found').length`)); n < 1 {
		t.Error("no figure of the source page says its excerpt is found in the copy")
	}
	axeCheck(t, ctx, "source page, link broken")
	screenshot(t, ctx, "source-link-broken")

	visit(t, ctx, s.URL, "/staff"+src+"/copy")
	if got := run(t, ctx, "highlight in copy", chromedp.Evaluate[string](`document.querySelector('.copy-text mark').innerText`)); !strings.HasPrefix(got, "Nearly a million Afghans") {
		t.Errorf("copy highlights %q", got)
	}
	axeCheck(t, ctx, "staff saved copy")
	screenshot(t, ctx, "staff-saved-copy")
}
