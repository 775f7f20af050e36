package exchange_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// csvWithIDs writes a file with figure_id and notes columns besides
// testColumns; a row's override may set them.
func csvWithIDs(rows ...map[string]string) string {
	return csvWith(append([]string{"figure_id", "notes"}, testColumns...), rows...)
}

// The store writes new figures and revisions in batches of many rows. An
// import must still see every row it wrote before, in the batch not yet
// written or in the table, and leave the revisions in the order of their
// hash chain.
func TestImportSeesRowsOfItsUnwrittenBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		distinct := func(i int) map[string]string {
			return map[string]string{"value": fmt.Sprint(1000 + i), "source_url": fmt.Sprintf("https://example.org/r/%d", i%70)}
		}
		var rows []map[string]string
		for i := range 400 {
			rows = append(rows, distinct(i))
			switch i {
			case 300: // the same content as row 10, written to the table by now
				rows = append(rows, distinct(10))
			case 70, 71: // the same as a row still in the buffer
				rows = append(rows, distinct(i-1))
			case 100: // a new figure under a given id, then a change to it
				over := distinct(1000)
				over["figure_id"] = "given-id-1"
				rows = append(rows, over)
				changed := distinct(1001)
				changed["figure_id"] = "given-id-1"
				rows = append(rows, changed)
			}
		}
		rep, err := importFigures(t, db, csvWithIDs(rows...))
		if err != nil {
			t.Fatalf("%v: %v", err, rep.Problems)
		}
		if got := rep.Figures; got.Created != 401 || got.Unchanged != 3 || got.Updated != 1 {
			t.Errorf("counts %+v, want 401 created, 3 unchanged, 1 updated", got)
		}
		f, _, err := db.PublicFigure(ctx, "given-id-1")
		if err != nil || f.Value != 2001 || f.Version != 2 {
			t.Errorf("given-id-1: %v at version %d (%v), want 2001 at version 2", f.Value, f.Version, err)
		}
		checked, _, err := db.VerifyRevisions(ctx)
		if err != nil {
			t.Fatalf("revision chain after a batched import: %v", err)
		}
		if want := 401 + 1 + 70 + 3; checked != want { // figures, the update, sources, series and organizations
			t.Errorf("%d revisions, want %d", checked, want)
		}
		// Nothing of the file may remain unwritten: a second import finds
		// every row as it is, but for the two that change given-id-1 twice.
		rep, err = importFigures(t, db, csvWithIDs(rows...))
		if err != nil || rep.Figures.Created != 0 || rep.Figures.Unchanged != len(rows)-2 {
			t.Errorf("re-import: %+v, %v", rep.Figures, err)
		}
	})
}

// When one content was stored twice (under two given ids), a row without
// an id is the oldest of them.
func TestImportMatchesTheOldestFigureWithTheSameContent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, id := range []string{"first-of-two", "second-of-two"} {
			if rep, err := importFigures(t, db, csvWithIDs(map[string]string{"figure_id": id, "notes": id})); err != nil || rep.Figures.Created != 1 {
				t.Fatalf("%s: %+v %v", id, rep, err)
			}
		}
		rep, err := importFigures(t, db, csvWithIDs(map[string]string{"notes": "a note for the oldest"}))
		if err != nil || rep.Figures.Updated != 1 {
			t.Fatalf("%+v %v", rep, err)
		}
		for id, want := range map[string]string{"first-of-two": "a note for the oldest", "second-of-two": "second-of-two"} {
			f, _, err := db.PublicFigure(ctx, id)
			if err != nil || f.Notes != want {
				t.Errorf("%s: notes %q (%v), want %q", id, f.Notes, err, want)
			}
		}
	})
}
