package web

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// compareGroup is the series that may share a chart: the same measure and
// unit. Stocks, flows and cumulative totals on one axis would mislead.
type compareGroup struct {
	Name   string // "Cumulative totals since a start date, persons"
	Series []domain.Series
}

var measureGroupNames = map[domain.Measure]string{
	domain.MeasureStock:      "Counts as of a date",
	domain.MeasureFlow:       "Counts during a period",
	domain.MeasureCumulative: "Cumulative totals since a start date",
}

// compareGroups sorts the published series into the groups whose members
// can be compared, in the order of domain.Measures and then by unit; a group
// of one series is left out, as there is nothing to compare it with.
func compareGroups(list []store.SeriesSummary) []compareGroup {
	type key struct {
		m domain.Measure
		u domain.Unit
	}
	byKey := map[key][]domain.Series{}
	var keys []key
	for _, sum := range list {
		k := key{sum.Series.Measure, sum.Series.Unit}
		if _, ok := byKey[k]; !ok {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], sum.Series)
	}
	slices.SortFunc(keys, func(a, b key) int {
		if d := slices.Index(domain.Measures, a.m) - slices.Index(domain.Measures, b.m); d != 0 {
			return d
		}
		return compareStrings(string(a.u), string(b.u))
	})
	var out []compareGroup
	for _, k := range keys {
		if len(byKey[k]) >= 2 {
			out = append(out, compareGroup{Name: measureGroupNames[k.m] + ", " + string(k.u), Series: byKey[k]})
		}
	}
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

type compareChooseView struct {
	layoutView
	Groups    []compareGroup
	Max       int
	Published int
	Checked   map[string]bool // by slug
	Error     string          // why the last choice was refused
}

// compareChooser is /compare before series are chosen: a form per group of
// series that count the same way, which works without a script. problem,
// when not nil, is why the last choice was refused; checked keeps it.
func (s *Server) compareChooser(c *gin.Context, problem error, checked map[string]bool) error {
	build := func() ([]byte, error) {
		list, err := s.db.PublicSeries(c.Request.Context())
		if err != nil {
			return nil, err
		}
		data := &compareChooseView{layoutView: layoutView{Title: "Compare series",
			Description: "Choose series that count the same way and see them on one chart, with every figure and its source."},
			Groups: compareGroups(list), Max: charts.MaxCompare, Published: len(list), Checked: checked}
		if problem != nil {
			data.Error = domain.ErrorMessage(problem)
		}
		return s.renderBytes("compare_choose", data)
	}
	if problem == nil {
		return s.cachedPage(c, nil, func(int64) ([]byte, error) { return build() })
	}
	b, err := build()
	if err != nil {
		return err
	}
	c.Data(http.StatusBadRequest, "text/html; charset=utf-8", b)
	return nil
}
