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

// newOrg creates one organisation as actor "cli:test".
func newOrg(t *testing.T, db *store.DB, o domain.Organization) domain.Organization {
	t.Helper()
	if o.Kind == "" {
		o.Kind = domain.OrgOther
	}
	err := db.InTx(context.Background(), "cli:test", func(tx *store.Tx) error {
		var err error
		o, err = tx.CreateOrganization(context.Background(), o)
		return err
	})
	if err != nil {
		t.Fatalf("creating %s: %v", o.Name, err)
	}
	return o
}

// staffAccounts creates accounts (role@example.org, role2@example.org) so
// that the store can read their roles.
func staffAccounts(t *testing.T, db *store.DB, emails ...string) {
	t.Helper()
	for _, e := range emails {
		role := domain.Role(strings.TrimRight(strings.Split(e, "@")[0], "0123456789"))
		if _, err := db.CreateUser(context.Background(), "cli:test", domain.User{Email: e, Name: e, Role: role}, "x"); err != nil {
			t.Fatal(err)
		}
	}
}

func resolveWords(t *testing.T, db *store.DB, words string) domain.Resolution {
	t.Helper()
	var r domain.Resolution
	err := db.InTx(context.Background(), "cli:test", func(tx *store.Tx) error {
		var err error
		r, err = tx.ResolveAttribution(context.Background(), words)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func orgBySlug(t *testing.T, db *store.DB, slug string) domain.Organization {
	t.Helper()
	o, err := db.Organization(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// verifyClean fails the test when the live rows or the revision chain do
// not check out, as `tracker verify` checks them.
func verifyClean(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.VerifyLive(ctx, func(m store.Mismatch) { t.Errorf("verify: %s", m) }); err != nil {
		t.Fatal(err)
	}
	if _, err := db.VerifyChain(ctx, ""); err != nil {
		t.Errorf("verify chain: %v", err)
	}
}

func update(db *store.DB, actor string, o domain.Organization, version int) error {
	return db.InTx(context.Background(), actor, func(tx *store.Tx) error {
		_, err := tx.UpdateOrganization(context.Background(), o, version)
		return err
	})
}

func TestRenameKeepsTheOldNameAsAnAlias(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "The News")
		gov := newOrg(t, db, domain.Organization{Name: "Pakistani officials", Kind: domain.OrgGovernment})
		_, id := save(t, db, figure(857157, "Pakistani officials (border)"), domain.StatusPublished)

		renamed := gov
		renamed.Name, renamed.Acronym, renamed.Country = "Government of Pakistan", "GoP", "pak"
		if err := update(db, "ed@example.org", renamed, gov.Version); err != nil {
			t.Fatal(err)
		}
		got := orgBySlug(t, db, gov.Slug)
		if got.Name != "Government of Pakistan" || got.Country != "PAK" || got.Version != gov.Version+1 {
			t.Errorf("after the rename: %+v", got)
		}
		for _, words := range []string{"Pakistani officials", "Pakistani officials (Torkham)", "GoP", "government of pakistan"} {
			if r := resolveWords(t, db, words); r.Unresolved || !slices.Equal(r.IDs, []int64{gov.ID}) {
				t.Errorf("%q resolves to %+v, want organisation %d", words, r, gov.ID)
			}
		}
		f, _, err := db.Figure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if f.AttributedTo != "Pakistani officials (border)" || len(f.Orgs) != 1 || f.Orgs[0].Name != "Government of Pakistan" {
			t.Errorf("figure after the rename: words %q, orgs %+v", f.AttributedTo, f.Orgs)
		}

		// A stale version, a name another organisation has, and nonsense.
		if err := update(db, "ed@example.org", renamed, gov.Version); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a stale version: %v, want a conflict", err)
		}
		clash := got
		clash.Name = "the news"
		if err := update(db, "ed@example.org", clash, got.Version); domain.ErrorCode(err) != domain.ECONFLICT || !hasField(err, "name") {
			t.Errorf("a name of another organisation: %v, want a conflict on name", err)
		}
		bad := got
		bad.Name, bad.Country, bad.Kind = "", "XXX", "club"
		err = update(db, "ed@example.org", bad, got.Version)
		for _, field := range []string{"name", "country", "kind"} {
			if !hasField(err, field) {
				t.Errorf("bad fields: %v, want a problem on %s", err, field)
			}
		}

		// Renaming a publisher records a revision of its sources.
		news := orgBySlug(t, db, "the-news")
		news.Name = "The News International"
		if err := update(db, "ed@example.org", news, news.Version); err != nil {
			t.Fatal(err)
		}
		revs, err := db.Revisions(ctx, "organization", strconv.FormatInt(gov.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		if last := revs[len(revs)-1]; len(revs) != 2 || last.Actor != "ed@example.org" || !strings.Contains(last.Reason, `name "Pakistani officials" → "Government of Pakistan"`) {
			t.Errorf("revisions: %d, last %+v", len(revs), revs[len(revs)-1])
		}
		verifyClean(t, db)
	})
}

func TestParentCycleRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		gov := newOrg(t, db, domain.Organization{Name: "Government of Pakistan", Kind: domain.OrgGovernment})
		moi := newOrg(t, db, domain.Organization{Name: "Ministry of Interior", ParentID: gov.ID, Kind: domain.OrgGovernment})
		dept := newOrg(t, db, domain.Organization{Name: "Afghan refugee cell", ParentID: moi.ID, Kind: domain.OrgGovernment})
		g := gov
		g.ParentID = dept.ID
		if err := update(db, "ed@example.org", g, gov.Version); !hasField(err, "parent") {
			t.Errorf("a parent under the organisation: %v, want a problem on parent", err)
		}
		g.ParentID = gov.ID
		if err := update(db, "ed@example.org", g, gov.Version); !hasField(err, "parent") {
			t.Errorf("the organisation as its own parent: %v, want a problem on parent", err)
		}
		d := dept
		d.ParentID = gov.ID // moving a department up is fine
		if err := update(db, "ed@example.org", d, dept.Version); err != nil {
			t.Errorf("a parent higher up: %v", err)
		}
		verifyClean(t, db)
	})
}

