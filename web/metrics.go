package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// metrics is what the server counts for Prometheus. Each Server has a
// registry of its own, not the global default, so that several servers in
// one process (the tests) do not collide and nothing registered elsewhere
// leaks into /metrics.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	requestTime *prometheus.HistogramVec
	renderTime  *prometheus.HistogramVec
	cacheHits   *prometheus.CounterVec
	cacheMisses *prometheus.CounterVec
	// lookups holds the hit and miss counters of each kind of cache
	// lookup, resolved once: a cached response's whole cost is a few
	// microseconds, and a label lookup per request is a good part of it.
	lookups map[string]struct{ hit, miss prometheus.Counter }
	// frontHit and frontMiss count the front cache's lookups (front).
	frontHit, frontMiss prometheus.Counter
	importRows          *prometheus.CounterVec
	loginFailures       prometheus.Counter
}

func newMetrics(cache *renderCache, fronts *frontCache) *metrics {
	// Labels hold route patterns, methods and codes only — never a raw URL,
	// a slug or a user — so the number of series stays bounded.
	httpLabels := []string{"route", "method", "code"}
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tracker_http_requests_total",
			Help: "HTTP requests answered, by route pattern (\"unmatched\" when no route matched), method and status code."}, httpLabels),
		requestTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tracker_http_request_duration_seconds",
			Help: "Time to answer an HTTP request, by route pattern, method and status code.", Buckets: prometheus.DefBuckets}, httpLabels),
		renderTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tracker_chart_render_duration_seconds",
			Help:    "Time to draw a chart that was not in the render cache, by format (svg, png, inline: the SVG in a series page) and kind (series, compare).",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"format", "kind"}),
		cacheHits: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tracker_render_cache_hits_total",
			Help: "Render cache lookups answered from the cache, by what was looked up (chart, page, api, download)."}, []string{"cache"}),
		cacheMisses: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tracker_render_cache_misses_total",
			Help: "Render cache lookups that had to render, by what was looked up (chart, page, api, download)."}, []string{"cache"}),
		importRows: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tracker_import_rows_total",
			Help: "Rows of imports confirmed in the browser, by file (figures, events) and outcome (created, updated, unchanged; rejected: a row with a problem in a refused import)."},
			[]string{"file", "outcome"}),
		loginFailures: prometheus.NewCounter(prometheus.CounterOpts{Name: "tracker_login_failures_total",
			Help: "Staff sign-ins refused for a wrong email or password (throttled attempts not included)."}),
	}
	// Series that exist from the start read as 0 rather than missing, so
	// that rate() and alerts work before the first event.
	m.lookups = map[string]struct{ hit, miss prometheus.Counter }{}
	for _, name := range []string{"chart", "page", "api", "download"} {
		m.lookups[name] = struct{ hit, miss prometheus.Counter }{m.cacheHits.WithLabelValues(name), m.cacheMisses.WithLabelValues(name)}
	}
	for _, file := range []string{"figures", "events"} {
		for _, outcome := range []string{"created", "updated", "unchanged", "rejected"} {
			m.importRows.WithLabelValues(file, outcome)
		}
	}
	frontLookups := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tracker_front_cache_lookups_total",
		Help: "Requests of the routes whose finished responses are kept (pages, charts, API, downloads), by result: hit (answered before the route's handler ran), miss."},
		[]string{"result"})
	m.frontHit, m.frontMiss = frontLookups.WithLabelValues("hit"), frontLookups.WithLabelValues("miss")
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.requestTime, m.renderTime, m.cacheHits, m.cacheMisses, m.importRows, m.loginFailures,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tracker_render_cache_entries",
			Help: "Rendered charts and pages held in the render cache."},
			func() float64 { n, _ := cache.held(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tracker_render_cache_bytes",
			Help: "Bytes of rendered charts and pages held in the render cache."},
			func() float64 { _, b := cache.held(); return float64(b) }),
		frontLookups,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tracker_front_cache_entries",
			Help: "Finished responses held in the front cache."},
			func() float64 { n, _ := fronts.held(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tracker_front_cache_bytes",
			Help: "Bytes of finished responses held in the front cache."},
			func() float64 { _, b := fronts.held(); return float64(b) }),
	)
	return m
}

