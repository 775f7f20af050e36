package web

import (
	"html/template"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
)

// embedSeries is the chart alone, for other sites' iframes: the source
// line and a link back travel with it.
func (s *Server) embedSeries(c *gin.Context) error {
	return s.cachedPage(c, nil, func(int64) ([]byte, error) {
		v, err := s.loadSeries(c.Request.Context(), c.Param("slug"))
		if err != nil {
			return nil, err
		}
		svg, err := s.inlineChart(c, v)
		if err != nil {
			return nil, err
		}
		return s.renderBytes("embed_series", &embedView{View: v, Chart: template.HTML(svg), Headline: headlineWords(headlineOf(v)),
			SourceLine: charts.SourceLine(s.chartInput(v, "").Figures), Permalink: seriesPermalink(s.baseURL(c), v.Series.Slug)})
	})
}

// embedView is a whole document of its own, without the layout.
type embedView struct {
	View       *seriesView
	Chart      template.HTML
	Headline   string // the latest fact's honest summary (series_headline.go)
	SourceLine string
	Permalink  string
}
