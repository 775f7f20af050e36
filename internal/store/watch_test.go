package store_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// stoppedClock is a version watch's clock that moves only when told.
type stoppedClock struct{ at atomic.Int64 }

func (c *stoppedClock) now() time.Duration   { return time.Duration(c.at.Load()) }
func (c *stoppedClock) pass(d time.Duration) { c.at.Add(int64(d)) }

// sameDatabase opens the database at dsn twice, migrated, as two servers
// (or a server and a `tracker import`) do.
func sameDatabase(t *testing.T, dsn string) (a, b *store.DB) {
	t.Helper()
	open := func() *store.DB {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return db
	}
	a = open()
	return a, open()
}

// eachDialect runs fn on a fresh SQLite file, and on a fresh PostgreSQL
// database when TRACKER_TEST_POSTGRES is set.
func eachDialect(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, storetest.SQLiteDSN(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, storetest.PostgresDSN(t)) })
}

// The version watch's promise, on a stopped clock: memory answers while
// the read that confirmed it is fresh; a publish of this process shows at
// once; a change of another process that the watch has not read (a
// `tracker import`, a second server, on PostgreSQL a notification lost)
// shows as soon as memory is older than MaxStale, because the request
// then reads the counter itself; and that read confirms memory for the
// requests after it.
func TestDatasetVersionFreshness(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := sameDatabase(t, dsn)
		storetest.Orgs(t, a, "IOM", "UNHCR", "The News")
		clock := &stoppedClock{}
		clock.pass(time.Hour)
		// The watch reads once as it starts, then not for a day: only the
		// requests' own reads can bring another process's change.
		store.SetVersionWatch(a, 24*time.Hour, store.MaxStale, clock.now)
		var last int64
		start := versionOf(t, a, &last)
		eventually(t, "the watch is live", func() bool { return store.ListenerLive(a) })
		reads := a.ReadStats().Version

		// This process's publish: the next request has it, from memory.
		save(t, a, figure(1, "IOM"), domain.StatusPublished)
		if got := versionOf(t, a, &last); got != start+1 {
			t.Errorf("after this server's publish: %d, want %d", got, start+1)
		}
		// Another process's change, which nothing announces: on PostgreSQL
		// the counter bumped without pg_notify, as a lost notification.
		if err := b.ExecForTest(ctx, "UPDATE counters SET value = value + 1 WHERE name = 'dataset_version'"); err != nil {
			t.Fatal(err)
		}
		clock.pass(store.MaxStale / 2)
		if got := versionOf(t, a, &last); got != start+1 {
			t.Errorf("memory half of MaxStale old answered %d, want %d from memory", got, start+1)
		}
		if got := a.ReadStats().Version; got != reads {
			t.Errorf("%d version reads while memory was fresh, want none", got-reads)
		}
		clock.pass(store.MaxStale/2 + time.Millisecond)
		if got := versionOf(t, a, &last); got != start+2 {
			t.Errorf("memory older than MaxStale answered %d, want the other process's %d", got, start+2)
		}
		if got := a.ReadStats().Version; got != reads+1 {
			t.Errorf("%d version reads once memory was stale, want 1", got-reads)
		}
		if got := versionOf(t, a, &last); got != start+2 || a.ReadStats().Version != reads+1 {
			t.Errorf("the request after the read: %d with %d reads, want %d from memory", got, a.ReadStats().Version-reads, start+2)
		}

		// b, whose watch has never run, reads the counter and has both.
		var lastB int64
		if got := versionOf(t, b, &lastB); got != start+2 {
			t.Errorf("the other server: %d, want %d", got, start+2)
		}
	})
}

// The watch reads the counter by itself: another process's change reaches
// memory with no request reading it. On SQLite, a watch held from reading
// lets memory go stale rather than answer old (on PostgreSQL the hold
// keeps a lost listener from connecting again:
// TestDatasetVersionAfterListenerLost).
func TestDatasetVersionWatchReadsOnItsOwn(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := sameDatabase(t, dsn)
		clock := &stoppedClock{}
		clock.pass(time.Hour)
		store.SetVersionWatch(a, time.Millisecond, store.MaxStale, clock.now)
		var last int64
		start := versionOf(t, a, &last)
		eventually(t, "the watch is live", func() bool { return store.ListenerLive(a) })
		reads := a.ReadStats().Version
		if err := b.ExecForTest(ctx, "UPDATE counters SET value = value + 1 WHERE name = 'dataset_version'"); err != nil {
			t.Fatal(err)
		}
		// The clock stands still: memory stays fresh, so only the watch's
		// reads can bring the change.
		eventually(t, "the watch reads the other process's change", func() bool { return versionOf(t, a, &last) == start+1 })
		if got := a.ReadStats().Version; got != reads {
			t.Errorf("%d version reads by requests, want none: the watch read it", got-reads)
		}

		release := holdListener(t, a)
		time.Sleep(50 * time.Millisecond) // a read under way when held ends
		if err := b.ExecForTest(ctx, "UPDATE counters SET value = value + 1 WHERE name = 'dataset_version'"); err != nil {
			t.Fatal(err)
		}
		clock.pass(store.MaxStale + time.Millisecond)
		if got := versionOf(t, a, &last); got != start+2 {
			t.Errorf("with the watch held and memory stale: %d, want %d", got, start+2)
		}
		release()
	})
}

// Close stops the watch: no goroutine or connection outlives the DB, and
// a closed DB does not start another.
func TestDatasetVersionWatchStopsWithTheDB(t *testing.T) {
	db := storetest.SQLite(t)
	if _, err := db.DatasetVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the watch is live", func() bool { return store.ListenerLive(db) })
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if store.ListenerLive(db) {
		t.Error("the watch is live after Close")
	}
	if _, err := db.DatasetVersion(context.Background()); err == nil {
		t.Error("a closed DB answered the dataset version")
	}
	if store.ListenerLive(db) {
		t.Error("a closed DB started a watch")
	}
}
