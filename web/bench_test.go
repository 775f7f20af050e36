package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// BenchmarkResponses serves a static file, /healthz, a cached chart and the
// series page through the same engine, so that their ratios can be
// compared on a noisy machine: a cached chart should cost about as much as
// the static file.
func BenchmarkResponses(b *testing.B) {
	db := storetest.SQLite(b)
	if _, err := importer.LoadDemo(context.Background(), db); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "https://tracker.example.org"})
	if err != nil {
		b.Fatal(err)
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
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, bc.path, nil)
			h.ServeHTTP(httptest.NewRecorder(), req) // fills the cache
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("%s: %d", bc.path, w.Code)
				}
			}
		})
	}
}
