package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// A kept check is what exports read: current only for the public excerpt
// against the source's latest copy; a pending edit's check never shows,
// and the dataset version moves only when what the public reads changes.
func TestExcerptChecksAreKeptAndJoined(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "Pakistani officials", "The News")
		_, id := save(t, db, figure(857157, "Pakistani officials"), domain.StatusPublished)
		pub, _, err := db.PublicFigure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := pub.Evidence; got.ExcerptStatusOrUnchecked() != domain.ExcerptUnchecked || !got.SavedAt.IsZero() || got.SHA256 != "" {
			t.Errorf("no copy yet: evidence %+v", got)
		}
		pending, err := db.PendingExcerpts(ctx, 10)
		if err != nil || len(pending) != 0 {
			t.Fatalf("pending without a copy = %+v, %v", pending, err)
		}

		saved := time.Date(2025, 4, 26, 8, 30, 0, 0, time.UTC)
		cp, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: pub.Source.ID, URL: pub.Source.URL, Status: 200,
			Body: []byte("<p>857,157 undocumented individuals have already been repatriated.</p>"),
			Text: "857,157 undocumented individuals have already been repatriated.", FetchedAt: saved}, domain.CopyLimits{})
		if err != nil {
			t.Fatal(err)
		}
		pending, err = db.PendingExcerpts(ctx, 10)
		if err != nil || len(pending) != 1 || pending[0].ItemID != id || pending[0].CopyID != cp.ID || pending[0].Excerpt != pub.Excerpt {
			t.Fatalf("pending = %+v, %v", pending, err)
		}
		v0 := version(t, db)
		found := store.KeptExcerptCheck{Kind: store.ExcerptOfFigure, ItemID: id, CopyID: cp.ID, Excerpt: pub.Excerpt, Status: domain.ExcerptFound}
		if n, err := db.RecordExcerptChecks(ctx, []store.KeptExcerptCheck{found}); err != nil || n != 1 {
			t.Fatalf("record: %d %v", n, err)
		}
		if v := version(t, db); v != v0+1 {
			t.Errorf("a new public status: version %d → %d, want a bump", v0, v)
		}
		pub, _, _ = db.PublicFigure(ctx, id)
		if got := pub.Evidence; got.Status != domain.ExcerptFound || !got.SavedAt.Equal(saved) || got.SHA256 != cp.SHA256 {
			t.Errorf("evidence %+v, want found in copy %s of %s", got, cp.SHA256, saved)
		}
		if n, err := db.RecordExcerptChecks(ctx, []store.KeptExcerptCheck{found}); err != nil || n != 0 || version(t, db) != v0+1 {
			t.Errorf("the same result again: changed %d, version %d, %v; want nothing changed", n, version(t, db), err)
		}

		// A pending edit with another excerpt is checked beside the public
		// one; its result is the reviewer's, never the public's.
		edited := figure(900000, "Pakistani officials")
		edited.Excerpt = "900,000 people have left, officials said."
		if err := as(t, db, "ed@example.org", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, false)
			return tx.EditFigure(ctx, id, 0, s, edited)
		}); err != nil {
			t.Fatal(err)
		}
		pending, _ = db.PendingExcerpts(ctx, 10)
		if len(pending) != 1 || pending[0].Excerpt != edited.Excerpt {
			t.Fatalf("pending after an edit = %+v", pending)
		}
		v1 := version(t, db)
		draft := store.KeptExcerptCheck{Kind: store.ExcerptOfFigure, ItemID: id, CopyID: cp.ID, Excerpt: edited.Excerpt,
			Status: domain.ExcerptNotFound}
		if n, err := db.RecordExcerptChecks(ctx, []store.KeptExcerptCheck{draft}); err != nil || n != 1 {
			t.Fatalf("record the edit's check: %d %v", n, err)
		}
		if v := version(t, db); v != v1 {
			t.Errorf("a draft's check moved the dataset version %d → %d", v1, v)
		}
		if pub, _, _ = db.PublicFigure(ctx, id); pub.Evidence.Status != domain.ExcerptFound || pub.Excerpt == edited.Excerpt {
			t.Errorf("public figure reads %q, %s; want the published excerpt, found", pub.Excerpt, pub.Evidence.Status)
		}
		kept, err := db.ExcerptChecksOf(ctx, store.ExcerptOfFigure, []string{id, "no-such"})
		if err != nil || len(kept[id]) != 2 || len(kept) != 1 {
			t.Fatalf("checks of %s = %+v, %v", id, kept, err)
		}
		if pending, _ = db.PendingExcerpts(ctx, 10); len(pending) != 0 {
			t.Errorf("pending after both checks = %+v", pending)
		}

		// A newer copy makes every check stale until it is checked.
		later := saved.Add(48 * time.Hour)
		cp2, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: pub.Source.ID, URL: pub.Source.URL, Status: 200,
			Body: []byte("<p>Page moved.</p>"), Text: "Page moved.", FetchedAt: later}, domain.CopyLimits{})
		if err != nil {
			t.Fatal(err)
		}
		pub, _, _ = db.PublicFigure(ctx, id)
		if got := pub.Evidence; got.Status != domain.ExcerptUnchecked || !got.SavedAt.Equal(later) || got.SHA256 != cp2.SHA256 {
			t.Errorf("after a new copy: evidence %+v, want unchecked against %s", got, cp2.SHA256)
		}
		if pending, _ = db.PendingExcerpts(ctx, 10); len(pending) != 2 {
			t.Errorf("pending after a new copy = %+v, want the public excerpt and the edit's", pending)
		}
		stamps, err := db.LatestCopyStamps(ctx, []int64{pub.Source.ID, pub.Source.ID + 1000})
		if err != nil || len(stamps) != 1 || stamps[pub.Source.ID].CopyID != cp2.ID || !stamps[pub.Source.ID].SavedAt.Equal(later) {
			t.Errorf("latest copy stamps = %+v, %v", stamps, err)
		}
	})
}

