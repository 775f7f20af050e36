package store_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func proposeUpdate(db *store.DB, actor string, o domain.Organization, version int, reason string) (bool, int64, error) {
	var applied bool
	var id int64
	err := db.InTx(context.Background(), actor, func(tx *store.Tx) error {
		var err error
		applied, id, err = tx.ProposeOrgUpdate(context.Background(), o, version, reason)
		return err
	})
	return applied, id, err
}

func decideChange(db *store.DB, actor string, id int64, approve bool, note string) error {
	return db.InTx(context.Background(), actor, func(tx *store.Tx) error {
		return tx.DecideOrgChange(context.Background(), id, approve, note)
	})
}

// A draft-only organisation is edited at once by an editor; one that a
// published figure names waits for a second reviewer.
func TestOrgChangeNeedsASecondPersonOnlyWhenPublic(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		staffAccounts(t, db, "editor@example.org", "reviewer@example.org", "reviewer2@example.org")
		storetest.Orgs(t, db, "The News")
		draftOnly := newOrg(t, db, domain.Organization{Name: "Draft Agency"})
		iom := newOrg(t, db, domain.Organization{Name: "International Organization for Migration", Acronym: "IOM", Kind: domain.OrgUNAgency})
		save(t, db, figure(100, "IOM"), domain.StatusPublished)

		// Not public: applied directly, with a revision.
		next := draftOnly
		next.Name = "Draft Agency Renamed"
		applied, id, err := proposeUpdate(db, "editor@example.org", next, draftOnly.Version, "")
		if err != nil || !applied || id != 0 {
			t.Fatalf("editing a draft-only organisation: applied %v id %d err %v", applied, id, err)
		}
		if got := orgBySlug(t, db, draftOnly.Slug); got.Name != "Draft Agency Renamed" || got.Version != draftOnly.Version+1 {
			t.Errorf("draft-only organisation after the edit: %+v", got)
		}

		// Public: a proposal; a bad one is refused at once.
		bad := iom
		bad.Name = "Draft Agency Renamed"
		if _, _, err := proposeUpdate(db, "editor@example.org", bad, iom.Version, ""); !hasField(err, "name") {
			t.Errorf("proposing a name another organisation has: %v", err)
		}
		next = iom
		next.Name = "UN Migration"
		applied, id, err = proposeUpdate(db, "editor@example.org", next, iom.Version, "its new name")
		if err != nil || applied || id == 0 {
			t.Fatalf("proposing a rename of a public organisation: applied %v id %d err %v", applied, id, err)
		}
		if got := orgBySlug(t, db, iom.Slug); got.Name != iom.Name || got.Version != iom.Version {
			t.Errorf("a proposal changed the organisation: %+v", got)
		}
		pending, err := db.OrganizationChanges(ctx, store.MergeProposed)
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 1 || pending[0].ID != id || pending[0].Proposed.Name != "UN Migration" ||
			pending[0].ProposedBy != "editor@example.org" || !strings.Contains(pending[0].Summary, `"UN Migration"`) {
			t.Fatalf("pending changes: %+v", pending)
		}
		// One pending change per organisation.
		other := iom
		other.URL = "https://iom.int"
		if _, _, err := proposeUpdate(db, "reviewer@example.org", other, iom.Version, ""); domain.ErrorCode(err) != domain.ECONFLICT ||
			!strings.Contains(err.Error(), strconv.FormatInt(id, 10)) {
			t.Errorf("a second pending change: %v", err)
		}
		// Only a reviewer decides, with a note to reject.
		if err := decideChange(db, "editor@example.org", id, true, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("approved by an editor: %v", err)
		}
		if err := decideChange(db, "reviewer@example.org", id, false, ""); !hasField(err, "note") {
			t.Errorf("rejected without a note: %v", err)
		}
		if err := decideChange(db, "reviewer@example.org", id, true, ""); err != nil {
			t.Fatal(err)
		}
		got := orgBySlug(t, db, iom.Slug)
		if got.Name != "UN Migration" || got.Version != iom.Version+1 || !slices.Contains(got.Aliases, iom.Name) {
			t.Errorf("after approval: %+v", got)
		}
		revs, err := db.Revisions(ctx, "organization", strconv.FormatInt(iom.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		last := revs[len(revs)-1]
		if !strings.Contains(last.Reason, "approved by reviewer@example.org") || !strings.Contains(last.Reason, "its new name") {
			t.Errorf("the revision of the approval: %q", last.Reason)
		}
		if err := decideChange(db, "reviewer2@example.org", id, true, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("approved twice: %v", err)
		}
		verifyClean(t, db)
	})
}

