package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// Every read of a figure carries its mark: the staff read, the public one,
// the permalink, the series' figures, the export stream and a pending edit;
// an approved edit keeps the mark.
func TestMarkReadPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "The News")
		_, id := save(t, db, figure(930000, "UNHCR"), domain.StatusPublished)
		at := time.Date(2025, 5, 2, 10, 0, 0, 0, time.UTC)
		if err := db.ExecForTest(ctx, `UPDATE figures SET mark = 'preferred', mark_reason = 'covers all crossings',
			marked_by = 'rev@example.org', mark_approved_by = 'rev2@example.org', marked_at = ? WHERE id = ?`, at, id); err != nil {
			t.Fatal(err)
		}
		check := func(where string, f domain.Figure) {
			t.Helper()
			if f.Mark != domain.MarkPreferred || f.MarkReason != "covers all crossings" || f.MarkedBy != "rev@example.org" ||
				f.MarkApprovedBy != "rev2@example.org" || !f.MarkedAt.Equal(at) {
				t.Errorf("%s: mark %q %q %q %q %v", where, f.Mark, f.MarkReason, f.MarkedBy, f.MarkApprovedBy, f.MarkedAt)
			}
		}
		f, _, err := db.Figure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		check("Figure", f)
		f, _, _ = db.PublicFigure(ctx, id)
		check("PublicFigure", f)
		f, _, _ = db.PublicPermalinkFigure(ctx, id)
		check("PublicPermalinkFigure", f)
		figs, err := db.PublicFiguresOfSeries(ctx, f.SeriesID)
		if err != nil || len(figs) != 1 {
			t.Fatalf("PublicFiguresOfSeries: %d, %v", len(figs), err)
		}
		check("PublicFiguresOfSeries", figs[0])
		n := 0
		if err := db.PublicFigureStream(ctx, store.FigureFilter{}, func(_ domain.Series, f domain.Figure) error {
			n++
			check("PublicFigureStream", f)
			return nil
		}); err != nil || n != 1 {
			t.Fatalf("PublicFigureStream: %d rows, %v", n, err)
		}

		// An edit of the marked figure keeps the mark while it waits; its
		// approval, which changes the value, takes the mark away (the
		// judgement was about the old claim).
		edit := figure(931700, "UNHCR")
		if err := as(t, db, "ed@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, true)
			return tx.EditFigure(ctx, id, 0, s, edit)
		}); err != nil {
			t.Fatal(err)
		}
		e, _, found, err := db.PendingEdit(ctx, id)
		if err != nil || !found {
			t.Fatalf("PendingEdit: %v %v", found, err)
		}
		check("PendingEdit", e)
		if err := act(db, "ed@example.org", id, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		f, _, _ = db.PublicFigure(ctx, id)
		if f.Value != 931700 {
			t.Fatalf("the edit was not applied: %v", f.Value)
		}
		if f.Mark != domain.MarkNone || f.MarkReason != "" || f.MarkedBy != "" || !f.MarkedAt.IsZero() {
			t.Errorf("a claim changed by an edit kept its mark %q %q", f.Mark, f.MarkReason)
		}
		checkLive(t, db)
	})
}

// claim is a published claim of the returns series (a running total)
// attributed to by, as of end.
func claim(t *testing.T, db *store.DB, value float64, by, end string) string {
	t.Helper()
	f := figure(value, by)
	f.PeriodEnd = domain.MustDate(end)
	_, id := save(t, db, f, domain.StatusPublished)
	return id
}

func proposeMark(db *store.DB, actor, id string, mark domain.ClaimMark, reason string) (int64, error) {
	var pid int64
	err := db.InTx(context.Background(), actor, func(tx *store.Tx) error {
		var err error
		pid, err = tx.ProposeMark(context.Background(), id, 0, mark, reason)
		return err
	})
	return pid, err
}

func decideMark(db *store.DB, actor string, id int64, approve bool, note string) error {
	return db.InTx(context.Background(), actor, func(tx *store.Tx) error {
		return tx.DecideMark(context.Background(), id, approve, note)
	})
}

func markProposal(t *testing.T, db *store.DB, figureID string) store.MarkProposal {
	t.Helper()
	ps, err := db.MarkProposalsOf(context.Background(), figureID)
	if err != nil || len(ps) == 0 {
		t.Fatalf("proposals of %s: %v, %v", figureID, ps, err)
	}
	return ps[0]
}

