// Package storetest gives tests real databases: a SQLite file in a
// temporary directory, and a fresh PostgreSQL database on the server that
// TRACKER_TEST_POSTGRES names (created for the test and dropped after it, so
// that packages testing in parallel never see each other's rows).
package storetest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/synth"
)

// EnvPostgres names the variable that holds the PostgreSQL server URL.
const EnvPostgres = "TRACKER_TEST_POSTGRES"

// Each runs fn as a subtest on a fresh SQLite database and on a fresh
// PostgreSQL database; the PostgreSQL subtest skips, saying why, when
// TRACKER_TEST_POSTGRES is not set.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a migrated database in a new file under t.TempDir().
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "tracker.db"))
}

// Demo returns a migrated SQLite database holding the demo dataset
// (data/demo, published), where most tests of pages and files start.
func Demo(t testing.TB) *store.DB {
	t.Helper()
	db := SQLite(t)
	LoadDemo(t, db)
	return db
}

// LoadDemo loads the demo dataset into db (one of Each's, say).
func LoadDemo(t testing.TB, db *store.DB) {
	t.Helper()
	if _, err := importer.LoadDemo(context.Background(), db); err != nil {
		t.Fatalf("loading the demo dataset: %v", err)
	}
}

// LoadSynthetic imports a synthetic dataset (internal/synth) into db,
// published, as "test".
func LoadSynthetic(t testing.TB, db *store.DB, cfg synth.Config) {
	t.Helper()
	var file bytes.Buffer
	if err := synth.Figures(&file, cfg); err != nil {
		t.Fatal(err)
	}
	if rep, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: &file, CreateOrganizations: true}, exchange.Options{}); err != nil {
		t.Fatalf("importing a synthetic dataset: %v %v", err, rep.Problems)
	}
}

// SQLiteDSN returns the path of a new, empty database file.
func SQLiteDSN(t testing.TB) string { return filepath.Join(t.TempDir(), "tracker.db") }

// Postgres returns a migrated, empty PostgreSQL database of its own.
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	return open(t, PostgresDSN(t))
}

// PostgresDSN creates an empty database for t and returns its URL. It skips
// the test when TRACKER_TEST_POSTGRES is not set and fails it when the server
// does not answer: CI sets the variable and must not pass silently.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		t.Skip(EnvPostgres + " is not set; skipping the PostgreSQL run (see README)")
	}
	ctx := context.Background()
	db, err := sqlx.Open("pgx", admin)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	defer db.Close()
	var b [6]byte
	rand.Read(b[:])
	name := "tracker_test_" + hex.EncodeToString(b[:])
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("postgres: create database (is the server at %s running?): %v", store.Redact(admin), err)
	}
	t.Cleanup(func() {
		db, err := sqlx.Open("pgx", admin)
		if err != nil {
			return
		}
		defer db.Close()
		db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("postgres: %s: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	return u.String()
}

func open(t testing.TB, dsn string) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", store.Redact(dsn), err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// Orgs creates an organisation for each name that names none yet (kind
// other; "Name (ACR)" gives an acronym too), as staff would before
// entering figures attributed to them.
func Orgs(t testing.TB, db *store.DB, names ...string) {
	t.Helper()
	err := db.InTx(context.Background(), "test", func(tx *store.Tx) error {
		for _, n := range names {
			name, acronym := n, ""
			if i := strings.LastIndex(n, " ("); i > 0 && strings.HasSuffix(n, ")") {
				name, acronym = n[:i], n[i+2:len(n)-1]
			}
			if r, err := tx.ResolveAttribution(context.Background(), n); err != nil {
				return err
			} else if !r.Unresolved && len(r.IDs) == 1 {
				continue
			}
			if _, err := tx.CreateOrganization(context.Background(), domain.Organization{Name: name, Acronym: acronym, Kind: domain.OrgOther}); err != nil {
				return fmt.Errorf("%s: %w", n, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("creating organisations: %v", err)
	}
}

// Markers are the two reviewer accounts Mark uses: the first proposes, the
// second approves.
var Markers = [2]string{"mark-proposer@example.org", "mark-approver@example.org"}

// Mark puts mark (domain.MarkNone: removes the mark) with reason on the
// published figure figureID as the store allows it to be put: proposed by
// one reviewer and approved by another (Markers, created when missing).
func Mark(t testing.TB, db *store.DB, figureID string, mark domain.ClaimMark, reason string) {
	t.Helper()
	ctx := context.Background()
	for _, email := range Markers {
		if _, _, err := db.UserByEmail(ctx, email); err == nil {
			continue
		}
		if _, err := db.CreateUser(ctx, "cli:test", domain.User{Email: email, Name: email, Role: domain.RoleReviewer}, "x"); err != nil {
			t.Fatalf("creating %s: %v", email, err)
		}
	}
	var id int64
	err := db.InTx(ctx, Markers[0], func(tx *store.Tx) error {
		var err error
		id, err = tx.ProposeMark(ctx, figureID, 0, mark, reason)
		return err
	})
	if err != nil {
		t.Fatalf("proposing to mark %s %q: %v", figureID, mark, err)
	}
	if err := db.InTx(ctx, Markers[1], func(tx *store.Tx) error { return tx.DecideMark(ctx, id, true, "") }); err != nil {
		t.Fatalf("approving the mark %q on %s: %v", mark, figureID, err)
	}
}
