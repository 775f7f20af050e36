package web

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/singleflight"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importjobs"
	"github.com/displacement-tracker/tracker/internal/snapshot"
	"github.com/displacement-tracker/tracker/internal/store"
)

//go:embed templates static
var assets embed.FS

// Config is what the web side needs to know about its deployment.
type Config struct {
	// BaseURL is the public address of the site, used in permalinks and in
	// the text burned into charts. Empty: taken from each request's Host.
	BaseURL string
	// TrustedProxies are the addresses whose X-Forwarded-For is believed.
	// None by default: a client cannot spoof its address.
	TrustedProxies []string
	// Licence is the licence of the published dataset (an SPDX id).
	Licence string
	// SecureCookies marks the session cookie Secure even when this server
	// sees plain HTTP (TLS ends at a proxy in front of it).
	SecureCookies bool
	// Sessions bounds a staff session's life; an hour idle and twelve hours
	// in all when zero.
	Sessions store.SessionPolicy
	// APIRate is how many API requests a second one client may make (with
	// bursts of ten times that); 20 when zero, no limit when negative (a
	// load test, or a proxy in front that limits).
	APIRate float64
	// RenderRate is how many charts a second one client address may have
	// drawn on cache misses (with bursts of thirty times that), so that one
	// client asking for ever new periods or sizes cannot keep every render
	// slot busy; cached charts are never counted. 2 when zero, no limit
	// when negative.
	RenderRate float64
	// SignInDelay is the step of an account's sign-in slow-down: each
	// attempt on it beyond five in fifteen minutes, from any address, waits
	// one more step, up to ten. A second when zero, none when negative.
	SignInDelay time.Duration
	// MetricsAllow lists the networks (CIDRs or single addresses) besides
	// loopback whose clients may read /metrics, judged by the TCP peer.
	MetricsAllow []string
	// CacheDir is where the full figures CSV is kept on disk, one file per
	// dataset version, so that /figures.csv is copied from a file rather
	// than read from the database. Empty: always streamed from the database.
	CacheDir string
	// Fetches, when set, is shown on /metrics as
	// tracker_source_fetches_total: serve's background fetches of sources.
	Fetches FetchCounter
	// SourcesAdded is called after a staff form or a browser import has
	// saved what may be a new source, so that its copy is fetched at once
	// (serve: evidence.Saver.Wake). It must not block. Nil: nothing.
	SourcesAdded func()
	// PublicCopyLicences lists the licences (SPDX ids, case does not
	// matter) under which the public may read the saved copy of a public
	// source; empty: saved copies are for staff only.
	PublicCopyLicences []string
}

// Server holds what every handler shares.
type Server struct {
	db            *store.DB
	log           *slog.Logger
	cfg           Config
	pages         map[string]*template.Template
	responses     *renderCache          // rendered pages, charts and API responses, by version
	fronts        *frontCache           // finished responses, by version and address (front)
	builds        singleflight.Group    // concurrent cache misses of one response build it once
	buildHook     func(key string)      // tests: called before a response is built
	readHook      func(context.Context) // tests: called after a download's data is read, before its headers
	maxKept       int                   // the largest download kept (maxKeptDownload; tests set less)
	renders       *renderGate           // bounds chart drawing
	limiter       *rateLimiter
	renderLimiter *rateLimiter // each client's chart renders (Config.RenderRate)
	metrics       *metrics
	metricsAllow  []netip.Prefix
	snapshots     *snapshot.Dir[exchange.WriteOptions] // of /figures.csv; nil unless keepsCopies
	workbooks     *snapshot.Dir[exchange.WriteOptions] // of /figures.xlsx; nil as snapshots
	xlsxBuilds    *buildGate                           // bounds the workbooks built at once
	copySends     chan struct{}                        // bounds the saved copies sent at once (source_copy.go)
	provenances   *provenanceCache                     // excerpts checked against saved copies (provenance.go)
	documents     *documentGate                        // bounds the documents read at once (staff_document_gate.go)
	similarSaves  chan struct{}                        // one save that checks for held figures at a time (similar_saves.go)
	options       optionsCache                         // the series filters' choices
	imports       *importjobs.Jobs
}

