package web_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"net/http/httptest"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// addEvents publishes n events on Pakistan and Afghanistan, one every nine days
// from 22 October 2023: they fall on the demo's series of returns, in its period.
func addEvents(t *testing.T, db *store.DB, n int) {
	t.Helper()
	storetest.Orgs(t, db, "Example News")
	var b strings.Builder
	b.WriteString("event_id,date,end_date,title,kind,countries,source_publisher,source_title,source_url,source_published,excerpt\n")
	start := time.Date(2023, 10, 22, 0, 0, 0, 0, time.UTC)
	for i := range n {
		day := start.AddDate(0, 0, 9*i).Format(time.DateOnly)
		fmt.Fprintf(&b, ",%s,,Border event number %d at Torkham,other,PAK;AFG,Example News,Report %d,https://news.example.org/%d,%s,Something happened at the border.\n", day, i+1, i, i, day)
	}
	if _, err := importer.Run(t.Context(), db, "test", importer.Input{Events: strings.NewReader(b.String()), EventsName: "events.csv"}, exchange.Options{}); err != nil {
		t.Fatal(err)
	}
}

// getWithin is get for a request that may never be answered by a broken
// server: it fails the test after a generous bound instead of hanging it.
func getWithin(t *testing.T, url string, within time.Duration) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), within)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return resp, string(b)
}

// A series with sixty events is drawn in every format and size, with
// finite coordinates: the layout once put the plot upside down, wrote 223
// NaN into the SVG, and the PNG never finished.
func TestSixtyEventChart(t *testing.T) {
	ts, db := newSite(t)
	addEvents(t, db, 60)
	for _, path := range []string{"/chart.svg", "/chart.svg?size=phone", "/chart.svg?size=small", "/chart.png", "/chart.png?size=phone", ""} {
		resp, body := getWithin(t, ts.URL+"/series/"+govSeries+path, 2*time.Minute)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		if strings.Contains(body, "NaN") || strings.Contains(body, "Inf") {
			t.Errorf("%s: %d NaN in the chart", path, strings.Count(body, "NaN"))
		}
		if path == "" {
			mustContain(t, "series page", body, "Border event number 60 at Torkham", ">60</text>", "listed at "+ts.URL+"/series/"+govSeries)
		}
	}
}

// The inline charts of a page are valid SVG: their width and height are
// the drawing's, and CSS scales them ("auto" is not an SVG length).
func TestInlineChartSize(t *testing.T) {
	ts, _ := newSite(t)
	_, body := get(t, ts.URL+"/series/"+govSeries)
	tags := regexp.MustCompile(`<svg [^>]*>`).FindAllString(body, -1)
	if len(tags) != 2 {
		t.Fatalf("%d inline charts, want the wide one and the phone one", len(tags))
	}
	for i, want := range []string{`width="960" height="540"`, `width="390" height="720"`} {
		if !strings.Contains(tags[i], want) || strings.Contains(tags[i], `"auto"`) || strings.Contains(tags[i], `"100%"`) {
			t.Errorf("inline chart %d: %s; want %s and no auto or 100%% attribute", i, tags[i], want)
		}
	}
}

// renderGauge holds a test's render hook: it counts renders running at once
// and keeps each until released.
type renderGauge struct {
	mu        sync.Mutex
	running   int
	peak      int
	started   map[string]int // renders started per cache key
	entered   chan string
	release   chan struct{}
	untilDone bool // hold each render until its context ends instead
}

func newRenderGauge() *renderGauge {
	return &renderGauge{started: map[string]int{}, entered: make(chan string, 100), release: make(chan struct{})}
}

func (g *renderGauge) hook(ctx context.Context, key string) {
	g.mu.Lock()
	g.running++
	g.peak = max(g.peak, g.running)
	g.started[key]++
	g.mu.Unlock()
	g.entered <- key
	g.mu.Lock()
	untilDone := g.untilDone
	g.mu.Unlock()
	if untilDone {
		<-ctx.Done()
	} else {
		<-g.release
	}
	g.mu.Lock()
	g.running--
	g.mu.Unlock()
}

