package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// tracker runs the command line as a user would, with its own environment.
func tracker(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err = run(context.Background(), append([]string{"tracker"}, args...), getenv, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

const demoFigures = "../../data/demo/figures.csv"
const demoEvents = "../../data/demo/events.csv"

// demoOrgs are the organisations the demo files name as attributions and
// publishers ("Reuters (DT Next)" is Reuters, with a remark).
var demoOrgs = []string{
	"IOM", "Pakistani officials", "Pakistan Interior Minister Sarfraz Bugti", "Pakistan Ministry of Interior",
	"Pakistan government figures", "Pakistan government", "Pakistan Minister of State for Interior Talal Chaudhry", "Dawn",
	"Bloomberg", "Abb Takk", "MENAFN", "Reuters", "PTI", "Such TV", "ARY News", "The Nation", "The News", "AFP",
	"reliefweb.int", "tribuneindia.com",
}

// withOrgs creates the organisations names in the database at dsn
// (migrating it first), as staff do before an import that names them:
// tracker import refuses words that name no organisation.
func withOrgs(t *testing.T, dsn string, names ...string) {
	t.Helper()
	db, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.Orgs(t, db, names...)
}

// dialects runs a test on a SQLite file and, when configured, PostgreSQL.
func dialects(t *testing.T, fn func(t *testing.T, newDSN func() string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, func() string { return storetest.SQLiteDSN(t) }) })
	t.Run("postgres", func(t *testing.T) {
		storetest.PostgresDSN(t) // skips when not configured
		fn(t, func() string { return storetest.PostgresDSN(t) })
	})
}

func TestRoundTrip(t *testing.T) {
	dialects(t, func(t *testing.T, newDSN func() string) {
		dir := t.TempDir()
		first, second := newDSN(), newDSN()
		withOrgs(t, first, demoOrgs...)
		withOrgs(t, second, demoOrgs...)
		if out, errOut, err := tracker(t, nil, "import", "--db", first, "--events", demoEvents, demoFigures); err != nil {
			t.Fatalf("import demo: %v\n%s%s", err, out, errOut)
		}
		export := func(dsn, name string, extra ...string) []byte {
			path := filepath.Join(dir, name)
			args := append([]string{"export", "--db", dsn, "--out", path}, extra...)
			if _, errOut, err := tracker(t, nil, args...); err != nil {
				t.Fatalf("export: %v %s", err, errOut)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		a := export(first, "a.csv")
		ae := export(first, "a-events.csv", "--events")
		out, errOut, err := tracker(t, nil, "import", "--db", second, "--events", filepath.Join(dir, "a-events.csv"), filepath.Join(dir, "a.csv"))
		if err != nil {
			t.Fatalf("import export: %v\n%s", err, errOut)
		}
		if !strings.Contains(out, "a.csv: 12 rows — 12 created") {
			t.Errorf("import report %q", out)
		}
		b := export(second, "b.csv")
		be := export(second, "b-events.csv", "--events")
		if !bytes.Equal(a, b) {
			t.Errorf("figures differ after a round trip:\n%s\n---\n%s", a, b)
		}
		if !bytes.Equal(ae, be) {
			t.Errorf("events differ after a round trip:\n%s\n---\n%s", ae, be)
		}
		// Importing the export again changes nothing.
		out, _, err = tracker(t, nil, "import", "--db", second, filepath.Join(dir, "b.csv"))
		if err != nil || !strings.Contains(out, "12 rows — 0 created, 0 updated, 12 unchanged") {
			t.Errorf("re-import: %v %q", err, out)
		}
	})
}

func TestImportReportsEveryProblemAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"+
		"s,persons,2025-13-01,12,IOM,IOM,Report,https://example.org/r,Twelve.\n"+
		"s,persons,2025-01-01,-3,IOM,IOM,Report,javascript:alert(1),Minus three.\n"), 0o644)
	dsn := filepath.Join(dir, "t.db")
	_, errOut, err := tracker(t, nil, "import", "--db", dsn, bad)
	if err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{
		`bad.csv: line 2, column period_end: "2025-13-01": month 13 does not exist`,
		`bad.csv: line 3, column value: -3 is negative`,
		`bad.csv: line 3, column source_url: "javascript:alert(1)" must start with http:// or https://`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	out, _, err := tracker(t, nil, "export", "--db", dsn)
	if err != nil || strings.Count(out, "\n") != 2 {
		t.Errorf("after a rejected import the export has rows: %v\n%s", err, out)
	}
}

