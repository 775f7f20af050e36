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

// writeWorkbook builds the workbook of filter, whose permalinks are under
// base, from the data of version, and writes it to w. ctx is in the
// consistent read of version (store.ReadAtVersion). The caller holds a
// build slot, taken before the read began: a request waiting for a slot
// holds no database connection. It checks ctx at every row.
func (s *Server) writeWorkbook(ctx context.Context, w io.Writer, filter store.FigureFilter, base string, version int64) error {
	sc, err := s.scopeAt(ctx, base, filter)
	if err != nil {
		return err
	}
	x, err := exchange.NewXLSXWriter(exchange.WriteOptions{BaseURL: base})
	if err != nil {
		return err
	}
	defer x.Close()
	err = s.db.PublicFigureStream(ctx, filter, func(se domain.Series, f domain.Figure) error {
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
		return err
	}
	meta := exchange.XLSXMeta{Title: sc.title, Licence: s.cfg.Licence, Version: version,
		Downloaded: time.Now().UTC(), Permalink: sc.permalink}
	return x.Finish(w, sc.events, meta)
}

// whileBuilding calls build holding a workbook build slot, waiting for one
// until ctx ends.
func (s *Server) whileBuilding(ctx context.Context, build func() error) error {
	leave, err := s.xlsxBuilds.enter(ctx)
	if err != nil {
		return err
	}
	defer leave()
	return build()
}

// figuresXLSX builds the workbook of filter for this request into a
// temporary file, in one consistent read, then sends it (the read is over
// by then: a slow client holds no transaction).
func (s *Server) figuresXLSX(c *gin.Context, filter store.FigureFilter, name string) error {
	ctx := c.Request.Context()
	version, ok, err := s.whenModified(c)
	if !ok {
		return err
	}
	tmp, err := os.CreateTemp("", "tracker-*.xlsx")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	sum := sha256.New()
	built := false
	err = s.whileBuilding(ctx, func() error {
		return s.readAt(c, version, func(v int64) error {
			version, built = v, true
			return s.writeWorkbook(c.Request.Context(), io.MultiWriter(tmp, sum), filter, s.baseURL(c), v)
		})
	})
	if ctx.Err() != nil {
		return nil // the client has gone
	}
	if err != nil {
		return err
	}
	if !built {
		return nil // 304: the client has the newer version the read found
	}
	var digest [sha256.Size]byte
	sum.Sum(digest[:0])
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	s.sendDownloadFile(c, name, version, "xlsx", xlsxType, tmp, digest, false)
	return nil
}

// allFiguresXLSX serves the whole dataset's workbook from its snapshot,
// waiting for it when it is being written, and builds it for the request
// when there is none to wait for.
func (s *Server) allFiguresXLSX(c *gin.Context) error {
	const name = "displacement-tracker-figures"
	key := exchange.WriteOptions{BaseURL: s.baseURL(c)}
	if s.serveSnapshot(c, s.workbooks, key, name, "xlsx", xlsxType, true) || c.Request.Context().Err() != nil {
		return nil
	}
	return s.figuresXLSX(c, store.FigureFilter{}, name)
}

// newWorkbookSnapshots returns the snapshot directory of /figures.xlsx, or
// nil when copies are not kept.
func (s *Server) newWorkbookSnapshots() *snapshot.Dir[exchange.WriteOptions] {
	if !s.keepsCopies() {
		return nil
	}
	return snapshot.New(s.cfg.CacheDir, "figures", ".xlsx", s.writeWorkbookSnapshot, s.log)
}

// writeWorkbookSnapshot writes what allFiguresXLSX sends, in one
// consistent read, and returns the version it is of.
func (s *Server) writeWorkbookSnapshot(ctx context.Context, opt exchange.WriteOptions, w io.Writer) (int64, error) {
	var version int64
	// A public read, as a request's: with a read replica, the version
	// requests compare with comes from the replica too.
	err := s.whileBuilding(ctx, func() error {
		return s.db.ReadAtVersion(store.PublicRead(ctx), func(ctx context.Context, v int64) error {
			version = v
			return s.writeWorkbook(ctx, w, store.FigureFilter{}, opt.BaseURL, v)
		})
	})
	return version, err
}