func TestRemoveAlias(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		o := newOrg(t, db, domain.Organization{Name: "UN Refugee Agency", Acronym: "UNHCR", Aliases: []string{"UNHCR Geneva"}})
		remove := func(alias string) error {
			return db.InTx(ctx, "ed@example.org", func(tx *store.Tx) error { return tx.RemoveAlias(ctx, o.ID, alias) })
		}
		for _, a := range []string{"UN Refugee Agency", "UNHCR"} {
			if err := remove(a); !hasField(err, "alias") || domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("removing %q: %v, want a problem on alias", a, err)
			}
		}
		if err := remove("not an alias"); !hasField(err, "alias") {
			t.Errorf("removing what is no alias: %v", err)
		}
		if r := resolveWords(t, db, "UNHCR Geneva"); r.Unresolved {
			t.Fatalf("before: %+v", r)
		}
		if err := remove("UNHCR Geneva"); err != nil {
			t.Fatal(err)
		}
		if r := resolveWords(t, db, "UNHCR Geneva"); !r.Unresolved {
			t.Errorf("a removed alias still resolves: %+v", r)
		}
		if got := orgBySlug(t, db, o.Slug); slices.Contains(got.Aliases, "UNHCR Geneva") || got.Version != 2 {
			t.Errorf("after: %+v", got)
		}
		verifyClean(t, db)
	})
}