func TestDatabaseFromEnvironment(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "env.db")
	env := map[string]string{"TRACKER_DB": dsn}
	withOrgs(t, dsn, demoOrgs...)
	if _, errOut, err := tracker(t, env, "import", demoFigures); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	out, _, err := tracker(t, env, "export", "--series", "pak-security-forces-deaths-annual")
	if err != nil || !strings.Contains(out, "at least 685") || strings.Count(out, "\r\n") != 3 {
		t.Errorf("export of one series: %v\n%s", err, out)
	}
	if _, _, err := tracker(t, env, "export", "--series", "no-such-series"); err == nil || !strings.Contains(err.Error(), "no series") {
		t.Errorf("unknown series: err = %v", err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"import"}, {"import", "--status", "secret", "x.csv"}, {"serve", "--bogus"}} {
		if _, _, err := tracker(t, nil, args...); err == nil {
			t.Errorf("tracker %v: no error", args)
		}
	}
	// A licence list with a typo is refused, naming the flag, before the
	// database is opened.
	dsn := filepath.Join(t.TempDir(), "never.db")
	if _, _, err := tracker(t, nil, "serve", "--db", dsn, "--public-copies", "CC-BY-4.0,CC BY"); err == nil || !strings.Contains(err.Error(), "--public-copies") {
		t.Errorf("serve --public-copies with a space: %v", err)
	}
	if out, _, err := tracker(t, nil, "help"); err != nil || !strings.Contains(out, "tracker import") {
		t.Errorf("help: %v %q", err, out)
	}
}

func TestMigrate(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "m.db")
	out, _, err := tracker(t, nil, "migrate", "--db", dsn)
	if err != nil || !regexp.MustCompile(`Applied [1-9]\d* migration`).MatchString(out) {
		t.Errorf("first migrate: %v %q", err, out)
	}
	out, _, err = tracker(t, nil, "migrate", "--db", dsn)
	if err != nil || !strings.Contains(out, "Applied 0 migration") {
		t.Errorf("second migrate: %v %q", err, out)
	}
}

// TestServe starts the server as `tracker serve` does, on a free port with
// a fresh database, checks that it loaded the demo and answers, and stops it
// the way SIGINT does: by cancelling the context.
func TestServe(t *testing.T) {
	dialects(t, func(t *testing.T, newDSN func() string) {
		url, output, stop := startServePrinted(t, io.Discard, "--db", newDSN())
		if !strings.Contains(strings.Join(output, "\n"), "Loaded the demo dataset: 12 figures and 4 events") {
			t.Errorf("output %q does not say the demo was loaded", output)
		}
		for _, path := range []string{"healthz", "", "series/afg-repatriated-from-pak-cumulative-pak-gov"} {
			resp, err := http.Get(url + path)
			if err != nil || resp.StatusCode != 200 {
				t.Errorf("GET /%s: %v %v", path, err, resp)
			}
			if resp != nil {
				resp.Body.Close()
			}
		}
		stop()
	})
}

func TestUserCommands(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "u.db")
	out, _, err := tracker(t, nil, "user", "add", "--db", dsn, "--email", "ada@example.org", "--name", "Ada", "--role", "admin")
	if err != nil || !strings.Contains(out, "Created ada@example.org (Ada, admin)") || !regexp.MustCompile(`Password: \S{20}\n`).MatchString(out) {
		t.Fatalf("user add: %v %q", err, out)
	}
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"tracker", "user", "add", "--db", dsn, "--email", "rev@example.org", "--name", "Rev",
		"--role", "reviewer", "--password-stdin"}, func(string) string { return "" }, strings.NewReader("pässwörd-lang\n"), &stdout, &stderr)
	if err != nil || strings.Contains(stdout.String(), "Password:") {
		t.Fatalf("--password-stdin: %v %q", err, stdout.String())
	}
	// NIST SP 800-63B: a common password is refused however long, whatever its case.
	err = run(context.Background(), []string{"tracker", "user", "add", "--db", dsn, "--email", "com@example.org", "--name", "Com",
		"--password-stdin"}, func(string) string { return "" }, strings.NewReader("Password123\n"), &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "password: is one of the most common passwords") {
		t.Errorf("a common password: %v", err)
	}
	if _, _, err := tracker(t, nil, "user", "add", "--db", dsn, "--email", "ADA@example.org", "--name", "Ada", "--role", "admin"); err == nil ||
		!strings.Contains(err.Error(), "already has an account") {
		t.Errorf("duplicate account: %v", err)
	}
	if _, _, err := tracker(t, nil, "user", "add", "--db", dsn, "--email", "x@example.org", "--name", "X", "--role", "boss"); err == nil ||
		!strings.Contains(err.Error(), `role: "boss" is not known`) {
		t.Errorf("unknown role: %v", err)
	}
	out, _, err = tracker(t, nil, "user", "disable", "--db", dsn, "--email", "rev@example.org")
	if err != nil || !strings.Contains(out, "rev@example.org is disabled") {
		t.Errorf("disable: %v %q", err, out)
	}
	if _, _, err := tracker(t, nil, "user", "enable", "--db", dsn, "--actor", "ops@example.org", "--email", "rev@example.org"); err != nil {
		t.Fatal(err)
	}
	tracker(t, nil, "user", "disable", "--db", dsn, "--email", "rev@example.org")
	// Account changes are recorded with who made them: --actor, or cli:$USER.
	db, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	rev, _, _ := db.UserByEmail(context.Background(), "rev@example.org")
	revs, err := db.UserRevisions(context.Background(), rev.ID)
	db.Close()
	if err != nil || len(revs) != 4 || !strings.HasPrefix(revs[0].Actor, "cli:") || revs[2].Action != "enable" || revs[2].Actor != "ops@example.org" ||
		rev.CreatedBy != revs[0].Actor || rev.ChangedBy != revs[3].Actor {
		t.Errorf("account history: %+v (%+v), %v", revs, rev, err)
	}
	out, _, _ = tracker(t, nil, "user", "list", "--db", dsn)
	if !strings.Contains(out, "rev@example.org\treviewer\tRev (disabled)") || !strings.Contains(out, "ada@example.org\tadmin\tAda") {
		t.Errorf("list: %q", out)
	}
}

