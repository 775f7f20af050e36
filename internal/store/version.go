package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"
)

// The dataset version, which keys caches and ETags, and reads at one
// version: ReadAtVersion, through which a download's rows and the version
// that labels them come from one state of the database.

// ReadAtVersion calls fn with a context in which every read of this DB —
// DatasetVersion among them — sees one and the same state of the database,
// and with the dataset version of that state. A response labelled with
// version (its ETag, its file name, its cache key) then holds the data of
// that version and no other. (Reading the version apart from the data,
// before or after it, labels one dataset with another's number whenever a
// publish comes between; read after, old data goes out under the new
// version, and clients keep it, answered 304, until the next publish.)
// Inside fn, ctx is for one goroutine at a time, and fn must not start a
// read while the rows of another are open (one connection serves them).
// A ReadAtVersion inside another is the outer one.
func (db *DB) ReadAtVersion(ctx context.Context, fn func(ctx context.Context, version int64) error) error {
	if r, ok := db.versionRead(ctx); ok {
		return fn(ctx, r.version)
	}
	db.dataReads.Add(1)
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		// READ COMMITTED would give each statement a snapshot of its own.
		opts.Isolation = sql.LevelRepeatableRead
	}
	// On SQLite (WAL) the transaction's snapshot is taken at its first read
	// and held until it ends, so every statement sees the same commit.
	tx, err := db.reader(ctx).BeginTxx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: read at a version: %w", err)
	}
	defer tx.Rollback()
	r := &versionRead{db: db, tx: tx}
	if err := on(tx).get(ctx, &r.version, datasetVersionQuery); err != nil {
		return fmt.Errorf("store: dataset version: %w", err)
	}
	if w := db.watch.Load(); w != nil {
		w.observe(r.version) // so that memory never answers older
	}
	return fn(context.WithValue(ctx, versionReadKey{}, r), r.version)
}

type versionReadKey struct{}

// versionRead is the transaction of a ReadAtVersion, the DB it reads and
// its version.
type versionRead struct {
	db      *DB
	tx      *sqlx.Tx
	version int64
}

// versionRead is the ReadAtVersion of this DB that ctx is in, if any: a
// context in another DB's read does not carry this one's reads into it.
func (db *DB) versionRead(ctx context.Context) (*versionRead, bool) {
	r, ok := ctx.Value(versionReadKey{}).(*versionRead)
	if !ok || r.db != db {
		return nil, false
	}
	return r, true
}

// readerOf is what a read with ctx goes through: the transaction of the
// ReadAtVersion it is in, or else the pool reader gives.
func (db *DB) readerOf(ctx context.Context) sqlx.ExtContext {
	db.dataReads.Add(1)
	if r, ok := db.versionRead(ctx); ok {
		return r.tx
	}
	return db.reader(ctx)
}

// ReadStats counts the reads a DB has started since it was opened.
type ReadStats struct {
	// Data is the queries of pages, downloads, forms and commands, one per
	// statement, and each ReadAtVersion.
	Data int64
	// Version is the dataset version asked of the database because memory
	// could not answer for it (see watch.go).
	Version int64
}

// ReadStats reports how many reads db has started: for /metrics, where a
// cache that works shows as requests without reads, and for the tests
// that hold a cached response to answering without any.
func (db *DB) ReadStats() ReadStats {
	return ReadStats{Data: db.dataReads.Load(), Version: db.versionReads.Load()}
}

const datasetVersionQuery = "SELECT value FROM counters WHERE name = 'dataset_version'"

// DatasetVersion is bumped by every publish, retraction and import that
// changes what the public sees. It keys caches and ETags. It comes from
// memory while the version watch is live and fresh, and from the database
// otherwise (see watch.go); with a read replica, from the replica.
func (db *DB) DatasetVersion(ctx context.Context) (int64, error) {
	if r, ok := db.versionRead(ctx); ok {
		return r.version, nil // the version of the ReadAtVersion ctx is in
	}
	w := db.watching()
	if w != nil {
		if v, ok := w.current(); ok {
			return v, nil
		}
	}
	db.versionReads.Add(1)
	if w != nil {
		// Recorded, so that memory cannot answer with a value older than
		// one already given out, and confirmed, so that the requests after
		// this one need not read it again.
		v, err := w.readCounter(ctx, db.reader(ctx))
		if err != nil {
			return 0, fmt.Errorf("store: dataset version: %w", err)
		}
		return v, nil
	}
	var v int64
	if err := on(db.reader(ctx)).get(ctx, &v, datasetVersionQuery); err != nil {
		return 0, fmt.Errorf("store: dataset version: %w", err)
	}
	return v, nil
}

// bumpDatasetVersion marks the public dataset as changed, once per
// transaction, and keeps the new value for InTx to record after the
// commit. On PostgreSQL it also announces the new value to listening
// servers; PostgreSQL delivers the notification at commit, and never for
// a transaction rolled back.
func (tx *Tx) bumpDatasetVersion(ctx context.Context) error {
	if tx.bumped {
		return nil
	}
	const bump = "UPDATE counters SET value = value + 1 WHERE name = 'dataset_version' RETURNING value"
	var v int64
	if err := tx.getAside(ctx, &v, bump); err != nil { // the counters are never buffered
		return fmt.Errorf("store: bump dataset version: %w", err)
	}
	if tx.db.dialect != Postgres {
		tx.bumped, tx.version = true, v
		return nil
	}
	if _, err := tx.execAside(ctx, "SELECT pg_notify('"+versionChannel+"', ?)", strconv.FormatInt(v, 10)); err != nil {
		return fmt.Errorf("store: announce dataset version: %w", err)
	}
	tx.bumped, tx.version = true, v
	return nil
}
