package web_test

import (
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// scrape reads /metrics from the test server — a loopback peer — and
// parses the Prometheus text format.
func scrape(t *testing.T, url string, header ...string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, body := get(t, url+"/metrics", header...)
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics: status %d", resp.StatusCode)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("/metrics Cache-Control %q, want no-store", got)
	}
	if got := resp.Header.Get("Content-Type"); !strings.HasPrefix(got, "text/plain") {
		t.Errorf("/metrics Content-Type %q, want the text format", got)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v\n%s", err, body)
	}
	return families
}

// sample finds the metric of family name whose labels are exactly labels.
func sample(families map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	f := families[name]
	if f == nil {
		return nil
	}
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		if maps.Equal(got, labels) {
			return m
		}
	}
	return nil
}

// value is a counter's value or a histogram's count; -1 when absent.
func value(families map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	m := sample(families, name, labels)
	switch {
	case m == nil:
		return -1
	case m.Histogram != nil:
		return float64(m.GetHistogram().GetSampleCount())
	case m.Counter != nil:
		return m.GetCounter().GetValue()
	default:
		return m.GetGauge().GetValue()
	}
}

func TestMetricsCountRequestsRendersCacheAndImports(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	if resp, _ := get(t, s.URL+"/series/"+iomSeries); resp.StatusCode != 200 {
		t.Fatalf("series page: %d", resp.StatusCode)
	}
	// Drawn once; then the same request is answered by the front cache,
	// and one taking another encoding from the render cache.
	for _, encoding := range []string{"gzip", "gzip", "identity"} {
		if resp, _ := get(t, s.URL+"/series/"+govSeries+"/chart.svg", "Accept-Encoding", encoding); resp.StatusCode != 200 {
			t.Fatalf("chart: %d", resp.StatusCode)
		}
	}
	if resp, _ := get(t, s.URL+"/no/such/page"); resp.StatusCode != 404 {
		t.Fatalf("unknown page: %d", resp.StatusCode)
	}
	anon := s.signIn(t, "")
	do(t, anon, "POST", s.URL+"/staff/login", map[string][]string{"email": {"editor@example.org"}, "password": {"wrong password"}})

	ed := s.signIn(t, domain.RoleEditor)
	ct, body := uploadForm(t, map[string]string{"figures": importHeader +
		govSeries + ",persons,2025-06-15,1100000,IOM,IOM,Flash update,https://example.org/fu,\"1.1 million, IOM says.\"\n"})
	_, page := postImport(t, ed, s.URL, ct, body)
	if resp, _ := confirmUpload(t, ed, s.URL, previewToken(t, page)); resp.StatusCode != 200 {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}

	mf := scrape(t, s.URL)
	type l = map[string]string
	tests := []struct {
		name   string
		labels l
		want   float64
	}{
		{"tracker_http_requests_total", l{"route": "/series/:slug", "method": "GET", "code": "200"}, 1},
		{"tracker_http_requests_total", l{"route": "/series/:slug/chart.svg", "method": "GET", "code": "200"}, 3},
		{"tracker_http_requests_total", l{"route": "unmatched", "method": "GET", "code": "404"}, 1},
		{"tracker_http_requests_total", l{"route": "/staff/login", "method": "POST", "code": "401"}, 1},
		{"tracker_http_requests_total", l{"route": "/staff/import/confirm", "method": "POST", "code": "303"}, 1},
		{"tracker_http_request_duration_seconds", l{"route": "/series/:slug/chart.svg", "method": "GET", "code": "200"}, 3},
		{"tracker_http_request_duration_seconds", l{"route": "unmatched", "method": "GET", "code": "404"}, 1},
		// The series page draws its inline chart (wide and phone); chart.svg
		// is drawn once.
		{"tracker_chart_render_duration_seconds", l{"format": "inline", "kind": "series"}, 2},
		{"tracker_chart_render_duration_seconds", l{"format": "svg", "kind": "series"}, 1},
		{"tracker_chart_render_duration_seconds", l{"format": "png", "kind": "series"}, -1},
		{"tracker_render_cache_misses_total", l{"cache": "chart"}, 3},
		{"tracker_render_cache_hits_total", l{"cache": "chart"}, 1},
		{"tracker_render_cache_misses_total", l{"cache": "page"}, 1},
		{"tracker_render_cache_hits_total", l{"cache": "page"}, 0},
		{"tracker_render_cache_entries", l{}, 6}, // the page and chart.svg (plain and gzip each), its two inline charts
		{"tracker_front_cache_lookups_total", l{"result": "hit"}, 1},
		{"tracker_front_cache_lookups_total", l{"result": "miss"}, 3},
		{"tracker_front_cache_entries", l{}, 3}, // the page in gzip, chart.svg in gzip and plain
		{"tracker_import_rows_total", l{"file": "figures", "outcome": "created"}, 1},
		{"tracker_import_rows_total", l{"file": "figures", "outcome": "updated"}, 0},
		{"tracker_import_rows_total", l{"file": "figures", "outcome": "rejected"}, 0},
		{"tracker_login_failures_total", l{}, 1},
		{"tracker_db_reads_total", l{"kind": "data"}, float64(s.db.ReadStats().Data)},
		{"tracker_db_reads_total", l{"kind": "version"}, float64(s.db.ReadStats().Version)},
	}
	for _, tc := range tests {
		if got := value(mf, tc.name, tc.labels); got != tc.want {
			t.Errorf("%s%v = %v, want %v", tc.name, tc.labels, got, tc.want)
		}
	}
	if value(mf, "tracker_render_cache_bytes", map[string]string{}) <= 0 {
		t.Error("tracker_render_cache_bytes is not positive")
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if mf[name] == nil {
			t.Errorf("no %s: the Go and process collectors are missing", name)
		}
	}
	// Routes are patterns: no slug, no raw path, whatever was requested.
	for _, m := range mf["tracker_http_requests_total"].GetMetric() {
		for _, lp := range m.GetLabel() {
			if strings.Contains(lp.GetValue(), govSeries) || strings.Contains(lp.GetValue(), "/no/such") {
				t.Errorf("label %s=%q holds a raw URL", lp.GetName(), lp.GetValue())
			}
		}
	}

	// A second server in the same process counts for itself.
	other, _ := newSite(t)
	mf = scrape(t, other.URL)
	if got := value(mf, "tracker_http_requests_total", map[string]string{"route": "/series/:slug", "method": "GET", "code": "200"}); got != -1 {
		t.Errorf("a fresh server reports %v series page requests", got)
	}
}

