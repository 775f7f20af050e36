package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the README's copy of tracker help")

// TestREADMEHasTheUsage: the README's command line section is tracker
// help's output, word for word, so the two cannot disagree.
func TestREADMEHasTheUsage(t *testing.T) {
	const path = "../../README.md"
	const start, end = "<!-- tracker help:", "<!-- end tracker help -->"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, start)
	j := strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no %q … %q section", start, end)
	}
	i += strings.Index(readme[i:], "\n") + 1
	want := "```text\n" + usage() + "```\n"
	if readme[i:j] == want {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(readme[:i]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's command line differs from tracker help (go test ./cmd/tracker -run README -update rewrites it):\n got %s\nwant %s", readme[i:j], want)
}

// TestHelpOfEveryCommand: tracker COMMAND -h succeeds and names every flag.
func TestHelpOfEveryCommand(t *testing.T) {
	for _, c := range commands {
		_, errOut, err := tracker(t, nil, c.name, "-h")
		if err != nil {
			t.Errorf("%s -h: %v", c.name, err)
		}
		fs, _ := c.flagSet(nil)
		fs.VisitAll(func(f *flag.Flag) {
			if !strings.Contains(errOut, "--"+f.Name) || !strings.Contains(errOut, "  -"+f.Name) {
				t.Errorf("%s -h does not show --%s:\n%s", c.name, f.Name, errOut)
			}
		})
		if !strings.Contains(errOut, c.summary) {
			t.Errorf("%s -h lacks its summary:\n%s", c.name, errOut)
		}
	}
}

// TestFlagsFromEnvironment: the one rule, TRACKER_ and the flag's name,
// for the server's settings under any command, the command line first.
func TestFlagsFromEnvironment(t *testing.T) {
	parsed := func(t *testing.T, cmd string, env map[string]string, args ...string) (*flag.FlagSet, error) {
		t.Helper()
		c, _ := findCommand(cmd)
		fs, _ := c.flagSet(&bytes.Buffer{})
		if _, err := parse(fs, args); err != nil {
			t.Fatal(err)
		}
		return fs, flagsFromEnvironment(fs, func(k string) string { return env[k] })
	}
	env := map[string]string{"TRACKER_DB": "env.db", "TRACKER_API_RATE": "7.5", "TRACKER_SECURE_COOKIES": "true",
		"TRACKER_TRUSTED_PROXIES": "10.0.0.1", "TRACKER_BASE_URL": "https://env.example.org", "TRACKER_OUT": "stray.csv", "TRACKER_EVENTS": "yes"}
	fs, err := parsed(t, "serve", env, "--db", "flag.db")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"db": "flag.db", "api-rate": "7.5", "secure-cookies": "true",
		"trusted-proxies": "10.0.0.1", "base-url": "https://env.example.org", "addr": "127.0.0.1:8080", "render-rate": "2"} {
		if got := fs.Lookup(name).Value.String(); got != want {
			t.Errorf("serve --%s = %q, want %q", name, got, want)
		}
	}
	// export shares --db and --base-url with serve; its own flags are not
	// the environment's to set.
	fs, err = parsed(t, "export", env)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"db": "env.db", "base-url": "https://env.example.org", "out": "", "events": "false"} {
		if got := fs.Lookup(name).Value.String(); got != want {
			t.Errorf("export --%s = %q, want %q", name, got, want)
		}
	}
	// A bad value names its variable.
	for k, v := range map[string]string{"TRACKER_API_RATE": "-1", "TRACKER_RENDER_RATE": "fast", "TRACKER_SECURE_COOKIES": "sure"} {
		_, err := parsed(t, "serve", map[string]string{k: v})
		if err == nil || !strings.HasPrefix(err.Error(), k+"=") {
			t.Errorf("%s=%s: err = %v", k, v, err)
		}
	}
	if _, err := parsed(t, "serve", map[string]string{"TRACKER_API_RATE": "-1"}, "--api-rate", "0"); err != nil {
		t.Errorf("the command line wins over a bad variable: %v", err)
	}
}

type failingStore struct{ calls int }

func (f *failingStore) Optimize(context.Context) error {
	f.calls++
	return errors.New("optimize broke")
}
func (f *failingStore) Checkpoint(context.Context) error {
	f.calls++
	return errors.New("database is locked")
}
func (f *failingStore) PurgeSessions(context.Context, time.Duration) error {
	f.calls++
	return errors.New("disk I/O error")
}

// TestMaintenanceErrorsAreLogged: serve's background upkeep says when it
// fails instead of dropping the error.
func TestMaintenanceErrorsAreLogged(t *testing.T) {
	var logged bytes.Buffer
	ctx, cancel := context.WithCancel(context.Background())
	tick := make(chan time.Time)
	done := make(chan struct{})
	db := &failingStore{}
	go func() {
		maintain(ctx, db, slog.New(slog.NewTextHandler(&logged, nil)), tick)
		close(done)
	}()
	tick <- time.Now()
	tick <- time.Now() // the first tick's work is done once the second is taken
	cancel()
	<-done
	for _, want := range []string{"task=optimize err=\"optimize broke\"", "task=checkpoint err=\"database is locked\"", "task=\"purge sessions\" err=\"disk I/O error\""} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logged.String())
		}
	}
}

// TestOperationsListsEveryServeFlag: docs/OPERATIONS.md's configuration
// table has a row for every flag of serve, with its variable.
func TestOperationsListsEveryServeFlag(t *testing.T) {
	b, err := os.ReadFile("../../docs/OPERATIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := findCommand("serve")
	fs, _ := c.flagSet(nil)
	fs.VisitAll(func(f *flag.Flag) {
		if row := "| `--" + f.Name + "` | `" + envName(f.Name); !strings.Contains(string(b), row) {
			t.Errorf("docs/OPERATIONS.md lacks the row %q…", row)
		}
	})
}
