package store_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// knownOrgs creates the organisations the resolution tests name, as staff
// would: IOM first, so that its id is lower than UNHCR's and an order by
// id is not the order of the words.
func knownOrgs(t *testing.T, db *store.DB) map[string]domain.Organization {
	t.Helper()
	ctx := context.Background()
	err := db.InTx(ctx, "admin@example.org", func(tx *store.Tx) error {
		for _, o := range []domain.Organization{
			{Name: "International Organization for Migration", Acronym: "IOM", Kind: domain.OrgUNAgency},
			{Name: "UN High Commissioner for Refugees", Acronym: "UNHCR", Kind: domain.OrgUNAgency, Aliases: []string{"the UN refugee agency"}},
			{Name: "Pakistani officials", Kind: domain.OrgGovernment},
			{Name: "Reuters", Kind: domain.OrgMedia},
			{Name: "The News", Kind: domain.OrgMedia},
		} {
			if _, err := tx.CreateOrganization(ctx, o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := db.Organizations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byLabel := map[string]domain.Organization{}
	for _, o := range orgs {
		byLabel[o.Ref().Label()] = o
	}
	return byLabel
}

// saveWith stores f as save does, or returns the error.
func saveWith(db *store.DB, f domain.Figure) (string, error) {
	ctx := context.Background()
	var id string
	err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true)
		if err != nil {
			return err
		}
		_, id, err = tx.ImportFigure(ctx, s, f, domain.StatusPublished)
		return err
	})
	return id, err
}

func orgIDs(refs []domain.OrgRef) []int64 {
	var ids []int64
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	return ids
}

// Words that name no organisation are refused with the field named and the
// closest organisations proposed, and nothing of the row is written.
func TestUnresolvedWordsAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		knownOrgs(t, db)
		revs, _ := db.CountRevisions(ctx)
		orgs, _ := db.Organizations(ctx)
		for _, tc := range []struct {
			name, field, want string
			f                 domain.Figure
		}{
			{"attribution", "attributed_to", "Pakistani officials", figure(1, "Pakistani border officials")},
			{"publisher", "source_publisher", "The News", func() domain.Figure {
				f := figure(1, "IOM")
				f.Source.Publisher = "The News International"
				return f
			}()},
			{"organizations column", "organizations", "UN High Commissioner for Refugees", func() domain.Figure {
				f := figure(1, "UNHCR")
				f.Orgs = []domain.OrgRef{{Name: "UNHCRR"}}
				return f
			}()},
		} {
			_, err := saveWith(db, tc.f)
			p := domain.FieldProblems(err)
			if domain.ErrorCode(err) != domain.EINVALID || len(p) != 1 || p[0].Field != tc.field ||
				!strings.Contains(err.Error(), "closest: ") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s: %v (problems %+v); want one problem on %s proposing %q", tc.name, err, p, tc.field, tc.want)
			}
		}
		if n, _ := db.CountRevisions(ctx); n != revs {
			t.Errorf("refused rows wrote %d revisions", n-revs)
		}
		if after, _ := db.Organizations(ctx); len(after) != len(orgs) {
			t.Errorf("refused rows left %d organisations, want the %d there were", len(after), len(orgs))
		}
		if list, _ := db.PublicSeries(ctx); len(list) != 0 {
			t.Errorf("refused rows left series %+v", list)
		}
	})
}

