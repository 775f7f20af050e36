package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// seriesFields are the series form's fields: the canonical CSV's series
// columns, and the description and place, which only staff enter.
var seriesFields = []string{"series", "series_title", "population_group", "measure", "unit", "from_iso3", "to_iso3",
	"location", "description"}

type seriesFormView struct {
	layoutView
	Form     *form
	Groups   []string
	Measures []string
	Units    []string
}

func (s *Server) seriesFormPage(c *gin.Context, f *form) {
	s.staffPage(c, f.status(), "staff_series_form", "New series", &seriesFormView{Form: f,
		Groups: choices(domain.PopulationGroups), Measures: choices(domain.Measures), Units: choices(domain.Units)})
}

func (s *Server) newSeries(c *gin.Context) error {
	s.seriesFormPage(c, newForm(map[string]string{"unit": "persons"}))
	return nil
}

func (s *Server) createSeries(c *gin.Context) error {
	f := postedForm(c, seriesFields, true)
	v := f.Values
	series := domain.Series{Slug: v["series"], Title: v["series_title"],
		PopulationGroup: domain.PopulationGroup(v["population_group"]), Measure: domain.Measure(v["measure"]),
		Unit: domain.Unit(v["unit"]), FromISO3: strings.ToUpper(v["from_iso3"]),
		ToISO3: strings.ToUpper(v["to_iso3"]), Location: v["location"], Description: v["description"]}
	f.check(series.Validate())
	err := s.saveInTx(c, f, func(tx *store.Tx) error {
		_, err := tx.CreateSeries(c.Request.Context(), series)
		return err
	})
	if err != nil {
		return err
	}
	if f.Invalid() {
		s.seriesFormPage(c, f)
		return nil
	}
	c.Redirect(http.StatusSeeOther, "/staff/figures/new?series="+series.Slug)
	return nil
}