func TestOrgChangeProposerCannotApproveAndRejectKeepsIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		staffAccounts(t, db, "reviewer@example.org", "reviewer2@example.org")
		storetest.Orgs(t, db, "The News")
		iom := newOrg(t, db, domain.Organization{Name: "IOM", Aliases: []string{"the migration agency"}})
		save(t, db, figure(100, "IOM"), domain.StatusPublished)

		var id int64
		err := db.InTx(ctx, "reviewer@example.org", func(tx *store.Tx) error {
			applied, cid, err := tx.ProposeAliasRemoval(ctx, iom.ID, "the migration agency", "not its name")
			if applied {
				t.Error("an alias of a public organisation was removed at once")
			}
			id = cid
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := decideChange(db, "reviewer@example.org", id, true, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("approved by its proposer: %v", err)
		}
		if err := decideChange(db, "reviewer2@example.org", id, false, "it is what the press calls it"); err != nil {
			t.Fatal(err)
		}
		if got := orgBySlug(t, db, iom.Slug); !slices.Contains(got.Aliases, "the migration agency") || got.Version != iom.Version {
			t.Errorf("a rejected removal changed the organisation: %+v", got)
		}
		all, err := db.OrganizationChanges(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 1 || all[0].Status != store.MergeRejected || all[0].DecisionNote != "it is what the press calls it" || all[0].DecidedBy != "reviewer2@example.org" {
			t.Errorf("changes: %+v", all)
		}
	})
}

// An approval after the organisation changed is refused; the proposal stays
// pending until someone rejects it.
func TestOrgChangeStaleApprovalRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		staffAccounts(t, db, "editor@example.org", "reviewer@example.org")
		storetest.Orgs(t, db, "The News")
		iom := newOrg(t, db, domain.Organization{Name: "IOM"})
		save(t, db, figure(100, "IOM"), domain.StatusPublished)
		next := iom
		next.Name = "UN Migration"
		_, id, err := proposeUpdate(db, "editor@example.org", next, iom.Version, "")
		if err != nil {
			t.Fatal(err)
		}
		// Meanwhile an alias is added: a new version.
		if err := db.InTx(ctx, "cli:test", func(tx *store.Tx) error { return tx.AddAlias(ctx, iom.ID, "Migration agency") }); err != nil {
			t.Fatal(err)
		}
		if err := decideChange(db, "reviewer@example.org", id, true, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a stale approval: %v, want a conflict", err)
		}
		if got := orgBySlug(t, db, iom.Slug); got.Name != "IOM" {
			t.Errorf("a stale approval renamed: %+v", got)
		}
		pending, err := db.OrganizationChanges(ctx, store.MergeProposed)
		if err != nil || len(pending) != 1 {
			t.Errorf("the stale change no longer pending: %+v %v", pending, err)
		}
	})
}

// Public is what public pages show: the publisher of a document a
// published figure cites, and the organisation above a public one, wait
// for a second person too; an organisation with only draft figures does
// not.
func TestOrgChangePublicRule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		staffAccounts(t, db, "editor@example.org")
		storetest.Orgs(t, db, "The News")
		parent := newOrg(t, db, domain.Organization{Name: "United Nations"})
		iom := newOrg(t, db, domain.Organization{Name: "IOM", ParentID: parent.ID})
		drafty := newOrg(t, db, domain.Organization{Name: "Drafty"})
		save(t, db, figure(100, "IOM"), domain.StatusPublished)
		newDraft(t, db, "editor@example.org", figure(200, "Drafty"))
		for _, c := range []struct {
			slug   string
			public bool
		}{{"the-news", true}, {parent.Slug, true}, {iom.Slug, true}, {drafty.Slug, false}} {
			o := orgBySlug(t, db, c.slug)
			next := o
			next.URL = "https://example.org/" + c.slug
			applied, id, err := proposeUpdate(db, "editor@example.org", next, o.Version, "")
			if err != nil || applied == c.public || (id != 0) != c.public {
				t.Errorf("%s (public %v): applied %v, change %d, %v", c.slug, c.public, applied, id, err)
			}
		}
	})
}
