package web_test

import (
	"context"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

// TestBrowserOrganisationPages opens the organisation pages as an editor
// would, with aliases, a part and a merge waiting for review, checks them
// with axe-core, and keeps a screenshot of one organisation's page
// (staff-org.png in $TRACKER_SCREENSHOTS).
func TestBrowserOrganisationPages(t *testing.T) {
	ctx := newTab(t)
	s := newStaffSite(t, web.Config{})
	bg := context.Background()
	iom := orgNamed(t, s.db, "International Organization for Migration")
	// The demo's IOM has its name, acronym, kind and website already.
	err := s.db.InTx(bg, "editor@example.org", func(tx *store.Tx) error {
		for _, a := range []string{"UN Migration", "IOM Pakistan (statement)", "المنظمة الدولية للهجرة"} {
			if err := tx.AddAlias(bg, iom.ID, a); err != nil {
				return err
			}
		}
		if _, err := tx.CreateOrganization(bg, domain.Organization{Name: "IOM Sudan", Kind: domain.OrgUNAgency, Country: "SDN", ParentID: iom.ID}); err != nil {
			return err
		}
		dup, err := tx.CreateOrganization(bg, domain.Organization{Name: "UN migration agency", Kind: domain.OrgUNAgency})
		if err != nil {
			return err
		}
		_, err = tx.ProposeMerge(bg, dup.ID, iom.ID, "The press calls IOM the UN migration agency.")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, s.URL, "editor@example.org")
	visit(t, ctx, s.URL, "/staff/organisations/"+iom.Slug)
	screenshot(t, ctx, "staff-org")
	for _, p := range []string{"/staff/organisations/" + iom.Slug, "/staff/organisations", "/staff/organisations/new", "/staff/organisations/merges"} {
		visit(t, ctx, s.URL, p)
		axeCheck(t, ctx, p)
	}
	// A reviewer who did not propose the merge gets its buttons.
	signInBrowser(t, ctx, s.URL, "reviewer@example.org")
	visit(t, ctx, s.URL, "/staff/organisations/merges")
	if n := count(t, ctx, `form[action$="/approve"] button`); n != 1 {
		t.Errorf("the reviewer sees %d approve buttons, want 1", n)
	}
	axeCheck(t, ctx, "/staff/organisations/merges (reviewer)")
	screenshot(t, ctx, "staff-org-merges")
}
