package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/displacement-tracker/tracker/internal/domain"
)

func init() { sqlx.BindDriver("sqlite", sqlx.QUESTION) }

// Dialect names the database behind a DB.
type Dialect string

// Dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the store. SQLite gets one writer connection (so writers queue in Go,
// not in SQLITE_BUSY) and a separate pool of read-only connections;
// PostgreSQL uses one pool for both.
type DB struct {
	dialect Dialect
	write   *sqlx.DB
	read    *sqlx.DB
	replica *sqlx.DB // PostgreSQL only, optional: public reads (see replica.go)
	now     func() time.Time

	// The dataset version kept in memory by a watch started on first use
	// (see watch.go); dsn is what the watch connects to.
	dsn                   string
	watch                 atomic.Pointer[versionWatch]
	watchMu               sync.Mutex
	watchOff              bool // closed, or reading from a replica: never watch
	watchPoll, watchStale time.Duration
	watchClock            func() time.Duration // nil: the real one; tests stop it

	dataReads, versionReads atomic.Int64 // see ReadStats
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database that dsn names: a postgres:// URL, or a SQLite file
// path (created if missing). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, strings.TrimPrefix(dsn, "sqlite:"))
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	db, err := sqlx.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to postgres %s: %w", redact(dsn), err)
	}
	return &DB{dialect: Postgres, write: db, read: db, now: time.Now, dsn: dsn, watchPoll: pollEvery, watchStale: maxStale}, nil
}

// sqlitePragmas are set on every connection through the DSN: a PRAGMA run
// with Exec would reach one pooled connection only. busy_timeout comes first
// so that setting WAL on a busy file waits instead of failing.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(ON)"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("store: empty database path")
	}
	file := "file:" + (&url.URL{Path: path}).EscapedPath()
	// The writer gets a 64 MB page cache: imports look up random keys in
	// large indexes, and the default 2 MB makes every lookup a disk read.
	w, err := sqlx.Open("sqlite", file+"?"+sqlitePragmas+"&_pragma=cache_size(-65536)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	// Readers map the file into memory (up to 2 GB, SQLite's own ceiling):
	// a full export's joins touch source pages all over a large database,
	// and a mapped page costs no read call and no copy. A million-figure
	// export went from 22 s to 15 s of reading with it.
	readOnly := file + "?" + sqlitePragmas + "&_pragma=query_only(1)"
	r, err := sqlx.Open("sqlite", readOnly+"&_pragma=mmap_size(2147418112)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{dialect: SQLite, write: w, read: r, now: time.Now, dsn: readOnly, watchPoll: pollEvery, watchStale: maxStale}, nil
}

// SetWriteCache sets the SQLite writer's page cache to mib MiB (the default
// is 64). One import is one transaction, and every page it changes stays
// dirty until the commit: when the cache cannot hold the pages of the
// indexes it writes at random places, SQLite writes them to the log and
// reads them back again and again. A no-op on PostgreSQL.
func (db *DB) SetWriteCache(ctx context.Context, mib int) error {
	if db.dialect != SQLite {
		return nil
	}
	// The writer pool has exactly one connection that is never closed, so
	// the setting stays with it.
	if _, err := db.writer().exec(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -mib*1024)); err != nil {
		return fmt.Errorf("store: cache size: %w", err)
	}
	return nil
}

// Close stops the version watch and closes the pools.
func (db *DB) Close() error {
	db.stopWatch()
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	if db.replica != nil {
		err = errors.Join(err, db.replica.Close())
	}
	return err
}

// Dialect reports which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Ping checks that the database answers, and the read replica too when
// there is one; /healthz uses it.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return err
	}
	if db.replica != nil {
		if err := db.replica.PingContext(ctx); err != nil {
			return fmt.Errorf("read replica: %w", err)
		}
	}
	return nil
}

// Checkpoint folds SQLite's write-ahead log back into the database file so
// that it does not grow while readers are busy. A no-op on PostgreSQL.
func (db *DB) Checkpoint(ctx context.Context) error {
	if db.dialect != SQLite {
		return nil
	}
	_, err := db.writer().exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return err
}