func lastRevision(t *testing.T, db *store.DB, id string) domain.Revision {
	t.Helper()
	revs, err := db.Revisions(context.Background(), "figure", id)
	if err != nil || len(revs) == 0 {
		t.Fatalf("revisions of %s: %v", id, err)
	}
	return revs[len(revs)-1]
}

// A mark proposed by one reviewer and approved by another is applied: the
// figure carries it, a new version and a revision the public history
// shows, and the dataset version moves so cached pages change.
func TestMarkProposeAndApprove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "The News")
		staffAccounts(t, db, "reviewer@example.org", "reviewer2@example.org")
		id := claim(t, db, 930000, "UNHCR", "2025-04-25")
		before, _, _ := db.Figure(ctx, id)
		dv, _ := db.DatasetVersion(ctx)

		pid, err := proposeMark(db, "reviewer@example.org", id, domain.MarkPreferred, "  UNHCR's border monitoring covers all crossings ")
		if err != nil {
			t.Fatal(err)
		}
		pending, err := db.MarkProposals(ctx, store.MergeProposed)
		if err != nil || len(pending) != 1 || pending[0].ID != pid || pending[0].BaseVersion != before.Version ||
			pending[0].Reason != "UNHCR's border monitoring covers all crossings" || pending[0].ProposedBy != "reviewer@example.org" {
			t.Fatalf("pending proposals: %+v, %v", pending, err)
		}
		if f, _, _ := db.PublicFigure(ctx, id); f.Mark != domain.MarkNone {
			t.Errorf("a proposal reached the public: %q", f.Mark)
		}
		if v, _ := db.DatasetVersion(ctx); v != dv {
			t.Errorf("proposing changed the dataset version %d → %d", dv, v)
		}

		if err := decideMark(db, "reviewer2@example.org", pid, true, ""); err != nil {
			t.Fatal(err)
		}
		f, _, err := db.PublicFigure(ctx, id)
		if err != nil || f.Mark != domain.MarkPreferred || f.MarkReason != "UNHCR's border monitoring covers all crossings" ||
			f.MarkedBy != "reviewer@example.org" || f.MarkApprovedBy != "reviewer2@example.org" || f.MarkedAt.IsZero() {
			t.Fatalf("after approval: %q %q by %q approved by %q at %v (%v)", f.Mark, f.MarkReason, f.MarkedBy, f.MarkApprovedBy, f.MarkedAt, err)
		}
		if f.Version != before.Version+1 || f.UpdatedBy != before.UpdatedBy {
			t.Errorf("version %d → %d, updated by %q → %q; want one more version, the same last editor",
				before.Version, f.Version, before.UpdatedBy, f.UpdatedBy)
		}
		rev := lastRevision(t, db, id)
		snap, _ := store.DecodeFigureSnapshot(rev)
		if rev.Action != domain.ActionApprove || rev.Actor != "reviewer2@example.org" || rev.Version != f.Version ||
			rev.Reason != "marked preferred: UNHCR's border monitoring covers all crossings" || snap.Mark != "preferred" {
			t.Errorf("revision: %s by %s v%d %q, snapshot mark %q", rev.Action, rev.Actor, rev.Version, rev.Reason, snap.Mark)
		}
		hist, _ := db.PublicHistory(ctx, id)
		if len(hist) == 0 || hist[len(hist)-1].Reason != rev.Reason {
			t.Errorf("the public history does not show the mark: %+v", hist)
		}
		if v, _ := db.DatasetVersion(ctx); v <= dv {
			t.Errorf("dataset version %d → %d; want it changed", dv, v)
		}
		p := markProposal(t, db, id)
		if p.Status != store.MergeApplied || p.DecidedBy != "reviewer2@example.org" || p.DecidedAt.IsZero() {
			t.Errorf("proposal after approval: %+v", p)
		}

		// Deprecating replaces the preference (one field); removing clears it.
		storetest.Mark(t, db, id, domain.MarkDeprecated, "superseded by the June figure")
		if f, _, _ := db.PublicFigure(ctx, id); f.Mark != domain.MarkDeprecated || f.MarkReason != "superseded by the June figure" {
			t.Errorf("after deprecating: %q %q", f.Mark, f.MarkReason)
		}
		storetest.Mark(t, db, id, domain.MarkNone, "the June figure was withdrawn")
		f, _, _ = db.PublicFigure(ctx, id)
		if f.Mark != domain.MarkNone || f.MarkReason != "" || f.MarkedBy != "" || !f.MarkedAt.IsZero() {
			t.Errorf("after removing: %q %q %q %v", f.Mark, f.MarkReason, f.MarkedBy, f.MarkedAt)
		}
		if r := lastRevision(t, db, id); r.Reason != "mark removed: the June figure was withdrawn" {
			t.Errorf("removal's revision: %q", r.Reason)
		}
		checkLive(t, db)
	})
}

