package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// keptPage is a local news page whose paragraphs a test rewrites.
type keptPage struct {
	mu    sync.Mutex
	paras []string
	srv   *httptest.Server
}

func newKeptPage(t *testing.T, paras ...string) *keptPage {
	p := &keptPage{paras: paras}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		body := strings.Join(p.paras, "</p><p>")
		p.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>Returns update</title></head><body><article><h1>Returns update</h1><p>%s</p></article></body></html>", body)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *keptPage) set(paras ...string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.paras = paras
}

const (
	keptReturned = "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023."
	keptTorkham  = "Officials said 1.2 million people had crossed the border at Torkham so far this year."
	keptOther    = "The report covers the provinces of Nangarhar and Kunar in detail, with field visits."
)

// importKept imports one published figure per excerpt, read from url.
func importKept(t *testing.T, dsn, url string, excerpts map[string]string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("figure_id,series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end,value,qualifier,value_low,value_high,value_as_stated,attributed_to,source_publisher,source_title,source_url,source_published,source_accessed,archive_url,licence,excerpt,notes\n")
	for id, ex := range excerpts {
		fmt.Fprintf(&b, "%s,afg-returns-%s,Afghan returns,returnees,cumulative,persons,PAK,AFG,2023-09-01,2025-04-19,1000000,approx,,,,IOM,The News,Returns update,%s,2025-04-20,,,,\"%s\",\n", id, id, url, ex)
	}
	file := filepath.Join(t.TempDir(), "figures.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, err := tracker(t, nil, "import", "--db", dsn, "--create-organizations", file); err != nil {
		t.Fatal(err, errOut)
	}
}

// excerptStatus is what downloads and the API say of figure id's excerpt.
func excerptStatus(t *testing.T, dsn, id string) domain.Evidence {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f, _, err := db.PublicFigure(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f.Evidence
}

// With serve's --fetch-every 0, "tracker sources check does it by hand":
// it prints each excerpt's check, and those checks must be the ones kept
// for downloads and the API. A figure entered after its source's copy was
// saved, and every excerpt of a source whose revisit kept a new copy, are
// left "unchecked" in the CSV and the API for good, while the command
// printed "found" and the figure page says found.
func TestSourcesCheckKeepsTheChecksItPrints(t *testing.T) {
	page := newKeptPage(t, keptReturned, keptTorkham)
	dsn := filepath.Join(t.TempDir(), "t.db")
	url := page.srv.URL + "/report"
	importKept(t, dsn, url, map[string]string{"one": keptReturned})
	if out, _, err := tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1"); err != nil || !strings.Contains(out, "copy saved") {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	if ev := excerptStatus(t, dsn, "one"); ev.Status != domain.ExcerptFound {
		t.Fatalf("figure one after the copy was saved: %+v", ev)
	}

	// A second figure read from the same document, entered later.
	importKept(t, dsn, url, map[string]string{"two": keptTorkham})
	out, _, err := tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1")
	if err != nil || !strings.Contains(out, "figure two (published): excerpt found") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if ev := excerptStatus(t, dsn, "two"); ev.Status != domain.ExcerptFound {
		t.Errorf("figure two: the command printed found, downloads say %q", ev.Status)
	}

	// The page is edited and still holds both excerpts: --stale keeps a
	// new copy.
	page.set(keptReturned, keptTorkham, keptOther)
	out, _, err = tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1", "--stale", "0")
	if err != nil || !strings.Contains(out, "new copy saved") || !strings.Contains(out, "figure one (published): excerpt found") {
		t.Fatalf("--stale run: %v\n%s", err, out)
	}
	for _, id := range []string{"one", "two"} {
		if ev := excerptStatus(t, dsn, id); ev.Status != domain.ExcerptFound {
			t.Errorf("figure %s after --stale kept a new copy: the command printed found, downloads say %q", id, ev.Status)
		}
	}
}

// A revisit that finds the page changed keeps the copy that holds the
// excerpt (docs/OPERATIONS.md: "the page is not saved, so the copy that
// holds the excerpt stays the one served"). Running tracker sources check
// without flags afterwards must not undo that: it saves the page that
// dropped the excerpt as the latest copy, so downloads say not_found, the
// figure page says "not found in the copy saved on …", and the link reads
// ok again and leaves the staff's problem list.
func TestSourcesCheckWithoutFlagsKeepsAChangedSourcesEvidence(t *testing.T) {
	page := newKeptPage(t, keptReturned, keptOther)
	dsn := filepath.Join(t.TempDir(), "t.db")
	importKept(t, dsn, page.srv.URL+"/report", map[string]string{"one": keptReturned})
	if out, _, err := tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1"); err != nil || !strings.Contains(out, "copy saved") {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	page.set("Officials declined to say how many had returned.", keptOther)
	out, _, err := tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1", "--stale", "0")
	if err != nil || !strings.Contains(out, "changed: figure one no longer on the page") {
		t.Fatalf("--stale run: %v\n%s", err, out)
	}
	if _, _, err := tracker(t, nil, "sources", "check", "--db", dsn, "--fetch-allow", "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if ev := excerptStatus(t, dsn, "one"); ev.Status != domain.ExcerptFound {
		t.Errorf("after a plain run the excerpt reads %q in downloads, want found in the copy that holds it", ev.Status)
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if h, err := db.SourceHealth(context.Background(), 1); err != nil || h.State != domain.LinkChanged {
		t.Errorf("after a plain run the link reads %q (%v), want still changed: the page still lacks the excerpt", h.State, err)
	}
}
