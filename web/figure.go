package web

import (
	"html/template"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

func (s *Server) healthz(c *gin.Context) error {
	if err := s.db.Ping(c.Request.Context()); err != nil {
		s.log.Error("healthz", "err", err)
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable"})
		return nil
	}
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
	return nil
}

func (s *Server) seriesPage(c *gin.Context) error {
	return s.cachedPage(c, []string{"from", "to"}, func(int64) ([]byte, error) {
		v, err := s.loadSeries(c.Request.Context(), c.Param("slug"))
		if err != nil {
			return nil, err
		}
		r, shown, err := s.seriesRange(c, v)
		if err != nil {
			return nil, err
		}
		svg, err := s.rangeChart(c, r, v)
		if err != nil {
			return nil, err
		}
		links, err := s.seriesLinks(c.Request.Context(), v)
		if err != nil {
			return nil, err
		}
		return s.renderBytes("series", &seriesPageView{layoutView: layoutView{Title: v.Series.Title, Description: seriesDescription(v)},
			View: shown, Range: r, Chart: template.HTML(svg), BaseURL: s.baseURL(c), Licence: s.cfg.Licence, Links: links})
	})
}

type seriesPageView struct {
	layoutView
	View    *seriesView // the figures in the period shown
	Range   seriesRange
	Chart   template.HTML
	BaseURL string
	Licence string
	Links   seriesLinks
}

func (s *Server) figurePage(c *gin.Context) error {
	ctx := c.Request.Context()
	f, series, err := s.db.PublicPermalinkFigure(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	revs, err := s.db.PublicHistory(ctx, f.ID)
	if err != nil {
		return err
	}
	history, err := s.publicHistory(ctx, revs)
	if err != nil {
		return err
	}
	link := exchange.Permalink(s.baseURL(c), f.ID)
	names, err := s.db.UserNames(ctx)
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "figure", &figurePageView{layoutView: layoutView{Title: series.Title, Description: figureDescription(series, f)},
		Figure: f, Series: series, History: history, Permalink: link,
		EnteredBy: actorName(f.CreatedBy, names), ReviewedBy: actorName(f.ReviewedBy, names)})
	return nil
}

type figurePageView struct {
	layoutView
	Figure                domain.Figure
	Series                domain.Series
	History               []publicChange
	Permalink             string
	EnteredBy, ReviewedBy string // names, never email addresses
}

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
		return s.renderBytes("embed_series", map[string]any{"View": v, "Chart": template.HTML(svg),
			"SourceLine": charts.SourceLine(s.chartInput(v, "").Figures), "Permalink": seriesPermalink(s.baseURL(c), v.Series.Slug)})
	})
}

// embedView is a whole document of its own, without the layout.
type embedView struct {
	View       *seriesView
	Chart      template.HTML
	SourceLine string
	Permalink  string
}

// dataPage says how to download and read the data by program. Its
// examples name a series this site publishes (the first by title), so
// that each one answers when pasted; with nothing published they name none.
func (s *Server) dataPage(c *gin.Context) error {
	return s.cachedPage(c, nil, func(int64) ([]byte, error) {
		first, err := s.db.PublicSeriesSearch(c.Request.Context(), store.SeriesFilter{Limit: 1})
		if err != nil {
			return nil, err
		}
		data := &dataView{layoutView: layoutView{Title: "Data & API",
			Description: "Download every published displacement figure as CSV, XLSX, JSON or a Data Package, or read it through the JSON API; each figure comes with its source and a citation."},
			BaseURL: s.baseURL(c), Licence: s.cfg.Licence}
		if len(first.Series) > 0 {
			data.Example = &first.Series[0].Series
		}
		return s.renderBytes("data", data)
	})
}

type dataView struct {
	layoutView
	BaseURL string
	Licence string
	Example *domain.Series // nil when nothing is published
}