// checkLive fails the test when a live row is not what its revisions say.
func checkLive(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.VerifyLive(context.Background(), func(m store.Mismatch) { t.Errorf("verify: %s", m) }); err != nil {
		t.Fatal(err)
	}
}

// Four eyes: the proposer cannot approve their own mark; a rejection needs
// a note and leaves the figure as it was; an editor cannot mark.
func TestMarkFourEyes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "The News")
		staffAccounts(t, db, "reviewer@example.org", "reviewer2@example.org", "editor@example.org")
		id := claim(t, db, 930000, "UNHCR", "2025-04-25")
		if _, err := proposeMark(db, "editor@example.org", id, domain.MarkPreferred, "r"); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("an editor proposing: %v, want forbidden", err)
		}
		pid, err := proposeMark(db, "reviewer@example.org", id, domain.MarkDeprecated, "known wrong")
		if err != nil {
			t.Fatal(err)
		}
		if err := decideMark(db, "reviewer@example.org", pid, true, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("the proposer approving: %v, want forbidden", err)
		}
		if err := decideMark(db, "editor@example.org", pid, true, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("an editor approving: %v, want forbidden", err)
		}
		err = decideMark(db, "reviewer2@example.org", pid, false, "  ")
		if ps := domain.FieldProblems(err); len(ps) != 1 || ps[0].Field != "note" {
			t.Errorf("rejecting without a note: %v, want a note field error", err)
		}
		if err := decideMark(db, "reviewer2@example.org", pid, false, "it is the only count of returns by air"); err != nil {
			t.Fatal(err)
		}
		p := markProposal(t, db, id)
		if p.Status != store.MergeRejected || p.DecisionNote != "it is the only count of returns by air" {
			t.Errorf("after rejection: %+v", p)
		}
		if f, _, _ := db.Figure(ctx, id); f.Mark != domain.MarkNone || f.Version != 1 {
			t.Errorf("a rejection changed the figure: %q v%d", f.Mark, f.Version)
		}
		if err := decideMark(db, "reviewer2@example.org", pid, true, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("approving a rejected proposal: %v, want a conflict", err)
		}
	})
}

// A proposal is refused when the figure is not published, the mark is not
// one, the reason is missing or too long, the figure has that mark
// already, or another proposal waits on it.
func TestMarkProposalRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "UNHCR", "The News")
		staffAccounts(t, db, "reviewer@example.org")
		draft := newDraft(t, db, "ed@example.org", figure(857157, "UNHCR"))
		if _, err := proposeMark(db, "reviewer@example.org", draft, domain.MarkPreferred, "r"); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("marking a draft: %v, want a conflict", err)
		}
		id := claim(t, db, 930000, "UNHCR", "2025-04-25")
		err := func() error { _, err := proposeMark(db, "reviewer@example.org", id, "best", " "); return err }()
		fields := map[string]bool{}
		for _, p := range domain.FieldProblems(err) {
			fields[p.Field] = true
		}
		if !fields["mark"] || !fields["reason"] || len(fields) != 2 {
			t.Errorf("a bad mark without a reason: %v, want field errors on mark and reason", err)
		}
		long := strings.Repeat("x", domain.MaxText+1)
		if _, err := proposeMark(db, "reviewer@example.org", id, domain.MarkPreferred, long); !hasField(err, "reason") {
			t.Errorf("a reason too long: %v", err)
		}
		if _, err := proposeMark(db, "reviewer@example.org", id, domain.MarkNone, "r"); !hasField(err, "mark") {
			t.Errorf("removing a mark the figure does not have: %v, want a field error on mark", err)
		}
		pid, err := proposeMark(db, "reviewer@example.org", id, domain.MarkPreferred, "r")
		if err != nil {
			t.Fatal(err)
		}
		_, err = proposeMark(db, "reviewer@example.org", id, domain.MarkDeprecated, "r2")
		if domain.ErrorCode(err) != domain.ECONFLICT || !strings.Contains(err.Error(), fmt.Sprint("proposal ", pid)) {
			t.Errorf("a second pending proposal: %v, want a conflict naming proposal %d", err, pid)
		}
		storetest.Mark(t, db, claim(t, db, 931000, "UNHCR", "2025-06-30"), domain.MarkDeprecated, "known wrong")
		other := markProposal(t, db, id)
		if other.ID != pid {
			t.Fatalf("proposals of %s: %+v", id, other)
		}
	})
}