// hold makes the renders that start from now on wait for their context
// to end (true), or for release.
func (g *renderGauge) hold(untilDone bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.untilDone = untilDone
}

func (g *renderGauge) counts() (peak, renders int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, n := range g.started {
		renders += n
	}
	return g.peak, renders
}

// chartURLs are n different charts (n windows) of the demo's series.
func chartURLs(base string, n int) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/series/%s/chart.svg?from=2023-10-%02d", base, govSeries, i+1)
	}
	return urls
}

// At most the gate's number of charts are drawn at once, however many
// requests come together: the others wait for a slot, and get 503 with
// Retry-After (in problem+json, as the chart addresses answer errors) when
// none frees in time. A refused chart is not cached as a failure.
func TestChartRendersAreBounded(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		srv := newGateSite(t)
		g := newRenderGauge()
		web.SetRenderGate(srv.server, 2, 50*time.Millisecond, time.Minute, g.hook)
		urls := chartURLs(srv.URL, 8)
		type result struct {
			status      int
			retry, ctyp string
		}
		results := make(chan result, len(urls))
		var wg sync.WaitGroup
		for _, u := range urls {
			wg.Go(func() {
				resp, err := http.Get(u)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				results <- result{resp.StatusCode, resp.Header.Get("Retry-After"), resp.Header.Get("Content-Type")}
			})
		}
		<-g.entered
		<-g.entered
		// Two are drawing; the six others find no slot and are refused.
		for range len(urls) - 2 {
			r := <-results
			if r.status != 503 || r.retry == "" || r.ctyp != "application/problem+json" {
				t.Errorf("excess request: %d, Retry-After %q, %s; want 503 problem+json with Retry-After", r.status, r.retry, r.ctyp)
			}
		}
		close(g.release)
		wg.Wait()
		close(results)
		for r := range results {
			if r.status != 200 {
				t.Errorf("drawn request: %d", r.status)
			}
		}
		if peak, renders := g.counts(); peak != 2 || renders != 2 {
			t.Errorf("%d renders at once, %d in all; want 2 and 2", peak, renders)
		}
		// Every refused chart draws now that the server is idle.
		for _, u := range urls {
			if resp, _ := get(t, u); resp.StatusCode != 200 {
				t.Errorf("%s after the burst: %d", u, resp.StatusCode)
			}
		}
	})
	t.Run("queued", func(t *testing.T) {
		srv := newGateSite(t)
		g := newRenderGauge()
		web.SetRenderGate(srv.server, 2, time.Hour, time.Hour, g.hook)
		urls := chartURLs(srv.URL, 12)
		var ok atomic.Int32
		var wg sync.WaitGroup
		for _, u := range urls {
			wg.Go(func() {
				if resp, _ := get(t, u); resp.StatusCode == 200 {
					ok.Add(1)
				}
			})
		}
		// Let the renders through one by one, as they enter.
		for range urls {
			<-g.entered
			g.release <- struct{}{}
		}
		wg.Wait()
		if peak, renders := g.counts(); peak > 2 || renders != len(urls) || int(ok.Load()) != len(urls) {
			t.Errorf("%d renders at once (at most 2), %d renders and %d answers of %d", peak, renders, ok.Load(), len(urls))
		}
	})
}

// gateSite serves the demo dataset from a server whose render gate a test sets.
type gateSite struct {
	*httptest.Server
	server *web.Server
}

func newGateSite(t *testing.T) gateSite {
	db := storetest.Demo(t)
	ts, srv := serve(t, db, web.Config{})
	return gateSite{ts, srv}
}

