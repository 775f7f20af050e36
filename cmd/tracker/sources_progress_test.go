package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The progress line: a bar of twenty that fills as sources are visited,
// the count, and the outcomes so far; never wider than asked.
func TestSourcesBarLine(t *testing.T) {
	counts := map[domain.CheckOutcome]int{domain.OutcomeOK: 10, domain.OutcomeGone: 1, domain.OutcomeChanged: 1}
	for _, tt := range []struct {
		done, total int
		counts      map[domain.CheckOutcome]int
		want        string
	}{
		{0, 65, nil, "[                    ] 0/65"},
		{12, 65, counts, "[==>                 ] 12/65  ok 10 · changed 1 · gone 1"},
		{33, 65, map[domain.CheckOutcome]int{domain.OutcomeTooLarge: 2}, "[=========>          ] 33/65  too large 2"},
		{65, 65, counts, "[====================] 65/65  ok 10 · changed 1 · gone 1"},
		{0, 0, nil, "[====================] 0/0"},
	} {
		if got := sourcesBarLine(tt.done, tt.total, tt.counts, 79); got != tt.want {
			t.Errorf("%d/%d: %q, want %q", tt.done, tt.total, got, tt.want)
		}
	}
	all := map[domain.CheckOutcome]int{}
	for _, o := range domain.CheckOutcomes {
		all[o] = 123456
	}
	got := sourcesBarLine(999999, 1000000, all, 79)
	if utf8.RuneCountInString(got) != 79 || !strings.HasSuffix(got, "…") {
		t.Errorf("a long line is not cut to 79: %q", got)
	}
}

// The bar is drawn on a terminal only; a file or a pipe gets the lines.
func TestSourcesBarOnlyOnATerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if newSourcesBar(f) != nil || newSourcesBar(&strings.Builder{}) != nil {
		t.Error("a bar on a file")
	}
	var nilBar *sourcesBar
	nilBar.draw(1, 2, nil) // draws nothing, does not panic
	nilBar.clear()
	nilBar.finish()
	var b strings.Builder
	bar := &sourcesBar{w: &b}
	bar.draw(1, 4, map[domain.CheckOutcome]int{domain.OutcomeOK: 1})
	bar.draw(2, 4, nil)
	bar.clear()
	bar.draw(4, 4, nil)
	bar.finish()
	want := "\r[====>               ] 1/4  ok 1" +
		"\r[=========>          ] 2/4      " +
		"\r                          \r" +
		"\r[====================] 4/4\n"
	if b.String() != want {
		t.Errorf("drawn %q\nwant  %q", b.String(), want)
	}
}

// tracker sources check --stale revisits the saved sources: a page that
// turned 404 is gone, one that dropped an excerpt is changed (its copy
// kept), one redirected elsewhere moved, one that still holds its excerpt
// ok; the summary counts them by outcome. --source visits one.
func TestSourcesCheckStale(t *testing.T) {
	var mu sync.Mutex
	pages := map[string]string{}
	page := func(path, body string) {
		mu.Lock()
		defer mu.Unlock()
		pages[path] = body
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		body := pages[r.URL.Path]
		mu.Unlock()
		switch {
		case strings.HasPrefix(body, "redirect:"):
			http.Redirect(w, r, strings.TrimPrefix(body, "redirect:"), http.StatusFound)
		case body == "":
			http.NotFound(w, r)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<html><body><article><h1>Returns</h1><p>%s</p></article></body></html>", body)
		}
	}))
	defer srv.Close()
	const (
		returned = "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023."
		torkham  = "Officials said 1.2 million people had crossed the border at Torkham so far this year."
	)
	page("/ok", returned)
	page("/gone", returned)
	page("/edited", returned+"</p><p>"+torkham)
	page("/old", torkham)

	header := "figure_id,series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end,value,qualifier,value_low,value_high,value_as_stated,attributed_to,source_publisher,source_title,source_url,source_published,source_accessed,archive_url,licence,excerpt,notes\n"
	row := func(id, path, excerpt string) string {
		return id + ",afg-returns-" + id + ",Afghan returns,returnees,cumulative,persons,PAK,AFG,2023-09-01,2025-04-19,1000000,approx,,,,IOM,The News,Returns update," +
			srv.URL + path + ",2025-04-20,,,,\"" + excerpt + "\",\n"
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "figures.csv")
	csv := header + row("f-ok", "/ok", returned) + row("f-gone", "/gone", returned) + row("f-ret", "/edited", returned) +
		row("f-tork", "/edited", torkham) + row("f-old", "/old", torkham)
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	dsn := filepath.Join(dir, "t.db")
	if _, errOut, err := tracker(t, nil, "import", "--db", dsn, "--create-organizations", file); err != nil {
		t.Fatal(err, errOut)
	}
	out, errOut, err := tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1", "--stale", "0")
	if err != nil || !strings.Contains(out, "4 sources: 4 copies saved") || !strings.HasSuffix(out, "; visits: saved 4\n") {
		t.Fatalf("first run saves the copies: %v\n%s", err, out)
	}
	if errOut != "" {
		t.Errorf("no terminal, yet stderr has %q", errOut)
	}

	page("/gone", "")
	page("/edited", returned+"</p><p>Officials declined to give a figure for the crossings.")
	page("/old", "redirect:/new")
	page("/new", torkham)
	out, _, err = tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1", "--stale", "0")
	if err != nil {
		t.Fatal(err, out)
	}
	for _, want := range []string{
		"/ok): ok; unchanged since the copy of",
		"/gone: HTTP 404 Not Found",
		"/edited): changed: figure f-tork no longer on the page; the copy of ",
		"/old): moved to " + srv.URL + "/new; unchanged since the copy of", // the same bytes, from the new address
		"4 sources: 0 copies saved, 2 unchanged, 2 not fetched or not kept; excerpts: 2 found, 0 nearly found, 0 not found, 0 unchecked; visits: ok 1 · moved 1 · changed 1 · gone 1\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Just visited: a day's staleness finds nothing.
	out, _, err = tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1", "--stale", "24h")
	if err != nil || !strings.HasPrefix(out, "0 sources:") {
		t.Errorf("--stale 24h right after a visit: %v\n%s", err, out)
	}
	// --source revisits one.
	out, _, err = tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1", "--source", "1")
	if err != nil || !strings.Contains(out, "1 source:") || !strings.Contains(out, "visits: ok 1") {
		t.Errorf("--source 1: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"--stale", "soon"}, {"--stale", "-1h"}, {"--stale", "1h", "--source", "1"}, {"--source", "99"}} {
		_, errOut, err := tracker(t, nil, append([]string{"sources", "check", "--db", dsn}, args...)...)
		if err == nil {
			t.Errorf("%v was accepted", args)
		} else if msg := err.Error() + errOut; !strings.Contains(msg, "--s") {
			t.Errorf("%v: the message does not name the flag: %s", args, msg)
		}
	}
}
