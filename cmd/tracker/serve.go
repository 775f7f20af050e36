package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/evidence"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/web"
)

func serveCmd(fs *flag.FlagSet) action {
	var cfg serveConfig
	fs.StringVar(&cfg.dsn, "db", "tracker.db", dbUsage)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "`HOST:PORT` to listen on")
	fs.BoolVar(&cfg.noDemo, "no-demo", false, "do not load the demo dataset into an empty database")
	fs.StringVar(&cfg.baseURL, "base-url", "", "public address of the site (`URL`), for permalinks (default: each request's host)")
	fs.StringVar(&cfg.proxies, "trusted-proxies", "", "comma-separated proxy addresses or CIDRs (`LIST`) whose X-Forwarded-For is trusted (default none)")
	fs.BoolVar(&cfg.secure, "secure-cookies", false, "mark the session cookie Secure even over plain HTTP, when TLS ends at a proxy")
	fs.StringVar(&cfg.metricsAllow, "metrics-allow", "", "comma-separated CIDRs or addresses (`LIST`), besides loopback, that may read /metrics, judged by the TCP peer (default loopback only)")
	fs.StringVar(&cfg.licence, "licence", "CC-BY-4.0", "licence of the published dataset, an `SPDX` id")
	rateVar(fs, &cfg.renderRate, "render-rate", 2, "charts", "new charts a second (`N`) one client address may have drawn (cached charts are not counted), in bursts of thirty times that; 0 turns the limit off")
	rateVar(fs, &cfg.apiRate, "api-rate", 20, "requests", "API requests a second (`N`) one client address may make, in bursts of ten times that; 0 turns the limit off, for load tests or behind a proxy that limits")
	fs.StringVar(&cfg.cacheDir, "cache-dir", "", "directory (`DIR|off`) for a copy on disk of the full figures CSV, one file per dataset version, that /figures.csv is served from (default: DB.cache/ beside a SQLite file, the user cache directory for PostgreSQL; off: none)")
	fs.StringVar(&cfg.fetchAllow, "fetch-allow", "", "hosts or CIDR ranges (`LIST`, comma-separated) whose documents may be fetched although private or local, e.g. an intranet document server (default none: only public addresses)")
	fs.DurationVar(&cfg.fetchEvery, "fetch-every", time.Minute, "how often (`DURATION`) to fetch, one at a time, the sources that have no saved copy yet (0: never; tracker sources check does it by hand)")
	fs.DurationVar(&cfg.revisitAfter, "revisit-after", 24*time.Hour, "how long (`DURATION`) after its latest visit a source with a saved copy is visited again, at --fetch-every's rounds, to find a link that broke, moved or no longer holds its excerpts (0: never)")
	fs.StringVar(&cfg.publicCopies, "public-copies", "", "licences (`LIST` of SPDX ids, comma-separated, e.g. CC-BY-4.0,CC0-1.0) under which the public may read and download the saved copy of a public source (default none: saved copies are for staff only)")
	fs.StringVar(&cfg.readDB, "read-db", "", "postgres:// URL (`DSN`) of a read replica for public pages, charts, downloads and the API (PostgreSQL only; default: the primary)")
	return func(ctx context.Context, env environment, _ []string) error {
		return serve(ctx, env, cfg)
	}
}

// serveConfig is serve's flags.
type serveConfig struct {
	dsn, addr, baseURL, proxies, metricsAllow, licence, cacheDir, readDB string
	fetchAllow, publicCopies                                             string
	fetchEvery, revisitAfter                                             time.Duration
	noDemo, secure                                                       bool
	renderRate, apiRate                                                  float64
}