func version(t *testing.T, db *store.DB) int64 {
	t.Helper()
	v, err := db.DatasetVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Migration 0013 finds the latest copy of each source saved before it,
// and the trigger keeps it after: a copy saved with an older time (a
// server whose clock is behind) does not displace a later one.
func TestMigration13KeepsTheLatestCopy(t *testing.T) {
	for _, dialect := range []struct {
		name string
		dsn  func(testing.TB) string
	}{{"sqlite", storetest.SQLiteDSN}, {"postgres", storetest.PostgresDSN}} {
		t.Run(dialect.name, func(t *testing.T) {
			ctx := context.Background()
			db, err := store.Open(ctx, dialect.dsn(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			if _, err := db.MigrateTo(ctx, 12); err != nil {
				t.Fatal(err)
			}
			src := newSource(t, db, "https://example.org/report")
			at := time.Date(2025, 4, 20, 9, 0, 0, 0, time.UTC)
			saveAt := func(body string, when time.Time) domain.SourceCopy {
				t.Helper()
				cp, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: src.ID, URL: src.URL, Status: 200, Body: []byte(body),
					Text: body, FetchedAt: when}, domain.CopyLimits{})
				if err != nil {
					t.Fatal(err)
				}
				return cp
			}
			saveAt("first", at)
			second := saveAt("second", at.Add(time.Hour))
			if n, err := db.MigrateTo(ctx, 13); err != nil || n != 1 {
				t.Fatalf("Migrate: %d, %v; want 0013 applied", n, err)
			}
			latest := func() int64 {
				stamps, err := db.LatestCopyStamps(ctx, []int64{src.ID})
				if err != nil {
					t.Fatal(err)
				}
				return stamps[src.ID].CopyID
			}
			if got := latest(); got != second.ID {
				t.Errorf("after the migration the latest copy is %d, want %d", got, second.ID)
			}
			saveAt("late clock", at.Add(30*time.Minute))
			if got := latest(); got != second.ID {
				t.Errorf("a copy with an older time took the latest's place: %d, want %d", got, second.ID)
			}
			third := saveAt("third", at.Add(2*time.Hour))
			if got := latest(); got != third.ID {
				t.Errorf("latest copy %d, want the new %d", got, third.ID)
			}
		})
	}
}
