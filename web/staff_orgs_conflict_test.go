package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// After a 409 on the organisation form, the page it shows keeps the version
// the editor read: pressing Save again is refused again, and does not
// overwrite the other person's change with stale values.
func TestOrgConflictPageKeepsTheVersionRead(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleReviewer)
	iom := orgNamed(t, s.db, "International Organization for Migration")
	page := s.URL + "/staff/organisations/" + iom.Slug
	v := iom.Version
	// Someone else renames it meanwhile: IOM is public, so the rename is
	// proposed, and another reviewer approves it.
	theirs := url.Values{"version": {itoa(int64(v))}, "name": {"International Organization for Migration (UN Migration)"}, "acronym": {iom.Acronym}, "kind": {string(iom.Kind)}}
	if resp, body := do(t, ed, "POST", page, theirs); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("their rename: %d\n%s", resp.StatusCode, body)
	}
	changes, err := s.db.OrganizationChanges(context.Background(), store.MergeProposed)
	if err != nil || len(changes) != 1 {
		t.Fatalf("pending changes: %+v %v", changes, err)
	}
	if resp, _ := do(t, s.signIn(t, domain.RoleAdmin), "POST", s.URL+"/staff/organisations/changes/"+itoa(changes[0].ID)+"/approve", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approving their rename: %d", resp.StatusCode)
	}
	// Our form, read at v: refused, as it should be.
	ours := url.Values{"version": {itoa(int64(v))}, "name": {iom.Name}, "acronym": {iom.Acronym}, "kind": {string(iom.Kind)}, "url": {"https://iom.int"}}
	resp, body := do(t, ed, "POST", page, ours)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d", resp.StatusCode)
	}
	if !strings.Contains(body, `name="version" value="`+itoa(int64(v))+`"`) {
		i := strings.Index(body, `name="version"`)
		t.Errorf("the refused form carries %q, not the version the editor read (%d): pressing Save again overwrites the rename", body[i:i+30], v)
	}
	if resp, _ := do(t, ed, "POST", page, ours); resp.StatusCode != http.StatusConflict {
		t.Errorf("the same stale form again: %d, want 409", resp.StatusCode)
	}
	got, err := s.db.Organization(context.Background(), iom.Slug)
	if err != nil || got.Name != "International Organization for Migration (UN Migration)" {
		t.Errorf("after the refusals: name %q (%v), want their rename", got.Name, err)
	}
}
