package store

import (
	"context"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/displacement-tracker/tracker/data"
	"github.com/jmoiron/sqlx"
)

// migration is one numbered SQL file.
type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	dir := path.Join("migrations", string(db.dialect))
	entries, err := fs.ReadDir(data.Migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: migration %s: name must be NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(data.Migrations, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// afterMigration is the work a migration needs done in Go, in its
// transaction, after its SQL: values only the application can compute.
var afterMigration = map[int]func(context.Context, sqlx.ExtContext) error{
	8: fillAliasKeys, // the keys of the aliases made of existing names
}

// Migrate applies every embedded migration not yet recorded in
// schema_migrations, each in its own transaction, and returns how many it
// applied. On PostgreSQL an advisory lock keeps several app servers that
// start together from racing.
func (db *DB) Migrate(ctx context.Context) (int, error) { return db.migrateTo(ctx, math.MaxInt) }

// migrateTo is Migrate that stops after migration last: a test builds a
// database as an older release left it.
func (db *DB) migrateTo(ctx context.Context, last int) (int, error) {
	ms, err := db.migrations()
	if err != nil {
		return 0, err
	}
	if err := db.createMigrationsTable(ctx); err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	applied := 0
	for _, m := range ms {
		if m.version > last {
			break
		}
		done, err := db.applyMigration(ctx, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied++
		}
	}
	return applied, nil
}

// migrateLock is the PostgreSQL advisory lock key that migrations hold. Any
// constant works; it only has to be the same everywhere.
const migrateLock = 727274

// createMigrationsTable creates schema_migrations under the migration lock:
// PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against itself, and
// two servers starting on an empty database would otherwise both try, and
// one fail on a duplicate key in pg_type.
func (db *DB) createMigrationsTable(ctx context.Context) error {
	tx, err := db.write.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if db.dialect == Postgres {
		if _, err := on(tx).exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
	}
	if _, err := on(tx).exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	return tx.Commit()
}

func (db *DB) applyMigration(ctx context.Context, m migration) (bool, error) {
	tx, err := db.write.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.name, err)
	}
	defer tx.Rollback()
	if db.dialect == Postgres {
		if _, err := on(tx).exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return false, fmt.Errorf("store: migrate lock: %w", err)
		}
	}
	var n int
	if err := on(tx).get(ctx, &n, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.version); err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.name, err)
	}
	if n > 0 {
		return false, nil
	}
	if err := on(tx).script(ctx, m.sql); err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.name, err)
	}
	if after := afterMigration[m.version]; after != nil {
		if err := after(ctx, tx); err != nil {
			return false, fmt.Errorf("store: migrate %s: %w", m.name, err)
		}
	}
	if _, err := on(tx).exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, db.now().UTC().Format("2006-01-02T15:04:05Z")); err != nil {
		return false, fmt.Errorf("store: migrate %s: %w", m.name, err)
	}
	return true, tx.Commit()
}

// startLock is the advisory lock of WithStartLock, given as two int4 keys:
// PostgreSQL keeps those apart from the single bigint keys the other locks
// use (727274 migrations, 727275 the revision chain), and fn takes those.
const startLockA, startLockB = 727274, 1

// WithStartLock runs fn while holding a PostgreSQL advisory lock, so that
// a check-then-write that every server does at start — loading the demo
// into an empty database — is done by one of several servers that start
// together, and seen done by the others. The lock is held by a transaction
// that stays open while fn runs on other connections, and ends with it
// whatever happens. On SQLite fn just runs.
func (db *DB) WithStartLock(ctx context.Context, fn func() error) error {
	if db.dialect != Postgres {
		return fn()
	}
	tx, err := db.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: start lock: %w", err)
	}
	defer tx.Rollback()
	if _, err := on(tx).exec(ctx, "SELECT pg_advisory_xact_lock($1::int4, $2::int4)", startLockA, startLockB); err != nil {
		return fmt.Errorf("store: start lock: %w", err)
	}
	return fn()
}