// Concurrent requests for a chart not yet drawn share one render.
func TestChartRenderedOncePerMiss(t *testing.T) {
	srv := newGateSite(t)
	g := newRenderGauge()
	web.SetRenderGate(srv.server, 2, time.Hour, time.Hour, g.hook)
	const n = 10
	u := chartURLs(srv.URL, 1)[0]
	var wg sync.WaitGroup
	var ok atomic.Int32
	for range n {
		wg.Go(func() {
			if resp, _ := get(t, u); resp.StatusCode == 200 {
				ok.Add(1)
			}
		})
	}
	<-g.entered
	// Every request has missed the cache (and so waits on the render)
	// before the render may finish.
	for misses(t, srv.URL) < n {
		time.Sleep(5 * time.Millisecond)
	}
	close(g.release)
	wg.Wait()
	if _, renders := g.counts(); renders != 1 || ok.Load() != n {
		t.Errorf("%d renders for %d concurrent requests of one chart, %d answered; want 1 render", renders, n, ok.Load())
	}
}

// misses reads tracker_render_cache_misses_total{cache="chart"}.
func misses(t *testing.T, base string) int {
	_, body := get(t, base+"/metrics")
	m := regexp.MustCompile(`tracker_render_cache_misses_total\{cache="chart"\} (\d+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no chart cache misses in /metrics")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// A render stops when its request's client goes away, and what it drew is
// not cached; a render past the gate's time limit is a 503.
func TestChartRenderStopsWithItsRequest(t *testing.T) {
	srv := newGateSite(t)
	g := newRenderGauge()
	g.hold(true) // a render that would never end but for its context
	web.SetRenderGate(srv.server, 2, time.Hour, time.Hour, g.hook)
	u := chartURLs(srv.URL, 1)[0]
	ctx, cancel := context.WithCancel(t.Context())
	req, _ := http.NewRequestWithContext(ctx, "GET", u, nil)
	done := make(chan error)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	<-g.entered
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled request: %v", err)
	}
	// The hook returned only because the render's context ended; the
	// render then stopped, and nothing was cached: the next request draws.
	for {
		if peak, _ := g.counts(); peak == 1 && running(g) == 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	g.hold(false)
	close(g.release)
	if resp, body := get(t, u); resp.StatusCode != 200 || !strings.Contains(body, "<svg") {
		t.Errorf("after the cancelled render: %d", resp.StatusCode)
	}
	if _, renders := g.counts(); renders != 2 {
		t.Errorf("%d renders; want the cancelled one and a new one", renders)
	}

	// The time limit: the render is stopped, the request gets 503.
	g2 := newRenderGauge()
	g2.hold(true)
	web.SetRenderGate(srv.server, 2, time.Hour, 50*time.Millisecond, g2.hook)
	resp, _ := get(t, chartURLs(srv.URL, 2)[1])
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" {
		t.Errorf("render past its time: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}

func running(g *renderGauge) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.running
}

// One client asking for ever new charts (here: new periods) is refused
// with 429 once it has had its share drawn, while another client still
// gets new charts drawn and the refused client still gets the charts
// already drawn. The requests come in parallel.
func TestChartRendersArePerClient(t *testing.T) {
	db := storetest.Demo(t)
	// A rate of 0.1 a second: a burst of three, and no refill during the test.
	ts, _ := serve(t, db, web.Config{RenderRate: 0.1, TrustedProxies: []string{"127.0.0.1"}})
	from := func(client string, u string) (int, string) {
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("X-Forwarded-For", client)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	urls := chartURLs(ts.URL, 12)
	codes := make([]int, len(urls))
	retries := make([]string, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Go(func() { codes[i], retries[i] = from("203.0.113.7", u) })
	}
	wg.Wait()
	drawn, refused := 0, 0
	for i, code := range codes {
		switch {
		case code == 200:
			drawn++
		case code == 429 && retries[i] != "":
			refused++
		default:
			t.Errorf("request %d: %d, Retry-After %q", i, code, retries[i])
		}
	}
	if drawn != 3 || refused != 9 {
		t.Errorf("one client, 12 new charts at once: %d drawn, %d refused; want 3 and 9", drawn, refused)
	}
	if code, _ := from("198.51.100.2", chartURLs(ts.URL, 13)[12]); code != 200 {
		t.Errorf("another client's new chart: %d, want 200", code)
	}
	for i, code := range codes {
		if code == 200 {
			if again, _ := from("203.0.113.7", urls[i]); again != 200 {
				t.Errorf("a chart already drawn, to the limited client: %d, want 200", again)
			}
		}
	}
}
