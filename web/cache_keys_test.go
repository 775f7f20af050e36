package web_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// Cache keys: every kept response is found only by the request it answers.
// (Found by the review of issue 19; each test failed on the code then.)

// /api/v1/figures?series=X and /api/v1/series/X/figures build the same
// store.PublicFigurePageFilter, so they share one render-cache key
// (figuresPage). The first never checks that X is a public series and
// keeps {"data":[]} for an unknown one; the second then finds that entry
// (sendRenderedOne checks the series only in its build) and answers 200
// with an empty list instead of the 404 it gives on a fresh server.
func TestUnknownSeriesFiguresStay404AfterTheFiguresFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.LoadDemo(t, db)
		ts, _ := serve(t, db, web.Config{BaseURL: "https://tracker.example.org"})
		if resp, body := fetchAs(t, ts.URL+"/api/v1/series/no-such-series/figures", "identity", ""); resp.StatusCode != 404 {
			t.Fatalf("fresh server: %d %.200s, want 404", resp.StatusCode, body)
		}
		if resp, _ := fetchAs(t, ts.URL+"/api/v1/figures?series=no-such-series", "identity", ""); resp.StatusCode != 200 {
			t.Fatalf("filter: %d", resp.StatusCode)
		}
		resp, body := fetchAs(t, ts.URL+"/api/v1/series/no-such-series/figures", "identity", "")
		if resp.StatusCode != 404 {
			t.Errorf("after /api/v1/figures?series=no-such-series: %d %.200s, want 404", resp.StatusCode, body)
		}
	})
}

// A comparison's download is kept under its file name, "compare-" and the
// slugs joined by "-" (sendFigureFile's key), and slugs are made of
// hyphenated words: ?series=a-b,c and ?series=a,b-c are one key. Once the
// demo's two series are kept, two series that do not exist, split at
// another hyphen, get the kept file (200) where a fresh server says 404.
func TestCompareDownloadKeyIsUnambiguous(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.LoadDemo(t, db)
		ts, _ := serve(t, db, web.Config{BaseURL: "https://tracker.example.org"})
		joined := iomSeries + "-" + govSeries
		first, rest, _ := strings.Cut(joined, "-") // "afg", "returns-from-…-pak-gov"
		bogus := "/compare/figures.csv?series=" + first + "," + rest
		for _, ext := range []string{"csv", "json"} {
			bogus := strings.Replace(bogus, ".csv", "."+ext, 1)
			if resp, _ := fetchAs(t, ts.URL+bogus, "identity", ""); resp.StatusCode != 404 {
				t.Fatalf("%s on a fresh server: %d, want 404", bogus, resp.StatusCode)
			}
			real := "/compare/figures." + ext + "?series=" + iomSeries + "," + govSeries
			if resp, _ := fetchAs(t, ts.URL+real, "identity", ""); resp.StatusCode != 200 {
				t.Fatalf("%s: %d", real, resp.StatusCode)
			}
			if resp, body := fetchAs(t, ts.URL+bogus, "identity", ""); resp.StatusCode != 404 {
				t.Errorf("%s after %s was kept: %d (%s, %d bytes), want 404", bogus, real, resp.StatusCode,
					resp.Header.Get("Content-Disposition"), len(body))
			}
		}
	})
}

// A cursor is an id the API gave out, and every API page is kept under its
// cursor: a made-up long one is refused (400, naming it) before anything
// is read or kept, so that anonymous requests cannot fill the cache with
// keys of tens of kilobytes, however many come at once.
func TestLongCursorsAreRefusedBeforeTheCache(t *testing.T) {
	db := storetest.Demo(t)
	ts, _ := serve(t, db, web.Config{BaseURL: "https://tracker.example.org", APIRate: -1})
	before := value(scrape(t, ts.URL), "tracker_render_cache_entries", nil)
	const n, size = 200, 40 << 10
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32)
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			cursor := base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("%08d%s", i, strings.Repeat("z", size))))
			path := []string{"/api/v1/events", "/api/v1/series", "/api/v1/organisations", "/api/v1/figures"}[i%4]
			resp, err := http.Get(ts.URL + path + "?cursor=" + cursor)
			if err != nil {
				t.Error(err)
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 400 || !strings.Contains(string(body), `"cursor"`) {
				t.Errorf("%s with a %d KB cursor: %d %.200s", path, size>>10, resp.StatusCode, body)
			}
		}()
	}
	wg.Wait()
	if after := value(scrape(t, ts.URL), "tracker_render_cache_entries", nil); after != before {
		t.Errorf("the cache went from %.0f to %.0f entries with refused cursors", before, after)
	}
}

// Pre-existing (the chart key is unchanged by issue 19, which moved chart
// SVGs to sendCached): a chart is kept under its slugs joined by ",", and
// a series chart's one slug comes from the path, where a comma is allowed.
// So /series/a,b/chart.svg, a series that does not exist (404 on a fresh
// server), finds the kept comparison of a and b and answers 200 with it,
// named as if it were one series' chart.
func TestSeriesChartOfAListIsNotTheComparison(t *testing.T) {
	ts, _ := newSite(t)
	bogus := ts.URL + "/series/" + iomSeries + "," + govSeries + "/chart.svg"
	if resp, _ := fetchAs(t, bogus, "identity", ""); resp.StatusCode != 404 {
		t.Fatalf("fresh: %d, want 404", resp.StatusCode)
	}
	if resp, _ := fetchAs(t, ts.URL+"/compare/chart.svg?series="+iomSeries+","+govSeries, "identity", ""); resp.StatusCode != 200 {
		t.Fatalf("compare chart: %d", resp.StatusCode)
	}
	if resp, _ := fetchAs(t, bogus, "identity", ""); resp.StatusCode != 404 {
		t.Errorf("after the comparison was kept: %d (%s), want 404", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
}
