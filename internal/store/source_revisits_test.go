package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// StaleSources takes the sources with a copy whose latest visit is older
// than the cut: first those whose latest visit saved the copy (newest
// source first), then the others by their oldest latest visit; a source
// without a copy, or visited since the cut, is left out.
func TestStaleSources(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day := func(d int) time.Time { return time.Date(2025, 5, d, 12, 0, 0, 0, time.UTC) }
		var ids []int64
		for i := range 6 {
			ids = append(ids, newSource(t, db, "https://example.org/report/"+string(rune('a'+i))).ID)
		}
		a, b, c, d, e, noCopy := ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]
		for _, id := range ids[:5] {
			if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: id, URL: "https://example.org/", Status: 200,
				Body: []byte("a page"), FetchedAt: day(1)}, domain.CopyLimits{}); err != nil {
				t.Fatal(err)
			}
		}
		check := func(id int64, at time.Time, o domain.CheckOutcome) {
			t.Helper()
			if err := db.RecordSourceCheck(ctx, domain.SourceCheck{SourceID: id, CheckedAt: at, Outcome: o}); err != nil {
				t.Fatal(err)
			}
		}
		check(noCopy, day(1), domain.OutcomeFailed)
		check(a, day(1), domain.OutcomeSaved) // saved, never revisited
		check(b, day(1), domain.OutcomeSaved)
		check(b, day(3), domain.OutcomeOK) // revisited on the 3rd
		check(c, day(1), domain.OutcomeSaved)
		check(c, day(2), domain.OutcomeGone) // revisited on the 2nd
		check(d, day(1), domain.OutcomeSaved)
		check(d, day(9), domain.OutcomeOK) // visited after the cut
		// e: a copy and no visit recorded (saved before visits were)
		got, err := db.StaleSources(ctx, day(5), 10)
		if want := []int64{e, a, c, b}; err != nil || !slices.Equal(got, want) {
			t.Errorf("stale sources %v, %v; want %v", got, err, want)
		}
		if got, err := db.StaleSources(ctx, day(5), 2); err != nil || !slices.Equal(got, []int64{e, a}) {
			t.Errorf("at most two: %v, %v", got, err)
		}
		if got, err := db.StaleSources(ctx, day(1), 10); err != nil || !slices.Equal(got, []int64{e}) {
			t.Errorf("nothing visited before the 1st but e: %v, %v", got, err)
		}
	})
}

// A claimed source cannot be claimed again until it is released.
func TestClaimSource(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		claimTwice(t, db, db)
	})
}

// On PostgreSQL two handles (two servers) see each other's claims.
func TestClaimSourceAcrossServers(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	open := func() *store.DB {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	one, two := open(), open()
	if _, err := one.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	claimTwice(t, one, two)
}

func claimTwice(t *testing.T, one, two *store.DB) {
	t.Helper()
	ctx := context.Background()
	release, ok, err := one.ClaimSource(ctx, 7)
	if err != nil || !ok {
		t.Fatalf("first claim: %v %v", ok, err)
	}
	if _, ok, err := two.ClaimSource(ctx, 7); err != nil || ok {
		t.Errorf("a claimed source was claimed again: %v %v", ok, err)
	}
	if r8, ok, err := two.ClaimSource(ctx, 8); err != nil || !ok {
		t.Errorf("another source: %v %v", ok, err)
	} else {
		r8()
	}
	release()
	release() // twice is harmless
	r, ok, err := two.ClaimSource(ctx, 7)
	if err != nil || !ok {
		t.Fatalf("claim after release: %v %v", ok, err)
	}
	r()
}