// TestBackupRestoreDrill writes figures, backs the database up while it is
// open, restores the copy into a new file and compares every table.
func TestBackupRestoreDrill(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "live.db")
	withOrgs(t, dsn, demoOrgs...)
	if _, errOut, err := tracker(t, nil, "import", "--db", dsn, "--events", demoEvents, demoFigures); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	tracker(t, nil, "user", "add", "--db", dsn, "--email", "ada@example.org", "--name", "Ada", "--role", "admin")
	backup := filepath.Join(dir, "backup.db")
	out, errOut, err := tracker(t, nil, "backup", "--db", dsn, backup)
	if err != nil || !strings.Contains(out, "Backed up") {
		t.Fatalf("backup: %v %s %s", err, out, errOut)
	}
	if _, _, err := tracker(t, nil, "backup", "--db", dsn, backup); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	restored := filepath.Join(dir, "restored.db")
	b, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(restored, b, 0o644)
	ctx := context.Background()
	rows := func(path string) map[string][]string {
		db, err := openStore(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		r, err := db.TableRows(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	live, copied := rows(dsn), rows(restored)
	if len(live["figures"]) != 12 || len(live["revisions"]) == 0 || len(live["users"]) != 1 {
		t.Fatalf("the live database is not what the drill wrote: %d figures", len(live["figures"]))
	}
	for table, want := range live {
		got := copied[table]
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("table %s differs after the restore (%d rows, want %d)", table, len(got), len(want))
		}
	}
	// The restored database serves: its export equals the live one's.
	a, _, _ := tracker(t, nil, "export", "--db", dsn)
	c, _, _ := tracker(t, nil, "export", "--db", restored)
	if a != c || a == "" {
		t.Error("the restored database exports differently")
	}
}

func TestVerify(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "v.db")
	withOrgs(t, dsn, demoOrgs...)
	if _, errOut, err := tracker(t, nil, "import", "--db", dsn, demoFigures); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	out, _, err := tracker(t, nil, "verify", "--db", dsn)
	if err != nil || !strings.Contains(out, "intact") {
		t.Errorf("verify: %v %q", err, out)
	}
}

// TestExportSaysWhichAddressItUsed: without --base-url, export writes
// permalinks to a local address, and says so on standard error (never on
// standard output, which holds the CSV); with one, it says nothing.
func TestExportSaysWhichAddressItUsed(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "t.db")
	withOrgs(t, dsn, demoOrgs...)
	if _, errOut, err := tracker(t, nil, "import", "--db", dsn, demoFigures); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	out, errOut, err := tracker(t, nil, "export", "--db", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "http://127.0.0.1:8080/figures/") || !strings.Contains(errOut, "http://127.0.0.1:8080") ||
		!strings.Contains(errOut, "--base-url") {
		t.Errorf("export without --base-url: stderr %q", errOut)
	}
	if strings.Contains(out, "--base-url") {
		t.Error("the notice went into the CSV")
	}
	for _, env := range []map[string]string{nil, {"TRACKER_BASE_URL": "https://tracker.example.org"}} {
		args := []string{"export", "--db", dsn}
		if env == nil {
			args = append(args, "--base-url", "https://tracker.example.org")
		}
		out, errOut, err := tracker(t, env, args...)
		if err != nil || errOut != "" || !strings.Contains(out, "https://tracker.example.org/figures/") {
			t.Errorf("export %v %v: %v, stderr %q", args, env, err, errOut)
		}
	}
}
