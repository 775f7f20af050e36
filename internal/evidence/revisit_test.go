package evidence_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/evidence"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// site is a news site whose pages a test rewrites: each path serves its
// page, a status, or a redirect.
type site struct {
	mu    sync.Mutex
	pages map[string]string // path → HTML
	codes map[string]int    // path → status instead of the page
	moves map[string]string // path → redirect target path
	srv   *httptest.Server
}

func newSite(t *testing.T) *site {
	s := &site{pages: map[string]string{}, codes: map[string]int{}, moves: map[string]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		page, code, move := s.pages[r.URL.Path], s.codes[r.URL.Path], s.moves[r.URL.Path]
		s.mu.Unlock()
		switch {
		case move != "":
			http.Redirect(w, r, move, http.StatusMovedPermanently)
		case code != 0:
			w.Header().Set("Retry-After", r.URL.Query().Get("retry"))
			http.Error(w, http.StatusText(code), code)
		case page == "":
			http.NotFound(w, r)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *site) set(path, page string, code int, move string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path], s.codes[path], s.moves[path] = page, code, move
}

func article(paras ...string) string {
	return `<html><head><title>Returns update</title></head><body><nav><a href="/">Home</a></nav><article><h1>Returns update</h1><p>` +
		strings.Join(paras, "</p>\n<p>") + `</p></article><footer>© The News</footer></body></html>`
}

const (
	returned = "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023, according to a report by the International Organization for Migration."
	torkham  = "Officials said 1.2 million people had crossed the border at Torkham so far this year, a figure the agency did not confirm."
	other    = "The report was published on Sunday and covers the provinces of Nangarhar and Kunar in detail, with field visits."
)

// importFigures imports one published figure per excerpt, each read from
// url, and returns the source's ID.
func importFigures(t *testing.T, db *store.DB, url string, excerpts map[string]string) int64 {
	t.Helper()
	var b strings.Builder
	b.WriteString("figure_id,series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end,value,qualifier,value_low,value_high,value_as_stated,attributed_to,source_publisher,source_title,source_url,source_published,source_accessed,archive_url,licence,excerpt,notes\n")
	for id, ex := range excerpts {
		fmt.Fprintf(&b, "%s,afg-returns-%s,Afghan returns,returnees,cumulative,persons,PAK,AFG,2023-09-01,2025-04-19,1000000,approx,,,,IOM,The News,Returns update,%s,2025-04-20,,,,\"%s\",\n", id, id, url, ex)
	}
	if rep, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(b.String()), CreateOrganizations: true}, exchange.Options{}); err != nil {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	ids, err := db.SourceIDs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if src, _ := db.Source(context.Background(), id); src.URL == url {
			return id
		}
	}
	t.Fatalf("no source for %s", url)
	return 0
}

func newSaver(t *testing.T, db *store.DB, now *time.Time) *evidence.Saver {
	t.Helper()
	f, err := fetch.New(fetch.Options{Allow: []string{"127.0.0.1", "localhost"}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return &evidence.Saver{DB: db, Fetcher: f, Gap: -1, Now: func() time.Time { return *now }}
}

// The test: a source whose page turns 404, or drops the excerpt,
// is shown as broken or changed within one checker cycle, and its saved
// copy still serves.
func TestRevisitFindsBrokenAndChangedLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		web := newSite(t)
		web.set("/gone", article(returned, other), 0, "")
		web.set("/edited", article(returned, torkham, other), 0, "")
		gone := importFigures(t, db, web.srv.URL+"/gone", map[string]string{"g1": returned})
		edited := importFigures(t, db, web.srv.URL+"/edited", map[string]string{"e1": returned, "e2": torkham})
		now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
		s := newSaver(t, db, &now)
		if saved, failed, err := s.Round(ctx); err != nil || saved != 2 || failed != 0 {
			t.Fatalf("saving round: %d saved, %d failed, %v", saved, failed, err)
		}
		before := map[int64]domain.SourceCopy{}
		for _, id := range []int64{gone, edited} {
			cp, err := db.LatestSourceCopy(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			before[id] = cp
		}

		web.set("/gone", "", 0, "")
		web.set("/edited", article(returned, "Officials declined to give a figure for the crossings at Torkham this year.", other), 0, "")
		now = now.Add(25 * time.Hour)
		counts, err := s.RevisitRound(ctx, 24*time.Hour)
		if err != nil || counts[evidence.Gone] != 1 || counts[evidence.Changed] != 1 || len(counts) != 2 {
			t.Fatalf("revisit round: %v, %v", counts, err)
		}
		for id, want := range map[int64]domain.LinkState{gone: domain.LinkBroken, edited: domain.LinkChanged} {
			checks, err := db.SourceChecks(ctx, id, 20)
			if err != nil {
				t.Fatal(err)
			}
			h := domain.LinkHealthOf(checks)
			if h.State != want || !h.Since.Equal(now) {
				t.Errorf("source %d: %+v, want %s since %v", id, h, want, now)
			}
			if want == domain.LinkChanged && h.Detail != "figure e2 no longer on the page" {
				t.Errorf("changed detail %q", h.Detail)
			}
			cp, err := db.LatestSourceCopy(ctx, id)
			if err != nil || cp.ID != before[id].ID || string(cp.Body) != string(before[id].Body) {
				t.Errorf("source %d: the latest copy is no longer the saved one: %v", id, err)
			}
		}
		if s.Fetches(evidence.Saved) != 2 || s.Fetches(evidence.Gone) != 1 || s.Fetches(evidence.Changed) != 1 || s.Fetches(evidence.OK) != 0 {
			t.Errorf("counted fetches: saved %d, gone %d, changed %d", s.Fetches(evidence.Saved), s.Fetches(evidence.Gone), s.Fetches(evidence.Changed))
		}
		// Revisited just now: not stale again until a day has passed.
		if counts, err := s.RevisitRound(ctx, 24*time.Hour); err != nil || len(counts) != 0 {
			t.Errorf("a second round at once: %v %v", counts, err)
		}
	})
}

