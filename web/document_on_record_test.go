package web_test

import (
	"net/http"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// TestDocumentFilledFromRecord: a document the tracker already keeps,
// pasted with only its URL, has its empty source fields filled from the
// record at step 2, the page says so, and the ticked rows then save; a
// field typed otherwise than on record is named before any save.
func TestDocumentFilledFromRecord(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	f, _, err := s.db.Figure(t.Context(), publishedFigureID(t, s.db, iomSeries))
	if err != nil {
		t.Fatal(err)
	}
	read := documentSource()
	read.Set("source_url", f.Source.URL)
	read.Del("source_title")
	read.Del("source_publisher")
	read.Del("source_published")
	read.Set("action", "read")
	read.Set("text", "A total of 12,345 Afghans have so far returned from Pakistan, IOM said.")
	resp, page := do(t, ed, "POST", s.URL+"/staff/figures/document", read)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("read: status %d\n%s", resp.StatusCode, page)
	}
	mustContain(t, "read of a kept document", page, "already keeps this document", "filled from its record")
	form := postedValues(t, page)
	if form.Get("source_title") != f.Source.Title {
		t.Errorf("title %q, want the record's %q", form.Get("source_title"), f.Source.Title)
	}
	form.Set("action", "save")
	form.Set(rowOf(t, form, "12,345")+".keep", "on")
	resp, page = do(t, ed, "POST", s.URL+"/staff/figures/document", form)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save with the record's fields: status %d\n%s", resp.StatusCode, page)
	}

	read.Set("source_title", "Another title")
	_, page = do(t, ed, "POST", s.URL+"/staff/figures/document", read)
	mustContain(t, "read with a title not on record", page, "on record with title", "will be refused")
}
