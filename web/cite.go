package web

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

// writeCitation sends a citation in the requested format, named so that a
// reference manager opens it.
func (s *Server) writeCitation(c *gin.Context, name string, write func(*bytes.Buffer, cite.Format) error) error {
	f, err := cite.ParseFormat(c.Query("format"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := write(&buf, f); err != nil {
		return err
	}
	c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s.%s"`, name, f.Extension()))
	c.Header("Cache-Control", "public, max-age=60")
	c.Data(http.StatusOK, f.ContentType(), buf.Bytes())
	return nil
}

func (s *Server) citeFigure(c *gin.Context) error {
	f, series, err := s.db.PublicFigure(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	link := exchange.Permalink(s.baseURL(c), f.ID)
	return s.writeCitation(c, "figure-"+f.ID, func(b *bytes.Buffer, format cite.Format) error {
		return cite.Figure(b, format, series, f, link, time.Now().UTC())
	})
}

func (s *Server) citeSeries(c *gin.Context) error {
	v, err := s.loadSeries(c.Request.Context(), c.Param("slug"))
	if err != nil {
		return err
	}
	link := seriesPermalink(s.baseURL(c), v.Series.Slug)
	// Named without the dataset version: the citation names none (see
	// cite.Series), as no address serves an older one.
	return s.writeCitation(c, v.Series.Slug, func(b *bytes.Buffer, format cite.Format) error {
		return cite.Series(b, format, v.Series, v.Figures, link, v.AsOf, time.Now().UTC())
	})
}
