package web

import (
	"context"
	"crypto/sha256"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/snapshot"
	"github.com/displacement-tracker/tracker/internal/store"
)

// A workbook is the costliest download: every figure goes through
// excelize's stream writer into temporary files, and the zip can only be
// written once every row is in, so nothing can reach the client before the
// build is done (a few seconds of a core for 40,000 figures). So that
// anonymous requests cannot pile such builds up:
//   - the full /figures.xlsx is kept on disk, one file per dataset version,
//     as /figures.csv is (export_snapshot.go); requests for a version being
//     written wait for that one write instead of starting their own;
//   - at most xlsxBuildSlots workbooks are built at once, the snapshot's
//     among them; other requests wait their turn, until their client leaves;
//   - a build for a request stops at the next row when its client goes
//     away. (The snapshot's write goes on: it serves the next requests.)
//
// A workbook is built into a temporary file and sent from it: the slot is
// free while a slow client reads, a failure is still a clean error, and the
// download has a length, a digest up front and ranges.

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// xlsxBuildSlots is how many workbooks may be built at once: each keeps a
// core busy, and this machine class has two.
const xlsxBuildSlots = 2

// buildGate bounds the builds running at once and counts what they do.
type buildGate struct {
	slots   chan struct{}
	running atomic.Int64
	peak    atomic.Int64 // the most that ran at once
	rows    prometheus.Counter
}

func newBuildGate(m *metrics, n int) *buildGate {
	g := &buildGate{slots: make(chan struct{}, n),
		rows: prometheus.NewCounter(prometheus.CounterOpts{Name: "tracker_xlsx_rows_total",
			Help: "Figures written into workbooks (/figures.xlsx and the series' workbooks)."})}
	m.reg.MustRegister(g.rows,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tracker_xlsx_builds_running",
			Help: "Workbooks being built now."}, func() float64 { return float64(g.running.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tracker_xlsx_builds_peak",
			Help: "The most workbooks built at once since the start; at most the limit of concurrent builds."},
			func() float64 { return float64(g.peak.Load()) }))
	return g
}

// enter waits for a slot, or for ctx to end.
func (g *buildGate) enter(ctx context.Context) (leave func(), err error) {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	n := g.running.Add(1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	return func() { g.running.Add(-1); <-g.slots }, nil
}

// eachFigure reads the figures of a workbook into write, and returns the
// dataset version they are of.
type eachFigure func(ctx context.Context, write func(domain.Series, domain.Figure) error) (int64, error)

// writeWorkbook builds the workbook of sc, whose permalinks are under
// base, and writes it to w. It holds a build slot throughout and checks ctx
// at every row.
func (s *Server) writeWorkbook(ctx context.Context, w io.Writer, sc downloadScope, base string, each eachFigure) (int64, error) {
	leave, err := s.xlsxBuilds.enter(ctx)
	if err != nil {
		return 0, err
	}
	defer leave()
	x, err := exchange.NewXLSXWriter(exchange.WriteOptions{BaseURL: base})
	if err != nil {
		return 0, err
	}
	defer x.Close()
	version, err := each(ctx, func(se domain.Series, f domain.Figure) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := x.Write(se, f); err != nil {
			return err
		}
		s.xlsxBuilds.rows.Inc()
		return nil
	})
	if err != nil {
		return 0, err
	}
	meta := exchange.XLSXMeta{Title: sc.title, Licence: s.cfg.Licence, Version: version,
		Downloaded: time.Now().UTC(), Permalink: sc.permalink}
	return version, x.Finish(w, sc.events, meta)
}

// figuresXLSX builds the workbook of filter for this request into a
// temporary file, then sends it.
func (s *Server) figuresXLSX(c *gin.Context, filter store.FigureFilter, name string) {
	ctx := c.Request.Context()
	version, err := s.datasetVersion(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if notModified(c, version) {
		return
	}
	sc, err := s.scope(c, filter)
	if err != nil {
		s.fail(c, err)
		return
	}
	tmp, err := os.CreateTemp("", "tracker-*.xlsx")
	if err != nil {
		s.fail(c, err)
		return
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	sum := sha256.New()
	_, err = s.writeWorkbook(ctx, io.MultiWriter(tmp, sum), sc, s.baseURL(c),
		func(ctx context.Context, write func(domain.Series, domain.Figure) error) (int64, error) {
			return version, s.db.PublicFigureStream(ctx, filter, write)
		})
	if ctx.Err() != nil {
		return // the client has gone
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	var digest [sha256.Size]byte
	sum.Sum(digest[:0])
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		s.fail(c, err)
		return
	}
	s.sendDownloadFile(c, name, version, "xlsx", xlsxType, tmp, digest, false)
}

// allFiguresXLSX serves the whole dataset's workbook from its snapshot,
// waiting for it when it is being written, and builds it for the request
// when there is none to wait for.
func (s *Server) allFiguresXLSX(c *gin.Context) {
	const name = "displacement-tracker-figures"
	key := exchange.WriteOptions{BaseURL: s.baseURL(c)}
	if s.serveSnapshot(c, s.workbooks, key, name, "xlsx", xlsxType, true) || c.Request.Context().Err() != nil {
		return
	}
	s.figuresXLSX(c, store.FigureFilter{}, name)
}

// newWorkbookSnapshots returns the snapshot directory of /figures.xlsx, or
// nil when copies are not kept.
func (s *Server) newWorkbookSnapshots() *snapshot.Dir[exchange.WriteOptions] {
	if !s.keepsCopies() {
		return nil
	}
	return snapshot.New(s.cfg.CacheDir, "figures", ".xlsx", s.writeWorkbookSnapshot, s.log)
}

// writeWorkbookSnapshot writes what allFiguresXLSX sends, the version read
// in the same transaction as the rows.
func (s *Server) writeWorkbookSnapshot(ctx context.Context, opt exchange.WriteOptions, w io.Writer) (int64, error) {
	ctx = store.PublicRead(ctx)
	sc, err := s.scopeAt(ctx, opt.BaseURL, store.FigureFilter{})
	if err != nil {
		return 0, err
	}
	return s.writeWorkbook(ctx, w, sc, opt.BaseURL,
		func(ctx context.Context, write func(domain.Series, domain.Figure) error) (int64, error) {
			var version int64
			err := s.db.PublicFigureStreamOfVersion(ctx, func(v int64) error {
				version = v
				return nil
			}, write)
			return version, err
		})
}
