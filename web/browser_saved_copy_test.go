package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// On a phone (390 px): a saved copy's table of excerpts and the list of
// link problems become one card per row, long titles and addresses wrap
// without pushing the page sideways, and the page of a source with no copy
// says why. Screenshots land in $TRACKER_SCREENSHOTS.
func TestBrowserSavedCopyPagesOnAPhone(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	bg := context.Background()
	fig, cp := publishedIOMFigure(t, s.db)
	recordCheck(t, s.db, fig.Source.ID, cp.FetchedAt, domain.OutcomeSaved, cp.SHA256)
	recordCheck(t, s.db, fig.Source.ID, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeChanged, "figure "+fig.ID+" no longer on the page")
	var long, refused domain.Source
	err := s.db.InTx(bg, "test", func(tx *store.Tx) error {
		var err error
		long, err = tx.CreateSource(bg, domain.Source{Title: "Sudan: Complex Emergency — Humanitarian Situation Report No. 27 (Displacement Tracking Matrix, North Darfur)",
			URL:       "https://reliefweb.int/report/sudan/sudan-complex-emergency-humanitarian-situation-report-no-27-displacement-tracking-matrix-north-darfur-2025-10-28?utm_source=rss&utm_medium=feed",
			Publisher: "International Organization for Migration"})
		if err != nil {
			return err
		}
		refused, err = tx.CreateSource(bg, domain.Source{URL: "http://169.254.169.254/latest/meta-data/", Title: "Metadata", Publisher: "IOM"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.db.SaveSourceCopy(bg, domain.SourceCopy{SourceID: long.ID, URL: long.URL, Status: 200, ContentType: "text/html; charset=utf-8",
		Body: []byte("<p>x</p>"), Text: "Situation overview.", FetchedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}, domain.CopyLimits{}); err != nil {
		t.Fatal(err)
	}
	recordCheck(t, s.db, long.ID, time.Date(2026, 5, 4, 6, 0, 0, 0, time.UTC), domain.OutcomeGone, "404")
	recordCheck(t, s.db, refused.ID, time.Date(2026, 5, 3, 6, 0, 0, 0, time.UTC), domain.OutcomeRefused,
		"fetch refused http://169.254.169.254/latest/meta-data/: host 169.254.169.254 resolves to 169.254.169.254, a cloud metadata (link-local) address")

	signInBrowser(t, ctx, s.URL, "reviewer@example.org")
	steps(t, ctx, "phone size", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	defer steps(t, ctx, "viewport back", chromedp.EmulateReset())
	dir := screenshotDir(t)
	for _, p := range []struct{ name, path, card string }{
		{"staff-saved-copy", "/staff/sources/" + strconv.FormatInt(fig.Source.ID, 10) + "/copy", "table.copy-excerpts tr"},
		{"staff-link-problems", "/staff/sources/problems", "table.problems tr"},
		{"staff-no-saved-copy", "/staff/sources/" + strconv.FormatInt(refused.ID, 10) + "/copy", ""},
	} {
		what := p.name + " at phone size"
		visit(t, ctx, s.URL, p.path)
		checkFits(t, ctx, what)
		axeCheck(t, ctx, what)
		if p.card != "" {
			// A card: its rows are blocks as wide as the page's text, not
			// table rows whose columns run off the screen.
			display := run(t, ctx, "display of "+p.card, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('`+p.card+`')).display`))
			if display != "block" {
				t.Errorf("%s: %s is displayed %q, want a card (block)", what, p.card, display)
			}
		}
		png := run(t, ctx, "screenshot of "+what, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(dir, "phone-"+p.name+".png"), png, 0o644); err != nil {
			t.Error(err)
		}
	}
	if got := run(t, ctx, "why", chromedp.Evaluate[string](`document.querySelector('main').innerText`)); !strings.Contains(got, "refused") ||
		!strings.Contains(got, "tracker sources check --source "+strconv.FormatInt(refused.ID, 10)) {
		t.Errorf("the page of a source with no copy does not say why:\n%s", got)
	}
}
