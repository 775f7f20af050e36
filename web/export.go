package web

import (
	"context"
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

// figuresCSV sends published figures as the canonical CSV (sendFigureFile).
func (s *Server) figuresCSV(c *gin.Context, filter store.FigureFilter, name string) error {
	opt, err := s.downloadOptions(c)
	if err != nil {
		return err
	}
	if opt.SpreadsheetSafe {
		name += "-excel"
	}
	d := downloadFile{name: name, ext: "csv", contentType: csvType}
	return s.sendFigureFile(c, filter, d, fmt.Sprintf("%+v", opt), func(w io.Writer) (figureWriter, error) {
		return exchange.NewFigureWriter(w, opt)
	})
}

// figuresJSON sends the same rows as a JSON array of objects.
func (s *Server) figuresJSON(c *gin.Context, filter store.FigureFilter, name string) error {
	base := s.baseURL(c)
	d := downloadFile{name: name, ext: "json", contentType: "application/json; charset=utf-8"}
	return s.sendFigureFile(c, filter, d, base, func(w io.Writer) (figureWriter, error) {
		return exchange.NewJSONWriter(w, exchange.WriteOptions{BaseURL: base})
	})
}

// figureWriter is a streamed format of figures.
type figureWriter interface {
	Write(domain.Series, domain.Figure) error
	Flush() error
}

// sendFigureFile sends the published figures of filter as d through the
// writer newWriter makes, variant naming what else d depends on (its
// options): those of a series or a comparison kept in the render
// cache (sendKept), the series checked in the build, so that an unknown one
// is a 404 and a kept file reads nothing; the whole dataset streamed (its
// snapshot on disk, when there is one, is served before this).
func (s *Server) sendFigureFile(c *gin.Context, filter store.FigureFilter, d downloadFile, variant string, newWriter func(io.Writer) (figureWriter, error)) error {
	stream := func() error {
		if err := s.publicSeries(c, filter); err != nil {
			return err
		}
		return s.streamFigures(c, filter, d, newWriter)
	}
	if filter.SeriesSlug == "" && len(filter.SeriesSlugs) == 0 {
		return stream()
	}
	base := s.baseURL(c)
	// The series themselves, quoted, not the file name, which joins them
	// with the hyphens slugs are made of (compare a-b,c and a,b-c).
	key := func(version int64) string {
		return fmt.Sprintf("download|%d|%s|%q|%q|%s|%s", version, base, filter.SeriesSlug, filter.SeriesSlugs, d.ext, variant)
	}
	return s.sendKept(c, d, key, func(w io.Writer) error {
		if err := s.publicSeries(c, filter); err != nil {
			return err
		}
		return s.writeFigures(c.Request.Context(), filter, w, newWriter)
	}, stream)
}

// streamFigures streams the published figures of filter as d.
func (s *Server) streamFigures(c *gin.Context, filter store.FigureFilter, d downloadFile, newWriter func(io.Writer) (figureWriter, error)) error {
	return s.sendDownload(c, d.name, d.ext, d.contentType, func(int64) (func(io.Writer) error, error) {
		ctx := c.Request.Context()
		return func(w io.Writer) error { return s.writeFigures(ctx, filter, w, newWriter) }, nil
	})
}

// writeFigures writes the published figures of filter to w through the
// writer newWriter makes, row by row as they are read.
func (s *Server) writeFigures(ctx context.Context, filter store.FigureFilter, w io.Writer, newWriter func(io.Writer) (figureWriter, error)) error {
	fw, err := newWriter(w)
	if err == nil {
		err = s.db.PublicFigureStream(ctx, filter, fw.Write)
	}
	if err == nil {
		err = fw.Flush()
	}
	return err
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

// downloadWriter writes a download of the figures of filter, named name.
type downloadWriter func(c *gin.Context, filter store.FigureFilter, name string) error

// seriesDownload checks that the series is public before a download of it
// starts: an unknown series is a 404, not an empty file.
func (s *Server) seriesDownload(write downloadWriter) handler {
	return s.seriesFile(s.checked(write))
}

// seriesFile is seriesDownload for a download that checks the series
// itself: a figure file, in the build of what it keeps (sendFigureFile).
func (s *Server) seriesFile(write downloadWriter) handler {
	return func(c *gin.Context) error {
		slug := c.Param("slug")
		return write(c, store.FigureFilter{SeriesSlug: slug}, slug)
	}
}

// checked is write after a check that the series of its filter are public.
func (s *Server) checked(write downloadWriter) downloadWriter {
	return func(c *gin.Context, filter store.FigureFilter, name string) error {
		if err := s.publicSeries(c, filter); err != nil {
			return err
		}
		return write(c, filter, name)
	}
}

// publicSeries is ENOTFOUND unless every series filter names is public.
func (s *Server) publicSeries(c *gin.Context, filter store.FigureFilter) error {
	for _, slug := range append([]string{filter.SeriesSlug}, filter.SeriesSlugs...) {
		if slug == "" {
			continue
		}
		if _, err := s.db.PublicSeriesBySlug(c.Request.Context(), slug); err != nil {
			return err
		}
	}
	return nil
}

// eventsCSV sends the published events, kept in the render cache
// (sendKept), read in memory and streamed as before when too many to keep.
func (s *Server) eventsCSV(c *gin.Context) error {
	opt, err := s.downloadOptions(c)
	if err != nil {
		return err
	}
	const name = "displacement-tracker-events"
	read := func() (func(io.Writer) error, error) {
		events, err := s.db.PublicEvents(c.Request.Context(), store.EventFilter{})
		return func(w io.Writer) error { return exchange.WriteEvents(w, events, opt) }, err
	}
	stream := func() error {
		return s.sendRead(c, name, "csv", csvType, func(int64) (func(io.Writer) error, error) { return read() })
	}
	base := s.baseURL(c)
	key := func(version int64) string { return fmt.Sprintf("download|%d|%s|%s.csv|%+v", version, base, name, opt) }
	return s.sendKept(c, downloadFile{name: name, ext: "csv", contentType: csvType}, key, func(w io.Writer) error {
		write, err := read()
		if err != nil {
			return err
		}
		return write(w)
	}, stream)
}

// abortBody ends a response whose status line is already sent: log, and
// break the connection so that the client sees a failed download rather
// than a short file that looks whole (its digest trailer is never sent).
func (s *Server) abortBody(c *gin.Context, err error) {
	s.log.Error("export", "path", c.Request.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}
