package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/web"
)

// In the browser: the figure form's warning of a figure the tracker may
// already hold, the save after the editor ticks "a different figure", and
// the import preview's rows like held figures — each checked by axe and,
// with TRACKER_SCREENSHOTS, photographed.
func TestBrowserSimilarFigures(t *testing.T) {
	ctx := newTab(t)
	axeScript(t)
	s := newStaffSite(t, web.Config{})
	signInBrowser(t, ctx, s.URL, "editor@example.org")

	// The demo's "nearly a million" from Bloomberg's report, entered again
	// from the same report.
	visit(t, ctx, s.URL, "/staff/figures/new")
	steps(t, ctx, "fill the form",
		chromedp.SetValue(chromedp.CSS("#f-excerpt"), "Nearly a million Afghans have gone back since September 2023, the report says."),
		chromedp.SetValue(chromedp.CSS("#f-value"), "1000000"),
		chromedp.SetValue(chromedp.CSS("#f-period_end"), "2025-04-20"),
		chromedp.SetValue(chromedp.CSS("#f-series"), govSeries),
		chromedp.SetValue(chromedp.CSS("#f-attributed_to"), "Bloomberg"),
		chromedp.SetValue(chromedp.CSS("#f-source_url"), "https://techtricks365.com/?p=51775"),
		chromedp.SetValue(chromedp.CSS("#f-source_title"), "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen"),
		chromedp.SetValue(chromedp.CSS("#f-source_publisher"), "Bloomberg"),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS("#similar")))
	warning := run(t, ctx, "the warning", chromedp.Evaluate[string](`document.querySelector('#similar').innerText`))
	if !strings.Contains(warning, "same source and value") || !strings.Contains(warning, "1,000,000") {
		t.Errorf("the warning says %q", warning)
	}
	axeCheck(t, ctx, "figure form, a figure like a held one")
	screenshot(t, ctx, "figure-form-similar")
	steps(t, ctx, "save it all the same",
		chromedp.Click(chromedp.CSS("#f-not-duplicate")),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS("h1 .status")))

	// A file with a row from the same report and value, and two rows alike.
	file := filepath.Join(t.TempDir(), "figures.csv")
	os.WriteFile(file, []byte(importHeader+
		govSeries+",persons,2025-04-21,1000000,Bloomberg,Bloomberg,Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen,https://techtricks365.com/?p=51775,A million went home.\n"+
		govSeries+",persons,2025-05-30,4200,IOM,Dawn,Returns,https://example.org/dawn-held,Some 4200 returned.\n"+
		govSeries+",persons,2025-05-31,4200,IOM,Dawn,Returns,https://example.org/dawn-held,Another 4200 returned.\n"), 0o644)
	visit(t, ctx, s.URL, "/staff/import")
	steps(t, ctx, "preview the file",
		chromedp.SetUploadFiles(chromedp.CSS("#figures"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="/staff/import"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-progress, form[action="/staff/import/confirm"] button`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('a[href$="?refresh=on"]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`#held`)))
	if n := run(t, ctx, "held rows", chromedp.Evaluate[int](`document.querySelectorAll('#held tbody tr').length`)); n != 2 {
		t.Errorf("%d held rows listed, want 2", n)
	}
	axeCheck(t, ctx, "import preview with held rows")
	screenshot(t, ctx, "import-preview-held")
}
