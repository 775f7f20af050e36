package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/synth"
)

// tracker generate writes files that tracker import takes whole.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	figs, evs := filepath.Join(dir, "figures.csv"), filepath.Join(dir, "events.csv")
	if _, stderr, err := tracker(t, nil, "generate", "--figures", "600", "--series", "50", "--events", "12", "--events-out", evs, "--out", figs); err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	dsn := filepath.Join(dir, "t.db")
	withOrgs(t, dsn, synth.Organizations()...)
	stdout, stderr, err := tracker(t, nil, "import", "--db", dsn, "--events", evs, figs)
	if err != nil {
		t.Fatalf("%v: %s", err, stderr)
	}
	for _, want := range []string{"figures.csv: 600 rows — 600 created", "events.csv: 12 rows — 12 created"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("import said %q, want %q", stdout, want)
		}
	}
	// Standard output by default, and the same seed gives the same data.
	a, _, _ := tracker(t, nil, "generate", "--figures", "30", "--series", "3", "--seed", "9")
	b, _, _ := tracker(t, nil, "generate", "--figures", "30", "--series", "3", "--seed", "9")
	if a != b || strings.Count(a, "\n") != 31 {
		t.Errorf("stdout runs differ or have the wrong length: %d lines", strings.Count(a, "\n"))
	}
	if _, err := os.Stat(dsn); err != nil {
		t.Fatal(err)
	}

	for _, bad := range [][]string{
		{"--series", "0"},
		{"--figures", "-1"},
		{"--events", "5"},
		{"extra"},
	} {
		if _, _, err := tracker(t, nil, append([]string{"generate"}, bad...)...); err == nil {
			t.Errorf("generate %v: no error", bad)
		}
	}
}
