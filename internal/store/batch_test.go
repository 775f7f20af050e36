package store_test

import (
	"context"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// An import buffers its new sources, figures and revisions; a statement of
// the transaction must see them whatever the tables it reads are called.
// Deciding by the words in the statement once let a view named after
// nothing it reads (here "documents") miss the buffered rows.
func TestImportReadsSeeBufferedRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.ExecForTest(ctx, "CREATE VIEW documents AS SELECT id, url FROM sources"); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, "CREATE VIEW history AS SELECT id FROM revisions"); err != nil {
			t.Fatal(err)
		}
		err := db.InImportTx(ctx, "tester", func(tx *store.ImportTx) error {
			tx.CreateMissingOrganizations()
			s, err := tx.EnsureSeries(ctx, series("afg-returns"), domain.ActionImport, true)
			if err != nil {
				return err
			}
			if _, _, err := tx.ImportFigure(ctx, s, figure(857157, "IOM"), domain.StatusPublished); err != nil {
				return err
			}
			for view, want := range map[string]int{"documents": 1, "history": 5} { // series, two organizations, source, figure
				n, err := tx.CountForTest(ctx, view)
				if err != nil {
					return err
				}
				if n != want {
					t.Errorf("%s inside the import: %d rows, want %d", view, n, want)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
