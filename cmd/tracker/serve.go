package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

func serve(ctx context.Context, env environment, args []string) error {
	fs, dsn := newFlags(env, "serve")
	addr := fs.String("addr", env.envOr("TRACKER_ADDR", "127.0.0.1:8080"), "address to listen on (env TRACKER_ADDR)")
	noDemo := fs.Bool("no-demo", false, "do not load the demo dataset into an empty database")
	baseURL := fs.String("base-url", env.getenv("TRACKER_BASE_URL"), "public address of the site, for permalinks (env TRACKER_BASE_URL; default: each request's host)")
	proxies := fs.String("trusted-proxies", env.getenv("TRACKER_TRUSTED_PROXIES"), "comma-separated proxy addresses or CIDRs whose X-Forwarded-For is trusted (env TRACKER_TRUSTED_PROXIES; default none)")
	secure := fs.Bool("secure-cookies", env.getenv("TRACKER_SECURE_COOKIES") == "true", "mark the session cookie Secure even over plain HTTP, when TLS ends at a proxy (env TRACKER_SECURE_COOKIES=true)")
	metricsAllow := fs.String("metrics-allow", env.getenv("TRACKER_METRICS_ALLOW"), "comma-separated CIDRs or addresses, besides loopback, that may read /metrics, judged by the TCP peer (env TRACKER_METRICS_ALLOW; default loopback only)")
	licence := fs.String("licence", env.envOr("TRACKER_LICENCE", "CC-BY-4.0"), "licence of the published dataset, an SPDX id (env TRACKER_LICENCE)")
	defaultRate := 20.0
	if v := env.getenv("TRACKER_API_RATE"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 {
			return fmt.Errorf("TRACKER_API_RATE=%q: give requests a second, 0 or more", v)
		}
		defaultRate = r
	}
	defaultRenders := 2.0
	if v := env.getenv("TRACKER_RENDER_RATE"); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || r < 0 {
			return fmt.Errorf("TRACKER_RENDER_RATE=%q: give charts a second, 0 or more", v)
		}
		defaultRenders = r
	}
	renderRate := fs.Float64("render-rate", defaultRenders, "new charts a second one client address may have drawn (cached charts are not counted), in bursts of thirty times that; 0 turns the limit off (env TRACKER_RENDER_RATE)")
	apiRate := fs.Float64("api-rate", defaultRate, "API requests a second one client address may make, in bursts of ten times that; 0 turns the limit off, for load tests or behind a proxy that limits (env TRACKER_API_RATE)")
	cacheDir := fs.String("cache-dir", env.getenv("TRACKER_CACHE_DIR"), "directory for a copy on disk of the full figures CSV, one file per dataset version, that /figures.csv is served from (env TRACKER_CACHE_DIR; default: DB.cache/ beside a SQLite file, the user cache directory for PostgreSQL; off: none)")
	readDB := fs.String("read-db", env.getenv("TRACKER_READ_DB"), "postgres:// URL of a read replica for public pages, charts, downloads and the API (env TRACKER_READ_DB; PostgreSQL only; default: the primary)")
	if rest, err := parse(fs, args); err != nil {
		return helpOK(err)
	} else if len(rest) > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", rest)
	}
	log := env.logger()

	if *readDB != "" && !store.IsPostgres(*dsn) {
		return fmt.Errorf("--read-db (TRACKER_READ_DB) needs a PostgreSQL --db; with SQLite there is no replica to read from, and SQLite's own read-only pool already serves public reads")
	}
	db, err := openStore(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if *readDB != "" {
		if err := db.UseReadReplica(ctx, *readDB); err != nil {
			return fmt.Errorf("--read-db: %w", err)
		}
		log.Info("public reads go to a read replica", "read_db", store.Redact(*readDB))
	}
	// Several servers starting on an empty database: one loads the demo.
	if err := db.WithStartLock(ctx, func() error { return loadDemoIfEmpty(ctx, env, db, *noDemo) }); err != nil {
		return err
	}

	cache := snapshotDir(*cacheDir, *dsn)
	if *baseURL == "" {
		// The web server keeps no copy on disk without it (web.keepsCopies).
		log.Warn("no --base-url: permalinks, citations and chart images name the site by each request's Host header, which any client can set; " +
			"the copies on disk of /figures.csv and /figures.xlsx are off, and cached pages are kept per host. Set --base-url (TRACKER_BASE_URL) on a public server")
		cache = ""
	}
	srv, err := web.New(db, log, web.Config{BaseURL: *baseURL, TrustedProxies: splitList(*proxies), Licence: *licence,
		SecureCookies: *secure, MetricsAllow: splitList(*metricsAllow), APIRate: rateConfig(*apiRate), RenderRate: rateConfig(*renderRate), CacheDir: cache})
	if err != nil {
		return err
	}
	defer srv.Close() // after the HTTP server's shutdown, before the database closes
	log.Info("download snapshots", "cache_dir", cmp.Or(cache, "off"))
	handler, err := srv.Handler()
	if err != nil {
		return fmt.Errorf("trusted proxies: %w", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	httpSrv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      120 * time.Second, // a full CSV export streams for a while
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(env.stdout, "Displacement Tracker is running at http://%s/ (database %s). Press Ctrl+C to stop.\n",
		ln.Addr(), store.Redact(*dsn))
	log.Info("listening", "addr", ln.Addr().String(), "db", string(db.Dialect()))

	go checkpointWhileRunning(ctx, db)
	errc := make(chan error, 1)
	go func() { errc <- httpSrv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := httpSrv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func loadDemoIfEmpty(ctx context.Context, env environment, db *store.DB, noDemo bool) error {
	empty, err := db.IsEmpty(ctx)
	if err != nil || !empty || noDemo {
		return err
	}
	rep, err := importer.LoadDemo(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Loaded the demo dataset: %d figures and %d events (start with --no-demo to skip).\n",
		rep.Figures.Created, rep.Events.Created)
	return nil
}

// checkpointWhileRunning keeps SQLite's write-ahead log from growing while
// readers are always busy, clears out ended sessions, and refreshes the
// query planner's statistics at start and hourly.
func checkpointWhileRunning(ctx context.Context, db *store.DB) {
	db.Optimize(ctx)
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for n := 0; ; {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			db.Checkpoint(ctx)
			db.PurgeSessions(ctx, 24*time.Hour)
			if n++; n%60 == 0 {
				db.Optimize(ctx) // hourly: planner statistics follow the data
			}
		}
	}
}

// snapshotDir is where serve keeps its snapshots of the full figures CSV:
// the --cache-dir given ("off": none), or by default a directory beside a
// SQLite file, or one per database in the user's cache directory for
// PostgreSQL (none when there is no such directory).
func snapshotDir(flagValue, dsn string) string {
	switch {
	case flagValue == "off":
		return ""
	case flagValue != "":
		return flagValue
	case !store.IsPostgres(dsn):
		return strings.TrimPrefix(dsn, "sqlite:") + ".cache"
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(store.Redact(dsn)))
	return filepath.Join(base, "displacement-tracker", hex.EncodeToString(sum[:6]))
}

// rateConfig turns a rate flag's "0 is off" into web.Config's "negative is
// off" (--api-rate, --render-rate).
func rateConfig(perSecond float64) float64 {
	if perSecond <= 0 {
		return -1
	}
	return perSecond
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
