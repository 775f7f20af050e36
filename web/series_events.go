package web

import (
	"cmp"
	"context"
	"slices"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// applicableEvents are the published events that apply to series
// (domain.EventApplies), in date order: the store finds the candidates
// (a shared country or an explicit link), the domain rule decides.
func (s *Server) applicableEvents(ctx context.Context, series domain.Series) ([]domain.Event, error) {
	f := store.EventFilter{Series: series.Slug}
	for _, c := range []string{series.FromISO3, series.ToISO3} {
		if c != "" && !slices.Contains(f.Countries, c) {
			f.Countries = append(f.Countries, c)
		}
	}
	candidates, err := s.db.PublicEvents(ctx, f)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(candidates, func(e domain.Event) bool { return !domain.EventApplies(e, series) }), nil
}

// eventsOfSeries are the applicable events of several series, each once,
// in date order: what a comparison's downloads carry.
func (s *Server) eventsOfSeries(ctx context.Context, list []domain.Series) ([]domain.Event, error) {
	var out []domain.Event
	seen := map[string]bool{}
	for _, series := range list {
		events, err := s.applicableEvents(ctx, series)
		if err != nil {
			return nil, err
		}
		for _, e := range events {
			if !seen[e.ID] {
				seen[e.ID] = true
				out = append(out, e)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b domain.Event) int {
		return cmp.Or(a.Date.First().Compare(b.Date.First()), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// seriesEventsView is a series' applicable events as its page lists them:
// those its chart draws, and those before and after the period it shows
// (charts.Input.EventsAround), which the chart leaves out rather than
// stretch its time axis.
type seriesEventsView struct {
	Shown, Before, After []domain.Event
}

// eventsAround splits v's events by the period its chart shows for p.
func eventsAround(v *seriesView, p chartParams) seriesEventsView {
	in := charts.Input{Series: v.Series, Figures: v.Figures, Events: v.Events}
	if !p.from.IsZero() {
		in.From = p.from.First()
	}
	if !p.to.IsZero() {
		in.To = p.to.Last()
	}
	var ev seriesEventsView
	ev.Before, ev.Shown, ev.After = in.EventsAround()
	return ev
}