// A proposal is made against the figure's version: when the figure changed
// before the approval, the approval is refused and the proposal waits.
func TestMarkStaleProposal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "The News")
		staffAccounts(t, db, "reviewer@example.org", "reviewer2@example.org")
		id := claim(t, db, 930000, "UNHCR", "2025-04-25")
		pid, err := proposeMark(db, "reviewer@example.org", id, domain.MarkPreferred, "covers all crossings")
		if err != nil {
			t.Fatal(err)
		}
		if err := as(t, db, "ed@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, true)
			return tx.EditFigure(ctx, id, 0, s, figure(931700, "UNHCR"))
		}); err != nil {
			t.Fatal(err)
		}
		if err := decideMark(db, "reviewer2@example.org", pid, true, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("approving a stale proposal: %v, want a conflict", err)
		}
		if p := markProposal(t, db, id); p.Status != store.MergeProposed {
			t.Errorf("the stale proposal is %s, want still proposed", p.Status)
		}
		if f, _, _ := db.Figure(ctx, id); f.Mark != domain.MarkNone {
			t.Errorf("a refused approval marked the figure %q", f.Mark)
		}
		// Proposed again on the figure with its pending edit, it applies,
		// and the pending edit keeps it when approved.
		if err := decideMark(db, "reviewer2@example.org", pid, false, "proposed again on the new version"); err != nil {
			t.Fatal(err)
		}
		storetest.Mark(t, db, id, domain.MarkPreferred, "covers all crossings")
		checkLive(t, db)
		if e, _, _, _ := db.PendingEdit(ctx, id); e.Mark != domain.MarkPreferred {
			t.Errorf("the pending edit reads mark %q", e.Mark)
		}
		if err := act(db, "ed@example.org", id, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "reviewer@example.org", id, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		if f, _, _ := db.PublicFigure(ctx, id); f.Value != 931700 || f.Mark != domain.MarkNone {
			t.Errorf("after the edit's approval, which changed the value: %v %q; want the mark gone", f.Value, f.Mark)
		}
		checkLive(t, db)
	})
}

// A fact has one preferred claim: preferring another claim of the same
// fact takes the preference from the first, with a revision saying so; a
// preferred claim of another fact keeps its mark.
func TestMarkPreferenceMovesWithinFact(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "IOM", "The News")
		unhcr := claim(t, db, 930000, "UNHCR", "2025-04-25")
		iom := claim(t, db, 870000, "IOM", "2025-04-24")
		june := claim(t, db, 1100000, "UNHCR", "2025-06-30") // another fact
		storetest.Mark(t, db, unhcr, domain.MarkPreferred, "border monitoring")
		storetest.Mark(t, db, june, domain.MarkPreferred, "the only June count")
		before, _, _ := db.Figure(ctx, unhcr)

		storetest.Mark(t, db, iom, domain.MarkPreferred, "IOM counts at the crossings")
		f, _, _ := db.PublicFigure(ctx, unhcr)
		if f.Mark != domain.MarkNone || f.MarkReason != "" || f.Version != before.Version+1 {
			t.Errorf("the first preferred claim: %q %q v%d, want no mark, one more version", f.Mark, f.MarkReason, f.Version)
		}
		if r := lastRevision(t, db, unhcr); r.Reason != "preference moved to "+iom+": IOM counts at the crossings" || r.Action != domain.ActionApprove {
			t.Errorf("its revision: %s %q", r.Action, r.Reason)
		}
		if hist, _ := db.PublicHistory(ctx, unhcr); hist[len(hist)-1].Reason != lastRevision(t, db, unhcr).Reason {
			t.Errorf("the public history of %s does not say the preference moved", unhcr)
		}
		if f, _, _ := db.PublicFigure(ctx, iom); f.Mark != domain.MarkPreferred {
			t.Errorf("the new preferred claim: %q", f.Mark)
		}
		if f, _, _ := db.PublicFigure(ctx, june); f.Mark != domain.MarkPreferred || f.MarkReason != "the only June count" {
			t.Errorf("the claim of another fact: %q %q, want still preferred", f.Mark, f.MarkReason)
		}
		// A deprecated claim of the fact stays deprecated.
		storetest.Mark(t, db, unhcr, domain.MarkDeprecated, "superseded")
		storetest.Mark(t, db, iom, domain.MarkNone, "no longer sure")
		storetest.Mark(t, db, iom, domain.MarkPreferred, "sure again")
		if f, _, _ := db.PublicFigure(ctx, unhcr); f.Mark != domain.MarkDeprecated {
			t.Errorf("a deprecated claim became %q", f.Mark)
		}
		checkLive(t, db)
	})
}