// New parses the templates — a missing or broken one fails here, at start,
// not on a request — and returns a Server.
func New(db *store.DB, log *slog.Logger, cfg Config) (*Server, error) {
	if cfg.Licence == "" {
		cfg.Licence = "CC-BY-4.0"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Sessions == (store.SessionPolicy{}) {
		cfg.Sessions = defaultSessions
	}
	if cfg.SignInDelay == 0 {
		cfg.SignInDelay = time.Second
	}
	if cfg.APIRate == 0 {
		cfg.APIRate = 20
	}
	if cfg.RenderRate == 0 {
		cfg.RenderRate = 2
	}
	allow, err := parseNetworks(cfg.MetricsAllow)
	if err != nil {
		return nil, err
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	// The render cache holds pages (plain and gzip), charts and API pages.
	// Its bytes are the real bound; a site of ten thousand series keeps
	// its busy few thousand pages (each 150–200 KB with its chart).
	cache, fronts := newRenderCache(8192, 256<<20), newFrontCache()
	s := &Server{db: db, log: log, cfg: cfg, pages: pages, responses: cache, fronts: fronts,
		limiter: newRateLimiter(max(cfg.APIRate, 0), cfg.APIRate*10), metrics: newMetrics(cache, fronts), metricsAllow: allow,
		maxKept: maxKeptDownload}
	s.renders = newRenderGate()
	s.renderLimiter = newRateLimiter(max(cfg.RenderRate, 0), cfg.RenderRate*30)
	s.metrics.reg.MustRegister(s.renders.collector())
	s.metrics.reg.MustRegister(dbReads(db)...)
	if cfg.Fetches != nil {
		s.metrics.reg.MustRegister(fetchCollector{cfg.Fetches})
	}
	s.snapshots = s.newFiguresSnapshots()
	s.workbooks = s.newWorkbookSnapshots()
	s.xlsxBuilds = newBuildGate(s.metrics, xlsxBuildSlots)
	s.copySends = make(chan struct{}, copySendSlots)
	s.documents = newDocumentGate()
	s.similarSaves = make(chan struct{}, 1)
	s.provenances = newProvenanceCache()
	s.imports = importjobs.New(log)
	return s, nil
}

// parseTemplates parses each page together with the layout.
func parseTemplates() (map[string]*template.Template, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "fields" || base == "workflow" {
			continue
		}
		files := []string{"templates/layout.html", "templates/fields.html", "templates/workflow.html", n}
		root := "layout.html"
		if strings.HasPrefix(base, "embed") {
			// Embed pages are whole documents of their own: no site chrome.
			files, root = []string{n}, base+".html"
		}
		t, err := template.New(root).Funcs(funcs).ParseFS(assets, files...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		isolateEveryValue(t)
		pages[base] = t
	}
	return pages, nil
}

// render writes a page. It renders into a buffer first so that a template
// error becomes a clean 500 instead of half a page.
func (s *Server) render(c *gin.Context, status int, page string, data any) {
	b, err := s.renderBytes(page, data)
	if err != nil {
		// A template that fails is our bug: the detail goes to the log, and
		// the user gets plain text (the error page is a template too) with
		// the reference that finds the log line.
		s.log.Error("render", "page", page, "request_id", requestID(c), "err", err)
		c.String(http.StatusInternalServerError, "Internal error: something went wrong on our side; it has been logged. If it persists, report the reference "+requestID(c)+".")
		return
	}
	c.Data(status, "text/html; charset=utf-8", b)
}

func (s *Server) renderBytes(page string, data any) ([]byte, error) {
	t, ok := s.pages[page]
	if !ok {
		return nil, fmt.Errorf("no template %q", page)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cachedPage serves a public page that depends only on the published data,
// the address and the query parameters in params: 304 when the client has
// this dataset version, the rendered bytes when this server has them, and
// otherwise build's. Any other query parameter is refused, so that made-up
// queries cannot push real pages out of the cache.
func (s *Server) cachedPage(c *gin.Context, params []string, build func(version int64) ([]byte, error)) error {
	query := c.Request.URL.Query()
	var p domain.Problems
	var key strings.Builder
	for name := range query {
		if !slices.Contains(params, name) {
			p.Add(name, "is not a parameter of this page")
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	for _, name := range params {
		key.WriteString("|" + name + "=" + strings.Join(query[name], ","))
	}
	return s.cachedPageAs(c, key.String(), build)
}

// cachedPageAs is cachedPage for a handler that has checked and normalized
// the query itself: query, with the dataset version, the address and the
// path, is the page's key in the render cache. A handler that normalizes
// (and drops what it does not know) keeps the keys few.
func (s *Server) cachedPageAs(c *gin.Context, query string, build func(version int64) ([]byte, error)) error {
	base, path := s.baseURL(c), c.Request.URL.Path
	key := func(version int64) string {
		return "page|" + strconv.FormatInt(version, 10) + "|" + base + "|" + path + query
	}
	return s.sendRendered(c, "page", "text/html; charset=utf-8", key, build)
}

// baseURL is the configured public address, or the request's own.
func (s *Server) baseURL(c *gin.Context) string {
	if s.cfg.BaseURL != "" {
		return s.cfg.BaseURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// datasetVersion keys caches and ETags. Within a consistent read
// (consistently), it is the version of that read.
func (s *Server) datasetVersion(ctx context.Context) (int64, error) {
	return s.db.DatasetVersion(ctx)
}
