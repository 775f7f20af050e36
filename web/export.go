package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// hxl reads ?hxl=0|1; the HXL row is on by default.
func hxl(c *gin.Context) (bool, error) {
	switch c.DefaultQuery("hxl", "1") {
	case "1", "true":
		return true, nil
	case "0", "false":
		return false, nil
	}
	return false, domain.FieldErrorf(domain.EINVALID, "hxl", "%q: use hxl=1 or hxl=0", c.Query("hxl"))
}

// startCSV reads ?hxl= and the dataset version, answers 304 when the client
// has this version, and otherwise sends the headers of a CSV download named
// name-vVERSION.csv. ok is false when the response is already complete.
func (s *Server) startCSV(c *gin.Context, name string) (withHXL bool, ok bool) {
	withHXL, err := hxl(c)
	if err != nil {
		s.fail(c, err)
		return false, false
	}
	version, err := s.datasetVersion(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return false, false
	}
	if notModified(c, version) {
		return false, false
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.csv"`, name, version))
	c.Status(http.StatusOK)
	return withHXL, true
}

// abortBody ends a response whose status line is already sent: log, and
// break the connection so that the client sees a failed download rather
// than a short file that looks whole.
func (s *Server) abortBody(c *gin.Context, err error) {
	s.log.Error("export", "path", c.Request.URL.Path, "err", err)
	panic(http.ErrAbortHandler)
}

// figuresCSV streams published figures as the canonical CSV. Rows go to the
// client as they are read, so a large export runs in bounded memory.
func (s *Server) figuresCSV(c *gin.Context, filter store.FigureFilter, name string) {
	withHXL, ok := s.startCSV(c, name)
	if !ok {
		return
	}
	fw, err := exchange.NewFigureWriter(c.Writer, exchange.WriteOptions{HXL: withHXL, BaseURL: s.baseURL(c)})
	if err == nil {
		err = s.db.EachPublishedFigure(c.Request.Context(), filter, fw.Write)
	}
	if err == nil {
		err = fw.Flush()
	}
	if err != nil {
		s.abortBody(c, err)
	}
}

func (s *Server) allFiguresCSV(c *gin.Context) {
	s.figuresCSV(c, store.FigureFilter{}, "displacement-tracker-figures")
}

func (s *Server) seriesFiguresCSV(c *gin.Context) {
	slug := c.Param("slug")
	if _, err := s.db.PublicSeriesBySlug(c.Request.Context(), slug); err != nil {
		s.fail(c, err)
		return
	}
	s.figuresCSV(c, store.FigureFilter{SeriesSlug: slug}, slug)
}

func (s *Server) eventsCSV(c *gin.Context) {
	events, err := s.db.PublishedEvents(c.Request.Context(), store.EventFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	withHXL, ok := s.startCSV(c, "displacement-tracker-events")
	if !ok {
		return
	}
	if err := exchange.WriteEvents(c.Writer, events, exchange.WriteOptions{HXL: withHXL}); err != nil {
		s.abortBody(c, err)
	}
}
