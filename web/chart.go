package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// chartBytes renders (or takes from the cache) one series' chart in one
// format and size.
func (s *Server) chartBytes(c *gin.Context, v *seriesView, format string, size charts.Size, write func(*charts.Chart, io.Writer) error) ([]byte, error) {
	base := s.baseURL(c)
	key := fmt.Sprintf("%d|%s|%s|%s|%s", v.Version, base, v.Series.Slug, format, size)
	if b, ok := s.charts.get(key); ok {
		return b, nil
	}
	ch, err := charts.SeriesChart(s.chartInput(v, base), size)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", v.Series.Slug, err)
	}
	var buf bytes.Buffer
	if err := write(ch, &buf); err != nil {
		return nil, fmt.Errorf("chart %s: %w", v.Series.Slug, err)
	}
	s.charts.put(key, buf.Bytes())
	return buf.Bytes(), nil
}

// inlineChart is the chart embedded in the series page, with a text
// alternative for screen readers.
func (s *Server) inlineChart(c *gin.Context, v *seriesView) ([]byte, error) {
	desc := charts.Describe(s.chartInput(v, s.baseURL(c)))
	return s.chartBytes(c, v, "inline", "medium", func(ch *charts.Chart, w io.Writer) error {
		return ch.WriteInlineSVG(w, v.Series.Title, desc)
	})
}

// chartSize reads ?size=, medium by default.
func chartSize(c *gin.Context) (charts.Size, error) {
	size := charts.Size(c.DefaultQuery("size", "medium"))
	if _, _, err := charts.Sizes(size); err != nil {
		return "", domain.FieldErrorf(domain.EINVALID, "size", "%q is not a size: use small, medium, large or social", size)
	}
	return size, nil
}

func (s *Server) chartImage(c *gin.Context, format, contentType string, write func(*charts.Chart, io.Writer) error) {
	size, err := chartSize(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.loadSeries(c.Request.Context(), c.Param("slug"))
	if err != nil {
		s.fail(c, err)
		return
	}
	if notModified(c, v.Version) {
		return
	}
	b, err := s.chartBytes(c, v, format, size, write)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s-v%d.%s"`, v.Series.Slug, v.Version, format))
	c.Data(http.StatusOK, contentType, b)
}

func (s *Server) chartSVG(c *gin.Context) {
	s.chartImage(c, "svg", "image/svg+xml", (*charts.Chart).WriteSVG)
}

func (s *Server) chartPNG(c *gin.Context) {
	s.chartImage(c, "png", "image/png", (*charts.Chart).WritePNG)
}