// Words resolve by name, acronym or alias, a trailing remark aside; a joint
// attribution to each organisation in the order of the words; "(not
// stated)" to none; the publisher to one. Reads give back the words and
// the organisations.
func TestWordsResolveToOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgs := knownOrgs(t, db)
		iom, unhcr := orgs["IOM"].ID, orgs["UNHCR"].ID
		for _, tc := range []struct {
			words string
			want  []int64
		}{
			{"UNHCR", []int64{unhcr}},
			{"unhcr (Geneva press briefing, A. Jamal)", []int64{unhcr}},
			{"The UN Refugee Agency", []int64{unhcr}},
			{"International Organization for Migration (IOM)", []int64{iom}},
			{"UNHCR and IOM", []int64{unhcr, iom}},
			{"IOM and UNHCR", []int64{iom, unhcr}},
			{"(not stated)", nil},
		} {
			f := figure(1, tc.words)
			f.Excerpt = "About " + tc.words + "."
			f.Source.Publisher = "Reuters (DT Next)"
			id, err := saveWith(db, f)
			if err != nil {
				t.Errorf("%q: %v", tc.words, err)
				continue
			}
			got, _, err := db.PublicFigure(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got.AttributedTo != tc.words || !slices.Equal(orgIDs(got.Orgs), tc.want) {
				t.Errorf("%q reads back as %q, organisations %v; want the words and %v", tc.words, got.AttributedTo, orgIDs(got.Orgs), tc.want)
			}
			for _, o := range got.Orgs {
				if o.Slug == "" || o.Name == "" {
					t.Errorf("%q: organisation %+v read without its slug or name", tc.words, o)
				}
			}
			// The words stay the publisher as the public reads it; the
			// organisation is named by its own name.
			if p := got.Source.PublisherOrg; p.ID != orgs["Reuters"].ID || p.Slug != "reuters" || p.Name != "Reuters" || got.Source.Publisher != "Reuters (DT Next)" {
				t.Errorf("publisher %q reads as %q, organisation %+v; want the words and Reuters", "Reuters (DT Next)", got.Source.Publisher, p)
			}
			src, err := db.Source(ctx, got.Source.ID)
			if err != nil || src.Publisher != "Reuters (DT Next)" || src.PublisherOrg.Name != "Reuters" || src.PublisherOrg.ID != orgs["Reuters"].ID {
				t.Errorf("the source read alone: %q, organisation %+v, %v", src.Publisher, src.PublisherOrg, err)
			}
		}
		// The CSV's organizations column names them by name, acronym or
		// alias; the words stay as given.
		f := figure(2, "Pakistan's interior ministry told AFP")
		f.Orgs = []domain.OrgRef{{Name: "the UN refugee agency"}, {Name: "IOM"}, {Name: "pakistani OFFICIALS"}}
		id, err := saveWith(db, f)
		if err != nil {
			t.Fatal(err)
		}
		got, _, _ := db.PublicFigure(ctx, id)
		if want := []int64{unhcr, iom, orgs["Pakistani officials"].ID}; got.AttributedTo != f.AttributedTo || !slices.Equal(orgIDs(got.Orgs), want) {
			t.Errorf("organizations column: %q %v, want %v", got.AttributedTo, orgIDs(got.Orgs), want)
		}
	})
}

// A transaction that creates missing organisations makes one for each
// name the words give (a remark aside), keeps the words as its alias, and
// reuses it for other words that name it.
func TestCreateMissingOrganizations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		words := []string{"Sudan Doctors Network (statement on X)", "sudan doctors network", "Sudan Doctors Network (statement on X)", "Emergency Lawyers"}
		err := db.InTx(ctx, "cli:ops", func(tx *store.Tx) error {
			tx.CreateMissingOrganizations()
			s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true)
			if err != nil {
				return err
			}
			for i, w := range words {
				f := figure(float64(i), w)
				f.Source.Publisher = "Radio Dabanga"
				if _, _, err := tx.ImportFigure(ctx, s, f, domain.StatusPublished); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		orgs, err := db.Organizations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, o := range orgs {
			got[o.Name] = o.Aliases
		}
		want := map[string][]string{
			"Sudan Doctors Network": {"Sudan Doctors Network", "Sudan Doctors Network (statement on X)"},
			"Emergency Lawyers":     {"Emergency Lawyers"},
			"Radio Dabanga":         {"Radio Dabanga"},
		}
		if len(got) != len(want) {
			t.Errorf("organisations %v, want %v", got, want)
		}
		for name, aliases := range want {
			if !slices.Equal(got[name], aliases) {
				t.Errorf("%s: aliases %q, want %q", name, got[name], aliases)
			}
		}
	})
}

