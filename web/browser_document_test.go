package web_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// TestBrowserDocumentEntry is entering figures from a whole document in a
// real browser: the editor describes the source, pastes a situation
// report's text (real sentences with a report's layout), unticks one
// candidate, corrects another's words as stated in place and saves; the
// ticked figures are drafts with the right fields, attached to the source.
// Both steps pass axe, and the candidates' page fits a phone. Screenshots:
// document-entry.png and document-entry-phone.png.
func TestBrowserDocumentEntry(t *testing.T) {
	ctx := newTab(t)
	axeScript(t)
	s := newStaffSite(t, web.Config{})
	signInBrowser(t, ctx, s.URL, "editor@example.org")
	visit(t, ctx, s.URL, "/staff/figures/document?series="+demoSeries)
	axeCheck(t, ctx, "document entry, step 1")
	steps(t, ctx, "step 1",
		chromedp.SetValue(chromedp.CSS("#f-source_url"), "https://example.org/sitrep-afghan-returns"),
		chromedp.SetValue(chromedp.CSS("#f-source_title"), "Pakistan - Afghanistan Returns"),
		chromedp.SetValue(chromedp.CSS("#f-source_publisher"), "IOM"),
		chromedp.SetValue(chromedp.CSS("#f-source_published"), "2025-06-05"),
		chromedp.SetValue(chromedp.CSS("#f-text"), sitrepText(t)),
		chromedp.Click(chromedp.CSS(`button[value=read]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.doc-rows")))
	axeCheck(t, ctx, "document entry, step 2")

	// The rows by their words as stated.
	rows := map[string]string{}
	raw := run(t, ctx, "rows", chromedp.Evaluate[string](`JSON.stringify(Object.fromEntries(
		[...document.querySelectorAll('input[name$=".value_as_stated"]')].map(i => [i.value, i.name.split(".")[0]])))`))
	if err := json.Unmarshal([]byte(raw), &rows); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"474,264", "503,261", "59,561"} {
		if rows[w] == "" {
			t.Fatalf("no row %q in %v", w, rows)
		}
	}
	// Attributions that name no organisation known here are noted under
	// their field; the editor writes the organisation's name.
	noted := run(t, ctx, "attributions noted", chromedp.Evaluate[int](`(() => {
		const noted = [...document.querySelectorAll('input[name$=".attributed_to"][aria-describedby*="-hint"]')];
		for (const i of noted) i.value = "Pakistani officials";
		return noted.length; })()`))
	if noted == 0 {
		t.Error("no attribution noted as naming no organisation")
	}
	steps(t, ctx, "untick one, correct one",
		chromedp.Click(chromedp.CSS(`input[name="`+rows["503,261"]+`.keep"]`)),
		chromedp.SetValue(chromedp.CSS(`input[name="`+rows["474,264"]+`.value_as_stated"]`), "474,264 individuals"),
		chromedp.SetValue(chromedp.CSS(`input[name="`+rows["59,561"]+`.period_end"]`), "2023-10-21"))
	if run(t, ctx, "unticked", chromedp.Evaluate[bool](`document.querySelector('input[name="`+rows["503,261"]+`.keep"]').checked`)) {
		t.Fatal("503,261 is still ticked")
	}
	kept := run(t, ctx, "ticked", chromedp.Evaluate[int](`document.querySelectorAll('input[name$=".keep"]:checked').length`))
	viewShot(t, ctx, "document-entry", rows["approximately 200,000"])
	steps(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	checkFits(t, ctx, "document entry at phone size")
	viewShot(t, ctx, "document-entry-phone", rows["474,264"])
	steps(t, ctx, "viewport back", chromedp.EmulateViewport(1366, 900))

	steps(t, ctx, "save",
		chromedp.Click(chromedp.CSS(`button[value=save]`)),
		chromedp.WaitVisible(chromedp.CSS("ul.saved-drafts")))
	axeCheck(t, ctx, "document entry, saved")
	ids := run(t, ctx, "saved ids", chromedp.Evaluate[[]string](`[...document.querySelectorAll('ul.saved-drafts a')].map(a => a.getAttribute("href").split("/").pop())`))
	if len(ids) != kept {
		t.Fatalf("%d drafts saved, %d were ticked", len(ids), kept)
	}
	var seen []string
	for _, id := range ids {
		f, sr, err := s.db.Figure(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, f.ValueAsStated)
		if f.Status != domain.StatusDraft || f.Source.URL != "https://example.org/sitrep-afghan-returns" || sr.Slug != demoSeries || len(f.Orgs) == 0 {
			t.Errorf("figure %s: %s, source %s, series %s, attributed to %q", id, f.Status, f.Source.URL, sr.Slug, f.AttributedTo)
		}
		switch f.Value {
		case 474264:
			if f.ValueAsStated != "474,264 individuals" || f.PeriodEnd.String() != "2024-01-23" || !strings.Contains(f.Excerpt, "as of January 23, 2024.") || f.AttributedTo != "IOM" {
				t.Errorf("the corrected row: %+v", f)
			}
		case 59561:
			if f.PeriodEnd.String() != "2023-10-21" || f.Excerpt != "A total of 59,561 Afghan refugees have so far been repatriated." {
				t.Errorf("the row with its date: %+v", f)
			}
		case 503261:
			t.Error("the unticked row was saved")
		}
	}
	t.Logf("saved %d drafts (%d attributions corrected): %q", len(ids), noted, seen)
}

// viewShot keeps what the window shows with row at its top, when
// TRACKER_SCREENSHOTS names a folder: a whole document's page is too long
// for one picture.
func viewShot(t *testing.T, ctx context.Context, name, row string) {
	t.Helper()
	dir := os.Getenv("TRACKER_SCREENSHOTS")
	if dir == "" {
		return
	}
	steps(t, ctx, "scroll to "+row,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("row-`+strings.TrimPrefix(row, "r")+`").scrollIntoView()`))
	png := run(t, ctx, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}
