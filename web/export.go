package web

import (
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// flag reads a 0/1 query parameter.
func flag(c *gin.Context, name string, def bool) (bool, error) {
	switch c.Query(name) {
	case "":
		return def, nil
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, domain.FieldErrorf(domain.EINVALID, name, "%q: use %s=1 or %s=0", c.Query(name), name, name)
}

// downloadOptions reads ?hxl= and ?excel= for a CSV download.
func (s *Server) downloadOptions(c *gin.Context) (exchange.WriteOptions, error) {
	withHXL, err := flag(c, "hxl", true)
	if err != nil {
		return exchange.WriteOptions{}, err
	}
	excel, err := flag(c, "excel", false)
	return exchange.WriteOptions{HXL: withHXL, SpreadsheetSafe: excel, BaseURL: s.baseURL(c)}, err
}

// downloadHeaders names a download name-vVERSION.ext and states its type
// and licence.
func (s *Server) downloadHeaders(c *gin.Context, name string, version int64, ext, contentType string) {
	h := c.Writer.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.%s"`, name, version, ext))
	h.Set("Link", `<https://spdx.org/licenses/`+s.cfg.Licence+`.html>; rel="license"`)
}

// figuresCSV streams published figures as the canonical CSV. Rows go to the
// client as they are read, so a large export runs in bounded memory.
func (s *Server) figuresCSV(c *gin.Context, filter store.FigureFilter, name string) error {
	opt, err := s.downloadOptions(c)
	if err != nil {
		return err
	}
	if opt.SpreadsheetSafe {
		name += "-excel"
	}
	return s.streamFigures(c, filter, name, "csv", csvType, func(w io.Writer) (figureWriter, error) {
		return exchange.NewFigureWriter(w, opt)
	})
}

// figuresJSON streams the same rows as a JSON array of objects.
func (s *Server) figuresJSON(c *gin.Context, filter store.FigureFilter, name string) error {
	base := s.baseURL(c)
	return s.streamFigures(c, filter, name, "json", "application/json; charset=utf-8", func(w io.Writer) (figureWriter, error) {
		return exchange.NewJSONWriter(w, exchange.WriteOptions{BaseURL: base})
	})
}

// figureWriter is a streamed format of figures.
type figureWriter interface {
	Write(domain.Series, domain.Figure) error
	Flush() error
}

// streamFigures streams the published figures of filter through the writer
// newWriter makes.
func (s *Server) streamFigures(c *gin.Context, filter store.FigureFilter, name, ext, contentType string,
	newWriter func(io.Writer) (figureWriter, error)) error {
	return s.sendDownload(c, name, ext, contentType, func(int64) (func(io.Writer) error, error) {
		ctx := c.Request.Context()
		return func(w io.Writer) error {
			fw, err := newWriter(w)
			if err == nil {
				err = s.db.PublicFigureStream(ctx, filter, fw.Write)
			}
			if err == nil {
				err = fw.Flush()
			}
			return err
		}, nil
	})
}

// allFiguresCSV serves the whole dataset from its snapshot on disk when
// there is one of the current version (see export_snapshot.go), and
// streams it from the database otherwise.
func (s *Server) allFiguresCSV(c *gin.Context) error {
	if s.serveFiguresSnapshot(c, "displacement-tracker-figures") {
		return nil
	}
	return s.figuresCSV(c, store.FigureFilter{}, "displacement-tracker-figures")
}

func (s *Server) allFiguresJSON(c *gin.Context) error {
	return s.figuresJSON(c, store.FigureFilter{}, "displacement-tracker-figures")
}

// seriesDownload checks that the series is public before a download of it
// starts: an unknown series is a 404, not an empty file.
func (s *Server) seriesDownload(write func(*gin.Context, store.FigureFilter, string) error) handler {
	return func(c *gin.Context) error {
		slug := c.Param("slug")
		if _, err := s.db.PublicSeriesBySlug(c.Request.Context(), slug); err != nil {
			return err
		}
		return write(c, store.FigureFilter{SeriesSlug: slug}, slug)
	}
}

func (s *Server) eventsCSV(c *gin.Context) error {
	opt, err := s.downloadOptions(c)
	if err != nil {
		return err
	}
	return s.sendRead(c, "displacement-tracker-events", "csv", csvType, func(int64) (func(io.Writer) error, error) {
		events, err := s.db.PublicEvents(c.Request.Context(), store.EventFilter{})
		return func(w io.Writer) error { return exchange.WriteEvents(w, events, opt) }, err
	})
}

// abortBody ends a response whose status line is already sent: log, and
// break the connection so that the client sees a failed download rather
// than a short file that looks whole (its digest trailer is never sent).
func (s *Server) abortBody(c *gin.Context, err error) {
	s.log.Error("export", "path", c.Request.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}
