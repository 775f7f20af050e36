package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

const (
	rlo, lri, pdi, fsi, rlm = "\u202E", "\u2066", "\u2069", "\u2068", "\u200F"
)

var formValues = regexp.MustCompile(`(?s) value="[^"]*"|<textarea[^>]*>.*?</textarea>`)

// unclosedOverrides returns the text nodes and attribute values of page
// (the runs between markup) that hold a bidirectional control they do not
// close: an override there reorders what follows it on the line. (A text
// whose controls are all closed is what domain.IsolateBidi leaves as it is.)
func unclosedOverrides(page string) []string {
	// A form field's value is given back as typed, and is not in the
	// page's flow of text.
	page = formValues.ReplaceAllString(page, "")
	var bad []string
	for _, run := range strings.FieldsFunc(page, func(r rune) bool { return r == '<' || r == '>' || r == '"' }) {
		if domain.IsolateBidi(run) != run {
			bad = append(bad, run)
		}
	}
	return bad
}

// Text holding a right-to-left override that it never closes is shown
// isolated on every page — in text, in attributes and in the <title> — so
// that it cannot reorder what the page prints after it; Arabic text with
// its right-to-left marks is shown as it is. Addresses and identifiers
// with such characters are refused, naming the field.
func TestBidiControlsCannotReorderThePage(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	const editor, reviewer = "editor@example.org", "reviewer@example.org"
	in := func(actor string, fn func(tx *store.Tx) error) {
		t.Helper()
		if err := s.db.InTx(ctx, actor, fn); err != nil {
			t.Fatal(err)
		}
	}
	arabic := "قالت المفوضية إن " + rlm + "12,000" + rlm + " شخص عادوا."
	series := domain.Series{Slug: "bidi-returns", Title: "Returns " + rlo + "from Iran", Description: lri + "an open isolate",
		PopulationGroup: "returnees", Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "IRN", ToISO3: "AFG"}
	src := domain.Source{Title: "تقرير " + rlo + "exe.pdf", Publisher: pdi + rlo + "Publisher", URL: "https://example.org/bidi"}
	// The organisations carry the controls too: pages show their names.
	storetest.Orgs(t, s.db, rlo+"UNHCR", src.Publisher)
	var id string
	in(editor, func(tx *store.Tx) error {
		sr, err := tx.EnsureSeries(ctx, series, domain.ActionCreate, true)
		if err != nil {
			return err
		}
		id, err = tx.CreateFigure(ctx, sr, domain.Figure{Value: 12000, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2025-05-01"),
			AttributedTo: rlo + "UNHCR", Excerpt: arabic, Notes: "note " + rlo, Source: src})
		if err != nil {
			return err
		}
		return tx.Act(ctx, id, 0, domain.ActionSubmit, "")
	})
	in(reviewer, func(tx *store.Tx) error { return tx.Act(ctx, id, 0, domain.ActionApprove, "") })

	ed := s.signIn(t, domain.RoleEditor)
	for _, path := range []string{"/", "/series/bidi-returns", "/figures/" + id, "/embed/series/bidi-returns", "/changes",
		"/staff/figures/" + id, "/staff/figures/" + id + "/edit", "/staff/sources?q=exe"} {
		resp, page := do(t, ed, "GET", s.URL+path, nil)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, resp.StatusCode)
			continue
		}
		if !strings.Contains(page, rlo) && path != "/changes" {
			t.Errorf("%s: the text is not on the page", path)
		}
		for _, b := range unclosedOverrides(page) {
			i := strings.Index(page, b)
			t.Errorf("%s: an override reaches past its text: %+q in %+q", path, b, page[max(i-200, 0):min(i+len(b)+50, len(page))])
		}
		if strings.Contains(page, "شخص") && !strings.Contains(page, arabic) {
			t.Errorf("%s: the Arabic excerpt is not shown as it is", path)
		}
	}
	if _, page := do(t, ed, "GET", s.URL+"/series/bidi-returns", nil); !strings.Contains(page, arabic) {
		t.Error("the series page lacks the Arabic excerpt")
	}

	// Addresses and identifiers: refused, naming the field and the character.
	resp, page := do(t, ed, "POST", s.URL+"/staff/sources", url.Values{"source_url": {"https://example.org/" + rlo + "fdp.exe"},
		"source_title": {"T"}, "source_publisher": {"IOM"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(page), "invisible bidirectional control character (U+202E)") {
		t.Errorf("a source URL with U+202E: %d\n%s", resp.StatusCode, page)
	}
	admin := s.signIn(t, domain.RoleAdmin)
	resp, page = do(t, admin, "POST", s.URL+"/staff/users", url.Values{"email": {"ad" + rlm + "min@example.org"}, "name": {"N"}, "role": {"editor"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(page), "(U+200F)") {
		t.Errorf("an email with U+200F: %d\n%.600s", resp.StatusCode, page)
	}
}
