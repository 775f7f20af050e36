package store_test

import (
	"context"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// An approved edit that moves a preferred claim into a fact that has its
// own preferred claim must not leave the fact with two: the moved claim's
// mark was about the old claim and goes (found in review).
func TestEditThatMovesAPreferredClaimTakesItsMark(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "IOM", "The News")
		unhcr := claim(t, db, 930000, "UNHCR", "2025-04-25")
		june := claim(t, db, 1100000, "IOM", "2025-06-30")
		storetest.Mark(t, db, unhcr, domain.MarkPreferred, "border monitoring")
		storetest.Mark(t, db, june, domain.MarkPreferred, "the only June count")
		edit := figure(1100000, "IOM")
		edit.PeriodEnd = domain.MustDate("2025-04-26")
		if err := as(t, db, "ed@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, true)
			return tx.EditFigure(ctx, june, 0, s, edit)
		}); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "ed@example.org", june, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "rev@example.org", june, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		a, _, _ := db.PublicFigure(ctx, unhcr)
		b, s, _ := db.PublicFigure(ctx, june)
		figs, _ := db.PublicFiguresOfSeries(ctx, s.ID)
		an := domain.Analyse(s.Measure, figs, nil)
		if a.Mark == domain.MarkPreferred && b.Mark == domain.MarkPreferred {
			t.Errorf("two claims of one fact are both marked preferred (%d facts); the figure pages of both say 'Preferred claim'", len(an.Facts))
		}
		checkLive(t, db)
		if b.Mark != domain.MarkNone {
			t.Errorf("the moved claim kept its mark %q", b.Mark)
		}
	})
}

// A reviewer proposes a mark on the version they read: a figure changed
// since is refused, so that no one marks a claim they have not seen
// (found in review).
func TestMarkProposalOnAVersionNotSeen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "UNHCR", "The News")
		id := claim(t, db, 930000, "UNHCR", "2025-04-25")
		f, _, err := db.Figure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		read := f.Version
		storetest.Mark(t, db, id, domain.MarkDeprecated, "superseded") // another reviewer's change
		err = as(t, db, storetest.Markers[0], func(tx *store.Tx) error {
			_, err := tx.ProposeMark(ctx, id, read, domain.MarkPreferred, "covers all crossings")
			return err
		})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("a proposal on version %d of a figure changed since: %v; want ECONFLICT", read, err)
		}
	})
}
