package web_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// The Organisations step in a real browser: the editor uploads a file that
// names UNHCR five ways, answers for the two spellings that name no
// organisation (the closest for one, the list of all for the other),
// checks again and confirms; every figure is UNHCR's. The step's
// screenshot is import-map.png.
func TestBrowserImportMapsNames(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	storetest.Orgs(t, s.db, "UN High Commissioner for Refugees (UNHCR)")
	unhcr := orgID(t, s, "UNHCR")
	file := filepath.Join(t.TempDir(), "unhcr.csv")
	if err := os.WriteFile(file, []byte(unhcrFile("unhcr", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, s.URL, "editor@example.org")
	steps(t, ctx, "upload",
		chromedp.Navigate(s.URL+"/staff/import"),
		chromedp.SetUploadFiles(chromedp.CSS("#figures"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="/staff/import"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-progress, form[action="/staff/import/names"] button`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('a[href$="?refresh=on"]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/staff/import/names"] button`)))
	screenshot(t, ctx, "import-map")
	id := strconv.FormatInt(unhcr, 10)
	answer := `for (const fs of document.querySelectorAll('fieldset.name-question')) {
		const words = fs.querySelector('legend q').textContent;
		if (words === 'the UN refugee agency') {
			fs.querySelector('input[value=any]').click();
			fs.querySelector('select[name$=".any"]').value = '` + id + `';
		} else {
			fs.querySelector('input[type=radio][value="` + id + `"]').click();
		}
	}`
	steps(t, ctx, "answer and check again",
		chromedp.Evaluate[chromedp.Void](answer),
		chromedp.Click(chromedp.CSS(`form[action="/staff/import/names"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-progress, form[action="/staff/import/confirm"] button`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('a[href$="?refresh=on"]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/staff/import/confirm"] button`)))
	screenshot(t, ctx, "import-map-preview")
	steps(t, ctx, "confirm",
		chromedp.Click(chromedp.CSS(`form[action="/staff/import/confirm"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`#import-progress, .notice a[href="/staff/review"]`)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('a[href$="?refresh=on"]')?.click()`),
		chromedp.WaitVisible(chromedp.CSS(`.notice a[href="/staff/review"]`)))
	if main := run(t, ctx, "result", chromedp.OuterHTML(chromedp.CSS("main"))); !strings.Contains(main, "Imported.") {
		t.Fatalf("not imported:\n%s", main)
	}
	for i := 1; i <= 5; i++ {
		f, _, err := s.db.Figure(t.Context(), "unhcr-"+strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Orgs) != 1 || f.Orgs[0].ID != unhcr {
			t.Errorf("%q resolves to %+v, want UNHCR", f.AttributedTo, f.Orgs)
		}
	}
}

// The question under the figure form's field, in a browser: the editor
// picks the closest organisation and saves; the figure's page names it.
func TestBrowserFigureFormAsksWhoTheWordsName(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	storetest.Orgs(t, s.db, "UN High Commissioner for Refugees (UNHCR)")
	signInBrowser(t, ctx, s.URL, "editor@example.org")
	steps(t, ctx, "fill and save",
		chromedp.Navigate(s.URL+"/staff/figures/new"),
		chromedp.SetValue(chromedp.CSS("#f-excerpt"), "UNHCR spokesman Evan Watson said 1,200 people crossed."),
		chromedp.SetValue(chromedp.CSS("#f-value"), "1200"),
		chromedp.SetValue(chromedp.CSS("#f-period_end"), "2025-05-10"),
		chromedp.SetValue(chromedp.CSS("#f-series"), govSeries),
		chromedp.SetValue(chromedp.CSS("#f-attributed_to"), "UNHCR spokesman Evan Watson"),
		chromedp.SetValue(chromedp.CSS("#f-source_url"), "https://example.org/watson"),
		chromedp.SetValue(chromedp.CSS("#f-source_title"), "Briefing"),
		chromedp.SetValue(chromedp.CSS("#f-source_publisher"), "Dawn"),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS("#org-attributed_to")))
	screenshot(t, ctx, "figure-form-org")
	steps(t, ctx, "answer and save",
		chromedp.Click(chromedp.CSS(`#org-attributed_to input[type=radio]`)),
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS(".resolved")))
	if got := run(t, ctx, "resolved", chromedp.Text(chromedp.CSS(".resolved"))); got != "→ UNHCR" {
		t.Errorf("the figure's page says %q, want → UNHCR", got)
	}
}