// A pending edit of a published figure keeps its own organisations; the
// public keeps the published ones until the edit is approved, and then has
// the edit's only.
func TestPendingEditKeepsItsOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgs := knownOrgs(t, db)
		iom, unhcr := orgs["IOM"].ID, orgs["UNHCR"].ID
		id := newDraft(t, db, "ed@example.org", figure(857157, "IOM"))
		if err := act(db, "ed@example.org", id, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		err := as(t, db, "ed2@example.org", func(tx *store.Tx) error {
			s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, false)
			if err != nil {
				return err
			}
			if err := tx.EditFigure(ctx, id, 0, s, figure(857200, "UNHCR and IOM (joint statement)")); err != nil {
				return err
			}
			return tx.Act(ctx, id, 0, domain.ActionSubmit, "")
		})
		if err != nil {
			t.Fatal(err)
		}
		pub, _, _ := db.PublicFigure(ctx, id)
		edit, _, found, err := db.PendingEdit(ctx, id)
		if err != nil || !found {
			t.Fatalf("pending edit: %v %v", found, err)
		}
		if !slices.Equal(orgIDs(pub.Orgs), []int64{iom}) || pub.AttributedTo != "IOM" {
			t.Errorf("public while the edit waits: %q %v, want IOM's", pub.AttributedTo, orgIDs(pub.Orgs))
		}
		if !slices.Equal(orgIDs(edit.Orgs), []int64{unhcr, iom}) || edit.AttributedTo != "UNHCR and IOM (joint statement)" {
			t.Errorf("the edit: %q %v, want UNHCR then IOM", edit.AttributedTo, orgIDs(edit.Orgs))
		}
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		pub, _, _ = db.PublicFigure(ctx, id)
		if !slices.Equal(orgIDs(pub.Orgs), []int64{unhcr, iom}) || pub.AttributedTo != "UNHCR and IOM (joint statement)" || pub.Value != 857200 {
			t.Errorf("after approval: %q %v %v, want the edit's words and organisations", pub.AttributedTo, orgIDs(pub.Orgs), pub.Value)
		}
		// What the public reads by organisation follows.
		var seen []string
		err = db.PublicFigurePage(ctx, store.PublicFigurePageFilter{AttributedTo: "the UN refugee agency", Limit: 10}, func(_ domain.Series, f domain.Figure) error {
			seen = append(seen, f.ID)
			return nil
		})
		if err != nil || !slices.Equal(seen, []string{id}) {
			t.Errorf("figures attributed to UNHCR: %v, %v; want %s", seen, err, id)
		}
		var mismatches []string
		if _, err := db.VerifyLive(ctx, func(m store.Mismatch) { mismatches = append(mismatches, m.String()) }); err != nil || len(mismatches) > 0 {
			t.Errorf("VerifyLive: %v %s", err, strings.Join(mismatches, "\n"))
		}
	})
}