// A page served from a new address is moved (the detail is the address);
// a page whose bytes changed but which holds its excerpts is ok; both keep
// a new copy of what they serve.
func TestRevisitMovedAndOK(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	web := newSite(t)
	web.set("/a", article(returned), 0, "")
	web.set("/b", article(torkham), 0, "")
	a := importFigures(t, db, web.srv.URL+"/a", map[string]string{"a1": returned})
	b := importFigures(t, db, web.srv.URL+"/b", map[string]string{"b1": torkham})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	if _, _, err := s.Round(ctx); err != nil {
		t.Fatal(err)
	}
	web.set("/a", "", 0, "/news/a")
	web.set("/news/a", article(returned, other), 0, "")
	web.set("/b", article(torkham, other), 0, "")
	now = now.Add(time.Hour)
	r, err := s.Revisit(ctx, a)
	if err != nil || r.Outcome != evidence.Moved || !r.NewCopy {
		t.Errorf("moved page: %+v %v", r, err)
	}
	if checks, _ := db.SourceChecks(ctx, a, 1); len(checks) != 1 || checks[0].Detail != web.srv.URL+"/news/a" {
		t.Errorf("moved check: %+v", checks)
	}
	r, err = s.Revisit(ctx, b)
	if err != nil || r.Outcome != evidence.OK || !r.NewCopy {
		t.Errorf("edited page holding its excerpt: %+v %v", r, err)
	}
	if cp, err := db.LatestSourceCopy(ctx, b); err != nil || !strings.Contains(cp.Text, "Nangarhar") {
		t.Errorf("the new copy was not kept: %v", err)
	}
	// The same bytes again: ok, no new copy.
	if r, err := s.Revisit(ctx, b); err != nil || r.Outcome != evidence.OK || r.NewCopy {
		t.Errorf("unchanged page: %+v %v", r, err)
	}
}

