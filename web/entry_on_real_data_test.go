package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// What a data officer met using document entry, the figure form and the
// import preview on real documents (the review of issue 18): each comment
// tells what the review found; the test holds the fix.

// TestFigureFormProposesWithPublicationDate: the figure form has the
// document's publication date and the organisation registry, but its
// "Propose fields from the sentence" reads the sentence alone
// (extract.FromSentence): "so far" gives no as-of date and "UNHCR said"
// no attribution, both required fields the editor then types. Document
// entry and `tracker extract` propose both for the same sentence.
func TestFigureFormProposesWithPublicationDate(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	form := url.Values{"action": {"propose"}, "series": {demoSeries},
		"excerpt":          {"A total of 88,000 Afghans have so far returned from Pakistan this year, UNHCR said."},
		"source_url":       {"https://example.org/review-so-far"},
		"source_title":     {"Returns update"},
		"source_publisher": {"IOM"},
		"source_published": {"2024-06-13"}}
	resp, body := do(t, ed, "POST", s.URL+"/staff/figures", form)
	if resp.StatusCode != 200 {
		t.Fatalf("propose: status %d", resp.StatusCode)
	}
	got := postedValues(t, body)
	if got.Get("value") != "88000" {
		t.Fatalf("value %q: the proposal did not run\n%s", got.Get("value"), body)
	}
	if got.Get("period_end") != "2024-06-13" {
		t.Errorf("period end %q, want the publication date 2024-06-13 (the sentence says “so far”)", got.Get("period_end"))
	}
	if got.Get("period_start") != "2024" {
		t.Errorf("period start %q, want 2024 (“this year”, read against the publication date)", got.Get("period_start"))
	}
	if got.Get("attributed_to") != "UNHCR" {
		t.Errorf("attributed to %q, want UNHCR (“UNHCR said”)", got.Get("attributed_to"))
	}
}

// TestDocumentTicksNoCountOfPlaces: with the series chosen in step 1,
// a report's "returnees … in 12 of the 34 provinces" comes ticked "very
// likely" and is saved as a draft of 12 persons; on the real IOM DTM
// situation report the review pasted, "reported in 16 of Sudan's 18
// states" gave two drafts, 16 and 18 persons, and the Sudan Times' "IDPs
// spread across 10,731 sites" one of 10,731 persons.
func TestDocumentTicksNoCountOfPlaces(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	form := documentSource()
	form.Set("source_url", "https://example.org/review-places")
	form.Set("action", "read")
	form.Set("text", "Returning Afghans settled in 12 of the country's 34 provinces, the agency said.\n\n"+
		"As of 3 March, some 412,506 Afghan returnees were spread across 2,310 sites in 64 districts.\n")
	resp, body := do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 200 {
		t.Fatalf("read: status %d\n%s", resp.StatusCode, body)
	}
	posted := postedValues(t, body)
	var ticked []string
	for k := range posted {
		if strings.HasSuffix(k, ".keep") {
			ticked = append(ticked, posted.Get(strings.TrimSuffix(k, ".keep")+".value_as_stated"))
		}
	}
	for _, w := range ticked {
		switch w {
		case "12", "34", "2,310", "64":
			t.Errorf("a count of places, %q, comes ticked (ticked: %q)", w, ticked)
		}
	}
}

// TestDocumentHeadlineNotTickedTwice: a news article's headline
// restates its lede's figure ("More than 500K" over "Nearly 500,000"); the
// page ticked both, and a save made two drafts of one claim (the Sudan
// Times' "IOM: More than 2M …" over "Nearly 2.0 million …", both "very
// likely").
func TestDocumentHeadlineNotTickedTwice(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	form := documentSource()
	form.Set("source_url", "https://example.org/review-headline")
	form.Set("action", "read")
	form.Set("text", "IOM: More than 500K Afghans returned from Pakistan this year\n\n"+
		"Nearly 500,000 Afghans returned from Pakistan between January and May, the International Organization for Migration said.\n")
	resp, body := do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 200 {
		t.Fatalf("read: status %d\n%s", resp.StatusCode, body)
	}
	posted := postedValues(t, body)
	var ticked []string
	for k := range posted {
		if strings.HasSuffix(k, ".keep") && posted.Get(strings.TrimSuffix(k, ".keep")+".value") == "500000" {
			ticked = append(ticked, posted.Get(strings.TrimSuffix(k, ".keep")+".value_as_stated"))
		}
	}
	if len(ticked) > 1 {
		t.Errorf("one claim ticked %d times: %q", len(ticked), ticked)
	}
}

// TestMyWorkFitsAPhone: "My work" (/staff), where an editor finds
// the drafts a document entry saved, scrolls sideways at 390 px once it
// lists figures: its table of drafts is 385 px wide in a 358 px column.
func TestMyWorkFitsAPhone(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	queueFigure(t, s) // one of the editor's figures, in review
	signInBrowser(t, ctx, s.URL, "editor@example.org")
	steps(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	visit(t, ctx, s.URL, "/staff")
	if n := run(t, ctx, "rows", chromedp.Evaluate[int](`document.querySelectorAll("table.work tbody tr").length`)); n == 0 {
		t.Fatal("My work lists no figure")
	}
	checkFits(t, ctx, "My work with a figure at phone size")
}

// TestDocumentSourceOnRecordIsTheDocumentsProblem: the editor pastes
// an article whose URL the tracker already keeps, with a publication date
// the stored source does not have (the realistic dataset keeps the Sudan
// Times article with none). The save is refused, rightly, for the source's
// field; but the page says "1 row needs attention", marks the first ticked
// row "This figure could not be saved." — a row with nothing wrong — and
// the field's message reads 'on record with "nothing" here' when the stored
// date is empty. The problem is the document's, shown once at the top,
// in words an officer reads ("the tracker keeps this document with no
// publication date: leave Published empty").
func TestDocumentSourceOnRecordIsTheDocumentsProblem(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	f, _, err := s.db.Figure(t.Context(), publishedFigureID(t, s.db, iomSeries))
	if err != nil {
		t.Fatal(err)
	}
	read := documentSource()
	read.Set("source_url", f.Source.URL)
	read.Set("source_title", f.Source.Title)
	read.Set("source_publisher", f.Source.Publisher)
	read.Set("source_published", "2019-01-02") // not what is on record
	read.Set("action", "read")
	read.Set("text", "A total of 12,345 Afghans have so far returned from Pakistan, IOM said.")
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", read)
	if resp.StatusCode != 200 {
		t.Fatalf("read: status %d\n%s", resp.StatusCode, page)
	}
	form := postedValues(t, page)
	form.Set("action", "save")
	form.Set(rowOf(t, form, "12,345")+".keep", "on")
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 409 && resp.StatusCode != 422 {
		t.Fatalf("a source that differs from the one on record: status %d, want it refused", resp.StatusCode)
	}
	mustContain(t, "refused save", page, "is on record")
	for _, wrong := range []string{"row needs attention", "This figure could not be saved."} {
		if strings.Contains(page, wrong) {
			t.Errorf("the document's problem is put on a row: the page says %q", wrong)
		}
	}
}