// A file imported twice is unchanged the second time, whatever its words:
// remarks, joint attributions, "(not stated)", a publisher's remark.
func TestReimportOfResolvedWordsIsUnchanged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		knownOrgs(t, db)
		file := "series,series_title,population_group,measure,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
			"r,Returns,returnees,stock,persons,2025-01-01,10,UNHCR (Geneva press briefing),Reuters (DT Next),A,https://example.org/a,Ten.\n" +
			"r,Returns,returnees,stock,persons,2025-02-01,20,IOM and UNHCR,The News,B,https://example.org/b,Twenty.\n" +
			"r,Returns,returnees,stock,persons,2025-03-01,30,(not stated),The News,B,https://example.org/b,Thirty.\n" +
			"r,Returns,returnees,stock,persons,2025-04-01,40,Newcomer Agency,The News,B,https://example.org/b,Forty.\n"
		run := func() exchange.Report {
			t.Helper()
			rep, err := importer.Run(ctx, db, "cli:ops", importer.Input{Figures: strings.NewReader(file), CreateOrganizations: true}, exchange.Options{})
			if err != nil {
				t.Fatalf("%v %v", err, rep.Problems)
			}
			return rep
		}
		if rep := run(); rep.Figures.Created != 4 {
			t.Fatalf("first import: %+v", rep.Figures)
		}
		revs, _ := db.CountRevisions(ctx)
		orgs, _ := db.Organizations(ctx)
		version, _ := db.DatasetVersion(ctx)
		if rep := run(); rep.Figures.Unchanged != 4 || rep.Figures.Created+rep.Figures.Updated != 0 {
			t.Errorf("second import: %+v, want 4 unchanged", rep.Figures)
		}
		n, _ := db.CountRevisions(ctx)
		after, _ := db.Organizations(ctx)
		v, _ := db.DatasetVersion(ctx)
		if n != revs || len(after) != len(orgs) || v != version {
			t.Errorf("second import: revisions %d → %d, organisations %d → %d, version %d → %d", revs, n, len(orgs), len(after), version, v)
		}
		// Without leave to create them, words that name nothing are a
		// question with their line and column, and nothing is written.
		rep, err := importer.Run(ctx, db, "cli:ops", importer.Input{Figures: strings.NewReader(strings.Replace(file, "Newcomer Agency", "Another Newcomer", 1))}, exchange.Options{})
		if u := rep.Unresolved; !errors.Is(err, exchange.ErrRejected) || len(rep.Problems) != 0 || len(u) != 1 ||
			u[0].Words != "Another Newcomer" || u[0].Column != "attributed_to" || !slices.Equal(u[0].Lines, []int{5}) {
			t.Errorf("unknown words without --create-organizations: %v, problems %v, unresolved %+v", err, rep.Problems, rep.Unresolved)
		}
		if n2, _ := db.CountRevisions(ctx); n2 != revs {
			t.Errorf("the refused import wrote %d revisions", n2-revs)
		}
	})
}

// An edit that keeps the words keeps the organisations chosen for the
// figure (here both of a joint report, as a CSV's organizations column
// gives them), on a draft and on a published figure's pending edit; new
// words are resolved again.
func TestEditKeepsChosenOrganisations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgs := knownOrgs(t, db)
		iom, unhcr := orgs["IOM"].ID, orgs["UNHCR"].ID
		f := figure(857157, "UNHCR (joint DTM report)")
		f.Orgs = []domain.OrgRef{{ID: iom}, {ID: unhcr}}
		id := newDraft(t, db, "ed@example.org", f)
		edit := func(words, notes string) {
			t.Helper()
			e := figure(857157, words)
			e.Notes = notes
			if err := as(t, db, "ed@example.org", func(tx *store.Tx) error {
				s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, false)
				if err != nil {
					return err
				}
				return tx.EditFigure(ctx, id, 0, s, e)
			}); err != nil {
				t.Fatal(err)
			}
		}
		edit("UNHCR (joint DTM report)", "typo fixed")
		got, _, err := db.Figure(ctx, id)
		if err != nil || !slices.Equal(orgIDs(got.Orgs), []int64{iom, unhcr}) {
			t.Fatalf("a draft after an edit of its notes: organisations %v (%v), want IOM and UNHCR", orgIDs(got.Orgs), err)
		}
		// Published, then edited: the pending edit keeps them too.
		for _, a := range []struct {
			who    string
			action domain.Action
		}{{"ed@example.org", domain.ActionSubmit}, {"rev@example.org", domain.ActionApprove}} {
			if err := act(db, a.who, id, a.action, ""); err != nil {
				t.Fatal(err)
			}
		}
		edit("UNHCR (joint DTM report)", "another note")
		pending, _, found, err := db.PendingEdit(ctx, id)
		if err != nil || !found || !slices.Equal(orgIDs(pending.Orgs), []int64{iom, unhcr}) {
			t.Fatalf("the pending edit: organisations %v found %v (%v), want IOM and UNHCR", orgIDs(pending.Orgs), found, err)
		}
		edit("the UN refugee agency", "new words")
		pending, _, _, err = db.PendingEdit(ctx, id)
		if err != nil || !slices.Equal(orgIDs(pending.Orgs), []int64{unhcr}) {
			t.Errorf("after new words: organisations %v (%v), want UNHCR alone", orgIDs(pending.Orgs), err)
		}
	})
}

