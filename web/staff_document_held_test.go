package web_test

import (
	"net/url"
	"slices"
	"sync"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// The same step-2 form sent again holds back every row whose figure was
// saved since the page was read: nothing is saved, the row comes back
// unticked with the new figure named and linked, and ticking it again
// saves it — the editor's answer. A row whose held figures were all shown
// when the page was read saves as ticked.
func TestDocumentSaveHoldsBackFiguresSavedSince(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	v := documentSource()
	v.Set("text", "Some 4,321 families fled the district last week, IOM said.\n")
	v.Set("action", "read")
	_, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	form := postedValues(t, page)
	form.Set("action", "save")
	resp, _ := do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	loc, err := resp.Location()
	if err != nil {
		t.Fatalf("first save: status %d", resp.StatusCode)
	}
	first := loc.Query().Get("ids")

	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != 422 {
		t.Fatalf("the form sent again: status %d, want 422", resp.StatusCode)
	}
	mustContain(t, "held back", page, "Nothing was saved", "since the page was read", `<a href="/staff/figures/`+first+`">figure `+first+`</a>`)
	again := postedValues(t, page)
	if again.Get("r0.keep") != "" {
		t.Errorf("the held-back row comes back ticked")
	}
	if again.Get("r0.shown") != first {
		t.Errorf("the held-back row's shown figures: %q, want %q", again.Get("r0.shown"), first)
	}
	again.Set("action", "save")
	again.Set("r0.keep", "on")
	if resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", again); resp.StatusCode != 303 {
		t.Errorf("ticked again after seeing figure %s: status %d\n%.300s", first, resp.StatusCode, page)
	}
}

// The same form sent several times at once — a double click on a slow
// save — saves once: the look for held figures and the save it allows are
// one step, for the document form and for the figure form's "save it all
// the same".
func TestSaveSentTwiceAtOnceSavesOnce(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	at := func(form url.Values, path string) []int {
		const parallel = 4
		var wg sync.WaitGroup
		statuses := make(chan int, parallel)
		for range parallel {
			wg.Go(func() {
				resp, _ := do(t, ed, "POST", s.URL+path, form)
				statuses <- resp.StatusCode
			})
		}
		wg.Wait()
		close(statuses)
		var out []int
		for st := range statuses {
			out = append(out, st)
		}
		slices.Sort(out)
		return out
	}
	v := documentSource()
	v.Set("text", "Some 8,765 families fled the district last week, IOM said.\n")
	v.Set("action", "read")
	_, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	form := postedValues(t, page)
	form.Set("action", "save")
	if got := at(form, "/staff/figures/document"); !slices.Equal(got, []int{303, 422, 422, 422}) {
		t.Errorf("a document's form sent 4 times at once: statuses %v, want one save (303) and three held back (422)", got)
	}

	const a = "https://example.org/confirmed-at-once"
	if resp, _ := do(t, ed, "POST", s.URL+"/staff/figures", similarForm("save", "8765", a, "IOM", "2025-03", "IOM counted 8,765 people by March.")); resp.StatusCode != 303 {
		t.Fatalf("first figure: status %d", resp.StatusCode)
	}
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures", similarForm("save", "8765", a, "Bloomberg", "2025-04-02", "Some 8,765 people had crossed."))
	if resp.StatusCode != 409 {
		t.Fatalf("like the first: status %d", resp.StatusCode)
	}
	confirmed := postedValues(t, page)
	confirmed.Set("action", "save")
	confirmed.Set("not_duplicate", "1")
	if got := at(confirmed, "/staff/figures"); !slices.Equal(got, []int{303, 409, 409, 409}) {
		t.Errorf("a confirmed figure form sent 4 times at once: statuses %v, want one save (303) and three held back (409)", got)
	}
}