// One request at a time to a host, however many sources are on it and
// however many workers visit: a server counting requests in flight per
// host never sees two.
func TestOneRequestAtATimePerHost(t *testing.T) {
	var (
		mu       sync.Mutex
		inFlight = map[string]int{}
		most     = map[string]int{}
		served   atomic.Int64
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.Split(r.Host, ":")[0]
		mu.Lock()
		inFlight[host]++
		most[host] = max(most[host], inFlight[host])
		mu.Unlock()
		time.Sleep(5 * time.Millisecond) // long enough for overlaps to happen if allowed
		mu.Lock()
		inFlight[host]--
		mu.Unlock()
		served.Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article(returned, r.URL.Path))
	}))
	defer srv.Close()
	db := storetest.SQLite(t)
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	var ids []int64
	for i := range 6 {
		for _, host := range []string{"127.0.0.1", "localhost"} {
			ids = append(ids, importFigures(t, db, fmt.Sprintf("http://%s%s/report/%d", host, port, i), map[string]string{fmt.Sprintf("f%s%d", host[:1], i): returned}))
		}
	}
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	s.Gap, s.Workers = time.Millisecond, 4
	ctx := context.Background()
	// First visits (saves), then, a day later, revisits.
	saved := 0
	if err := s.Visits(ctx, ids, s.Fetch, func(r evidence.Result) error {
		if r.Outcome == evidence.Saved {
			saved++
		}
		return nil
	}); err != nil || saved != len(ids) {
		t.Fatalf("saving: %d saved, %v", saved, err)
	}
	now = now.Add(25 * time.Hour)
	if counts, err := s.RevisitRound(ctx, 24*time.Hour); err != nil || counts[evidence.OK] != len(ids) {
		t.Fatalf("revisits: %v %v", counts, err)
	}
	// Fetch called for the same host from elsewhere at once waits too.
	var wg sync.WaitGroup
	for _, id := range ids[:4] {
		wg.Go(func() {
			if _, err := s.Fetch(ctx, id); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if most["127.0.0.1"] != 1 || most["localhost"] != 1 || served.Load() != int64(2*len(ids)+4) {
		t.Errorf("most requests at once per host: %v; %d served", most, served.Load())
	}
}

// After a 429 or a 503 no source on the host is visited before its
// Retry-After; without one, ten minutes, then twenty.
func TestThrottledHostIsLeftAlone(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	web := newSite(t)
	web.set("/busy", "", http.StatusTooManyRequests, "")
	web.set("/other", article(returned), 0, "")
	web.set("/down", "", http.StatusServiceUnavailable, "")
	busy := importFigures(t, db, web.srv.URL+"/busy?retry=120", map[string]string{"b1": returned})
	other := importFigures(t, db, web.srv.URL+"/other", map[string]string{"o1": returned})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	visit := func(id int64, wantOutcome domain.CheckOutcome, wantSkipped bool) {
		t.Helper()
		r, err := s.Fetch(ctx, id)
		if err != nil || (r.Skipped != "") != wantSkipped || (!wantSkipped && r.Outcome != wantOutcome) {
			t.Errorf("at %s: %+v %v; want outcome %q, skipped %v", now.Format("15:04:05"), r, err, wantOutcome, wantSkipped)
		}
	}
	visit(busy, evidence.Throttled, false)
	visit(other, "", true) // the same host
	now = now.Add(119 * time.Second)
	visit(other, "", true)
	now = now.Add(time.Second)
	visit(other, evidence.Saved, false)
	if checks, _ := db.SourceChecks(ctx, other, 5); len(checks) != 1 {
		t.Errorf("a skipped visit was recorded: %+v", checks)
	}

	// 503 without Retry-After: ten minutes, then twenty; a served page
	// ends the doubling.
	down := importFigures(t, db, web.srv.URL+"/down", map[string]string{"d1": returned})
	visit(down, evidence.Throttled, false)
	now = now.Add(9 * time.Minute)
	visit(down, "", true)
	now = now.Add(time.Minute)
	visit(down, evidence.Throttled, false)
	now = now.Add(19 * time.Minute)
	visit(down, "", true)
	now = now.Add(time.Minute)
	web.set("/down", article(returned), 0, "")
	visit(down, evidence.Saved, false)
	web.set("/down", "", http.StatusServiceUnavailable, "")
	visit(down, evidence.Throttled, false)
	now = now.Add(10 * time.Minute)
	visit(other, evidence.Unchanged, false)
}

// A source another server is visiting is skipped.
func TestClaimedSourceIsSkipped(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	web := newSite(t)
	web.set("/a", article(returned), 0, "")
	id := importFigures(t, db, web.srv.URL+"/a", map[string]string{"a1": returned})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	release, ok, err := db.ClaimSource(ctx, id)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if r, err := s.Revisit(ctx, id); err != nil || r.Skipped == "" {
		t.Errorf("a claimed source was visited: %+v %v", r, err)
	}
	release()
	if r, err := s.Revisit(ctx, id); err != nil || r.Outcome != evidence.Saved {
		t.Errorf("after release: %+v %v", r, err)
	}
}

// Two servers on one PostgreSQL database: while one visits a source, the
// other skips it.
func TestTwoServersVisitASourceOnce(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	open := func() *store.DB {
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	one, two := open(), open()
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			entered <- struct{}{}
			<-release // the first visit is under way until the test says
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article(returned))
	}))
	defer srv.Close()
	id := importFigures(t, one, srv.URL+"/a", map[string]string{"a1": returned})
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	first, second := newSaver(t, one, &now), newSaver(t, two, &now)
	done := make(chan evidence.Result)
	go func() {
		r, err := first.Revisit(ctx, id)
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	<-entered
	if r, err := second.Revisit(ctx, id); err != nil || r.Skipped == "" {
		t.Errorf("the second server visited a source the first is visiting: %+v %v", r, err)
	}
	close(release)
	if r := <-done; r.Outcome != evidence.Saved {
		t.Errorf("the first server's visit: %+v", r)
	}
	if r, err := second.Revisit(ctx, id); err != nil || r.Skipped != "" || r.Outcome != evidence.OK {
		t.Errorf("the second server once the first is done: %+v %v", r, err)
	}
}