// A panic inside a transaction rolls it back: on SQLite the next write
// would otherwise wait for the one writer forever.
func TestPanicInTxReleasesTheWriter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		func() {
			defer func() { _ = recover() }()
			_ = db.InTx(context.Background(), "tester", func(tx *store.Tx) error {
				if _, err := tx.CreateOrganization(context.Background(), domain.Organization{Name: "Half Written"}); err != nil {
					return err
				}
				panic("a bug")
			})
		}()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
			_, err := tx.CreateOrganization(ctx, domain.Organization{Name: "Half Written"})
			return err // the panicked one is not there: this one can be made
		}); err != nil {
			t.Fatalf("the write after a panic: %v", err)
		}
	})
}

// A merge gives a revision to the sources that move to the organisation
// merged into, not to those it already published: they did not change.
func TestMergeRevisesOnlyTheSourcesThatMove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		staffAccounts(t, db, "editor@example.org", "reviewer@example.org")
		storetest.Orgs(t, db, "Alpha News", "Beta News", "UNHCR")
		f1 := figure(1, "UNHCR")
		f1.Source.Publisher, f1.Source.URL = "Alpha News", "https://example.org/alpha"
		f2 := figure(2, "UNHCR")
		f2.Source.Publisher, f2.Source.URL = "Beta News", "https://example.org/beta"
		save(t, db, f1, domain.StatusPublished)
		save(t, db, f2, domain.StatusPublished)
		srcs, err := db.PublicSourcePage(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		var alphaSrc, alphaOrg, betaOrg int64
		for _, s := range srcs {
			if s.URL == "https://example.org/alpha" {
				alphaSrc, alphaOrg = s.ID, s.PublisherOrg.ID
			} else {
				betaOrg = s.PublisherOrg.ID
			}
		}
		before, _ := db.Revisions(ctx, "source", strconv.FormatInt(alphaSrc, 10))
		var mid int64
		if err := db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
			mid, err = tx.ProposeMerge(ctx, betaOrg, alphaOrg, "same outlet")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, "reviewer@example.org", func(tx *store.Tx) error { return tx.DecideMerge(ctx, mid, true, "") }); err != nil {
			t.Fatal(err)
		}
		after, _ := db.Revisions(ctx, "source", strconv.FormatInt(alphaSrc, 10))
		if len(after) != len(before) {
			t.Errorf("the merge gave the unmoved source of Alpha News %d new revision(s): %q", len(after)-len(before), after[len(after)-1].Reason)
		}
	})
}

// A publisher whose words are only a bracketed remark ("(not stated)"),
// imported with leave to create organisations: the first source creates
// one, and the second finds it.
func TestRemarkOnlyPublisherIsFoundAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR")
		err := db.InTx(ctx, "cli:ops", func(tx *store.Tx) error {
			tx.CreateMissingOrganizations()
			s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true)
			if err != nil {
				return err
			}
			for i, url := range []string{"https://example.org/a", "https://example.org/b"} {
				f := figure(float64(i), "UNHCR")
				f.Source.Publisher, f.Source.URL = "(not stated)", url
				if _, _, err := tx.ImportFigure(ctx, s, f, domain.StatusPublished); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("two sources whose publisher is \"(not stated)\": %v", err)
		}
	})
}

// A name with ";" (migration 0008 makes one of an old attribution string
// such as "IOM; UNHCR") goes into the organizations column with "," and
// reads back as the one organisation, not two.
func TestSemicolonNameRoundTrips(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "IOM; UNHCR", "The News")
		col := exchange.OrgNames([]domain.OrgRef{{Name: "IOM; UNHCR"}})
		if col != "IOM, UNHCR" {
			t.Fatalf("written as %q", col)
		}
		f := figure(5, "IOM and UNHCR (joint statement)")
		f.Orgs = []domain.OrgRef{{Name: col}}
		id, err := saveWith(db, f)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := db.Figure(context.Background(), id)
		if err != nil || len(got.Orgs) != 1 || got.Orgs[0].Name != "IOM; UNHCR" {
			t.Errorf("read back as %+v (%v), want the one organisation IOM; UNHCR", got.Orgs, err)
		}
	})
}

