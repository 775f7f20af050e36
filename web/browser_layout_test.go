package web_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// overflowJS lists what sticks out of the viewport sideways: the page
// itself when it scrolls horizontally, and every element whose box passes
// the left or right edge. Left out: what is hidden on purpose (the skip
// link and screen-reader text, parked off-screen or clipped to a pixel),
// and what sits inside a box that scrolls or clips it (a wide table in its
// scroller), which is reported apart.
const overflowJS = `(() => {
  const vw = document.documentElement.clientWidth;
  const out = [], scrollers = [];
  const sw = document.documentElement.scrollWidth;
  if (sw > window.innerWidth) out.push("the page scrolls sideways: " + sw + " px wide in a " + window.innerWidth + " px window");
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox !== "visible") return a;
    }
    return null;
  };
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= 0 || (r.width <= 1 && r.height <= 1)) continue;
    if (r.left >= -0.5 && r.right <= vw + 0.5) continue;
    const box = clipped(el);
    if (box) {
      const b = box.getBoundingClientRect();
      if (b.left >= -0.5 && b.right <= vw + 0.5) { if (box.scrollWidth > box.clientWidth + 1 && !scrollers.includes(name(box))) scrollers.push(name(box)); continue; }
    }
    out.push(name(el) + " spans " + Math.round(r.left) + "–" + Math.round(r.right) + " px in a " + vw + " px viewport: " + (el.innerText || "").trim().slice(0, 60));
  }
  return {out, scrollers};
})()`

// checkFits fails the test for anything that overflows the viewport
// sideways.
func checkFits(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	got := run(t, ctx, "overflow on "+what, chromedp.Evaluate[struct {
		Out       []string
		Scrollers []string
	}](overflowJS))
	for _, o := range got.Out {
		t.Errorf("%s: %s", what, o)
	}
	for _, s := range got.Scrollers {
		t.Logf("%s: %s scrolls sideways inside the page", what, s)
	}
}

// screenshotDir is $TRACKER_SCREENSHOTS, or a temporary folder.
func screenshotDir(t *testing.T) string {
	if dir := os.Getenv("TRACKER_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.TempDir()
}

// queueFigure puts one figure, entered by the editor, in the review queue.
func queueFigure(t *testing.T, s *staffSite) {
	t.Helper()
	ctx := context.Background()
	f := domain.Figure{Value: 857157, Qualifier: domain.Exact, PeriodStart: domain.MustDate("2023-11-01"), PeriodEnd: domain.MustDate("2025-04-25"),
		AttributedTo: "Pakistan Ministry of Interior", Excerpt: "A total of 857,157 undocumented Afghans have been repatriated since November 2023, the ministry said.",
		Source: domain.Source{Title: "Afghans repatriated under the plan", Publisher: "Dawn", URL: "https://example.org/dawn-repatriated"}}
	err := s.db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
		series, err := tx.EnsureSeries(ctx, domain.Series{Slug: govSeries, Unit: "persons"}, domain.ActionCreate, true)
		if err != nil {
			return err
		}
		id, err := tx.CreateFigure(ctx, series, f)
		if err != nil {
			return err
		}
		return tx.Act(ctx, id, 0, domain.ActionSubmit, "")
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLayoutOnPhoneAndDesktop loads the home page, a series page and the
// staff figure form at a phone's size (390×844) and a laptop's (1366×768):
// nothing may stick out sideways or make the page scroll horizontally. The
// full-page screenshots land in $TRACKER_SCREENSHOTS (or a temporary
// folder) for a person to look at.
func TestLayoutOnPhoneAndDesktop(t *testing.T) {
	ctx := newTab(t)
	// A public address, as a real site has, for the screenshots' sake: the
	// charts and permalinks print it.
	s := newStaffSite(t, web.Config{BaseURL: "https://tracker.example.org"})
	queueFigure(t, s)
	dir := screenshotDir(t)
	pages := []struct {
		name, path string
		then       []chromedp.Action[chromedp.Void]
	}{
		{"home", "/", nil},
		{"series", "/series/" + govSeries, nil},
		{"series-period", "/series/" + govSeries + "?from=2025-01&to=2025-06", nil},
		{"compare", "/compare?series=" + govSeries + "&series=" + iomSeries, nil},
		{"events", "/events", nil},
		{"figure", "/figures/" + publishedFigureID(t, s.db, iomSeries), nil},
		{"figure-form", "/staff/figures/new", nil},
		{"figure-form-proposed", "/staff/figures/new", []chromedp.Action[chromedp.Void]{
			chromedp.SetValue(chromedp.CSS("#f-excerpt"), "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023, according to a report by United Nations International Organization for Migration."),
			chromedp.Click(chromedp.CSS(`button[value=propose]`)), chromedp.WaitVisible(chromedp.CSS(".proposed-note"))}},
		{"review-queue", "/staff/review", nil},
	}
	signInBrowser(t, ctx, s.URL, "reviewer@example.org")
	for _, size := range []struct {
		name string
		w, h int64
		opts []chromedp.EmulateViewportOption
	}{
		{"phone", 390, 844, []chromedp.EmulateViewportOption{chromedp.EmulateMobile, chromedp.EmulateTouch}},
		{"desktop", 1366, 768, nil},
	} {
		steps(t, ctx, "viewport "+size.name, chromedp.EmulateViewport(size.w, size.h, size.opts...))
		for _, p := range pages {
			what := p.name + " at " + size.name + " size"
			visit(t, ctx, s.URL, p.path)
			if p.then != nil {
				steps(t, ctx, what, p.then...)
			}
			checkFits(t, ctx, what)
			axeCheck(t, ctx, what)                                                  // some rules depend on the layout: scrolling regions, target sizes
			png := run(t, ctx, "screenshot of "+what, chromedp.FullScreenshot(100)) // 100: PNG; less is JPEG
			if err := os.WriteFile(filepath.Join(dir, size.name+"-"+p.name+".png"), png, 0o644); err != nil {
				t.Error(err)
			}
		}
	}
	steps(t, ctx, "viewport back", chromedp.EmulateReset())
}