func serve(ctx context.Context, env environment, cfg serveConfig) error {
	log := env.logger()

	if cfg.readDB != "" && !store.IsPostgres(cfg.dsn) {
		return fmt.Errorf("--read-db (TRACKER_READ_DB) needs a PostgreSQL --db; with SQLite there is no replica to read from, and SQLite's own read-only pool already serves public reads")
	}
	fetcher, err := fetch.New(fetch.Options{Allow: splitList(cfg.fetchAllow), UserAgent: fetch.UserAgent(cfg.baseURL)})
	if err != nil {
		return fmt.Errorf("--fetch-allow (TRACKER_FETCH_ALLOW): %w", err)
	}
	publicCopies, err := spdxList(cfg.publicCopies)
	if err != nil {
		return fmt.Errorf("--public-copies (TRACKER_PUBLIC_COPIES): %w", err)
	}
	db, err := openStore(ctx, cfg.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if cfg.readDB != "" {
		if err := db.UseReadReplica(ctx, cfg.readDB); err != nil {
			return fmt.Errorf("--read-db: %w", err)
		}
		log.Info("public reads go to a read replica", "read_db", store.Redact(cfg.readDB))
	}
	// Several servers starting on an empty database: one loads the demo.
	if err := db.WithStartLock(ctx, func() error { return loadDemoIfEmpty(ctx, env, db, cfg.noDemo) }); err != nil {
		return err
	}

	cache := snapshotDir(cfg.cacheDir, cfg.dsn)
	if cfg.baseURL == "" {
		// The web server keeps no copy on disk without it (web.keepsCopies).
		log.Warn("no --base-url: permalinks, citations and chart images name the site by each request's Host header, which any client can set; " +
			"the copies on disk of /figures.csv and /figures.xlsx are off, and cached pages are kept per host. Set --base-url (TRACKER_BASE_URL) on a public server")
		cache = ""
	}
	// A copy of every source, fetched in the background, at once when the
	// staff forms or a browser import enter one, and its link watched
	// (issue 17).
	saver := &evidence.Saver{DB: db, Fetcher: fetcher, Log: log, RevisitAfter: cfg.revisitAfter,
		Limits: domain.CopyLimits{PerDocument: defaultCopyBytes, Total: defaultCopiesBytes}}
	var sourcesAdded func()
	if cfg.fetchEvery > 0 {
		sourcesAdded = saver.Wake
	}
	srv, err := web.New(db, log, web.Config{Fetches: saver, BaseURL: cfg.baseURL, TrustedProxies: splitList(cfg.proxies), Licence: cfg.licence,
		SecureCookies: cfg.secure, MetricsAllow: splitList(cfg.metricsAllow), APIRate: rateConfig(cfg.apiRate), RenderRate: rateConfig(cfg.renderRate), CacheDir: cache,
		SourcesAdded: sourcesAdded, PublicCopyLicences: publicCopies})
	if err != nil {
		return err
	}
	defer srv.Close() // after the HTTP server's shutdown, before the database closes
	log.Info("download snapshots", "cache_dir", cmp.Or(cache, "off"))
	handler, err := srv.Handler()
	if err != nil {
		return fmt.Errorf("trusted proxies: %w", err)
	}
	ln, err := net.Listen("tcp", cfg.addr)
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
		ln.Addr(), store.Redact(cfg.dsn))
	log.Info("listening", "addr", ln.Addr().String(), "db", string(db.Dialect()))

	ticker := time.NewTicker(time.Minute)
	defer ticker.Stop()
	go maintain(ctx, db, log, ticker.C)
	if cfg.fetchEvery > 0 {
		go saver.Run(ctx, cfg.fetchEvery)
		versions := time.NewTicker(versionCheck)
		defer versions.Stop()
		go wakeOnNewVersion(ctx, db, versions.C, saver.Wake)
	}
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

// maintainer is the upkeep serve does in the background: *store.DB.
type maintainer interface {
	Optimize(context.Context) error
	Checkpoint(context.Context) error
	PurgeSessions(context.Context, time.Duration) error
}

// maintain keeps SQLite's write-ahead log from growing while readers are
// always busy, clears out ended sessions on every tick, and refreshes the
// query planner's statistics at start and every sixtieth tick (hourly).
// A failure is logged, and tried again at the next tick.
func maintain(ctx context.Context, db maintainer, log *slog.Logger, tick <-chan time.Time) {
	logErr := func(task string, err error) {
		if err != nil && ctx.Err() == nil {
			log.Error("maintenance failed", "task", task, "err", err)
		}
	}
	logErr("optimize", db.Optimize(ctx))
	for n := 0; ; {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			logErr("checkpoint", db.Checkpoint(ctx))
			logErr("purge sessions", db.PurgeSessions(ctx, 24*time.Hour))
			if n++; n%60 == 0 {
				logErr("optimize", db.Optimize(ctx)) // planner statistics follow the data
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

// spdxList reads a comma-separated list of licence ids (SPDX: letters,
// digits, '.', '-', '+'), refusing anything else so that a typo is not
// silently a licence no source has.
func spdxList(list string) ([]string, error) {
	ids := splitList(list)
	for _, id := range ids {
		if strings.Trim(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-+") != "" {
			return nil, fmt.Errorf("%q is not an SPDX licence id (such as CC-BY-4.0)", id)
		}
	}
	return ids, nil
}
