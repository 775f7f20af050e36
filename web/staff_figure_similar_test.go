package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// similarForm is a figure form for value from src, attributed to by as of
// end, with its own sentence.
func similarForm(action, value, src, by, end, excerpt string) url.Values {
	return url.Values{"action": {action}, "excerpt": {excerpt}, "value": {value}, "qualifier": {"exact"},
		"period_end": {end}, "series": {govSeries}, "attributed_to": {by}, "source_url": {src},
		"source_title": {"A report"}, "source_publisher": {"Bloomberg"}}
}

// The figure form holds back the save of a figure the tracker may already
// hold, listing the held ones with links and why; the editor who says it is
// a different figure saves it. A proposal lists them without holding
// anything; an edit is never like itself, and an edit that keeps what a
// figure is compared by is not asked about again.
func TestFigureFormWarnsOfSimilarFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, _ := hostileSite(t, db, web.Config{}) // the demo data, and staff of every role
		ed := s.signIn(t, domain.RoleEditor)
		revisions := func() int {
			t.Helper()
			n, err := s.db.CountRevisions(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		created := func(what string, resp interface{ Location() (*url.URL, error) }, body string) string {
			t.Helper()
			loc, err := resp.Location()
			if err != nil {
				t.Fatalf("%s: not saved: %v\n%s", what, err, body)
			}
			return loc.Path[strings.LastIndex(loc.Path, "/")+1:]
		}
		const a, b = "https://example.org/similar-a", "https://example.org/similar-b"

		resp, body := do(t, ed, "POST", s.URL+"/staff/figures", similarForm("save", "4321", a, "IOM", "2025-03", "IOM counted 4,321 people by March."))
		first := created("the first figure", resp, body)

		// The same source and value, in other words: held back, nothing written.
		n := revisions()
		again := similarForm("save", "4321", a, "Bloomberg", "2025-04-02", "Some 4,321 people had crossed, the agency said.")
		resp, body = do(t, ed, "POST", s.URL+"/staff/figures", again)
		if resp.StatusCode != 409 {
			t.Fatalf("a figure like a held one: status %d, want 409\n%s", resp.StatusCode, body)
		}
		mustContain(t, "held-back form", body, "The figure was not saved: the tracker may already hold it",
			`href="/staff/figures/`+first+`"`, "same source and value", "draft", `name="not_duplicate"`,
			"Some 4,321 people had crossed, the agency said.")
		if revisions() != n {
			t.Errorf("a held-back save wrote")
		}
		// The editor says it is a different figure from those listed (the
		// page sends their ids with the answer), but a field has a
		// problem: the figures like it and the answer stay in view.
		mustContain(t, "held-back form", body, `name="similar_shown" value="`+first+`"`)
		again.Set("not_duplicate", "1")
		again.Set("similar_shown", first)
		again.Set("period_start", "2025-13")
		resp, body = do(t, ed, "POST", s.URL+"/staff/figures", again)
		if resp.StatusCode != 422 {
			t.Fatalf("a confirmed figure with a bad date: status %d, want 422", resp.StatusCode)
		}
		mustContain(t, "form with a problem", body, `href="/staff/figures/`+first+`"`, `id="f-not-duplicate" name="not_duplicate" value="1" checked`)
		if strings.Contains(body, "The figure was not saved: the tracker may already hold it") {
			t.Errorf("a form held back by its own problem says it was held back as a duplicate")
		}
		// Fixed: saved.
		again.Del("period_start")
		resp, body = do(t, ed, "POST", s.URL+"/staff/figures", again)
		second := created("the confirmed figure", resp, body)

		// Another organisation's spelling of IOM, the same value and a period
		// ending the same day: held back, by organisation.
		resp, body = do(t, ed, "POST", s.URL+"/staff/figures", similarForm("save", "4321", b, "International Organization for Migration", "2025-03-31", "4,321 by the end of March."))
		if resp.StatusCode != 409 {
			t.Fatalf("same organisation, value and period: status %d, want 409\n%s", resp.StatusCode, body)
		}
		mustContain(t, "held back by organisation", body, `href="/staff/figures/`+first+`"`, "same organisation, value and period")
		if strings.Contains(body, `href="/staff/figures/`+second+`"`) {
			t.Errorf("a figure of another organisation and period is listed by organisation")
		}

		// A proposal lists them, and holds nothing back.
		resp, body = do(t, ed, "POST", s.URL+"/staff/figures", similarForm("propose", "4321", a, "IOM", "2025-03", "IOM counted 4,321 people by March."))
		if resp.StatusCode != 200 {
			t.Fatalf("propose: status %d", resp.StatusCode)
		}
		mustContain(t, "proposal", body, "The tracker may already hold this figure", `href="/staff/figures/`+first+`"`, `href="/staff/figures/`+second+`"`)
		if strings.Contains(body, "was not saved") {
			t.Errorf("a proposal says a figure was not saved")
		}

		// An edit of the first figure that keeps its source, value, attribution
		// and period saves without asking, though the second is like it.
		edit := similarForm("save", "4321", a, "IOM", "2025-03", "IOM counted 4,321 people by the end of March.")
		edit.Set("version", "1")
		resp, body = do(t, ed, "POST", s.URL+"/staff/figures/"+first, edit)
		if resp.StatusCode != 303 {
			t.Fatalf("an edit that keeps what is compared: status %d\n%s", resp.StatusCode, body)
		}
		// An edit to another value that the second figure's source holds is
		// asked about, and lists the second figure but never itself.
		resp, body = do(t, ed, "POST", s.URL+"/staff/figures", similarForm("save", "99", b, "Bloomberg", "2025-05", "99 more, the paper said."))
		third := created("a third figure", resp, body)
		edit.Set("version", "2")
		edit.Set("value", "99")
		edit.Set("source_url", b)
		resp, body = do(t, ed, "POST", s.URL+"/staff/figures/"+first, edit)
		if resp.StatusCode != 409 {
			t.Fatalf("an edit like another figure: status %d, want 409\n%s", resp.StatusCode, body)
		}
		mustContain(t, "held-back edit", body, `href="/staff/figures/`+third+`"`, "same source and value")
		if strings.Contains(body, `href="/staff/figures/`+first+`"`) {
			t.Errorf("an edit is listed as like itself")
		}
	})
}
