package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// SavedStates says of each source whether it has a copy and what its
// latest visit was, for a whole list at once.
func TestSavedStates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day := func(d int) time.Time { return time.Date(2025, 5, d, 12, 0, 0, 0, time.UTC) }
		saved := newSource(t, db, "https://example.org/report/saved").ID
		refused := newSource(t, db, "http://169.254.169.254/latest/").ID
		never := newSource(t, db, "https://example.org/report/new").ID
		if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: saved, URL: "https://example.org/", Status: 200,
			Body: []byte("a page"), FetchedAt: day(1)}, domain.CopyLimits{}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []domain.SourceCheck{
			{SourceID: saved, CheckedAt: day(1), Outcome: domain.OutcomeSaved},
			{SourceID: refused, CheckedAt: day(1), Outcome: domain.OutcomeFailed, Detail: "no network"},
			{SourceID: refused, CheckedAt: day(2), Outcome: domain.OutcomeRefused, Detail: "a cloud metadata address"},
		} {
			if err := db.RecordSourceCheck(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.SavedStates(ctx, []int64{saved, refused, never, 999999})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Errorf("%d states, want 3 (an unknown id left out): %+v", len(got), got)
		}
		if g := got[saved]; !g.Saved || g.Last.Outcome != domain.OutcomeSaved {
			t.Errorf("saved source: %+v", g)
		}
		if g := got[refused]; g.Saved || g.Last.Outcome != domain.OutcomeRefused || g.Last.Detail != "a cloud metadata address" || !g.Last.CheckedAt.Equal(day(2)) {
			t.Errorf("refused source: %+v", g)
		}
		if g := got[never]; g.Saved || !g.Last.CheckedAt.IsZero() {
			t.Errorf("never visited: %+v", g)
		}
		if got, err := db.SavedStates(ctx, nil); err != nil || len(got) != 0 {
			t.Errorf("no ids: %v, %v", got, err)
		}
	})
}
