package web

import (
	"context"
	"html/template"
	"net/url"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// seriesView is one series as the public sees it: the same data behind the
// page, the chart images and the CSV.
type seriesView struct {
	Series  domain.Series
	Figures []domain.Figure
	Events  []domain.Event
	// Analysis is Figures as claims about facts, with what they say
	// together: one domain.Analyse per view, which every part of a page
	// (summary, findings, figures table) reads.
	Analysis domain.Analysis
	Kin      domain.Kin // which organisations are one source
	Version  int64
	AsOf     time.Time // when the newest of its figures was last changed
}

// eventWindow is how far before the first and after the last figure an
// event is still shown on a series' chart.
const eventWindow = 92 * 24 * time.Hour

func (s *Server) loadSeries(ctx context.Context, slug string) (*seriesView, error) {
	version, err := s.datasetVersion(ctx)
	if err != nil {
		return nil, err
	}
	series, err := s.db.PublicSeriesBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	figs, err := s.db.PublicFiguresOfSeries(ctx, series.ID)
	if err != nil {
		return nil, err
	}
	kin, err := s.db.OrgKin(ctx)
	if err != nil {
		return nil, err
	}
	v := &seriesView{Series: series, Figures: figs, Version: version, Kin: kin, Analysis: domain.Analyse(series.Measure, figs, kin)}
	var first, last time.Time
	for i, f := range figs {
		start := f.PeriodEnd.First()
		if !f.PeriodStart.IsZero() && series.Measure == domain.MeasureFlow {
			start = f.PeriodStart.First()
		}
		if i == 0 || start.Before(first) {
			first = start
		}
		if end := f.PeriodEnd.Last(); end.After(last) {
			last = end
		}
		if f.UpdatedAt.After(v.AsOf) {
			v.AsOf = f.UpdatedAt
		}
	}
	filter := seriesEvents(series)
	if len(filter.Countries) == 0 || len(figs) == 0 {
		return v, nil
	}
	events, err := s.db.PublicEvents(ctx, filter)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if !e.Date.First().Before(first.Add(-eventWindow)) && !e.Date.First().After(last.Add(eventWindow)) {
			v.Events = append(v.Events, e)
		}
	}
	// In the chart's order, so that the page's list numbers them as the
	// chart does: its key points here for those it has no room for.
	slices.SortStableFunc(v.Events, charts.EventOrder)
	return v, nil
}

// seriesEvents selects the events that touch a series' countries.
func seriesEvents(s domain.Series) (f store.EventFilter) {
	for _, c := range []string{s.FromISO3, s.ToISO3} {
		if c != "" {
			f.Countries = append(f.Countries, c)
		}
	}
	return f
}

func (s *Server) chartInput(v *seriesView, baseURL string) charts.Input {
	series, figs, evs := chartSafe(v.Series, v.Figures, v.Events)
	return charts.Input{Series: series, Figures: figs, Events: evs, AsOf: v.AsOf,
		Permalink: seriesPermalink(baseURL, v.Series.Slug), Licence: s.cfg.Licence,
		Headline: domain.StripBidi(headlineWords(headlineOf(v)))}
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
		desc := seriesDescription(v)
		page := &seriesPageView{layoutView: layoutView{Title: v.Series.Title, Description: desc}, Social: seriesSocial(s.baseURL(c), v, desc),
			View: shown, Range: r, Chart: template.HTML(svg), BaseURL: s.baseURL(c), Licence: s.cfg.Licence, Links: links,
			Findings: newFindings(shown.Analysis, nil)}
		page.Summary, page.HasSummary = summarise(v.Analysis, v.Series.Unit)
		page.DisputeLink = disputeLink(page, r)
		return s.renderBytes("series", page)
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
	Social  *socialMeta // the link preview, in the page's head
	// Summary is the series' latest fact, at the top of the page (of the
	// whole series, whatever period is shown).
	Summary    factSummary
	HasSummary bool
	// DisputeLink is where the summary's "the sources disagree" points:
	// this page's findings when they list the disagreement, the whole
	// series' page otherwise (disputeLink).
	DisputeLink string
	Findings    findingsView // of the figures in the period shown
}

// disputeLink is where a disputed summary links: "#findings" when this page
// lists a conflict or revision among the claims of the summary's fact, or
// shows every date (its findings are those of the summary's analysis); the
// series' page without a period when the period shown cuts the fact out,
// or the page has no findings section at all.
func disputeLink(page *seriesPageView, r seriesRange) string {
	whole := "/series/" + url.PathEscape(page.View.Series.Slug) + "#findings"
	if !page.HasSummary || !page.Summary.Disputed || !page.Findings.Any() {
		return whole
	}
	if r.Query == "" {
		return "#findings"
	}
	ofFact := map[string]bool{}
	for _, c := range page.Summary.Fact.Claims {
		ofFact[c.ID] = true
	}
	for _, g := range page.Findings.Groups {
		if g.Kind != domain.KindConflict && g.Kind != domain.KindRevision {
			continue
		}
		for _, it := range g.Items {
			if len(it.Claims) == 2 && ofFact[it.Claims[0].ID] && ofFact[it.Claims[1].ID] {
				return "#findings"
			}
		}
	}
	return whole
}
