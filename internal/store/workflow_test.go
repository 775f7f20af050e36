package store_test

import (
	"context"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// as runs fn in a transaction of actor and fails the test on error.
func as(t *testing.T, db *store.DB, actor string, fn func(tx *store.Tx) error) error {
	t.Helper()
	return db.InTx(context.Background(), actor, fn)
}

func newDraft(t *testing.T, db *store.DB, actor string, f domain.Figure) string {
	t.Helper()
	var id string
	err := as(t, db, actor, func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(context.Background(), series("returns"), domain.ActionCreate, true)
		if err != nil {
			return err
		}
		id, err = tx.CreateFigure(context.Background(), s, f)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func act(db *store.DB, actor, id string, action domain.Action, reason string) error {
	return db.InTx(context.Background(), actor, func(tx *store.Tx) error {
		return tx.Act(context.Background(), id, 0, action, reason)
	})
}

func TestWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "Pakistani officials", "The News")
		ctx := context.Background()
		id := newDraft(t, db, "ed@example.org", figure(857157, "Pakistani officials"))
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("approving a draft: %v, want a conflict", err)
		}
		if err := act(db, "ed@example.org", id, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "ed@example.org", id, domain.ActionApprove, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("approving one's own entry: %v, want forbidden", err)
		}
		if err := act(db, "rev@example.org", id, domain.ActionReject, ""); domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("sending back without a reason: %v", err)
		}
		if err := act(db, "rev@example.org", id, domain.ActionReject, "Which page?"); err != nil {
			t.Fatal(err)
		}
		f, _, _ := db.Figure(ctx, id)
		if f.Status != domain.StatusDraft || f.StatusReason != "Which page?" {
			t.Errorf("after send back: %s %q", f.Status, f.StatusReason)
		}
		act(db, "ed@example.org", id, domain.ActionSubmit, "")
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		f, _, err := db.PublicFigure(ctx, id)
		if err != nil || f.ReviewedBy != "rev@example.org" || f.ReviewedAt.IsZero() {
			t.Fatalf("after approval: %+v %v", f, err)
		}

		// An edit of the published figure waits for review; the public keeps
		// the published version.
		edit := figure(857200, "Pakistani officials")
		err = as(t, db, "ed2@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, true)
			return tx.EditFigure(ctx, id, f.Version, s, edit)
		})
		if err != nil {
			t.Fatal(err)
		}
		if pub, _, _ := db.PublicFigure(ctx, id); pub.Value != 857157 {
			t.Errorf("public value %v while the edit waits, want 857157", pub.Value)
		}
		pending, _, found, err := db.PendingEdit(ctx, id)
		if err != nil || !found || pending.Value != 857200 || pending.Status != domain.StatusDraft {
			t.Fatalf("pending edit: %+v %v %v", pending, found, err)
		}
		// A stale version is a conflict, not a silent overwrite.
		err = as(t, db, "ed3@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, true)
			return tx.EditFigure(ctx, id, f.Version, s, figure(1, "Pakistani officials"))
		})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("stale edit: %v, want a conflict", err)
		}
		act(db, "ed2@example.org", id, domain.ActionSubmit, "")
		if queue, _ := db.ReviewQueue(ctx); len(queue) != 1 || !queue[0].IsEdit {
			t.Errorf("review queue %+v, want the edit", queue)
		}
		for _, who := range []string{"ed@example.org", "ed2@example.org"} {
			if err := act(db, who, id, domain.ActionApprove, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
				t.Errorf("%s approves: %v, want forbidden", who, err)
			}
		}
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		pub, _, _ := db.PublicFigure(ctx, id)
		if pub.Value != 857200 || pub.UpdatedBy != "ed2@example.org" {
			t.Errorf("after approving the edit: value %v updated by %s", pub.Value, pub.UpdatedBy)
		}
		if _, _, found, _ := db.PendingEdit(ctx, id); found {
			t.Error("the approved edit is still pending")
		}

		// Retraction takes it off public reads but keeps its page.
		if err := act(db, "admin@example.org", id, domain.ActionRetract, "Double-counted"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.PublicFigure(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("retracted figure is still published: %v", err)
		}
		v, _, err := db.PublicPermalinkFigure(ctx, id)
		if err != nil || v.Status != domain.StatusRetracted || v.StatusReason != "Double-counted" {
			t.Errorf("retracted figure's page: %+v %v", v, err)
		}
		revs, _ := db.Revisions(ctx, "figure", id)
		var actions []string
		for _, r := range revs {
			actions = append(actions, string(r.Action))
		}
		want := "create submit reject submit approve update submit approve retract"
		if got := join(actions); got != want {
			t.Errorf("history %q, want %q", got, want)
		}
	})
}

func join(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}

