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

// A change to an organisation the public sees (the demo's IOM) is a
// proposal: shown as pending, not applied until a reviewer other than the
// proposer approves it.
func TestPublicOrganisationChangeNeedsASecondPerson(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	ed, rev, admin := s.signIn(t, domain.RoleEditor), s.signIn(t, domain.RoleReviewer), s.signIn(t, domain.RoleAdmin)
	iom := orgNamed(t, s.db, "International Organization for Migration")
	page := s.URL + "/staff/organisations/" + iom.Slug
	merges := s.URL + "/staff/organisations/merges"

	rename := url.Values{"version": {itoa(int64(iom.Version))}, "name": {"UN Migration"}, "acronym": {iom.Acronym},
		"kind": {string(iom.Kind)}, "country": {iom.Country}, "url": {iom.URL}, "why": {"its name since 2016"}}
	if resp, body := do(t, ed, "POST", page, rename); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("an editor's proposal: %d\n%.600s", resp.StatusCode, body)
	}
	if got, _ := s.db.Organization(ctx, iom.Slug); got.Name != iom.Name || got.Version != iom.Version {
		t.Fatalf("the proposal was applied: %+v", got)
	}
	_, body := do(t, ed, "GET", page, nil)
	mustContain(t, "the organisation's page", body, "Rename to <span dir=\"auto\">UN Migration</span>", "proposed by <span dir=\"auto\">editor@example.org</span>, waiting for a second person")
	// A second change while the first waits is refused.
	again := url.Values{"version": {itoa(int64(iom.Version))}, "name": {iom.Name}, "acronym": {iom.Acronym}, "kind": {string(iom.Kind)}, "url": {"https://iom.int"}}
	if resp, body := do(t, rev, "POST", page, again); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "waiting for a second person") {
		t.Errorf("a second pending change: %d", resp.StatusCode)
	}

	changes, err := s.db.OrganizationChanges(ctx, store.MergeProposed)
	if err != nil || len(changes) != 1 {
		t.Fatalf("pending changes: %+v %v", changes, err)
	}
	path := "/staff/organisations/changes/" + itoa(changes[0].ID)
	_, body = do(t, ed, "GET", merges, nil)
	mustContain(t, "an editor's merges page", body, "its name since 2016", "A reviewer decides changes to organisations")
	if strings.Contains(body, `action="`+path+`/approve"`) {
		t.Error("an editor is offered the approve button")
	}
	_, body = do(t, rev, "GET", merges, nil)
	mustContain(t, "another reviewer's merges page", body, `action="`+path+`/approve"`, `action="`+path+`/reject"`)
	if resp, _ := do(t, ed, "POST", s.URL+path+"/approve", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("approved by an editor: %d, want 403", resp.StatusCode)
	}
	if resp, _ := do(t, rev, "POST", s.URL+path+"/reject", url.Values{"note": {""}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("rejected without a note: %d, want 422", resp.StatusCode)
	}
	if resp, body := do(t, rev, "POST", s.URL+path+"/approve", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approved by a reviewer: %d\n%.600s", resp.StatusCode, body)
	}
	got, _ := s.db.Organization(ctx, iom.Slug)
	if got.Name != "UN Migration" || !hasString(got.Aliases, iom.Name) {
		t.Errorf("after the approval: %+v", got)
	}
	_, body = do(t, ed, "GET", page, nil)
	mustContain(t, "the history", body, "approved by reviewer@example.org", "its name since 2016")

	// The proposer cannot approve their own; a rejection keeps the record.
	remove := url.Values{"alias": {iom.Name}}
	if resp, body := do(t, rev, "POST", page+"/aliases/remove", remove); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposing to remove an alias: %d\n%.600s", resp.StatusCode, body)
	}
	changes, _ = s.db.OrganizationChanges(ctx, store.MergeProposed)
	if len(changes) != 1 || changes[0].Alias != iom.Name {
		t.Fatalf("pending changes: %+v", changes)
	}
	path = "/staff/organisations/changes/" + itoa(changes[0].ID)
	_, body = do(t, rev, "GET", merges, nil)
	mustContain(t, "the proposer's merges page", body, "another reviewer must approve it")
	if resp, _ := do(t, rev, "POST", s.URL+path+"/approve", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("approved by its proposer: %d, want 403", resp.StatusCode)
	}
	if resp, _ := do(t, admin, "POST", s.URL+path+"/reject", url.Values{"note": {"files still use the old name"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("rejected: %d", resp.StatusCode)
	}
	if got, _ := s.db.Organization(ctx, iom.Slug); !hasString(got.Aliases, iom.Name) {
		t.Errorf("a rejected removal removed the alias: %+v", got.Aliases)
	}
	_, body = do(t, ed, "GET", merges, nil)
	mustContain(t, "the decided changes", body, "files still use the old name")

	// A proposal made stale by a later change is refused on approval, and
	// stays pending.
	got, _ = s.db.Organization(ctx, iom.Slug)
	rename.Set("version", itoa(int64(got.Version)))
	rename.Set("name", "International Organization for Migration")
	if resp, _ := do(t, ed, "POST", page, rename); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposing a rename back: %d", resp.StatusCode)
	}
	if err := s.db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error { return tx.AddAlias(ctx, iom.ID, "OIM") }); err != nil {
		t.Fatal(err)
	}
	changes, _ = s.db.OrganizationChanges(ctx, store.MergeProposed)
	if len(changes) != 1 {
		t.Fatalf("pending changes: %+v", changes)
	}
	path = "/staff/organisations/changes/" + itoa(changes[0].ID)
	if resp, body := do(t, rev, "POST", s.URL+path+"/approve", url.Values{}); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "was changed after this change was proposed") {
		t.Errorf("a stale approval: %d, want 409", resp.StatusCode)
	}
	if got, _ := s.db.Organization(ctx, iom.Slug); got.Name != "UN Migration" {
		t.Errorf("a stale approval renamed: %q", got.Name)
	}
	if changes, _ = s.db.OrganizationChanges(ctx, store.MergeProposed); len(changes) != 1 {
		t.Errorf("the stale change is no longer pending: %+v", changes)
	}
}
