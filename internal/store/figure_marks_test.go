package store_test

import (
	"context"
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

		// An edit of the marked figure, and its approval, keep the mark.
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
		check("after the edit's approval", f)
	})
}
