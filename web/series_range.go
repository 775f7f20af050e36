package web

import (
	"context"
	"html/template"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// seriesRange is the period a reader chose on a series page with its form
// (?from=&to=, as the chart addresses take them). The chart, the figures
// table, the events and the findings then show that period only —
// exactly what charts.Input.InWindow keeps — and the chart links carry it.
type seriesRange struct {
	From, To string          // as given, for the form
	Query    template.URL    // "?from=…&to=…" for the chart links; "" for all dates
	Words    string          // "1 Jan 2025 to 30 Jun 2025"
	Shown    int             // figures in the period
	All      int             // figures of the series
	Years    []rangeYear     // one-click periods: each calendar year with figures
	Compare  []domain.Series // series that may share the chart
	params   chartParams
}

type rangeYear struct {
	Year  int
	Query template.URL
}

// maxRangeYears bounds the row of year links; a longer series is narrowed
// with the form.
const maxRangeYears = 12

// seriesRange reads ?from= and ?to= and returns the range and the view cut
// to it. With neither, the view is v itself.
func (s *Server) seriesRange(c *gin.Context, v *seriesView) (seriesRange, *seriesView, error) {
	p, err := parseChartParams(c, []string{v.Series.Slug})
	if err != nil {
		return seriesRange{}, nil, err
	}
	p.size = charts.SizeMedium
	r := seriesRange{From: c.Query("from"), To: c.Query("to"), All: len(v.Figures), params: p, Years: rangeYears(v.Figures)}
	if r.Compare, err = s.compareCandidates(c.Request.Context(), v.Series); err != nil {
		return seriesRange{}, nil, err
	}
	if p.from.IsZero() && p.to.IsZero() {
		r.Shown = r.All
		return r, v, nil
	}
	cut := s.inPeriod(c, v, p)
	q := url.Values{}
	if r.From != "" {
		q.Set("from", r.From)
	}
	if r.To != "" {
		q.Set("to", r.To)
	}
	// Built from parsed dates only, so html/template may leave its = and &.
	r.Query, r.Shown, r.Words = template.URL("?"+q.Encode()), len(cut.Figures), rangeWords(p)
	return r, cut, nil
}

// inPeriod returns v cut to the period of p: the figures and events its
// chart draws, and the analysis of those figures alone.
func (s *Server) inPeriod(c *gin.Context, v *seriesView, p chartParams) *seriesView {
	if p.from.IsZero() && p.to.IsZero() {
		return v
	}
	in := s.chartInput(v, s.baseURL(c))
	if !p.from.IsZero() {
		in.From = p.from.First()
	}
	if !p.to.IsZero() {
		in.To = p.to.Last()
	}
	in = in.InWindow()
	cut := *v
	cut.Figures, cut.Events = in.Figures, in.Events
	cut.Analysis = domain.Analyse(v.Series.Measure, in.Figures, v.Kin)
	return &cut
}

// rangeChart is the series' inline chart for the range, in both sizes.
func (s *Server) rangeChart(c *gin.Context, r seriesRange, v *seriesView) ([]byte, error) {
	return s.inlineCharts(c, r.params, v.Version, v)
}

func rangeWords(p chartParams) string {
	const day = "2 Jan 2006"
	switch {
	case p.to.IsZero():
		return "from " + p.from.First().Format(day)
	case p.from.IsZero():
		return "until " + p.to.Last().Format(day)
	}
	return p.from.First().Format(day) + " to " + p.to.Last().Format(day)
}

// rangeYears lists the calendar years from the first figure's as-of date to
// the last's, at most maxRangeYears of them, the latest kept.
func rangeYears(figs []domain.Figure) []rangeYear {
	if len(figs) == 0 {
		return nil
	}
	first, last := figs[0].PeriodEnd.Last().Year(), figs[0].PeriodEnd.Last().Year()
	for _, f := range figs {
		y := f.PeriodEnd.Last().Year()
		first, last = min(first, y), max(last, y)
	}
	if first == last {
		return nil // one year: the whole series is that year
	}
	first = max(first, last-maxRangeYears+1)
	var ys []rangeYear
	for y := first; y <= last; y++ {
		n := strconv.Itoa(y)
		ys = append(ys, rangeYear{Year: y, Query: template.URL("?from=" + n + "&to=" + n)})
	}
	return ys
}

// maxCompareCandidates bounds the "compare with" list: a longer list is
// not read by anyone choosing from it; the home page finds the others.
const maxCompareCandidates = 30

// compareCandidates lists the other public series that count the same way
// (measure and unit) as this one, so that they can share its chart: those
// of the same corridor first, then the rest, by title.
func (s *Server) compareCandidates(ctx context.Context, series domain.Series) ([]domain.Series, error) {
	return s.db.PublicComparableSeries(ctx, series, maxCompareCandidates)
}
