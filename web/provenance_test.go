package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// A figure's page says whether its excerpt is in the saved copy of its
// source, when it was saved, the copy's hash, and shows the excerpt in its
// paragraph of the copy; before any copy is saved it says the excerpt is
// not yet checked; a copy that dropped the sentence says not found.
func TestFigurePageProvenance(t *testing.T) {
	ts, db := newSite(t)
	ctx := context.Background()
	var fig domain.Figure
	db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		fig = f
		return nil
	})
	_, body := get(t, ts.URL+"/figures/"+fig.ID)
	mustContain(t, "figure page before a copy", body, "Excerpt not yet checked: no copy of the source has been saved.")

	page := "Pakistan Deputy PM in Kabul\n\nKabul, 20 April. " + strings.ReplaceAll(fig.Excerpt, " a ", "\na ") +
		" The minister met his counterpart.\n\nOther news follows."
	cp, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, FinalURL: fig.Source.URL,
		Status: 200, ContentType: "text/html", Body: []byte("<p>" + page + "</p>"), Text: page}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	_, body = get(t, ts.URL+"/figures/"+fig.ID)
	mustContain(t, "figure page with a copy", body,
		"Excerpt <strong>found</strong> in the copy of the source saved on",
		`<code title="`+cp.SHA256+`">`+cp.SHA256[:12]+"…</code>",
		`<blockquote class="in-copy" dir="auto">Kabul, 20 April. <mark>`,
		"</mark>. The minister met his counterpart.</blockquote>")
	if strings.Contains(body, "Other news follows") {
		t.Error("the page shows more of the copy than the excerpt's paragraph")
	}

	if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: fig.Source.ID, URL: fig.Source.URL, Status: 200,
		Body: []byte("moved"), Text: "This page has moved."}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	_, body = get(t, ts.URL+"/figures/"+fig.ID)
	mustContain(t, "figure page with a copy that lacks the sentence", body, "Excerpt <strong>not found</strong> in the copy")
	if strings.Contains(body, `class="in-copy"`) {
		t.Error("a not-found excerpt is shown in a paragraph of the copy")
	}
}

// A reviewer sees whether a draft's excerpt is in the saved copy of its
// source; approving one whose excerpt was not found asks for a reason, and
// the reason is kept in the approval's revision.
func TestApprovingAnExcerptNotFoundNeedsAReason(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	ed := s.signIn(t, domain.RoleEditor)
	sentence := "Officials said 1.2 million people had crossed the border at Torkham so far this year."
	form := url.Values{"action": {"submit"}, "excerpt": {sentence}, "value": {"1200000"}, "qualifier": {"exact"},
		"period_start": {"2023-11-01"}, "period_end": {"2025-04-25"},
		"series": {govSeries}, "attributed_to": {"IOM"}, "source_url": {"https://example.org/torkham"},
		"source_title": {"Torkham crossings"}, "source_publisher": {"Bloomberg"}}
	resp, _ := do(t, ed, "POST", s.URL+"/staff/figures", form)
	if resp.StatusCode != 303 {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	figPath := resp.Header.Get("Location")
	id := figPath[strings.LastIndex(figPath, "/")+1:]
	f, _, err := s.db.Figure(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: f.Source.ID, URL: f.Source.URL, Status: 200,
		Body: []byte("x"), Text: "The page now covers the weather in Kabul.", FetchedAt: time.Date(2025, 5, 3, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	rev := s.signIn(t, domain.RoleReviewer)
	_, page := do(t, rev, "GET", s.URL+figPath, nil)
	mustContain(t, "reviewer's page", page, "Excerpt <strong>not found</strong> in the copy of the source saved on 3 May 2025",
		`<textarea id="approve-reason" name="reason" rows="2" required>`)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	if resp, body := do(t, rev, "POST", s.URL+figPath+"/approve", url.Values{"version": {version}}); resp.StatusCode != 422 ||
		!strings.Contains(body, "the excerpt was not found in the copy of its source saved on 3 May 2025") {
		t.Fatalf("approve without a reason: %d\n%s", resp.StatusCode, body)
	}
	if f, _, _ := s.db.Figure(ctx, id); f.Status == domain.StatusPublished {
		t.Fatal("approved without a reason")
	}
	reason := "The agency confirmed the figure by email on 2 May; the page was rewritten."
	if resp, _ := do(t, rev, "POST", s.URL+figPath+"/approve", url.Values{"version": {version}, "reason": {reason}}); resp.StatusCode != 303 {
		t.Fatalf("approve with a reason: %d", resp.StatusCode)
	}
	revs, err := s.db.Revisions(ctx, "figure", id)
	if err != nil {
		t.Fatal(err)
	}
	var kept bool
	for _, r := range revs {
		kept = kept || strings.Contains(r.Reason, reason)
	}
	if !kept {
		t.Errorf("no revision keeps the approval's reason: %+v", revs)
	}
	_, page = do(t, rev, "GET", s.URL+figPath, nil)
	mustContain(t, "approved figure's staff page", page, "Approved with a reason: <span dir=\"auto\">"+reason)
}