// dbReads counts the reads db starts, by kind: a cached response answers
// with none, so a rate of data reads that follows the request rate shows a
// cache that does not hold (store.ReadStats).
func dbReads(db *store.DB) []prometheus.Collector {
	opts := func(kind string) prometheus.CounterOpts {
		return prometheus.CounterOpts{Name: "tracker_db_reads_total", ConstLabels: prometheus.Labels{"kind": kind},
			Help: "Database reads started: data (each query statement and each consistent read) and version (the dataset version asked of the database because memory could not answer)."}
	}
	return []prometheus.Collector{
		prometheus.NewCounterFunc(opts("data"), func() float64 { return float64(db.ReadStats().Data) }),
		prometheus.NewCounterFunc(opts("version"), func() float64 { return float64(db.ReadStats().Version) }),
	}
}

// knownMethods bounds the method label: any other token a client sends
// is counted as "other".
var knownMethods = map[string]bool{http.MethodGet: true, http.MethodHead: true, http.MethodPost: true,
	http.MethodPut: true, http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true}

// observeRequests counts each request and its duration under its route
// pattern. It runs outside recoverPanics, so a panic is counted as the 500
// the client got.
func (s *Server) observeRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	method := c.Request.Method
	if !knownMethods[method] {
		method = "other"
	}
	code := strconv.Itoa(c.Writer.Status())
	s.metrics.requests.WithLabelValues(route, method, code).Inc()
	s.metrics.requestTime.WithLabelValues(route, method, code).Observe(time.Since(start).Seconds())
}

// cacheLookup counts one render cache lookup of a chart or a page.
func (m *metrics) cacheLookup(cache string, hit bool) {
	c, ok := m.lookups[cache]
	switch {
	case ok && hit:
		c.hit.Inc()
	case ok:
		c.miss.Inc()
	case hit:
		m.cacheHits.WithLabelValues(cache).Inc()
	default:
		m.cacheMisses.WithLabelValues(cache).Inc()
	}
}

// imported counts the rows of an import confirmed in the browser; events
// names its events file, whose name the report's problems carry. A refused
// import writes nothing: its rows with problems count as rejected, and its
// clean rows, which were not written either, are not counted.
func (m *metrics) imported(rep exchange.Report, err error, events string) {
	if errors.Is(err, exchange.ErrRejected) {
		rejected := map[string]map[int]bool{}
		for _, p := range rep.Problems {
			file := "figures"
			if events != "" && p.File == events {
				file = "events"
			}
			if rejected[file] == nil {
				rejected[file] = map[int]bool{}
			}
			rejected[file][p.Line] = true
		}
		for file, lines := range rejected {
			m.importRows.WithLabelValues(file, "rejected").Add(float64(len(lines)))
		}
		return
	}
	if err != nil {
		return
	}
	for file, n := range map[string]exchange.Counts{"figures": rep.Figures, "events": rep.Events} {
		m.importRows.WithLabelValues(file, "created").Add(float64(n.Created))
		m.importRows.WithLabelValues(file, "updated").Add(float64(n.Updated))
		m.importRows.WithLabelValues(file, "unchanged").Add(float64(n.Unchanged))
	}
}

// serveMetrics answers a scrape in the Prometheus text format.
func (s *Server) serveMetrics() gin.HandlerFunc {
	h := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{ErrorLog: slogPrinter{s}})
	return gin.WrapH(h)
}

type slogPrinter struct{ s *Server }

func (p slogPrinter) Println(v ...any) { p.s.log.Error("metrics", "err", fmt.Sprint(v...)) }

// parseNetworks reads the --metrics-allow list: CIDRs, or single
// addresses.
func parseNetworks(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("web: metrics allow list: %q is not an address or a CIDR", s)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// requireInternal lets through only clients whose TCP peer — never a
// header — is loopback or in Config.MetricsAllow; everyone else, signed in
// or not, gets the 404 of a page that does not exist. A request carrying a
// forwarding header came through a proxy, on behalf of someone else, so it
// is refused too: a reverse proxy on this host connects from loopback.
func (s *Server) requireInternal(c *gin.Context) {
	if !s.internalPeer(c.Request) {
		s.notFound(c)
		c.Abort()
		return
	}
	c.Next()
}

func (s *Server) internalPeer(r *http.Request) bool {
	for _, h := range []string{"Forwarded", "X-Forwarded-For", "X-Real-Ip"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	addr := ap.Addr().Unmap().WithZone("")
	if addr.IsLoopback() {
		return true
	}
	for _, p := range s.metricsAllow {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}