// TestRetractionDropsThePendingEdit: approving a change that was waiting when
// the figure was retracted must not bring the figure back.
func TestRetractionDropsThePendingEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "Pakistani officials", "The News")
		ctx := context.Background()
		id := newDraft(t, db, "ed@example.org", figure(857157, "Pakistani officials"))
		act(db, "ed@example.org", id, domain.ActionSubmit, "")
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		err := as(t, db, "ed2@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, false)
			if err := tx.EditFigure(ctx, id, 0, s, figure(900000, "Pakistani officials")); err != nil {
				return err
			}
			return tx.Act(ctx, id, 0, domain.ActionSubmit, "")
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := act(db, "admin@example.org", id, domain.ActionRetract, "Double-counted"); err != nil {
			t.Fatal(err)
		}
		if _, _, found, _ := db.PendingEdit(ctx, id); found {
			t.Error("the pending edit survived the retraction")
		}
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("approving after the retraction: %v, want a conflict", err)
		}
		if f, _, _ := db.Figure(ctx, id); f.Status != domain.StatusRetracted {
			t.Errorf("status %s, want retracted", f.Status)
		}
	})
}

// TestReviewedChangesCannotRewritePublicText: a form or an import for review
// may not retitle a series or rewrite a document that published figures
// cite; a direct (CLI) import may, with a revision.
func TestReviewedChangesCannotRewritePublicText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "A", "B", "The News")
		ctx := context.Background()
		save(t, db, figure(1, "A"), domain.StatusPublished)
		f := figure(2, "B")
		f.Source.Title = "FAKE TITLE"
		err := as(t, db, "ed@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionCreate, false)
			_, err := tx.CreateFigure(ctx, s, f)
			return err
		})
		if p := domain.FieldProblems(err); domain.ErrorCode(err) != domain.ECONFLICT || len(p) != 1 || p[0].Field != "source_title" {
			t.Errorf("form rewriting a source title: %v", err)
		}
		err = as(t, db, "ed@example.org", func(tx *store.Tx) error {
			s := series("returns")
			s.Title = "EDITOR RETITLED"
			_, err := tx.EnsureSeries(ctx, s, domain.ActionImport, false)
			return err
		})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("retitling through review: %v", err)
		}
		if src, _ := db.Source(ctx, 1); src.Title != "Registered Afghan refugees told to exit" {
			t.Errorf("source title is now %q", src.Title)
		}
		v, _ := db.DatasetVersion(ctx)
		save(t, db, f, domain.StatusPublished) // the CLI's direct import may correct it
		if src, _ := db.Source(ctx, 1); src.Title != "FAKE TITLE" {
			t.Errorf("direct import did not update the source: %q", src.Title)
		}
		if v2, _ := db.DatasetVersion(ctx); v2 == v {
			t.Error("a changed citation did not change the dataset version")
		}
	})
}

func TestImportCannotChangeARetractedFigure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "Pakistani officials", "The News")
		ctx := context.Background()
		f := figure(857157, "Pakistani officials")
		f.ID = "kept-id"
		save(t, db, f, domain.StatusPublished)
		if err := act(db, "admin@example.org", f.ID, domain.ActionRetract, "Wrong"); err != nil {
			t.Fatal(err)
		}
		f.Value = 777
		err := db.InTx(ctx, "cli", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true)
			_, _, err := tx.ImportFigure(ctx, s, f, domain.StatusPublished)
			return err
		})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("import over a retracted figure: %v, want a conflict", err)
		}
	})
}

// An account a staff member set up cannot approve that member's entries;
// one an operator made at the command line can approve what the same
// operator imported (both are "cli:…" there, and neither is an account).
func TestApprovalByAnAccountTheAuthorSetUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "Pakistani officials", "IOM", "The News")
		ctx := context.Background()
		mk := func(actor, email string) {
			t.Helper()
			if _, err := db.CreateUser(ctx, actor, domain.User{Email: email, Name: email, Role: domain.RoleReviewer}, "h"); err != nil {
				t.Fatal(err)
			}
		}
		mk("cli:ops", "boss@example.org")
		mk("boss@example.org", "puppet@example.org")
		mk("cli:ops", "rev@example.org")

		staff := newDraft(t, db, "boss@example.org", figure(857157, "Pakistani officials"))
		if err := act(db, "boss@example.org", staff, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "puppet@example.org", staff, domain.ActionApprove, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Errorf("approved with an account the author created: %v, want forbidden", err)
		}
		if err := act(db, "rev@example.org", staff, domain.ActionApprove, ""); err != nil {
			t.Errorf("another reviewer approving: %v", err)
		}

		imported := newDraft(t, db, "cli:ops", figure(900000, "IOM"))
		if err := act(db, "cli:ops", imported, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "rev@example.org", imported, domain.ActionApprove, ""); err != nil {
			t.Errorf("a reviewer the operator made approving the operator's import: %v", err)
		}
	})
}
