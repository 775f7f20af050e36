package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
)

// The streamed read gives every published figure once, in series, date
// and id order across batch boundaries, and stops at fn's first error.
func TestEachPublishedFigureStreamsInOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.LoadSynthetic(t, db, synth.Config{Figures: 1100, Series: 7, Seed: 3})
		type key struct{ slug, asOf, id string }
		var got []key
		seen := map[string]bool{}
		err := db.PublicFigureStream(ctx, store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
			got = append(got, key{s.Slug, f.PeriodEnd.Last().Format("2006-01-02"), f.ID})
			if seen[f.ID] {
				t.Errorf("figure %s twice", f.ID)
			}
			seen[f.ID] = true
			return nil
		})
		if err != nil || len(got) != 1100 {
			t.Fatalf("%d figures, %v", len(got), err)
		}
		for i := 1; i < len(got); i++ {
			a, b := got[i-1], got[i]
			if a.slug > b.slug || a.slug == b.slug && (a.asOf > b.asOf || a.asOf == b.asOf && a.id > b.id) {
				t.Fatalf("row %d %v comes after %v", i, b, a)
			}
		}

		stop := errors.New("stop")
		n := 0
		err = db.PublicFigureStream(ctx, store.FigureFilter{}, func(domain.Series, domain.Figure) error {
			if n++; n == 300 {
				return stop
			}
			return nil
		})
		if !errors.Is(err, stop) || n != 300 {
			t.Errorf("after an error at row 300: %d rows, %v", n, err)
		}

		cctx, cancel := context.WithCancel(ctx)
		n = 0
		err = db.PublicFigureStream(cctx, store.FigureFilter{}, func(domain.Series, domain.Figure) error {
			if n++; n == 10 {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) || n > 256 {
			t.Errorf("after cancelling at row 10: %d rows, err %v", n, err)
		}
	})
}

// SQLite reads the full export in index order: no sort of every published
// figure before the first row, whatever the statistics say.
func TestExportNeedsNoSortAfterImport(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	storetest.LoadSynthetic(t, db, synth.Config{Figures: 1500, Series: 40, Seed: 5})
	plan, err := db.ExportPlanForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range plan {
		if strings.Contains(step, "TEMP B-TREE") {
			t.Errorf("the export sorts: %q", plan)
		}
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
}