func TestMergeNeedsASecondReviewer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		staffAccounts(t, db, "editor@example.org", "reviewer@example.org", "reviewer2@example.org")
		into := newOrg(t, db, domain.Organization{Name: "UNHCR", Kind: domain.OrgUNAgency})
		from := newOrg(t, db, domain.Organization{Name: "UN Refugee Agency", Acronym: "UNRA", Aliases: []string{"the refugee agency"}})
		child := newOrg(t, db, domain.Organization{Name: "UN Refugee Agency Pakistan", ParentID: from.ID})
		storetest.Orgs(t, db, "The News")

		// Figures: one published naming from, one draft naming both, one
		// published with a pending edit naming from; a source from published.
		published := figure(100, "UN Refugee Agency (Geneva briefing)")
		published.Source = domain.Source{Title: "Briefing", Publisher: "the refugee agency", URL: "https://example.org/briefing"}
		_, pubID := save(t, db, published, domain.StatusPublished)
		joint := figure(200, "UN Refugee Agency and UNHCR")
		joint.Orgs = []domain.OrgRef{{ID: from.ID}, {ID: into.ID}}
		jointID := newDraft(t, db, "editor@example.org", joint)
		_, editedID := save(t, db, figure(300, "UNRA"), domain.StatusPublished)
		edited, s, err := db.Figure(ctx, editedID)
		if err != nil {
			t.Fatal(err)
		}
		edited.Notes = "A change in review."
		if err := db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
			return tx.EditFigure(ctx, editedID, edited.Version, s, edited)
		}); err != nil {
			t.Fatal(err)
		}
		before := map[string]domain.Figure{}
		for _, id := range []string{pubID, jointID, editedID} {
			before[id], _, _ = db.Figure(ctx, id)
		}

		propose := func(actor string, from, into int64) (int64, error) {
			var id int64
			err := db.InTx(ctx, actor, func(tx *store.Tx) error {
				var err error
				id, err = tx.ProposeMerge(ctx, from, into, "the same agency, spelled two ways")
				return err
			})
			return id, err
		}
		decide := func(actor string, id int64, approve bool, note string) error {
			return db.InTx(ctx, actor, func(tx *store.Tx) error { return tx.DecideMerge(ctx, id, approve, note) })
		}
		if _, err := propose("reviewer@example.org", from.ID, from.ID); !hasField(err, "into") {
			t.Errorf("merging into itself: %v", err)
		}
		if _, err := propose("reviewer@example.org", from.ID, child.ID); !hasField(err, "into") {
			t.Errorf("merging an organisation into its own child: %v", err)
		}
		if _, err := propose("nobody@example.org", from.ID, into.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("a proposal without an account: %v", err)
		}
		mergeID, err := propose("reviewer@example.org", from.ID, into.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := propose("editor@example.org", into.ID, from.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a second merge of the same organisation: %v", err)
		}
		if err := decide("reviewer@example.org", mergeID, true, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("approved by its proposer: %v, want forbidden", err)
		}
		if err := decide("editor@example.org", mergeID, true, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("approved by an editor: %v, want forbidden", err)
		}
		if got := orgBySlug(t, db, from.Slug); got.MergedInto != 0 {
			t.Fatalf("a refused approval merged: %+v", got)
		}
		if err := decide("reviewer2@example.org", mergeID, true, "checked"); err != nil {
			t.Fatal(err)
		}
		if err := decide("reviewer2@example.org", mergeID, true, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("approved twice: %v", err)
		}

		// Figures: words unchanged, the organisation moved, published stays
		// published, one revision each (two with a pending edit).
		for id, want := range map[string]int{pubID: 1, jointID: 1, editedID: 2} {
			f, _, err := db.Figure(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			b := before[id]
			if f.AttributedTo != b.AttributedTo || f.Status != b.Status || f.Version != b.Version+want {
				t.Errorf("figure %s: words %q status %s version %d; before %q %s %d", id, f.AttributedTo, f.Status, f.Version, b.AttributedTo, b.Status, b.Version)
			}
			if len(f.Orgs) != 1 || f.Orgs[0].ID != into.ID {
				t.Errorf("figure %s is attributed to %+v, want only %s", id, f.Orgs, into.Name)
			}
			revs, err := db.Revisions(ctx, "figure", id)
			if err != nil {
				t.Fatal(err)
			}
			last := revs[len(revs)-1]
			if !strings.HasPrefix(last.Reason, "organisation UN Refugee Agency merged into UNHCR") || last.Actor != "reviewer2@example.org" {
				t.Errorf("figure %s: last revision %+v", id, last)
			}
			snap, err := store.DecodeFigureSnapshot(last)
			if err != nil || !slices.Equal(snap.OrgIDs, []int64{into.ID}) {
				t.Errorf("figure %s: snapshot organisations %v (%v)", id, snap.OrgIDs, err)
			}
		}
		edit, _, found, err := db.PendingEdit(ctx, editedID)
		if err != nil || !found || len(edit.Orgs) != 1 || edit.Orgs[0].ID != into.ID || edit.Notes != "A change in review." {
			t.Errorf("the pending edit: %+v found %v err %v", edit.Orgs, found, err)
		}
		pub, _, _ := db.Figure(ctx, pubID)
		if pub.Source.PublisherOrg.ID != into.ID || pub.Source.Publisher != "the refugee agency" { // its words stay
			t.Errorf("the source's publisher: %+v", pub.Source.PublisherOrg)
		}
		// The merged organisation's slug, in addresses given out before the
		// merge, filters by the organisation it was merged into.
		var viaOld []string
		if err := db.PublicFigurePage(ctx, store.PublicFigurePageFilter{AttributedTo: from.Slug, Limit: 100}, func(_ domain.Series, f domain.Figure) error {
			viaOld = append(viaOld, f.ID)
			return nil
		}); err != nil || !slices.Contains(viaOld, pubID) {
			t.Errorf("attributed_to=%s after the merge: %v (%v), want the moved figure %s", from.Slug, viaOld, err, pubID)
		}
		// The published figure's public history tells of the merge.
		hist, err := db.PublicHistory(ctx, pubID)
		if err != nil || len(hist) == 0 || !strings.HasPrefix(hist[len(hist)-1].Reason, "organisation UN Refugee Agency merged into UNHCR") {
			t.Errorf("public history of the published figure after the merge: %+v (%v)", hist, err)
		}
		// Aliases, children and the organisations themselves.
		got := orgBySlug(t, db, into.Slug)
		for _, a := range []string{"UN Refugee Agency", "UNRA", "the refugee agency"} {
			if !slices.Contains(got.Aliases, a) {
				t.Errorf("%s lacks the alias %q: %v", got.Name, a, got.Aliases)
			}
		}
		if got.Version != into.Version+1 {
			t.Errorf("%s version %d", got.Name, got.Version)
		}
		if old := orgBySlug(t, db, from.Slug); old.MergedInto != into.ID || len(old.Aliases) != 0 {
			t.Errorf("the merged organisation: %+v", old)
		}
		if c := orgBySlug(t, db, child.Slug); c.ParentID != into.ID {
			t.Errorf("the child's parent: %d", c.ParentID)
		}
		for _, words := range []string{"UN Refugee Agency", "UNRA (statement)", "The Refugee Agency"} {
			if r := resolveWords(t, db, words); r.Unresolved || !slices.Equal(r.IDs, []int64{into.ID}) {
				t.Errorf("after the merge %q resolves to %+v", words, r)
			}
		}
		applied, err := db.OrganizationMerges(ctx, store.MergeApplied)
		if err != nil || len(applied) != 1 || applied[0].DecidedBy != "reviewer2@example.org" || applied[0].DecidedAt.IsZero() ||
			applied[0].From.Name != "UN Refugee Agency" || applied[0].Into.Name != "UNHCR" {
			t.Errorf("applied merges: %+v %v", applied, err)
		}
		if pending, _ := db.OrganizationMerges(ctx, store.MergeProposed); len(pending) != 0 {
			t.Errorf("still pending: %+v", pending)
		}
		// The merged organisation takes no new merge nor change.
		if _, err := propose("reviewer@example.org", from.ID, child.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("merging a merged organisation: %v", err)
		}
		verifyClean(t, db)
	})
}

