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

	// PostgreSQL without a replica: the dataset version kept in memory by
	// a listener started on first use (see listener.go).
	dsn       string
	listener  atomic.Pointer[versionListener]
	listenMu  sync.Mutex
	listenOff bool // closed, or reading from a replica: never listen
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
	return &DB{dialect: Postgres, write: db, read: db, now: time.Now, dsn: dsn}, nil
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
	r, err := sqlx.Open("sqlite", file+"?"+sqlitePragmas+"&_pragma=query_only(1)&_pragma=mmap_size(2147418112)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(8)
	r.SetMaxIdleConns(8)
	return &DB{dialect: SQLite, write: w, read: r, now: time.Now}, nil
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
	if _, err := db.write.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -mib*1024)); err != nil {
		return fmt.Errorf("store: cache size: %w", err)
	}
	return nil
}

// Close stops the version listener and closes the pools.
func (db *DB) Close() error {
	db.stopVersionListener()
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
	_, err := db.write.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
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
	orgs     map[string]int64 // lower-case name → id
	sources  map[string]*domain.Source
	series   map[string]*domain.Series
	stmts    map[string]*sqlx.Stmt
	lastHash *string // the revision chain's head, once read
	bumped   bool
	version  int64 // PostgreSQL: the dataset version this transaction bumped to
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
	tx := &Tx{
		tx: sqltx, db: db, actor: actor, now: db.now().UTC().Truncate(time.Microsecond),
		orgs: map[string]int64{}, sources: map[string]*domain.Source{}, series: map[string]*domain.Series{},
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
	if err := sqltx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	// This server sees its own change at once; the others hear of it from
	// the notification sent at commit.
	if l := db.listener.Load(); l != nil && tx.version > 0 {
		l.observe(tx.version)
	}
	return nil
}

// stmt returns query prepared once per transaction: an import runs the same
// few statements for every row, and preparing them each time costs a fifth
// of its time. Commit and Rollback close them.
func (tx *Tx) stmt(ctx context.Context, query string) (*sqlx.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.tx.PreparexContext(ctx, tx.tx.Rebind(query))
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = st
	return st, nil
}

// stmtCtx is the context a statement of the transaction runs under. The
// SQLite driver watches a cancellable context with a goroutine per
// statement, which costs an import of a million rows more than some of its
// statements do; SQLite statements in a transaction are short and local, so
// they run to the end, and a cancelled context still ends the transaction:
// database/sql rolls it back, and an import checks ctx between rows.
func (tx *Tx) stmtCtx(ctx context.Context) context.Context {
	if tx.db.dialect == SQLite {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// prepare readies query to run in the transaction, after the rows held
// back are written (batch.go).
func (tx *Tx) prepare(ctx context.Context, query string) (context.Context, *sqlx.Stmt, error) {
	if err := tx.rows.flush(tx.stmtCtx(ctx), tx); err != nil {
		return ctx, nil, err
	}
	return tx.prepareAside(ctx, query)
}

// prepareAside readies query to run with the rows held back still held:
// its caller accounts for them (batch.go).
func (tx *Tx) prepareAside(ctx context.Context, query string) (context.Context, *sqlx.Stmt, error) {
	ctx = tx.stmtCtx(ctx)
	st, err := tx.stmt(ctx, query)
	return ctx, st, err
}

// exec, get, selectAll and insertID run a statement of the transaction
// after writing the rows held back; the Aside variants leave them held,
// for call sites that account for them (batch.go).
func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.execWith(tx.prepare, ctx, query, args...)
}

func (tx *Tx) execAside(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.execWith(tx.prepareAside, ctx, query, args...)
}

func (tx *Tx) get(ctx context.Context, dest any, query string, args ...any) error {
	return tx.getWith(tx.prepare, ctx, dest, query, args...)
}

func (tx *Tx) getAside(ctx context.Context, dest any, query string, args ...any) error {
	return tx.getWith(tx.prepareAside, ctx, dest, query, args...)
}

func (tx *Tx) selectAll(ctx context.Context, dest any, query string, args ...any) error {
	return tx.selectWith(tx.prepare, ctx, dest, query, args...)
}

func (tx *Tx) selectAside(ctx context.Context, dest any, query string, args ...any) error {
	return tx.selectWith(tx.prepareAside, ctx, dest, query, args...)
}

func (tx *Tx) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	return tx.insertIDWith(tx.prepare, ctx, query, args...)
}

func (tx *Tx) insertIDAside(ctx context.Context, query string, args ...any) (int64, error) {
	return tx.insertIDWith(tx.prepareAside, ctx, query, args...)
}

type preparer func(context.Context, string) (context.Context, *sqlx.Stmt, error)

func (tx *Tx) execWith(prep preparer, ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx, st, err := prep(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (tx *Tx) getWith(prep preparer, ctx context.Context, dest any, query string, args ...any) error {
	ctx, st, err := prep(ctx, query)
	if err != nil {
		return err
	}
	return st.GetContext(ctx, dest, args...)
}

func (tx *Tx) selectWith(prep preparer, ctx context.Context, dest any, query string, args ...any) error {
	ctx, st, err := prep(ctx, query)
	if err != nil {
		return err
	}
	return st.SelectContext(ctx, dest, args...)
}

// insertIDWith runs an INSERT and returns the new row's id.
func (tx *Tx) insertIDWith(prep preparer, ctx context.Context, query string, args ...any) (int64, error) {
	// SQLite implements RETURNING with a temporary table for each
	// statement; its last insert id is free.
	if tx.db.dialect == SQLite {
		res, err := tx.execWith(prep, ctx, query, args...)
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	}
	ctx, st, err := prep(ctx, query+" RETURNING id")
	if err != nil {
		return 0, err
	}
	var id int64
	err = st.QueryRowxContext(ctx, args...).Scan(&id)
	return id, err
}

func (db *DB) get(ctx context.Context, dest any, query string, args ...any) error {
	r := db.reader(ctx)
	return r.GetContext(ctx, dest, r.Rebind(query), args...)
}

func (db *DB) selectAll(ctx context.Context, dest any, query string, args ...any) error {
	r := db.reader(ctx)
	return r.SelectContext(ctx, dest, r.Rebind(query), args...)
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
