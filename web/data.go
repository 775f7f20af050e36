package web

import (
	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

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
