package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
	"github.com/displacement-tracker/tracker/web"
)

// BenchmarkResponses serves a static file, /healthz, a cached chart and the
// series page through the same engine, so that their ratios can be
// compared on a noisy machine: a cached chart should cost about as much as
// the static file. Each cached response is served twice over: from the
// front cache (front/), as it is asked again, and with the front cache
// off (render/), from the render cache, as a response of the version is
// the first time a spelling of its address is asked.
func BenchmarkResponses(b *testing.B) {
	db := storetest.Demo(b)
	for _, front := range []bool{true, false} {
		srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "https://tracker.example.org", APIRate: -1})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(srv.Close)
		if !front {
			web.SetFrontBounds(srv, 0, 0)
		}
		h, err := srv.Handler()
		if err != nil {
			b.Fatal(err)
		}
		for _, bc := range []struct{ name, path string }{
			{"static", "/static/style.css"},
			{"healthz", "/healthz"},
			{"cached-chart-svg", "/series/" + govSeries + "/chart.svg"},
			{"cached-chart-png", "/series/" + govSeries + "/chart.png"},
			{"series-page", "/series/" + govSeries},
			{"csv", "/series/" + govSeries + "/figures.csv"},
			{"api-figures", "/api/v1/figures?limit=100"},
			{"api-series", "/api/v1/series?limit=100"},
			{"home", "/"},
		} {
			b.Run(map[bool]string{true: "front/", false: "render/"}[front]+bc.name, func(b *testing.B) {
				req := httptest.NewRequest(http.MethodGet, bc.path, nil)
				req.Header.Set("Accept-Encoding", "gzip, deflate, br") // as browsers send it
				h.ServeHTTP(httptest.NewRecorder(), req)               // fills the cache
				b.ReportAllocs()
				w := &discardWriter{header: http.Header{}}
				for b.Loop() {
					clear(w.header)
					w.code = 0
					h.ServeHTTP(w, req)
					if w.code != 200 {
						b.Fatalf("%s: %d", bc.path, w.code)
					}
				}
			})
		}
	}
}

// discardWriter is a ResponseWriter that keeps the status and drops the
// body, so that a benchmark measures the server's work, not a recorder's
// copying of the bytes.
type discardWriter struct {
	header http.Header
	code   int
}

func (w *discardWriter) Header() http.Header { return w.header }
func (w *discardWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *discardWriter) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return len(b), nil
}

// BenchmarkFullCSVSnapshot downloads the whole dataset (20,000 figures) over
// HTTP two ways: streamed from the database (?hxl=1, the default spelt out,
// is never served from the snapshot) and sent from the snapshot on disk.
// rows/s is the figure to compare; see docs/PERFORMANCE.md for a million.
func BenchmarkFullCSVSnapshot(b *testing.B) {
	const figures = 20000
	db := storetest.SQLite(b)
	storetest.LoadSynthetic(b, db, synth.Config{Figures: figures, Series: 200, Seed: 1})
	srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)),
		web.Config{BaseURL: "https://tracker.example.org", CacheDir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close)
	h, err := srv.Handler()
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(h)
	b.Cleanup(ts.Close)
	download := func(b *testing.B, path string) (fromFile bool) {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		if _, err := io.Copy(io.Discard, resp.Body); err != nil || resp.StatusCode != 200 {
			b.Fatalf("%s: %d %v", path, resp.StatusCode, err)
		}
		return resp.Header.Get("Accept-Ranges") == "bytes"
	}
	for i := 0; !download(b, "/figures.csv"); i++ { // starts the snapshot, then waits for it
		if i == 3000 {
			b.Fatal("no snapshot after 3,000 downloads")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, bc := range []struct{ name, path string }{{"streamed", "/figures.csv?hxl=1"}, {"snapshot", "/figures.csv"}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				download(b, bc.path)
			}
			b.ReportMetric(float64(figures)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
