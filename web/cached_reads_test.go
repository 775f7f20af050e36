package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// cachedAddresses is one address of each kind of public response kept in
// the render cache, on the demo dataset (ids read from its API).
func cachedAddresses(t *testing.T, base string) []string {
	t.Helper()
	first := func(path, field string) string {
		_, body := fetchAs(t, base+path, "identity", "")
		var list struct{ Data []map[string]any }
		if err := json.Unmarshal(body, &list); err != nil || len(list.Data) == 0 {
			t.Fatalf("%s: %v %.200s", path, err, body)
		}
		return fmt.Sprint(list.Data[0][field])
	}
	pair := "?series=" + iomSeries + "," + govSeries
	return []string{
		"/series/" + govSeries,
		"/",
		"/series/" + govSeries + "/chart.svg",
		"/series/" + govSeries + "/chart.png",
		"/compare/chart.svg" + pair,
		"/compare/chart.png" + pair,
		"/api/v1/figures?limit=5",
		"/api/v1/series/" + govSeries + "/figures",
		"/api/v1/series",
		"/api/v1/series/" + govSeries,
		"/api/v1/figures/" + first("/api/v1/figures?limit=1", "figure_id"),
		"/api/v1/organisations",
		"/api/v1/organisations/" + first("/api/v1/organisations?limit=1", "slug"),
		"/api/v1/sources",
		"/api/v1/sources/" + first("/api/v1/sources?limit=1", "id"),
		"/api/v1/events",
		"/api/v1/changes",
		"/series/" + govSeries + "/figures.csv",
		"/series/" + govSeries + "/figures.json",
		"/compare/figures.csv" + pair,
		"/compare/figures.json" + pair,
		"/events.csv",
		"/organisations",
		"/organisations/" + first("/api/v1/organisations?limit=1", "slug"),
		"/changes", "/data", "/changes.atom", "/events",
		"/embed/series/" + govSeries,
		"/compare" + pair,
		"/api/v1/series/" + govSeries + "/facts",
		"/api/v1/series/" + govSeries + "/disagreements",
	}
}

// fetchAs gets url taking encoding ("identity" or "gzip") and sending
// ifNoneMatch when not empty; the body comes back decompressed.
func fetchAs(t *testing.T, url, encoding, ifNoneMatch string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept-Encoding", encoding) // set: the client leaves the body as sent
	if ifNoneMatch != "" {
		req.Header.Set("If-None-Match", ifNoneMatch)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		if r, err = gzip.NewReader(resp.Body); err != nil {
			t.Fatalf("%s: %v", url, err)
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	return resp, b
}

// sameHeaders says whether a and b hold the same values of names.
func sameHeaders(a, b http.Header, names ...string) bool {
	for _, name := range names {
		if a.Get(name) != b.Get(name) {
			return false
		}
	}
	return true
}

// eachCachedAddress runs test on each address of cachedAddresses (url is
// the whole address), on a server of the demo dataset, on each database.
// Without front, the server keeps nothing in its front cache, so that
// the render cache answers every request.
func eachCachedAddress(t *testing.T, front bool, test func(t *testing.T, db *store.DB, base, url, path string)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.LoadDemo(t, db)
		var ts *httptest.Server
		if front {
			ts, _ = serve(t, db, web.Config{})
		} else {
			ts, _ = serveFront(t, db, web.Config{}, 0, 0)
		}
		for _, path := range cachedAddresses(t, ts.URL) {
			t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) { test(t, db, ts.URL, ts.URL+path, path) })
		}
	})
}

// A cached public response answers from memory: once built, requests for
// it — plain, in gzip, or conditional — start no data read (the dataset
// version comes from memory, or, when memory is stale, from a version read
// that ReadStats counts apart) and send the same bytes, whether the front
// cache answers them or the render cache.
func TestCachedResponsesReadNoData(t *testing.T) {
	for _, front := range []bool{true, false} {
		t.Run(map[bool]string{true: "front", false: "render"}[front], func(t *testing.T) {
			eachCachedAddress(t, front, func(t *testing.T, db *store.DB, _, url, path string) {
				resp, want := fetchAs(t, url, "identity", "")
				if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" {
					t.Fatalf("%d, ETag %q: %.300s", resp.StatusCode, resp.Header.Get("ETag"), want)
				}
				if file := strings.Contains(path, "chart.") || strings.Contains(path, "figures.") || strings.Contains(path, ".csv"); file && resp.Header.Get("Content-Disposition") == "" {
					t.Error("a file without its Content-Disposition")
				}
				fetchAs(t, url, "gzip", "") // the compressed copy made
				before := db.ReadStats().Data
				const n = 9
				for i := range n {
					encoding, tag := "identity", ""
					switch i % 3 {
					case 1:
						encoding = "gzip"
					case 2:
						tag = resp.Header.Get("ETag")
					}
					got, body := fetchAs(t, url, encoding, tag)
					switch {
					case tag != "" && got.StatusCode != 304:
						t.Errorf("If-None-Match %s: %d, want 304", tag, got.StatusCode)
					case tag == "" && (got.StatusCode != 200 || !bytes.Equal(body, want)):
						t.Errorf("%s: %d, %d bytes differing from the first response's %d", encoding, got.StatusCode, len(body), len(want))
					case tag == "" && !sameHeaders(got.Header, resp.Header, "Content-Type", "Content-Disposition", "Link", "Vary", "Cache-Control"):
						t.Errorf("%s: headers %v, the first response's %v", encoding, got.Header, resp.Header)
					case encoding == "gzip" && len(want) >= 1024 && !strings.Contains(path, ".png") && got.Header.Get("Content-Encoding") != "gzip":
						t.Errorf("%d bytes sent uncompressed to a client that takes gzip", len(want))
					}
				}
				if reads := db.ReadStats().Data - before; reads != 0 {
					t.Errorf("%d requests of a cached response started %d data reads, want none", n, reads)
				}
			})
		})
	}
}

