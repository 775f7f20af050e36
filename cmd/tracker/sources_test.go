package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// tracker sources check fetches each source from a local server, keeps a
// copy of each document, and says of each excerpt whether the copy has it:
// found (curly quotes and a line break inside the sentence in the page),
// nearly found (a number changed, named), not found; a 404 is reported and
// not kept; a second run keeps no copy twice; a loopback address is refused
// unless --fetch-allow names it.
func TestSourcesCheck(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/report", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Returns update</title><script>var x = "nav";</script></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Returns update</h1>
<p>Nearly a million Afghans have either voluntarily returned or been forcibly
deported since September 2023, according to a report by the “International Organization for Migration”.</p>
<p>Officials said 1.2 million people had crossed the border at Torkham so far this year, a figure the agency did not confirm.</p>
<p>The report was published on Sunday and covers the provinces of Nangarhar and Kunar in detail, with field visits.</p>
</article><footer>© The News</footer></body></html>`)
	})
	mux.HandleFunc("/gone", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	header := "figure_id,series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end,value,qualifier,value_low,value_high,value_as_stated,attributed_to,source_publisher,source_title,source_url,source_published,source_accessed,archive_url,licence,excerpt,notes\n"
	row := func(id, url, excerpt string) string {
		return id + ",afg-returns,Afghan returns,returnees,cumulative,persons,PAK,AFG,2023-09-01,2025-04-19,1000000,approx,,,,IOM,The News,Returns update," +
			url + ",2025-04-20,,,,\"" + strings.ReplaceAll(excerpt, `"`, `""`) + "\",\n"
	}
	csv := header +
		row("fnd", srv.URL+"/report", `Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023, according to a report by the "International Organization for Migration".`) +
		row("near", srv.URL+"/report", "Officials said 1.3 million people had crossed the border at Torkham so far this year, a figure the agency did not confirm.") +
		row("none", srv.URL+"/report", "Pakistan extended the deadline for holders of Proof of Registration cards until the end of June.") +
		row("gone", srv.URL+"/gone", "A sentence on a page that is gone.")
	dir := t.TempDir()
	file := filepath.Join(dir, "figures.csv")
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	dsn := filepath.Join(dir, "t.db")
	if _, errOut, err := tracker(t, nil, "import", "--db", dsn, "--create-organizations", file); err != nil {
		t.Fatal(err, errOut)
	}

	// Without --fetch-allow, the local server is a loopback address.
	out, _, err := tracker(t, nil, "sources", "check", "--db", dsn)
	if err != nil || strings.Count(out, "fetch refused") != 2 || !strings.Contains(out, "loopback") {
		t.Errorf("a loopback source fetched without --fetch-allow: %v\n%s", err, out)
	}
	out, _, err = tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1")
	if err != nil {
		t.Fatal(err, out)
	}
	for _, want := range []string{
		"copy saved", "figure fnd (published): excerpt found",
		"figure near (published): excerpt nearly found: the copy has “1.2 million” where the excerpt has “1.3 million”",
		"figure none (published): excerpt not found",
		"/gone: HTTP 404 Not Found",
		"2 sources: 1 copy saved, 0 unchanged, 1 not fetched or not kept; excerpts: 1 found, 1 nearly found, 1 not found, 0 unchecked",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids, _ := db.SourceIDs(context.Background())
	var saved int
	for _, id := range ids {
		cp, err := db.LatestSourceCopy(context.Background(), id)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			continue
		}
		if err != nil || !strings.Contains(cp.Text, "Torkham") || strings.Contains(cp.Text, "var x") || cp.Status != 200 {
			t.Errorf("saved copy: %+v %v", cp, err)
		}
		saved++
	}
	if saved != 1 {
		t.Errorf("%d sources have a saved copy, want 1 (the 404 is not kept)", saved)
	}
	out, _, err = tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1")
	if err != nil || !strings.Contains(out, "unchanged since the copy of") || !strings.Contains(out, "0 copies saved, 1 unchanged") {
		t.Errorf("a second run: %v\n%s", err, out)
	}
	if _, _, err := tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "not a host!"); err == nil {
		t.Error("a bad --fetch-allow was accepted")
	}
	if _, _, err := tracker(t, nil, "sources", "--db", dsn); err == nil {
		t.Error("tracker sources without check was accepted")
	}
}