// On PostgreSQL two transactions that create organisations at once read the
// alias index under the revision chain's lock: the second sees the first's
// name and is refused, so no two organisations share a key.
func TestConcurrentCreatesCannotShareAKey(t *testing.T) {
	db := storetest.Postgres(t)
	ctx := context.Background()
	read, done := make(chan struct{}), make(chan error)
	go func() {
		done <- db.InTx(ctx, "ed1@example.org", func(tx *store.Tx) error {
			if _, err := tx.ResolveAttribution(ctx, "anything"); err != nil { // the index is read
				return err
			}
			close(read)
			time.Sleep(500 * time.Millisecond) // the other transaction tries meanwhile
			_, err := tx.CreateOrganization(ctx, domain.Organization{Name: "The Sudan Doctors Network"})
			return err
		})
	}()
	<-read
	second := db.InTx(ctx, "ed2@example.org", func(tx *store.Tx) error {
		_, err := tx.CreateOrganization(ctx, domain.Organization{Name: "Sudan Doctors Network"})
		return err
	})
	first := <-done
	switch {
	case first != nil && second != nil:
		t.Fatalf("both refused: %v; %v", first, second)
	case first == nil && second == nil:
		var r domain.Resolution
		db.InTx(ctx, "x", func(tx *store.Tx) error { r, _ = tx.ResolveAttribution(ctx, "Sudan-Doctors Network"); return nil })
		t.Errorf("two organisations share the key %q: %+v", "sudan doctors network", r)
	case domain.ErrorCode(first) != domain.ECONFLICT && domain.ErrorCode(second) != domain.ECONFLICT:
		t.Errorf("refused otherwise than as a conflict: %v; %v", first, second)
	}
}

// Words whose key two organisations share (both made by migration 0008
// from old strings that fold together) are a question that can be
// answered: the words, as written, become an alias of the one chosen.
func TestAmbiguousWordsCanBeAnswered(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.SQLiteDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	old := buildRelease7(t, db)
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	unhcr := old.orgs["UNHCR"]
	err = db.InTx(ctx, "admin@example.org", func(tx *store.Tx) error {
		r, err := tx.ResolveAttribution(ctx, "U.N.H.C.R")
		if err != nil {
			return err
		}
		if !r.Unresolved || len(r.Candidates) < 2 {
			t.Fatalf("expected an ambiguous question, got %+v", r)
		}
		// The staff member answers: it is UNHCR.
		return tx.AddAlias(ctx, unhcr, "U.N.H.C.R")
	})
	if err != nil {
		t.Fatalf("answering an ambiguous question with one of its candidates: %v", err)
	}
	// Answered once: the words resolve to UNHCR with no question.
	if err := db.InTx(ctx, "admin@example.org", func(tx *store.Tx) error {
		r, err := tx.ResolveAttribution(ctx, "U.N.H.C.R")
		if err == nil && (r.Unresolved || !slices.Equal(r.IDs, []int64{unhcr})) {
			t.Errorf("after the answer: %+v, want UNHCR (%d)", r, unhcr)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	// The organizations column names one of them as written: no question.
	f := figure(7, "a joint statement")
	f.Source.Publisher, f.Orgs = "UNHCR", []domain.OrgRef{{Name: "UNHCR"}}
	var id string
	if err := db.InTx(ctx, "cli:ops", func(tx *store.Tx) error {
		tx.CreateMissingOrganizations() // the publisher, if the old data lacks it
		s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true)
		if err != nil {
			return err
		}
		_, id, err = tx.ImportFigure(ctx, s, f, domain.StatusPublished)
		return err
	}); err != nil {
		t.Fatalf("organizations column \"UNHCR\" beside \"U.N.H.C.R.\": %v", err)
	}
	if got, _, err := db.Figure(ctx, id); err != nil || len(got.Orgs) != 1 || got.Orgs[0].ID != unhcr {
		t.Errorf("organizations column \"UNHCR\": %+v (%v), want UNHCR (%d)", got.Orgs, err, unhcr)
	}
}
