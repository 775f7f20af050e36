package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// extracted runs tracker extract and decodes its JSON lines.
func extracted(t *testing.T, stdin string, args ...string) (lines []map[string]any, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), append([]string{"tracker", "extract"}, args...), func(string) string { return "" },
		strings.NewReader(stdin), &out, &errOut)
	dec := json.NewDecoder(&out)
	for dec.More() {
		var m map[string]any
		if e := dec.Decode(&m); e != nil {
			t.Fatalf("output is not JSON lines: %v\n%s", e, out.String())
		}
		lines = append(lines, m)
	}
	return lines, errOut.String(), err
}

// find returns the line whose value_as_stated is stated.
func find(t *testing.T, lines []map[string]any, stated string) map[string]any {
	t.Helper()
	for _, l := range lines {
		if l["value_as_stated"] == stated {
			return l
		}
	}
	t.Fatalf("no candidate %q in %v", stated, lines)
	return nil
}

// TestExtractText reads a real situation report's text from a file and
// from standard input, with the publication date.
func TestExtractText(t *testing.T) {
	report := "../../internal/extract/testdata/sitrep-afghan-returns.txt"
	lines, stderr, err := extracted(t, "", "--published", "2025-06-05", report)
	if err != nil {
		t.Fatalf("%v %s", err, stderr)
	}
	l := find(t, lines, "474,264")
	if l["value"] != 474264.0 || l["qualifier"] != "exact" || l["period_end"] != "2024-01-23" ||
		!strings.HasPrefix(l["sentence"].(string), "The repatriation process for Afghan nationals") {
		t.Errorf("474,264: %v", l)
	}
	keys := []string{"value", "qualifier", "value_low", "value_high", "value_as_stated", "period_start", "period_end",
		"attributed_to", "organization", "sentence", "confidence", "start", "end"}
	for _, k := range keys {
		if _, ok := l[k]; !ok {
			t.Errorf("no key %q in %v", k, l)
		}
	}
	body, _ := os.ReadFile(report)
	fromStdin, _, err := extracted(t, string(body), "-")
	if err != nil || len(fromStdin) != len(lines) {
		t.Errorf("standard input: %d lines, file: %d; %v", len(fromStdin), len(lines), err)
	}
}

// TestExtractHTMLAndPDF reads an HTML page and a PDF from files in a
// temporary directory, as a data team would.
func TestExtractHTMLAndPDF(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "update.html")
	os.WriteFile(page, []byte(`<!doctype html><html><head><title>Flash update</title></head><body>
<nav>Home</nav><article><h1>Flash update</h1><p>Between 1,500 and 2,000 people fled the town last week, the agency said.</p>
<p>Some 300 families have returned.</p></article></body></html>`), 0o644)
	lines, stderr, err := extracted(t, "", page)
	if err != nil {
		t.Fatalf("%v %s", err, stderr)
	}
	l := find(t, lines, "Between 1,500 and 2,000")
	if l["qualifier"] != "range" || l["value_low"] != 1500.0 || l["value_high"] != 2000.0 {
		t.Errorf("range: %v", l)
	}
	find(t, lines, "Some 300")

	if _, err := exec.LookPath("pdftotext"); err != nil && os.Getenv("TRACKER_TEST_PDF") != "1" {
		t.Skip("pdftotext not installed (apt-get install poppler-utils); TRACKER_TEST_PDF=1 makes this fail")
	}
	pdf, err := os.ReadFile("../../internal/fetch/testdata/report.pdf")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "flash update") // no extension: the bytes say PDF
	os.WriteFile(file, pdf, 0o644)
	lines, stderr, err = extracted(t, "", file)
	if err != nil {
		t.Fatalf("%v %s", err, stderr)
	}
	if l := find(t, lines, "12,500"); l["sentence"] != "UNHCR reports 12,500 people displaced from Al Fashir in April 2025." {
		t.Errorf("PDF: %v", l)
	}
}

// TestExtractSeries takes the series' title from the database when it has
// the slug, and says so when it does not.
func TestExtractSeries(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "t.db")
	withOrgs(t, dsn, demoOrgs...)
	if _, errOut, err := tracker(t, nil, "import", "--db", dsn, demoFigures); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	report := "../../internal/extract/testdata/sitrep-afghan-returns.txt"
	if _, stderr, err := extracted(t, "", "--db", dsn, "--series", "pak-security-forces-deaths-annual", report); err != nil || stderr != "" {
		t.Errorf("a known series: %v %q", err, stderr)
	}
	_, stderr, err := extracted(t, "", "--db", dsn, "--series", "afghans-returned", report)
	if err != nil || !strings.Contains(stderr, `no series "afghans-returned" in the database; reading for the slug's words "afghans returned"`) {
		t.Errorf("an unknown series: %v %q", err, stderr)
	}
	// The database's organisations resolve the attribution.
	lines, _, err := extracted(t, "Some 3,000 Afghans returned from Pakistan last week, IOM said.", "--db", dsn, "-")
	if err != nil || len(lines) != 1 || lines[0]["attributed_to"] != "IOM" || lines[0]["organization"] != "IOM" {
		t.Errorf("attribution with the registry: %v %v", err, lines)
	}
	if slugWords("afghans-returned_from-pakistan") != "afghans returned from pakistan" {
		t.Error(slugWords("afghans-returned_from-pakistan"))
	}
}

// TestExtractErrors: bad flags, dates and files give one clear line and
// an error (exit code 1), and no database file is ever created.
func TestExtractErrors(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "chart.png")
	os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), 0o644)
	missingDB := filepath.Join(dir, "none.db")
	report := "../../internal/extract/testdata/sitrep-afghan-returns.txt"
	for _, tc := range []struct {
		args []string
		want string // in the error or on standard error
	}{
		{[]string{"--published", "2025-13-01", report}, "month 13 does not exist"},
		{[]string{"--published", "last week", report}, "is not a date"},
		{[]string{filepath.Join(dir, "no-such.txt")}, "no such file or directory"},
		{[]string{png}, "chart.png: not a text, HTML or PDF document"},
		{[]string{report, report}, "extract reads one document, got 2"},
		{[]string{"--db", missingDB, report}, "no such database file"},
		{[]string{"--bogus", report}, "flag provided but not defined"},
	} {
		_, stderr, err := extracted(t, "", tc.args...)
		if err == nil || !strings.Contains(err.Error()+stderr, tc.want) {
			t.Errorf("%q: err %v, stderr %q; want %q", tc.args, err, stderr, tc.want)
		}
	}
	if _, err := os.Stat(missingDB); err == nil {
		t.Error("extract created a database file")
	}
}
