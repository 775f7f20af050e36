package web

import (
	"crypto/sha256"
	"encoding/base64"
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

// startDownload reads the dataset version, answers 304 when the client has
// it, and otherwise sends the headers of a download named
// name-vVERSION.ext. It returns the writer for the body, which hashes what
// passes through it, and done, which sends the SHA-256 of the body as a
// Repr-Digest trailer (RFC 9530): the body streams, so its digest can only
// follow it. ok is false when the response is already complete.
func (s *Server) startDownload(c *gin.Context, name, ext, contentType string) (w io.Writer, done func(), ok bool) {
	version, err := s.datasetVersion(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	if notModified(c, version) {
		return nil, nil, false
	}
	s.downloadHeaders(c, name, version, ext, contentType)
	h := c.Writer.Header()
	h.Set("Trailer", "Repr-Digest")
	c.Status(http.StatusOK)
	sum := sha256.New()
	return io.MultiWriter(c.Writer, sum), func() {
		h.Set("Repr-Digest", "sha-256=:"+base64.StdEncoding.EncodeToString(sum.Sum(nil))+":")
	}, true
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
func (s *Server) figuresCSV(c *gin.Context, filter store.FigureFilter, name string) {
	opt, err := s.downloadOptions(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if opt.SpreadsheetSafe {
		name += "-excel"
	}
	w, done, ok := s.startDownload(c, name, "csv", csvType)
	if !ok {
		return
	}
	defer done()
	fw, err := exchange.NewFigureWriter(w, opt)
	if err == nil {
		err = s.db.PublicFigureStream(c.Request.Context(), filter, fw.Write)
	}
	if err == nil {
		err = fw.Flush()
	}
	if err != nil {
		s.abortBody(c, err)
	}
}

// figuresJSON streams the same rows as a JSON array of objects.
func (s *Server) figuresJSON(c *gin.Context, filter store.FigureFilter, name string) {
	w, done, ok := s.startDownload(c, name, "json", "application/json; charset=utf-8")
	if !ok {
		return
	}
	defer done()
	jw, err := exchange.NewJSONWriter(w, exchange.WriteOptions{BaseURL: s.baseURL(c)})
	if err == nil {
		err = s.db.PublicFigureStream(c.Request.Context(), filter, jw.Write)
	}
	if err == nil {
		err = jw.Flush()
	}
	if err != nil {
		s.abortBody(c, err)
	}
}

// allFiguresCSV serves the whole dataset from its snapshot on disk when
// there is one of the current version (see export_snapshot.go), and
// streams it from the database otherwise.
func (s *Server) allFiguresCSV(c *gin.Context) {
	if s.serveFiguresSnapshot(c, "displacement-tracker-figures") {
		return
	}
	s.figuresCSV(c, store.FigureFilter{}, "displacement-tracker-figures")
}

func (s *Server) allFiguresJSON(c *gin.Context) {
	s.figuresJSON(c, store.FigureFilter{}, "displacement-tracker-figures")
}

// seriesDownload checks that the series is public before a download of it
// starts: an unknown series is a 404, not an empty file.
func (s *Server) seriesDownload(write func(*gin.Context, store.FigureFilter, string)) gin.HandlerFunc {
	return func(c *gin.Context) {
		slug := c.Param("slug")
		if _, err := s.db.PublicSeriesBySlug(c.Request.Context(), slug); err != nil {
			s.fail(c, err)
			return
		}
		write(c, store.FigureFilter{SeriesSlug: slug}, slug)
	}
}

func (s *Server) eventsCSV(c *gin.Context) {
	events, err := s.db.PublicEvents(c.Request.Context(), store.EventFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	opt, err := s.downloadOptions(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	w, done, ok := s.startDownload(c, "displacement-tracker-events", "csv", "text/csv; charset=utf-8")
	if !ok {
		return
	}
	defer done()
	if err := exchange.WriteEvents(w, events, opt); err != nil {
		s.abortBody(c, err)
	}
}

// abortBody ends a response whose status line is already sent: log, and
// break the connection so that the client sees a failed download rather
// than a short file that looks whole (its digest trailer is never sent).
func (s *Server) abortBody(c *gin.Context, err error) {
	s.log.Error("export", "path", c.Request.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}
