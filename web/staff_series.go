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

func (s *Server) seriesFormPage(c *gin.Context, status int, values, errs map[string]string) {
	s.staffPage(c, status, "staff_series_form", "New series", map[string]any{
		"Values": values, "Errors": errs, "Groups": domain.PopulationGroups, "Measures": domain.Measures,
		"Units": domain.Units,
	})
}

func (s *Server) newSeries(c *gin.Context) {
	s.seriesFormPage(c, http.StatusOK, map[string]string{"unit": "persons"}, map[string]string{})
}

func (s *Server) createSeries(c *gin.Context) {
	values := map[string]string{}
	for _, k := range seriesFields {
		values[k] = strings.TrimSpace(c.PostForm(k))
	}
	series := domain.Series{Slug: values["series"], Title: values["series_title"],
		PopulationGroup: domain.PopulationGroup(values["population_group"]), Measure: domain.Measure(values["measure"]),
		Unit: domain.Unit(values["unit"]), FromISO3: strings.ToUpper(values["from_iso3"]),
		ToISO3: strings.ToUpper(values["to_iso3"]), Location: values["location"], Description: values["description"]}
	u, _ := currentUser(c)
	err := s.db.InTx(c.Request.Context(), u.Actor(), func(tx *store.Tx) error {
		_, err := tx.CreateSeries(c.Request.Context(), series)
		return err
	})
	if err != nil {
		if domain.ErrorCode(err) == domain.EINTERNAL {
			s.fail(c, err)
			return
		}
		errs := map[string]string{}
		for _, p := range domain.FieldProblems(err) {
			errs[p.Field] = p.Message
		}
		s.seriesFormPage(c, statusOf[domain.ErrorCode(err)], values, errs)
		return
	}
	c.Redirect(http.StatusSeeOther, "/staff/figures/new?series="+series.Slug)
}
