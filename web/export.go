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

// figuresCSV streams published figures as the canonical CSV. Rows go to the
// client as they are read, so a large export runs in bounded memory.
func (s *Server) figuresCSV(c *gin.Context, filter store.FigureFilter, name string) {
	ctx := c.Request.Context()
	withHXL, err := hxl(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	version, err := s.datasetVersion(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	if notModified(c, version) {
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-v%d.csv"`, name, version))
	c.Status(http.StatusOK)
	fw, err := exchange.NewFigureWriter(c.Writer, exchange.WriteOptions{HXL: withHXL, BaseURL: s.baseURL(c)})
	if err == nil {
		err = s.db.EachPublishedFigure(ctx, filter, fw.Write)
	}
	if err == nil {
		err = fw.Flush()
	}
	if err != nil {
		// The status line is gone: log, and break the connection so that the
		// client sees a failed download rather than a short file that looks whole.
		s.log.Error("csv export", "path", c.Request.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
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
	ctx := c.Request.Context()
	withHXL, err := hxl(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	events, err := s.db.PublishedEvents(ctx, store.EventFilter{})
	if err != nil {
		s.fail(c, err)
		return
	}
	version, err := s.datasetVersion(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="displacement-tracker-events-v%d.csv"`, version))
	c.Status(http.StatusOK)
	if err := exchange.WriteEvents(c.Writer, events, exchange.WriteOptions{HXL: withHXL}); err != nil {
		s.log.Error("events export", "err", err)
	}
}