func TestMetricsOnlyForLoopbackAndAllowedNetworks(t *testing.T) {
	ts, db := newSite(t)
	// Through a proxy on this host the peer is loopback, but the request is
	// someone else's.
	for _, h := range []string{"X-Forwarded-For", "Forwarded", "X-Real-Ip"} {
		if resp, _ := get(t, ts.URL+"/metrics", h, "127.0.0.1"); resp.StatusCode != 404 {
			t.Errorf("loopback peer with %s: status %d, want 404", h, resp.StatusCode)
		}
	}

	srv, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{
		MetricsAllow: []string{"10.1.0.0/16", "2001:db8::7"}, TrustedProxies: []string{"198.51.100.1"}})
	if err != nil {
		t.Fatal(err)
	}
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		peer, forwardedFor string
		want               int
	}{
		{"127.0.0.1:5000", "", 200},
		{"[::1]:5000", "", 200},
		{"[::ffff:127.0.0.1]:5000", "", 200},
		{"10.1.200.3:5000", "", 200},
		{"[2001:db8::7]:5000", "", 200},
		{"10.2.0.1:5000", "", 404},
		{"[2001:db8::8]:5000", "", 404},
		{"192.0.2.1:5000", "", 404},
		// A trusted proxy vouching for an allowed address changes nothing:
		// only the TCP peer counts.
		{"198.51.100.1:5000", "10.1.0.1", 404},
		{"192.0.2.1:5000", "127.0.0.1", 404},
	}
	for _, tc := range tests {
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = tc.peer
		if tc.forwardedFor != "" {
			req.Header.Set("X-Forwarded-For", tc.forwardedFor)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("peer %s (X-Forwarded-For %q): status %d, want %d", tc.peer, tc.forwardedFor, rec.Code, tc.want)
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-store" {
			t.Errorf("peer %s: Cache-Control %q", tc.peer, got)
		}
		if tc.want == 404 && strings.Contains(rec.Body.String(), "tracker_") {
			t.Errorf("peer %s: the 404 carries metrics", tc.peer)
		}
	}

	for _, bad := range []string{"10.0.0.0/33", "localhost", "10.0.0.1:80"} {
		if _, err := web.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{MetricsAllow: []string{bad}}); err == nil {
			t.Errorf("MetricsAllow %q: no error", bad)
		}
	}
}

// Labels stay few whatever the clients ask for.
func TestMetricsLabelsAreBounded(t *testing.T) {
	ts, _ := newSite(t)
	for _, path := range []string{"/series/a", "/series/b", "/series/c/chart.svg", "/x/1", "/x/2"} {
		get(t, ts.URL+path)
	}
	req, _ := http.NewRequest("BREW", ts.URL+"/pot", nil)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
	mf := scrape(t, ts.URL)
	routes, methods := map[string]bool{}, map[string]bool{}
	for _, m := range mf["tracker_http_requests_total"].GetMetric() {
		for _, lp := range m.GetLabel() {
			switch lp.GetName() {
			case "route":
				routes[lp.GetValue()] = true
			case "method":
				methods[lp.GetValue()] = true
			}
		}
	}
	wantRoutes := []string{"/series/:slug", "/series/:slug/chart.svg", "unmatched"}
	if got := slices.Sorted(maps.Keys(routes)); !slices.Equal(got, wantRoutes) {
		t.Errorf("routes %v, want %v", got, wantRoutes)
	}
	if got := slices.Sorted(maps.Keys(methods)); !slices.Equal(got, []string{"GET", "other"}) {
		t.Errorf("methods %v, want GET and other", got)
	}
}
