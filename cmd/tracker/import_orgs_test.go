package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// orgRow is a figures row attributed to who, published by publisher.
func orgRow(period, value, who, publisher string) string {
	return "pak-returns,Returns to Pakistan,returnees,stock,persons," + period + "," + value + "," + who + "," + publisher + ",Report,https://example.org/" + value + ",Returns: " + value + ".\n"
}

const orgHeader = "series,series_title,population_group,measure,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"

// Words that name no organisation are reported once per name, with every
// line that has them and the closest organisations, and nothing is
// written; --create-organizations creates them in the same run and says
// which.
func TestImportUnresolvedNames(t *testing.T) {
	dialects(t, func(t *testing.T, newDSN func() string) {
		dir := t.TempDir()
		dsn := newDSN()
		write := func(name, body string) string {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			return path
		}
		known := write("known.csv", orgHeader+orgRow("2025-01-01", "100", "Pakistan Ministry of Interior", "Dawn"))
		out, errOut, err := tracker(t, nil, "import", "--db", dsn, "--create-organizations", known)
		if err != nil {
			t.Fatalf("first import: %v\n%s", err, errOut)
		}
		if !strings.Contains(out, "Created 2 organisations: Pakistan Ministry of Interior; Dawn.") {
			t.Errorf("first import says:\n%s", out)
		}

		minister := "Pakistan Interior Minister Sarfraz Bugti"
		body := orgHeader
		for i, who := range []string{minister, "Pakistan Ministry of Interior", minister, minister + " (press conference)", minister} {
			body += orgRow("2025-02-0"+string(rune('1'+i)), string(rune('1'+i))+"000", who, "Reuters (DT Next)")
		}
		file := write("figures.csv", body)
		_, errOut, err = tracker(t, nil, "import", "--db", dsn, file)
		if err == nil || !strings.Contains(err.Error(), "2 names naming no organisation known here") || !strings.Contains(err.Error(), "nothing was written") {
			t.Fatalf("err = %v", err)
		}
		for _, want := range []string{
			`figures.csv: "Pakistan Interior Minister Sarfraz Bugti" (attributed_to) names no organisation known here, on lines 2, 4, 5, 6 (also as "Pakistan Interior Minister Sarfraz Bugti (press conference)"); closest: Pakistan Ministry of Interior`,
			`figures.csv: "Reuters (DT Next)" (source_publisher) names no organisation known here, on lines 2, 3, 4, 5, 6`,
		} {
			if !strings.Contains(errOut, want) {
				t.Errorf("stderr lacks\n%s\nin\n%s", want, errOut)
			}
		}
		if n := strings.Count(errOut, "\n"); n != 2 {
			t.Errorf("%d lines on stderr, want one per name:\n%s", n, errOut)
		}
		if out, _, _ := tracker(t, nil, "export", "--db", dsn); strings.Count(out, "\n") != 3 {
			t.Errorf("after a refused import the export has other than the first row:\n%s", out)
		}

		out, errOut, err = tracker(t, nil, "import", "--db", dsn, "--create-organizations", file)
		if err != nil {
			t.Fatalf("with --create-organizations: %v\n%s", err, errOut)
		}
		for _, want := range []string{"5 rows — 5 created", "Created 2 organisations: Pakistan Interior Minister Sarfraz Bugti; Reuters."} {
			if !strings.Contains(out, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out)
			}
		}
		// The words are aliases now: the same file again asks nothing.
		if out, errOut, err = tracker(t, nil, "import", "--db", dsn, file); err != nil || !strings.Contains(out, "5 unchanged") || strings.Contains(out, "Created") {
			t.Errorf("again: %v\n%s%s", err, out, errOut)
		}
	})
}

// --organizations loads curated organisations first, in the same run:
// the figures' spellings resolve to them, and the demo's own file makes
// the demo import with no name left over.
func TestImportOrganizationsFile(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "t.db")
	orgs := filepath.Join(dir, "orgs.csv")
	os.WriteFile(orgs, []byte("name,acronym,kind,country,parent,url,aliases\n"+
		"Government of Pakistan,,government,PAK,,,Pakistani officials\n"+
		"Ministry of Interior of Pakistan,,government,PAK,Government of Pakistan,,Pakistan Interior Minister Sarfraz Bugti\n"+
		"Dawn,,media,PAK,,https://www.dawn.com,\n"), 0o644)
	figures := filepath.Join(dir, "figures.csv")
	os.WriteFile(figures, []byte(orgHeader+orgRow("2025-01-01", "100", "Pakistani officials", "Dawn")+
		orgRow("2025-01-02", "200", "Pakistan Interior Minister Sarfraz Bugti", "Dawn (Karachi)")), 0o644)
	out, errOut, err := tracker(t, nil, "import", "--db", dsn, "--organizations", orgs, figures)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	for _, want := range []string{"figures.csv: 2 rows — 2 created", "Created 3 organisations: Government of Pakistan; Ministry of Interior of Pakistan; Dawn."} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	// A bad organisations file: by line and column, nothing written.
	os.WriteFile(orgs, []byte("name,acronym,kind,country,parent,url,aliases\nUNHCR,,un agency,,,,\n"), 0o644)
	_, errOut, err = tracker(t, nil, "import", "--db", filepath.Join(dir, "u.db"), "--organizations", orgs, figures)
	if err == nil || !strings.Contains(errOut, "orgs.csv: line 2, column kind:") {
		t.Errorf("bad file: %v\n%s", err, errOut)
	}
	// The demo with its organisations imports with none created on the fly.
	demoOrgs := "../../data/demo/organizations.csv"
	out, errOut, err = tracker(t, nil, "import", "--db", filepath.Join(dir, "demo.db"), "--organizations", demoOrgs, "--events", demoEvents, demoFigures)
	if err != nil || !strings.Contains(out, "12 rows — 12 created") {
		t.Errorf("demo: %v\n%s%s", err, out, errOut)
	}
}