// Reviewers deciding one proposal at once: exactly one decision counts.
func TestMarkConcurrentApprovals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "The News")
		deciders := []string{"reviewer2@example.org", "reviewer3@example.org", "reviewer4@example.org", "reviewer5@example.org"}
		staffAccounts(t, db, append([]string{"reviewer@example.org"}, deciders...)...)
		id := claim(t, db, 930000, "UNHCR", "2025-04-25")
		pid, err := proposeMark(db, "reviewer@example.org", id, domain.MarkPreferred, "covers all crossings")
		if err != nil {
			t.Fatal(err)
		}
		errs := make([]error, len(deciders))
		var wg sync.WaitGroup
		for i, who := range deciders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = decideMark(db, who, pid, true, "")
			}()
		}
		wg.Wait()
		applied := 0
		for i, err := range errs {
			switch {
			case err == nil:
				applied++
			case domain.ErrorCode(err) != domain.ECONFLICT:
				t.Errorf("%s: %v, want success or a conflict", deciders[i], err)
			}
		}
		if applied != 1 {
			t.Errorf("%d approvals applied, want exactly 1 (%v)", applied, errs)
		}
		revs, _ := db.Revisions(ctx, "figure", id)
		marks := 0
		for _, r := range revs {
			if strings.HasPrefix(r.Reason, "marked preferred") {
				marks++
			}
		}
		if marks != 1 {
			t.Errorf("%d mark revisions, want 1", marks)
		}
		checkLive(t, db)
	})
}

// Two claims of one fact preferred by approvals at once: one stays
// preferred, never both.
func TestMarkConcurrentPreferences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "IOM", "The News")
		staffAccounts(t, db, "reviewer@example.org", "reviewer2@example.org", "reviewer3@example.org")
		ids := []string{claim(t, db, 930000, "UNHCR", "2025-04-25"), claim(t, db, 870000, "IOM", "2025-04-24")}
		var pids []int64
		for _, id := range ids {
			pid, err := proposeMark(db, "reviewer@example.org", id, domain.MarkPreferred, "the better count")
			if err != nil {
				t.Fatal(err)
			}
			pids = append(pids, pid)
		}
		var wg sync.WaitGroup
		errs := make([]error, len(pids))
		for i, pid := range pids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = decideMark(db, []string{"reviewer2@example.org", "reviewer3@example.org"}[i], pid, true, "")
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		preferred := 0
		for _, id := range ids {
			if f, _, _ := db.PublicFigure(ctx, id); f.Mark == domain.MarkPreferred {
				preferred++
			}
		}
		if preferred != 1 {
			t.Errorf("%d claims of one fact preferred, want 1", preferred)
		}
		checkLive(t, db)
	})
}

// A file cannot set or clear a mark: an import that changes a marked
// figure keeps its mark, and the live row still matches its revisions.
func TestImportKeepsMark(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "The News")
		id := claim(t, db, 930000, "UNHCR", "2025-04-25")
		storetest.Mark(t, db, id, domain.MarkPreferred, "border monitoring")
		f := figure(930000, "UNHCR")
		f.ID, f.Notes = id, "a note added by a later file"
		if o, _ := save(t, db, f, domain.StatusPublished); o != domain.Updated {
			t.Fatalf("import: %v, want updated", o)
		}
		got, _, _ := db.PublicFigure(ctx, id)
		if got.Notes != f.Notes || got.Mark != domain.MarkPreferred || got.MarkReason != "border monitoring" {
			t.Errorf("after the import: notes %q, mark %q %q", got.Notes, got.Mark, got.MarkReason)
		}
		checkLive(t, db)
	})
}
