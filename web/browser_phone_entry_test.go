package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/web"
)

// TestBrowserEntryFitsAPhone: at 390 px, the figure form's warning of a
// held figure keeps its "a different figure" box beside its label, the
// figure page's history fits, and the import preview's held rows show each
// row's own value and series and fit. With TRACKER_SCREENSHOTS, each is
// photographed at 390 and 1366 px.
func TestBrowserEntryFitsAPhone(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	signInBrowser(t, ctx, s.URL, "editor@example.org")
	phone := chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)
	wide := chromedp.EmulateViewport(1366, 900)
	both := func(name string) {
		screenshot(t, ctx, name+"-390")
		steps(t, ctx, "wide", wide)
		screenshot(t, ctx, name+"-1366")
		steps(t, ctx, "phone", phone)
	}
	steps(t, ctx, "phone", phone)

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
	checkFits(t, ctx, "figure form with a held figure at phone size")
	beside := run(t, ctx, "the box and its label", chromedp.Evaluate[bool](`(() => {
		const box = document.querySelector('#f-not-duplicate').getBoundingClientRect();
		const label = document.querySelector('label[for=f-not-duplicate]').getBoundingClientRect();
		return label.top < box.bottom && label.left >= box.right;
	})()`))
	if !beside {
		t.Error("the “different figure” box and its label are on lines of their own at phone size")
	}
	both("entry-figure-form-similar")
	steps(t, ctx, "save it all the same",
		chromedp.Click(chromedp.CSS("#f-not-duplicate")),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS("h1 .status")))
	checkFits(t, ctx, "figure page with its history at phone size")
	both("entry-figure-history")

	file := filepath.Join(t.TempDir(), "figures.csv")
	if err := os.WriteFile(file, []byte(importHeader+
		govSeries+",persons,2025-04-21,1000000,Bloomberg,Bloomberg,Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen,https://techtricks365.com/?p=51775,A million went home.\n"+
		govSeries+",persons,2025-05-30,4200,IOM,Dawn,Returns,https://example.org/dawn-held,Some 4200 returned.\n"+
		govSeries+",persons,2025-05-31,4200,IOM,Dawn,Returns,https://example.org/dawn-held,Another 4200 returned.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	visit(t, ctx, s.URL, "/staff/import")
	steps(t, ctx, "preview the file",
		chromedp.SetUploadFiles(chromedp.CSS("#figures"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="/staff/import"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-progress, form[action="/staff/import/confirm"] button`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('a[href$="?refresh=on"]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`#held`)))
	rows := run(t, ctx, "the held rows", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#held td[data-label="The row"]')].map(td => td.innerText)`))
	if len(rows) != 2 || len(rows[0]) == 0 {
		t.Errorf("held rows show %q, want each row's value and series", rows)
	}
	checkFits(t, ctx, "import preview's held rows at phone size")
	both("entry-import-held")
}
