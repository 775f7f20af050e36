package main

import (
	"context"
	"database/sql"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store"
)

// TestVerifyLiveRowsAndHead: verify prints the chain's head and count, finds
// a published figure changed by SQL (naming it and the field) and a deleted
// newest revision, exits non-zero for both, and checks a head recorded
// earlier with --expect-head.
func TestVerifyLiveRowsAndHead(t *testing.T) {
	dialects(t, func(t *testing.T, newDSN func() string) {
		ctx := context.Background()
		dsn := newDSN()
		withOrgs(t, dsn, demoOrgs...)
		if _, errOut, err := tracker(t, nil, "import", "--db", dsn, "--events", demoEvents, demoFigures); err != nil {
			t.Fatal(err, errOut)
		}
		out, _, err := tracker(t, nil, "verify", "--db", dsn)
		head := regexp.MustCompile(`(?m)^head ([0-9a-f]{64}) count (\d+)$`).FindStringSubmatch(out)
		if err != nil || !strings.Contains(out, "intact") || head == nil {
			t.Fatalf("verify of an untouched database: %v\n%s", err, out)
		}
		if out, _, err := tracker(t, nil, "verify", "--db", dsn, "--expect-head", head[1]); err != nil ||
			!strings.Contains(out, "The recorded head is revision "+head[2]+" of the chain; 0 were added since.") {
			t.Errorf("verify --expect-head with the current head: %v\n%s", err, out)
		}
		if _, _, err := tracker(t, nil, "verify", "--db", dsn, "--expect-head", strings.Repeat("0", 64)); err == nil ||
			!strings.Contains(err.Error(), "not in the revision chain") {
			t.Errorf("verify --expect-head with an unknown head: %v", err)
		}

		// The changes an intruder with the database's password makes.
		driver, postgres := "sqlite", store.IsPostgres(dsn)
		if postgres {
			driver = "pgx"
		}
		db, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		exec := func(query string) {
			t.Helper()
			if _, err := db.ExecContext(ctx, query); err != nil {
				t.Fatal(err)
			}
		}
		exec("UPDATE figures SET value = value * 2 WHERE id = (SELECT min(id) FROM figures WHERE status = 'published')")
		out, _, err = tracker(t, nil, "verify", "--db", dsn)
		if err == nil || !regexp.MustCompile(`(?m)^figure \S+: value is \d+ in the live row but \d+ in its latest revision$`).MatchString(out) {
			t.Errorf("verify after UPDATE figures SET value: %v\n%s", err, out)
		}
		exec("UPDATE figures SET value = value / 2 WHERE id = (SELECT min(id) FROM figures WHERE status = 'published')")

		drop := "DROP TRIGGER revisions_no_delete"
		if postgres {
			drop = "DROP TRIGGER revisions_no_update ON revisions"
		}
		exec(drop)
		exec("DELETE FROM revisions WHERE id = (SELECT max(id) FROM revisions)")
		out, _, err = tracker(t, nil, "verify", "--db", dsn, "--expect-head", head[1])
		if err == nil || !strings.Contains(out, "has no revision") && !strings.Contains(out, "were deleted") {
			t.Errorf("verify after deleting the newest revision: %v\n%s", err, out)
		}
	})
}
