package store

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
)

// Every public request keys its cache and ETag by the dataset version, so
// asking the database for it on each request would cost a cached page more
// than its bytes: on SQLite a read through the pool, on PostgreSQL a round
// trip. So each DB keeps the version in memory, and keeps it fresh:
//
//   - A write in this process bumps the version with RETURNING and records
//     the new value as soon as its commit returns (InTx): the next request
//     of this server sees it.
//   - Another process's change (a `tracker import`, a second server on the
//     same SQLite file or the same PostgreSQL database) is found by a read
//     of the counter every pollEvery, on a connection of the watch's own,
//     so that a pool busy with downloads does not delay it. On PostgreSQL
//     the watch also LISTENs, and hears of a commit within milliseconds
//     (listener.go); the reads are what bound the wait when a notification
//     is lost.
//   - Memory answers only while the newest read that confirmed it began
//     less than maxStale ago. Past that — the watch stalled, its
//     connection lost, the machine too busy to run it — DatasetVersion
//     reads the counter itself, as it did before there was a watch, and
//     that read confirms memory again for the requests that follow.
//
// So a change committed anywhere is visible to every request that starts
// more than maxStale after the commit: within a second.
//
// With a PostgreSQL read replica there is no watch: the version must come
// from the same replica as the data (replica.go), and is read from it.
const (
	pollEvery = 250 * time.Millisecond
	maxStale  = 750 * time.Millisecond
)

// watchEpoch is the origin of the watch's clock: durations since it are
// monotonic, and fit an atomic.
var watchEpoch = time.Now()

// versionWatch holds the newest dataset version seen and when it was last
// confirmed by a read of the counter; its goroutine keeps both fresh.
type versionWatch struct {
	value     atomic.Int64 // the newest version seen; only ever grows
	confirmed atomic.Int64 // when the newest confirming read began (watch clock)
	live      atomic.Bool  // running, and (PostgreSQL) LISTENing; value read since
	pid       atomic.Uint32
	hold      atomic.Pointer[chan struct{}]

	poll, stale time.Duration
	clock       func() time.Duration // time since watchEpoch; tests stop it
	cancel      context.CancelFunc
	done        chan struct{}
}

func newVersionWatch(poll, stale time.Duration, clock func() time.Duration) *versionWatch {
	if clock == nil {
		clock = func() time.Duration { return time.Since(watchEpoch) }
	}
	return &versionWatch{poll: poll, stale: stale, clock: clock, done: make(chan struct{})}
}

// start runs watch in the background until stop.
func (w *versionWatch) start(watch func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go func() {
		defer close(w.done)
		watch(ctx)
	}()
}

// stop ends the watch and waits for its goroutine to return.
func (w *versionWatch) stop() {
	w.cancel()
	<-w.done
}

// current returns the version when memory may answer for it: the watch is
// live and was confirmed less than stale ago. false means ask the database.
func (w *versionWatch) current() (int64, bool) {
	if !w.live.Load() {
		return 0, false
	}
	// confirmed is stored after value (confirm): a confirmation seen here
	// comes with a value at least as new as the read that made it.
	if w.clock()-time.Duration(w.confirmed.Load()) > w.stale {
		return 0, false
	}
	return w.value.Load(), true
}

// observe records a version read or announced, keeping the largest, and
// returns the largest. Notifications can arrive after a read that already
// saw them, and a read can finish after a newer notification: taking the
// maximum keeps the version from ever going backwards.
func (w *versionWatch) observe(v int64) int64 {
	for {
		cur := w.value.Load()
		if v <= cur {
			return cur
		}
		if w.value.CompareAndSwap(cur, v) {
			return v
		}
	}
}

// confirm records v, read from the counter by a read that began at began:
// every commit before began is in v.
func (w *versionWatch) confirm(v int64, began time.Duration) int64 {
	v = w.observe(v)
	for {
		cur := w.confirmed.Load()
		if int64(began) <= cur || w.confirmed.CompareAndSwap(cur, int64(began)) {
			return v
		}
	}
}

// readCounter reads the counter through x and confirms what it read.
func (w *versionWatch) readCounter(ctx context.Context, x sqlx.ExtContext) (int64, error) {
	began := w.clock()
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	var v int64
	if err := on(x).get(ctx, &v, datasetVersionQuery); err != nil {
		return 0, err
	}
	return w.confirm(v, began), nil
}

// pollSQLite reads the counter every poll on conn, a pool of one
// connection of the watch's own, until ctx ends.
func (w *versionWatch) pollSQLite(ctx context.Context, conn *sqlx.DB) {
	defer conn.Close()
	for {
		if h := w.hold.Load(); h != nil {
			select {
			case <-*h:
			case <-ctx.Done():
				return
			}
		}
		if _, err := w.readCounter(ctx, conn); err == nil {
			w.live.Store(true)
		}
		// A failed read leaves memory to go stale: requests then read the
		// counter themselves, and meet the error if it lasts.
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.poll):
		}
	}
}

// watching returns the running watch, starting it on first use; nil means
// read the database (a read replica, a closed DB, or a watch that could
// not start).
func (db *DB) watching() *versionWatch {
	if w := db.watch.Load(); w != nil {
		return w
	}
	db.watchMu.Lock()
	defer db.watchMu.Unlock()
	if db.watchOff {
		return nil
	}
	if w := db.watch.Load(); w != nil {
		return w
	}
	w := newVersionWatch(db.watchPoll, db.watchStale, db.watchClock)
	watch := func(ctx context.Context) { w.listen(ctx, db.dsn) }
	if db.dialect != Postgres {
		conn, err := sqlx.Open("sqlite", db.dsn)
		if err != nil {
			return nil
		}
		conn.SetMaxOpenConns(1)
		watch = func(ctx context.Context) { w.pollSQLite(ctx, conn) }
	}
	// Stored before it starts: a commit that lands while the watch's first
	// read is under way must find it, to record its version (InTx), or the
	// read could confirm a value older than that commit.
	db.watch.Store(w)
	w.start(watch)
	return w
}

// stopWatch stops the watch, if one runs, for good: the DB is closing, or
// its public reads move to a replica.
func (db *DB) stopWatch() {
	db.watchMu.Lock()
	defer db.watchMu.Unlock()
	db.watchOff = true
	if w := db.watch.Swap(nil); w != nil {
		w.stop()
	}
}