func TestMergeRejectedWithANote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		staffAccounts(t, db, "editor@example.org", "reviewer@example.org")
		a := newOrg(t, db, domain.Organization{Name: "IOM"})
		b := newOrg(t, db, domain.Organization{Name: "IOM Pakistan"})
		var id int64
		if err := db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
			var err error
			id, err = tx.ProposeMerge(ctx, b.ID, a.ID, "same")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		reject := func(note string) error {
			return db.InTx(ctx, "reviewer@example.org", func(tx *store.Tx) error { return tx.DecideMerge(ctx, id, false, note) })
		}
		if err := reject(""); !hasField(err, "note") {
			t.Errorf("a rejection without a note: %v", err)
		}
		if err := reject("A country office; set its parent instead."); err != nil {
			t.Fatal(err)
		}
		ms, err := db.OrganizationMerges(ctx, "")
		if err != nil || len(ms) != 1 || ms[0].Status != store.MergeRejected || ms[0].DecisionNote != "A country office; set its parent instead." {
			t.Errorf("merges: %+v %v", ms, err)
		}
		if got := orgBySlug(t, db, b.Slug); got.MergedInto != 0 || got.Version != 1 {
			t.Errorf("a rejected merge changed %+v", got)
		}
	})
}

func TestOrganizationSummaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "The News", "Pakistani officials")
		save(t, db, figure(1, "Pakistani officials"), domain.StatusPublished)
		newDraft(t, db, "ed@example.org", figure(2, "Pakistani officials (border)"))
		sums, err := db.OrganizationSummaries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]store.OrgSummary{}
		for _, s := range sums {
			got[s.Name] = s
		}
		if p := got["Pakistani officials"]; p.Figures != 2 || p.PublishedFigures != 1 || p.Sources != 0 || p.AliasCount != 1 || len(p.Aliases) != 1 {
			t.Errorf("Pakistani officials: %+v", p)
		}
		if n := got["The News"]; n.Sources != 1 || n.Figures != 0 {
			t.Errorf("The News: %+v", n)
		}
	})
}

func hasField(err error, field string) bool {
	for _, p := range domain.FieldProblems(err) {
		if p.Field == field {
			return true
		}
	}
	return false
}
