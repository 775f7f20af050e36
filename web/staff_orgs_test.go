package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// orgNamed returns the demo's organisation named name.
func orgNamed(t *testing.T, db *store.DB, name string) domain.Organization {
	t.Helper()
	orgs, err := db.Organizations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Name == name {
			return o
		}
	}
	t.Fatalf("the demo has no organisation %q", name)
	return domain.Organization{}
}

func TestOrganisationStaffPages(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	iom := orgNamed(t, s.db, "International Organization for Migration")

	resp, body := do(t, ed, "GET", s.URL+"/staff/organisations", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the list: %d", resp.StatusCode)
	}
	// An organisation is listed by its name, with its acronym beside it.
	iomRow := `href="/staff/organisations/` + iom.Slug + `" dir="auto">International Organization for Migration</a> <span class="meta" dir="auto">IOM</span>`
	mustContain(t, "the list", body, iomRow, `href="/staff/organisations">Organisations</a>`, "Published")
	_, body = do(t, ed, "GET", s.URL+"/staff/organisations?q=iom", nil) // by its acronym
	if !strings.Contains(body, iomRow) || strings.Contains(body, ">Bloomberg</a>") {
		t.Errorf("the filter ?q=iom lists the wrong organisations:\n%s", body)
	}
	if err := s.db.InTx(context.Background(), "editor@example.org", func(tx *store.Tx) error {
		return tx.AddAlias(context.Background(), iom.ID, "UN Migration")
	}); err != nil {
		t.Fatal(err)
	}
	_, body = do(t, ed, "GET", s.URL+"/staff/organisations?q=un+migration", nil)
	if !strings.Contains(body, iomRow) {
		t.Errorf("the filter finds no organisation by its alias:\n%s", body)
	}

	// A new organisation: refused with its fields named, then saved.
	bad := url.Values{"name": {""}, "kind": {"club"}, "country": {"XX"}}
	resp, body = do(t, ed, "POST", s.URL+"/staff/organisations", bad)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a bad new organisation: %d", resp.StatusCode)
	}
	mustContain(t, "the refused form", body, `id="f-name-error"`, `id="f-kind-error"`, `id="f-country-error"`)
	resp, _ = do(t, ed, "POST", s.URL+"/staff/organisations", url.Values{"name": {"Sudan Federal Ministry of Health"},
		"acronym": {"FMoH"}, "kind": {"government"}, "country": {"sdn"}, "aliases": {"Sudanese health ministry\nMinistry of Health (Sudan)"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a new organisation: %d", resp.StatusCode)
	}
	page := resp.Header.Get("Location")
	if page != "/staff/organisations/sudan-federal-ministry-of-health" {
		t.Fatalf("a new organisation goes to %q", page)
	}
	resp, body = do(t, ed, "GET", s.URL+page, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("its page: %d", resp.StatusCode)
	}
	// An editor changes the record of an organisation nothing published
	// shows, like a draft; the page says that a public one's changes wait
	// for a second person.
	mustContain(t, "its page", body, "Sudan Federal Ministry of Health", "Sudanese health ministry", `name="version" value="1"`,
		`action="`+page+`/merge"`, ">create<", "waits for a second person", "Remove the alias Sudanese health ministry")
	if strings.Contains(body, `class="stack" hidden`) {
		t.Error("the form is hidden from an editor")
	}
	fmoh, err := s.db.Organization(context.Background(), "sudan-federal-ministry-of-health")
	if err != nil {
		t.Fatal(err)
	}

	// A rename by an editor, saved at version 1 (nothing published shows
	// the organisation: made at once); the same version again is stale.
	rename := url.Values{"version": {"1"}, "name": {"Federal Ministry of Health"}, "acronym": {"FMoH"}, "kind": {"government"},
		"country": {"SDN"}, "parent": {""}, "url": {"https://fmoh.gov.sd"}}
	if resp, body := do(t, ed, "POST", s.URL+page, rename); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a rename: %d\n%s", resp.StatusCode, body)
	}
	if resp, body := do(t, ed, "POST", s.URL+page, rename); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "changed after you opened it") {
		t.Errorf("a stale rename: %d", resp.StatusCode)
	}
	rename.Set("version", "2")
	rename.Set("parent", strconv.FormatInt(fmoh.ID, 10))
	rename.Set("country", "Sudan")
	if resp, body := do(t, ed, "POST", s.URL+page, rename); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, `id="f-parent-error"`) || !strings.Contains(body, `id="f-country-error"`) {
		t.Errorf("itself as parent and a bad country: %d\n%s", resp.StatusCode, body)
	}
	got, _ := s.db.Organization(context.Background(), "sudan-federal-ministry-of-health")
	if got.Name != "Federal Ministry of Health" || got.URL != "https://fmoh.gov.sd" || !hasString(got.Aliases, "Sudan Federal Ministry of Health") {
		t.Errorf("after the rename: %+v", got)
	}

	// Aliases: added, removed; the name cannot be removed.
	if resp, _ := do(t, ed, "POST", s.URL+page+"/aliases", url.Values{"alias": {"FMOH Sudan"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("adding an alias: %d", resp.StatusCode)
	}
	if resp, body := do(t, ed, "POST", s.URL+page+"/aliases", url.Values{"alias": {"IOM"}}); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "already names International Organization for Migration") {
		t.Errorf("an alias of another organisation: %d", resp.StatusCode)
	}
	if resp, _ := do(t, ed, "POST", s.URL+page+"/aliases/remove", url.Values{"alias": {"Sudanese health ministry"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("removing an alias: %d", resp.StatusCode)
	}
	if resp, body := do(t, ed, "POST", s.URL+page+"/aliases/remove", url.Values{"alias": {"Federal Ministry of Health"}}); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "rename the organisation instead") {
		t.Errorf("removing the name: %d", resp.StatusCode)
	}
	got, _ = s.db.Organization(context.Background(), "sudan-federal-ministry-of-health")
	if !hasString(got.Aliases, "FMOH Sudan") || hasString(got.Aliases, "Sudanese health ministry") || got.Version != 4 {
		t.Errorf("after the alias changes: %+v", got)
	}
	_, body = do(t, ed, "GET", s.URL+page, nil)
	mustContain(t, "the history", body, "alias added: FMOH Sudan", "alias removed: Sudanese health ministry", `name &#34;Sudan Federal Ministry of Health&#34; → &#34;Federal Ministry of Health&#34;`)
}

func TestOrganisationMergeNeedsASecondReviewer(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ctx := context.Background()
	ed, rev, admin := s.signIn(t, domain.RoleEditor), s.signIn(t, domain.RoleReviewer), s.signIn(t, domain.RoleAdmin)
	iom := orgNamed(t, s.db, "International Organization for Migration")
	var dup domain.Organization
	err := s.db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
		var err error
		dup, err = tx.CreateOrganization(ctx, domain.Organization{Name: "UN migration agency", Kind: domain.OrgUNAgency})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	page := s.URL + "/staff/organisations/" + dup.Slug
	if resp, body := do(t, rev, "POST", page+"/merge", url.Values{"into": {""}, "reason": {"same"}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a merge into nothing: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := do(t, rev, "POST", page+"/merge", url.Values{"into": {strconv.FormatInt(iom.ID, 10)}, "reason": {""}}); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a merge without a reason: %d", resp.StatusCode)
	}
	resp, _ := do(t, rev, "POST", page+"/merge", url.Values{"into": {strconv.FormatInt(iom.ID, 10)}, "reason": {"The press calls IOM the UN migration agency."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposing a merge: %d", resp.StatusCode)
	}
	merges, err := s.db.OrganizationMerges(ctx, store.MergeProposed)
	if err != nil || len(merges) != 1 {
		t.Fatalf("pending merges: %+v %v", merges, err)
	}
	approve := s.URL + "/staff/organisations/merges/" + strconv.FormatInt(merges[0].ID, 10) + "/approve"

	// The proposer sees why there is no button, and is refused anyway.
	_, body := do(t, rev, "GET", s.URL+"/staff/organisations/merges", nil)
	mustContain(t, "the proposer's merges page", body, "The press calls IOM the UN migration agency.", "another reviewer must approve it",
		"figures 0 (0 published), documents 0, aliases 1, parts 0.")
	if strings.Contains(body, approve[len(s.URL):]) {
		t.Errorf("the proposer is offered the approve button")
	}
	_, body = do(t, ed, "GET", s.URL+"/staff/organisations/merges", nil)
	mustContain(t, "an editor's merges page", body, "A reviewer decides merges")
	_, body = do(t, admin, "GET", s.URL+"/staff/organisations/merges", nil)
	mustContain(t, "another reviewer's merges page", body, `action="`+approve[len(s.URL):]+`"`)
	for who, c := range map[string]*http.Client{"the proposer": rev, "an editor": ed} {
		if resp, _ := do(t, c, "POST", approve, url.Values{}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("approved by %s: %d, want 403", who, resp.StatusCode)
		}
	}
	if resp, _ := do(t, s.signIn(t, ""), "POST", approve, url.Values{}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("approved anonymously: %d, want 401", resp.StatusCode)
	}
	if got, _ := s.db.Organization(ctx, dup.Slug); got.MergedInto != 0 {
		t.Fatalf("a refused approval merged")
	}
	if resp, _ := do(t, admin, "POST", approve, url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approved by another reviewer: %d", resp.StatusCode)
	}
	if got, _ := s.db.Organization(ctx, dup.Slug); got.MergedInto != iom.ID {
		t.Errorf("after the approval: %+v", got)
	}
	_, body = do(t, ed, "GET", page, nil)
	mustContain(t, "the merged organisation's page", body, "Merged into", `href="/staff/organisations/`+iom.Slug+`"`)
	_, body = do(t, ed, "GET", s.URL+"/staff/organisations/"+iom.Slug, nil)
	mustContain(t, "the target's page", body, "UN migration agency merged into it")
}

// The organisation forms refuse text over its limit with a 422 naming the
// field and the limit, and take it at the limit.
func TestOrganisationFormsTextLimits(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	letters := []string{"ب", "ت", "ث", "ج", "ح"} // one per form: one form's text must not name the organisation another made
	iom := orgNamed(t, s.db, "International Organization for Migration")
	page := "/staff/organisations/" + iom.Slug
	forms := []struct {
		path  string
		form  url.Values
		field string
		limit int
	}{
		// First: the aliases added below change IOM's version.
		{page, url.Values{"version": {itoa(int64(iom.Version))}, "name": {iom.Name}, "acronym": {iom.Acronym}, "kind": {string(iom.Kind)},
			"country": {iom.Country}, "url": {iom.URL}}, "why", domain.MaxText},
		{"/staff/organisations", url.Values{"kind": {"other"}}, "name", domain.MaxLine},
		{"/staff/organisations", url.Values{"name": {"Long acronym"}, "kind": {"other"}}, "acronym", domain.MaxLine},
		{page + "/aliases", url.Values{}, "alias", domain.MaxLine},
		{page + "/merge", url.Values{"into": {strconv.FormatInt(orgNamed(t, s.db, "Dawn").ID, 10)}}, "reason", domain.MaxText},
	}
	for i, f := range forms {
		long := func(n int) string { return strings.Repeat(letters[i], n) }
		form := url.Values{}
		for k, v := range f.form {
			form[k] = v
		}
		form.Set(f.field, long(f.limit+1))
		resp, body := do(t, ed, "POST", s.URL+f.path, form)
		msg := "is " + itoa(int64(f.limit+1)) + " characters long; the limit is " + itoa(int64(f.limit))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, msg) {
			t.Errorf("%s with a %d-character %s: status %d, want 422 saying %q", f.path, f.limit+1, f.field, resp.StatusCode, msg)
		}
		form.Set(f.field, long(f.limit))
		if resp, body := do(t, ed, "POST", s.URL+f.path, form); resp.StatusCode >= 400 {
			t.Errorf("%s with a %d-character %s: status %d\n%.600s", f.path, f.limit, f.field, resp.StatusCode, body)
		}
	}
}

func TestOrganisationPagesNeedSignIn(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	anon := s.signIn(t, "")
	for _, path := range []string{"/staff/organisations", "/staff/organisations/new", "/staff/organisations/merges", "/staff/organisations/iom"} {
		if resp, _ := do(t, anon, "GET", s.URL+path, nil); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/staff/login") {
			t.Errorf("GET %s anonymously: %d to %q, want the login page", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if resp, _ := do(t, anon, "POST", s.URL+"/staff/organisations", url.Values{"name": {"X"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("POST anonymously: %d", resp.StatusCode)
	}
}

func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
