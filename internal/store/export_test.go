package store

import (
	"context"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// ExecForTest runs raw SQL on the writer, for tests that must try what the
// application never does (altering a revision).
func (db *DB) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, db.write.Rebind(query), args...)
	return err
}

// SetMaxCachedSources lowers the bound on the sources a transaction
// remembers, so that a test can import past it with a few rows.
func SetMaxCachedSources(n int) (restore func()) {
	old := maxCachedSources
	maxCachedSources = n
	return func() { maxCachedSources = old }
}

// ExportPlanForTest is SQLite's plan for the full export's query.
func (db *DB) ExportPlanForTest(ctx context.Context) ([]string, error) {
	return db.PlanForTest(ctx, "SELECT "+figureColumns+" FROM public_figures_by_series ORDER BY series_slug, as_of, id")
}

// PlanForTest is SQLite's plan for query.
func (db *DB) PlanForTest(ctx context.Context, query string) ([]string, error) {
	var plan []struct {
		ID      int    `db:"id"`
		Parent  int    `db:"parent"`
		NotUsed int    `db:"notused"`
		Detail  string `db:"detail"`
	}
	err := db.read.SelectContext(ctx, &plan, "EXPLAIN QUERY PLAN "+query)
	var out []string
	for _, p := range plan {
		out = append(out, p.Detail)
	}
	return out, err
}

// ListenerLive reports whether db answers DatasetVersion from memory (when
// fresh): its watch is running and, on PostgreSQL, LISTENing.
func ListenerLive(db *DB) bool {
	w := db.watch.Load()
	return w != nil && w.live.Load()
}

// ListenerPID is the backend process of db's version listener, started if
// need be; 0 before it first connects, and on SQLite.
func ListenerPID(db *DB) uint32 {
	if w := db.watching(); w != nil {
		return w.pid.Load()
	}
	return 0
}

// HoldListener keeps db's version watch from connecting again (PostgreSQL)
// or reading again (SQLite) until release is called, so that a test can
// change data while it is away.
func HoldListener(db *DB) (release func()) {
	w := db.watching()
	ch := make(chan struct{})
	w.hold.Store(&ch)
	return func() {
		w.hold.Store(nil)
		close(ch)
	}
}

// SetVersionWatch sets how often db's version watch reads the counter, how
// long memory answers after a read, and the watch's clock (nil: the real
// one), before the watch first runs.
func SetVersionWatch(db *DB, poll, stale time.Duration, clock func() time.Duration) {
	db.watchMu.Lock()
	defer db.watchMu.Unlock()
	if db.watch.Load() != nil {
		panic("store: SetVersionWatch after the watch started")
	}
	db.watchPoll, db.watchStale, db.watchClock = poll, stale, clock
}

// MaxStale is how long after the read that confirmed it memory answers for
// the dataset version.
const MaxStale = maxStale

// CountForTest counts the rows of table (or view) read inside tx, as any
// statement of the transaction reads.
func (tx *Tx) CountForTest(ctx context.Context, table string) (int, error) {
	var n int
	err := tx.get(ctx, &n, "SELECT count(*) FROM "+table)
	return n, err
}

// MigrateTo applies the migrations up to version last only, so that a test
// can fill a database as an older release wrote it and then migrate it.
func (db *DB) MigrateTo(ctx context.Context, last int) (int, error) { return db.migrateTo(ctx, last) }

// RevisionHashForTest is the chain hash of r after prev, for revisions a
// test writes as an older release did.
func RevisionHashForTest(prev string, r domain.Revision) string { return revisionHash(prev, r) }

// GetForTest reads one row of raw SQL on the writer into dest.
func (db *DB) GetForTest(ctx context.Context, dest any, query string, args ...any) error {
	return db.write.GetContext(ctx, dest, db.write.Rebind(query), args...)
}
