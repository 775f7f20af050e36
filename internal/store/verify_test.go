package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func liveMismatches(t *testing.T, db *store.DB) []store.Mismatch {
	t.Helper()
	var got []store.Mismatch
	n, err := db.VerifyLive(context.Background(), func(m store.Mismatch) { got = append(got, m) })
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("VerifyLive checked no rows")
	}
	return got
}

// wantMismatch fails unless exactly one mismatch was reported, naming
// entity, id and field (field "": the row as a whole).
func wantMismatch(t *testing.T, what string, got []store.Mismatch, entity, id, field string) {
	t.Helper()
	if len(got) != 1 || got[0].Entity != entity || got[0].ID != id || got[0].Field != field {
		t.Errorf("%s: reported %v, want one mismatch of %s %s field %q", what, got, entity, id, field)
	}
}

// TestVerifyLiveRows: a live row changed by SQL, the newest revision of a
// row deleted, a row without revisions and revisions without a row are all
// reported by entity, id and field; a history written only by the
// application — drafts, a rejection, a pending edit of a published figure,
// a retraction — reports nothing.
func TestVerifyLiveRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db)
		id := newDraft(t, db, "ed@example.org", figure(857157, "Pakistani officials"))
		act(db, "ed@example.org", id, domain.ActionSubmit, "")
		if err := act(db, "rev@example.org", id, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		f, _, err := db.PublicFigure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		err = as(t, db, "ed2@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, true)
			return tx.EditFigure(ctx, id, f.Version, s, figure(857200, "Pakistani officials"))
		})
		if err != nil {
			t.Fatal(err)
		}
		// An import naming an organization in another case: one
		// organization, whose stored name the live row shows.
		err = as(t, db, "ed@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true)
			_, _, err := tx.ImportFigure(ctx, s, figure(2000, "pakistani OFFICIALS"), domain.StatusPublished)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		draft := newDraft(t, db, "ed@example.org", figure(1000, "iom")) // the demo has "IOM": one organization
		act(db, "ed@example.org", draft, domain.ActionSubmit, "")
		if err := act(db, "rev@example.org", draft, domain.ActionReject, "Which page?"); err != nil {
			t.Fatal(err)
		}
		if got := liveMismatches(t, db); len(got) != 0 {
			t.Fatalf("an untouched database: %v", got)
		}

		exec := func(query string) {
			t.Helper()
			if err := db.ExecForTest(ctx, query); err != nil {
				t.Fatal(err)
			}
		}
		// A published figure's value, changed by SQL.
		exec("UPDATE figures SET value = value + 1 WHERE id = '" + id + "'")
		got := liveMismatches(t, db)
		wantMismatch(t, "UPDATE figures SET value", got, "figure", id, "value")
		if len(got) == 1 && (got[0].Live != "857158" || got[0].Recorded != "857157") {
			t.Errorf("the values reported: live %s, recorded %s", got[0].Live, got[0].Recorded)
		}
		exec("UPDATE figures SET value = value - 1 WHERE id = '" + id + "'")

		// The pending edit, a source and a series, changed by SQL.
		for _, tc := range []struct{ table, column, where, entity, id string }{
			{"figure_edits", "excerpt", "figure_id = '" + id + "'", "figure", id},
			{"sources", "title", "id = 1", "source", "1"},
			{"series", "title", "id = 1", "series", "1"},
		} {
			exec("UPDATE " + tc.table + " SET " + tc.column + " = " + tc.column + " || ' (forged)' WHERE " + tc.where)
			got := liveMismatches(t, db)
			wantMismatch(t, "UPDATE "+tc.table, got, tc.entity, tc.id, tc.column)
			if len(got) == 1 && !strings.HasSuffix(got[0].Live, ` (forged)"`) {
				t.Errorf("UPDATE %s: live value reported as %s", tc.table, got[0].Live)
			}
			exec("UPDATE " + tc.table + " SET " + tc.column + " = substr(" + tc.column + ", 1, length(" + tc.column + ") - 9) WHERE " + tc.where)
		}
		if got := liveMismatches(t, db); len(got) != 0 {
			t.Fatalf("after undoing the changes: %v", got)
		}

		// The newest revision (the draft's rejection), deleted.
		drop := "DROP TRIGGER revisions_no_delete"
		if db.Dialect() == store.Postgres {
			drop = "DROP TRIGGER revisions_no_update ON revisions"
		}
		exec(drop)
		exec("DELETE FROM revisions WHERE id = (SELECT max(id) FROM revisions)")
		got = liveMismatches(t, db)
		deleted := false
		for _, m := range got {
			if m.Entity != "figure" || m.ID != draft {
				t.Errorf("after deleting the draft's newest revision: %v", m)
			}
			deleted = deleted || m.Field == "version" && strings.Contains(m.Problem, "deleted")
		}
		if !deleted {
			t.Errorf("after deleting the draft's newest revision: %v, want the version named", got)
		}
		exec("DELETE FROM revisions WHERE entity = 'figure' AND entity_id = '" + draft + "'")
		wantMismatch(t, "every revision of the draft deleted", liveMismatches(t, db), "figure", draft, "")
		exec("DELETE FROM figure_orgs WHERE figure_id = '" + draft + "'")
		exec("DELETE FROM figures WHERE id = '" + draft + "'")

		// A live row deleted: its revisions remain.
		events, err := db.PublicEvents(ctx, store.EventFilter{})
		if err != nil || len(events) == 0 {
			t.Fatal(events, err)
		}
		exec("DELETE FROM events WHERE id = '" + events[0].ID + "'")
		got = liveMismatches(t, db)
		wantMismatch(t, "DELETE FROM events", got, "event", events[0].ID, "")
		if len(got) == 1 && !strings.Contains(got[0].String(), "no live row") {
			t.Errorf("DELETE FROM events: %s", got[0])
		}
	})
}
