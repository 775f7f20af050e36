package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// eventsQuery is the /events page's filters, checked and normalized.
type eventsQuery struct {
	Country, Kind, From, To string
	filter                  store.EventFilter
}

// eventsParams in the order a normalized address lists them.
var eventsParams = []string{"country", "kind", "from", "to"}

var eventsLabels = map[string]string{"country": "Country", "kind": "Kind", "from": "From", "to": "To"}

// parseEventsQuery reads the filters, with a problem per bad value.
func parseEventsQuery(values url.Values) (eventsQuery, domain.Problems) {
	var q eventsQuery
	var p domain.Problems
	for name := range values {
		if !slices.Contains(eventsParams, name) {
			p.Add(name, "is not a filter of this page; use country, kind, from or to")
		}
	}
	q.Country = strings.ToUpper(strings.TrimSpace(values.Get("country")))
	if q.Country != "" {
		if _, ok := domain.CountryName(q.Country); !ok {
			p.Add("country", "%q is not an ISO 3166-1 alpha-3 country code (such as PAK or SDN)", q.Country)
		} else {
			q.filter.Countries = []string{q.Country}
		}
	}
	q.Kind = strings.TrimSpace(values.Get("kind"))
	if q.Kind != "" {
		if !slices.Contains(domain.EventKinds, domain.EventKind(q.Kind)) {
			p.Add("kind", "%q is not a kind of event; use one of %s", q.Kind, strings.Join(choices(domain.EventKinds), ", "))
		}
		q.filter.Kind = domain.EventKind(q.Kind)
	}
	for _, d := range []struct {
		name string
		raw  *string
		date *domain.Date
	}{{"from", &q.From, &q.filter.From}, {"to", &q.To, &q.filter.To}} {
		*d.raw = strings.TrimSpace(values.Get(d.name))
		if *d.raw == "" {
			continue
		}
		date, err := domain.ParseDate(*d.raw)
		if err != nil {
			p.Add(d.name, "%q is not a date: write 2024, 2024-03 or 2024-03-15", *d.raw)
			continue
		}
		*d.date = date
	}
	if f, t := q.filter.From, q.filter.To; !f.IsZero() && !t.IsZero() && t.Last().Before(f.First()) {
		p.Add("to", "%s is before from %s", t, f)
	}
	return q, p
}

// key is the normalized query, for the render cache.
func (q eventsQuery) key() string {
	return "|country=" + q.Country + "|kind=" + q.Kind + "|from=" + q.From + "|to=" + q.To
}

// eventsView is the public list of events.
type eventsView struct {
	layoutView
	Query     eventsQuery
	Problems  []queryProblem  // a 400: what to change
	Bad       map[string]bool // the parameters Problems names
	Countries []option
	Kinds     []option
	Events    []eventItem
	Filtered  bool
}

// eventItem is one event with the public series it is linked to.
type eventItem struct {
	domain.Event
	Linked []domain.Series
}

// eventsPage lists every published event, those with no country too,
// filtered by country, kind and dates.
func (s *Server) eventsPage(c *gin.Context) error {
	q, problems := parseEventsQuery(c.Request.URL.Query())
	if len(problems) > 0 {
		// The page again, with the form and what to change; not cached,
		// since bad values are endless.
		view, err := s.newEventsView(c, q)
		if err != nil {
			return err
		}
		view.Bad = map[string]bool{}
		for _, e := range problems {
			view.Problems = append(view.Problems, queryProblem{Label: eventsLabel(e.Field), Param: e.Field, Message: e.Message})
			view.Bad[e.Field] = true
		}
		s.render(c, http.StatusBadRequest, "events", view)
		return nil
	}
	return s.cachedPageAs(c, q.key(), func(int64) ([]byte, error) {
		ctx := c.Request.Context()
		view, err := s.newEventsView(c, q)
		if err != nil {
			return nil, err
		}
		events, err := s.db.PublicEvents(ctx, q.filter)
		if err != nil {
			return nil, err
		}
		public := map[string]*domain.Series{} // nil: no public series has the slug
		for _, e := range events {
			it := eventItem{Event: e}
			for _, slug := range e.Series {
				sr, seen := public[slug]
				if !seen {
					got, err := s.db.PublicSeriesBySlug(ctx, slug)
					switch {
					case err == nil:
						sr = &got
					case domain.ErrorCode(err) != domain.ENOTFOUND:
						return nil, err
					}
					public[slug] = sr
				}
				if sr != nil {
					it.Linked = append(it.Linked, *sr)
				}
			}
			view.Events = append(view.Events, it)
		}
		return s.renderBytes("events", view)
	})
}

// eventsLabel is a parameter as the form labels it.
func eventsLabel(field string) string {
	if l, ok := eventsLabels[field]; ok {
		return l
	}
	return field
}

// newEventsView is the page with its form: the countries that events name,
// and the kinds.
func (s *Server) newEventsView(c *gin.Context, q eventsQuery) (*eventsView, error) {
	all, err := s.db.PublicEvents(c.Request.Context(), store.EventFilter{})
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, e := range all {
		for _, code := range e.Countries {
			if !slices.Contains(codes, code) {
				codes = append(codes, code)
			}
		}
	}
	v := &eventsView{layoutView: layoutView{Title: "Events",
		Description: "Dated, sourced events on migration and displacement — deadlines, policy dates, visits — with the document each was read in."},
		Query: q, Countries: countryOptions(codes, q.Country),
		Filtered: q.Country != "" || q.Kind != "" || q.From != "" || q.To != ""}
	for _, k := range domain.EventKinds {
		v.Kinds = append(v.Kinds, option{Value: string(k), Label: string(k), Selected: string(k) == q.Kind})
	}
	return v, nil
}
