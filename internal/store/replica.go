package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// A PostgreSQL installation may send the public side's reads to a read
// replica. Which reads those are is decided per request, not per query: the
// web layer marks the context of every public request with PublicRead, and
// every read made with such a context — the page's data and the dataset
// version that keys its cache and ETag alike — goes to the replica. Staff
// pages, sessions, sign-in throttling and every write never carry the mark
// and stay on the primary.
//
// Reading the version from the same replica as the data is what keeps the
// render cache honest: a replica applies the primary's transactions in
// commit order, and a publish bumps the version in the same transaction that
// changes the figures, so a page built after reading version N from the
// replica has at least the data of version N. Had the version come from the
// primary, a lagging replica could fill the cache with old data under the
// new version, and it would stay there until the next publish.

type publicReadKey struct{}

// PublicRead marks ctx as a public, read-only request: reads made with it
// may be served by the read replica, which can lag the primary.
func PublicRead(ctx context.Context) context.Context {
	return context.WithValue(ctx, publicReadKey{}, true)
}

// UseReadReplica connects a second PostgreSQL pool, a streaming replica of
// this database (or the primary itself), for reads made with a PublicRead
// context. Call it once, before the DB is used. SQLite has no replicas: its
// read pool already reads the same file.
func (db *DB) UseReadReplica(ctx context.Context, dsn string) error {
	if db.dialect != Postgres {
		return errors.New("store: a read replica needs PostgreSQL; SQLite reads its own file through a read-only pool already")
	}
	if !IsPostgres(dsn) {
		return fmt.Errorf("store: read replica %q is not a postgres:// URL", Redact(dsn))
	}
	if db.replica != nil {
		return errors.New("store: a read replica is set already")
	}
	r, err := sqlx.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("store: open read replica: %w", err)
	}
	r.SetMaxOpenConns(20)
	r.SetMaxIdleConns(10)
	r.SetConnMaxIdleTime(5 * time.Minute)
	if err := r.PingContext(ctx); err != nil {
		r.Close()
		return fmt.Errorf("store: connect to read replica %s: %w", redact(dsn), err)
	}
	// The version must now come from the replica, which sends no
	// notifications: stop listening to the primary.
	db.stopWatch()
	db.replica = r
	return nil
}

// HasReadReplica reports whether public reads go to a read replica
// (UseReadReplica).
func (db *DB) HasReadReplica() bool { return db != nil && db.replica != nil }

// reader is the pool a read with ctx goes to: the replica for a public
// request when there is one, the read pool otherwise.
func (db *DB) reader(ctx context.Context) *sqlx.DB {
	if db.replica != nil && ctx.Value(publicReadKey{}) != nil {
		return db.replica
	}
	return db.read
}