// Tx is a write transaction. Every change made through it appends a
// revision naming Actor.
type Tx struct {
	tx    *sqlx.Tx
	db    *DB
	actor string
	now   time.Time
	// Caches of what this transaction has resolved, so that an import of many
	// rows naming the same source looks it up once.
	orgs        *orgIndex        // alias keys and organisations, once read
	orgDir      *domain.OrgIndex // organisations to propose for unknown words, once read
	createOrgs  bool             // create organisations for words that name none
	createdOrgs []domain.OrgRef  // the organisations it created for such words
	sources     map[string]*domain.Source
	series      map[string]*domain.Series
	stmts       map[string]*sqlx.Stmt
	lastHash    *string // the revision chain's head, once read
	bumped      bool
	version     int64 // the dataset version this transaction bumped to, for InTx to record
	// rows takes the new sources, figures and revisions: straight to the
	// tables, or, in an import, to a buffer (batch.go).
	rows rowWriter
}

// ImportTx is the transaction of a bulk import: a Tx whose new sources,
// figures and revisions are buffered and written in batches, with the
// lookups an import makes ahead of its rows (batch.go, prefetch.go). Only
// imports carry that state.
type ImportTx struct {
	*Tx
	bulk *bulk
}

// InTx runs fn in one write transaction as actor: committed if fn returns
// nil, rolled back otherwise — nothing is half-written.
func (db *DB) InTx(ctx context.Context, actor string, fn func(*Tx) error) error {
	return db.inTx(ctx, actor, direct{}, fn)
}

// InImportTx is InTx for a bulk import.
func (db *DB) InImportTx(ctx context.Context, actor string, fn func(*ImportTx) error) error {
	b := newBulk()
	return db.inTx(ctx, actor, b, func(tx *Tx) error { return fn(&ImportTx{Tx: tx, bulk: b}) })
}

func (db *DB) inTx(ctx context.Context, actor string, rows rowWriter, fn func(*Tx) error) error {
	if actor == "" {
		return errors.New("store: a write needs an actor")
	}
	sqltx, err := db.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	// A panic in fn must not leave the transaction open: on SQLite it holds
	// the one writer, and every later write would wait for it.
	committed := false
	defer func() {
		if !committed {
			sqltx.Rollback()
		}
	}()
	tx := &Tx{
		tx: sqltx, db: db, actor: actor, now: db.now().UTC().Truncate(time.Microsecond),
		sources: map[string]*domain.Source{}, series: map[string]*domain.Series{},
		stmts: map[string]*sqlx.Stmt{}, rows: rows,
	}
	err = fn(tx)
	if err == nil {
		err = rows.flush(ctx, tx)
	}
	if err != nil {
		sqltx.Rollback()
		return err
	}
	committed = true // a failed commit has ended the transaction too
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	// This server sees its own change at once; the others hear of it from
	// the notification sent at commit, or read it (watch.go).
	if w := db.watch.Load(); w != nil && tx.version > 0 {
		w.observe(tx.version)
	}
	return nil
}

// notFound turns sql.ErrNoRows into a domain ENOTFOUND error.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Errorf(domain.ENOTFOUND, format, args...)
	}
	return err
}

// redact hides a password in a connection URL for messages and logs.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}

// Redact hides the password in a postgres:// URL; file paths pass through.
func Redact(dsn string) string {
	if IsPostgres(dsn) {
		return redact(dsn)
	}
	return dsn
}

// sqlTx is a plain sqlx transaction, for writes outside the revisioned record.
type sqlTx = sqlx.Tx

// IsEmpty reports whether the database holds no series, figures or events
// at all: a fresh install, where the server loads the demo dataset.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.get(ctx, &n, "SELECT (SELECT count(*) FROM series) + (SELECT count(*) FROM figures) + (SELECT count(*) FROM events)")
	if err != nil {
		return false, fmt.Errorf("store: is empty: %w", err)
	}
	return n == 0, nil
}
