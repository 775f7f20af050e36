package web_test

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// These tests come from a review of issue 18: each comment tells what the
// review found, in the past it describes; the test holds the fix.

// TestDocumentSaveTwice: the same step-2 form sent twice (a
// double click on the save button of a long, slow save, or Back and save
// again) saves every ticked draft a second time. Reading the document
// marks held figures, but the save never looks again, so the duplicates the
// page exists to catch are written without a word.
func TestDocumentSaveTwice(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	figures := func() int {
		tables, err := s.db.TableRows(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return len(tables["figures"])
	}
	v := documentSource()
	v.Set("text", "Some 4,321 families fled the district last week, IOM said.\n")
	v.Set("action", "read")
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", v)
	if resp.StatusCode != 200 {
		t.Fatalf("read: status %d", resp.StatusCode)
	}
	form := postedValues(t, page)
	form.Set("action", "save")
	before := figures()
	if resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form); resp.StatusCode != 303 {
		t.Fatalf("first save: status %d\n%s", resp.StatusCode, page)
	}
	once := figures() - before
	if once == 0 {
		t.Fatal("nothing saved")
	}
	resp, _ = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if n := figures() - before; n != once {
		t.Errorf("the same form sent again: status %d, %d drafts written in all, want the first save's %d (the second is like them: same source and value)",
			resp.StatusCode, n, once)
	}
}

// TestFigureFormConfirmedTwice: the editor's "mine is a different
// figure: save it all the same" is an answer about the figures listed, but
// it is read as a blanket pass. The confirmed form sent twice (double
// click, or Back and save) saves two copies; the second is exactly like
// the first, which the editor was never shown.
func TestFigureFormConfirmedTwice(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	const a = "https://example.org/confirmed-twice"
	resp, body := do(t, ed, "POST", s.URL+"/staff/figures", similarForm("save", "4321", a, "IOM", "2025-03", "IOM counted 4,321 people by March."))
	if resp.StatusCode != 303 {
		t.Fatalf("first figure: status %d\n%.300s", resp.StatusCode, body)
	}
	again := similarForm("save", "4321", a, "Bloomberg", "2025-04-02", "Some 4,321 people had crossed, the agency said.")
	if resp, body = do(t, ed, "POST", s.URL+"/staff/figures", again); resp.StatusCode != 409 {
		t.Fatalf("like the first: status %d, want 409", resp.StatusCode)
	}
	// What the browser sends back: the page's form, with the figures it
	// listed, and the box ticked.
	again = postedValues(t, body)
	again.Set("action", "save")
	again.Set("not_duplicate", "1")
	if resp, _ = do(t, ed, "POST", s.URL+"/staff/figures", again); resp.StatusCode != 303 {
		t.Fatalf("confirmed: status %d, want 303", resp.StatusCode)
	}
	resp, _ = do(t, ed, "POST", s.URL+"/staff/figures", again)
	if resp.StatusCode == 303 {
		t.Errorf("the confirmed form sent a second time saved a third figure, a copy of the second that the editor never saw listed")
	}
}