// After a publish, no kind of cached response answers with its old bytes:
// the next request of each is what a server that never answered before
// makes of the new data, and differs from before where the publish
// changed what it shows.
func TestCachedResponsesFollowAPublish(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.LoadDemo(t, db)
		storetest.Orgs(t, db, "Example News")
		cfg := web.Config{BaseURL: "https://tracker.example.org"} // the same bytes from two servers
		ts, _ := serve(t, db, cfg)
		paths := cachedAddresses(t, ts.URL)
		old := map[string][]byte{}
		for _, path := range paths {
			fetchAs(t, ts.URL+path, "gzip", "")
			_, old[path] = fetchAs(t, ts.URL+path, "identity", "")
		}
		publishNews(t, db)
		fresh, _ := serve(t, db, cfg)
		for _, path := range paths {
			resp, body := fetchAs(t, ts.URL+path, "gzip", "")
			_, want := fetchAs(t, fresh.URL+path, "identity", "")
			if resp.StatusCode != 200 || !bytes.Equal(body, want) {
				t.Errorf("%s after a publish: %d, not what a new server answers", path, resp.StatusCode)
			}
			// What the publish does not touch: the first figures, an
			// organisation and a source of the demo's, the data page, and
			// disagreements (one new claim disagrees with none).
			if unchanged := strings.Contains(path, "/api/v1/figures") || strings.Contains(path, "/organisations/") ||
				strings.HasPrefix(path, "/api/v1/sources/") || path == "/data" || strings.HasSuffix(path, "/disagreements"); !unchanged && bytes.Equal(body, old[path]) {
				t.Errorf("%s after a publish: the bytes from before it", path)
			}
		}
	})
}

// publishNews publishes a figure of govSeries, later than the demo's and
// from the demo's first organisation, and an event of Example News.
func publishNews(t *testing.T, db *store.DB) {
	t.Helper()
	row := "figure_id,series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		fmt.Sprintf("news-1,%s,persons,2026-11-30,2345678,International Organization for Migration,Dawn,Returns,https://example.org/news,Returns numbered 2345678.\n", govSeries)
	if rep, err := importer.Run(context.Background(), db, "cli:test", importer.Input{Figures: strings.NewReader(row)}, exchange.Options{}); err != nil || len(rep.Problems) > 0 {
		t.Fatalf("publish: %v %v", err, rep.Problems)
	}
	if err := publishEvent(context.Background(), db, "Published after the first requests"); err != nil {
		t.Fatal(err)
	}
}

// A download too big to keep streams whole, as a server that keeps it
// sends it, its digest a trailer; the next request streams at once, without
// building it into memory again to give up again.
func TestDownloadTooBigToKeepStreams(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.LoadDemo(t, db)
		cfg := web.Config{BaseURL: "https://tracker.example.org"}
		kept, _ := serve(t, db, cfg)
		ts, srv := serve(t, db, cfg)
		web.SetKeptDownloadCap(srv, 2000)
		var builds atomic.Int32
		web.SetBuildHook(srv, func(key string) {
			if strings.HasPrefix(key, "download|") {
				builds.Add(1)
			}
		})
		for _, path := range []string{"/series/" + govSeries + "/figures.csv", "/series/" + govSeries + "/figures.json",
			"/compare/figures.csv?series=" + iomSeries + "," + govSeries} {
			builds.Store(0)
			_, want := fetchAs(t, kept.URL+path, "identity", "")
			if len(want) <= 2000 {
				t.Fatalf("%s: %d bytes, not too big for the test's cap", path, len(want))
			}
			for _, encoding := range []string{"identity", "gzip", "identity"} {
				resp, body := fetchAs(t, ts.URL+path, encoding, "")
				sum := sha256.Sum256(body)
				digest := "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
				if resp.StatusCode != 200 || !bytes.Equal(body, want) || resp.Trailer.Get("Repr-Digest") != digest {
					t.Errorf("%s (%s): %d, %d bytes (want %d), digest trailer %q", path, encoding, resp.StatusCode, len(body), len(want),
						resp.Trailer.Get("Repr-Digest"))
				}
			}
			if n := builds.Load(); n != 1 {
				t.Errorf("%s: built into memory %d times in three requests, want once", path, n)
			}
		}
		if resp, _ := fetchAs(t, ts.URL+"/series/no-such-series/figures.csv", "identity", ""); resp.StatusCode != 404 {
			t.Errorf("an unknown series: %d, want 404", resp.StatusCode)
		}
	})
}

// An API address of a thing not there is a 404 even to a client that has
// the dataset version: kept responses are looked up before the validators.
func TestUnknownAPIItemIsNotFoundForACurrentClient(t *testing.T) {
	ts, _ := newSite(t)
	resp, _ := fetchAs(t, ts.URL+"/api/v1/series", "identity", "")
	etag := resp.Header.Get("ETag")
	for _, path := range []string{"/api/v1/series/no-such-series", "/api/v1/series/no-such-series/figures",
		"/api/v1/series/no-such-series/facts", "/api/v1/series/no-such-series/disagreements", "/api/v1/figures/no-such-figure",
		"/api/v1/sources/999999", "/api/v1/organisations/no-such-organisation"} {
		if resp, _ := fetchAs(t, ts.URL+path, "identity", etag); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s with the current version (%s): %d, want 404", path, etag, resp.StatusCode)
		}
	}
}
