package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// twoServers opens the same fresh PostgreSQL database twice, as two app
// servers do, and returns both and the database's URL. Their version
// watches read the counter once a day (and memory never goes stale), so
// that a change seen in time was announced, not read.
func twoServers(t *testing.T) (a, b *store.DB, dsn string) {
	t.Helper()
	dsn = storetest.PostgresDSN(t) // skips without TRACKER_TEST_POSTGRES
	a, b = sameDatabase(t, dsn)
	for _, db := range []*store.DB{a, b} {
		store.SetVersionWatch(db, 24*time.Hour, 48*time.Hour, nil)
	}
	return a, b, dsn
}

// eventually polls cond every 5 ms for up to 5 s: a bound on how long a
// notification may take to arrive on a loaded machine, not a speed test.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
	}
}

// versionOf returns db's dataset version and fails the test if it is older
// than the last one seen through *last.
func versionOf(t *testing.T, db *store.DB, last *int64) int64 {
	t.Helper()
	v, err := db.DatasetVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v < *last {
		t.Fatalf("dataset version went back from %d to %d", *last, v)
	}
	*last = v
	return v
}

// live starts db's version listener and waits until it answers from memory.
func live(t *testing.T, db *store.DB) {
	t.Helper()
	if _, err := db.DatasetVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "listener live", func() bool { return store.ListenerLive(db) })
}

func TestDatasetVersionReachesTheOtherServer(t *testing.T) {
	a, b, _ := twoServers(t)
	storetest.Orgs(t, a, "IOM", "UNHCR", "The News")
	live(t, a)
	live(t, b)
	var lastA, lastB int64
	start := versionOf(t, a, &lastA)

	save(t, b, figure(1, "IOM"), domain.StatusPublished)
	if got := versionOf(t, b, &lastB); got != start+1 {
		t.Errorf("the writing server's own version after its publish: %d, want %d at once", got, start+1)
	}
	eventually(t, "A sees B's publish", func() bool { return versionOf(t, a, &lastA) == start+1 })

	// A transaction rolled back bumps nothing, on the writer or elsewhere.
	err := b.InTx(context.Background(), "tester", func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(context.Background(), series("returns"), domain.ActionImport, true)
		if err != nil {
			return err
		}
		if _, _, err := tx.ImportFigure(context.Background(), s, figure(2, "UNHCR"), domain.StatusPublished); err != nil {
			return err
		}
		return errors.New("changed my mind")
	})
	if err == nil {
		t.Fatal("the transaction was not rolled back")
	}
	if got := versionOf(t, b, &lastB); got != start+1 {
		t.Errorf("version after a rollback: %d, want %d", got, start+1)
	}

	save(t, a, figure(3, "UNHCR"), domain.StatusPublished)
	if got := versionOf(t, a, &lastA); got != start+2 {
		t.Errorf("A's own version after its publish: %d, want %d at once", got, start+2)
	}
	eventually(t, "B sees A's publish", func() bool { return versionOf(t, b, &lastB) == start+2 })
	if !store.ListenerLive(a) || !store.ListenerLive(b) {
		t.Error("a listener went down during the test")
	}
}

// TestDatasetVersionAfterListenerLost kills the listener's connection, as a
// database restart or a network failure would, and changes the data while
// it is away.
func TestDatasetVersionAfterListenerLost(t *testing.T) {
	a, b, _ := twoServers(t)
	storetest.Orgs(t, a, "IOM", "UNHCR", "The News")
	ctx := context.Background()
	live(t, a)
	var last int64
	start := versionOf(t, a, &last)
	pid := store.ListenerPID(a)

	release := holdListener(t, a)
	if err := b.ExecForTest(ctx, "SELECT pg_terminate_backend(?)", int64(pid)); err != nil {
		t.Fatal(err)
	}
	eventually(t, "A notices its listener is gone", func() bool { return !store.ListenerLive(a) })

	// Without the listener, A asks the database: a change is seen at once.
	save(t, b, figure(1, "IOM"), domain.StatusPublished)
	if got := versionOf(t, a, &last); got != start+1 {
		t.Errorf("version with the listener down: %d, want %d", got, start+1)
	}
	// A change that nobody on A asks about before the listener is back: it
	// was announced while A was not listening, so only the read after
	// LISTEN can bring it.
	save(t, b, figure(2, "UNHCR"), domain.StatusPublished)

	release()
	eventually(t, "the listener reconnects", func() bool { return store.ListenerLive(a) })
	if got := store.ListenerPID(a); got == pid {
		t.Errorf("listener still on backend %d, which was terminated", pid)
	}
	if got := versionOf(t, a, &last); got != start+2 {
		t.Errorf("version from the reconnected listener: %d, want %d", got, start+2)
	}
	save(t, b, figure(3, "UNHCR"), domain.StatusPublished)
	eventually(t, "A hears of changes again", func() bool { return versionOf(t, a, &last) == start+3 })
}

// holdListener keeps db's listener away until release; the test's end
// releases it too.
func holdListener(t *testing.T, db *store.DB) (release func()) {
	done := false
	r := store.HoldListener(db)
	release = func() {
		if !done {
			done = true
			r()
		}
	}
	t.Cleanup(release)
	return release
}

func TestListenerStopsWithTheDB(t *testing.T) {
	a, _, dsn := twoServers(t)
	live(t, a)
	pid := store.ListenerPID(a)
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	admin, err := sqlx.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	eventually(t, "the listener's backend ends", func() bool {
		var n int
		if err := admin.Get(&n, "SELECT count(*) FROM pg_stat_activity WHERE pid = $1", int64(pid)); err != nil {
			t.Fatal(err)
		}
		return n == 0
	})
}

// TestNoListenerWithReplica: a hot standby sends no notifications, so a
// server reading from a replica stops listening and asks the replica.
func TestNoListenerWithReplica(t *testing.T) {
	a, _, dsn := twoServers(t)
	live(t, a)
	if err := a.UseReadReplica(context.Background(), dsn); err != nil {
		t.Fatal(err)
	}
	if store.ListenerLive(a) || store.ListenerPID(a) != 0 {
		t.Error("still listening with a read replica")
	}
	if _, err := a.DatasetVersion(store.PublicRead(context.Background())); err != nil {
		t.Fatal(err)
	}
	if store.ListenerLive(a) {
		t.Error("listening again after a public read")
	}

	// SQLite has no notifications: its watch reads the counter.
	db := storetest.SQLite(t)
	if _, err := db.DatasetVersion(context.Background()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the SQLite watch is live", func() bool { return store.ListenerLive(db) })
	if store.ListenerPID(db) != 0 {
		t.Error("SQLite listens")
	}
}
