package web

import (
	"cmp"
	"context"
	"slices"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// seriesPermalink is the public address of a series on the site at base:
// its page, and the link every download, chart, citation and API answer
// of it gives.
func seriesPermalink(base, slug string) string { return base + "/series/" + slug }

// citedSource is a source a series cites, with how many of its figures.
type citedSource struct {
	Source  domain.Source
	Figures int
}

// seriesLinks are the ways on from a series page: the series on its
// corridor and the other way, and the documents it cites.
type seriesLinks struct {
	Corridor, Reverse           []store.SeriesSummary
	CorridorTitle, ReverseTitle string        // "Pakistan → Afghanistan", "Other series on Pakistan"
	CorridorAll, ReverseAll     string        // the home page's lists of them all
	CorridorTotal, ReverseTotal string        // how many there are, with separators
	CorridorMore, ReverseMore   bool          // the lists hold more than the page shows
	Sources                     []citedSource // the latest maxCitedShown
	SourcesMore                 string        // how many there are in all, when the list is cut
}

// relatedShown is how many related series a page lists in each direction;
// maxCitedShown how many documents it lists (every figure row links its
// own, so a series of hundreds of figures stays light).
const (
	relatedShown  = 8
	maxCitedShown = 20
)

func (s *Server) seriesLinks(ctx context.Context, v *seriesView) (seriesLinks, error) {
	var l seriesLinks
	se := v.Series
	if q := corridorQuery(se); q.filtered() {
		f := q.filter(store.SeriesOptions{})
		f.Limit = relatedShown + 1
		page, err := s.db.PublicSeriesSearch(ctx, f)
		if err != nil {
			return l, err
		}
		for _, sum := range page.Series {
			if sum.Series.ID != se.ID && len(l.Corridor) < relatedShown {
				l.Corridor = append(l.Corridor, sum)
			}
		}
		l.CorridorTitle = "Other series on " + countryName(q.Country)
		if q.Country == "" {
			l.CorridorTitle = "Same route, " + countryName(q.From) + " → " + countryName(q.To)
		}
		l.CorridorAll, l.CorridorMore = q.url(1), page.Total-1 > len(l.Corridor)
		l.CorridorTotal = domain.FormatNumber(float64(page.Total))
	}
	if se.FromISO3 != "" && se.ToISO3 != "" && se.FromISO3 != se.ToISO3 {
		q := seriesQuery{From: se.ToISO3, To: se.FromISO3}
		f := q.filter(store.SeriesOptions{})
		f.Limit = relatedShown
		page, err := s.db.PublicSeriesSearch(ctx, f)
		if err != nil {
			return l, err
		}
		l.Reverse, l.ReverseAll, l.ReverseMore = page.Series, q.url(1), page.Total > len(page.Series)
		l.ReverseTitle = "The other way, " + countryName(q.From) + " → " + countryName(q.To)
		l.ReverseTotal = domain.FormatNumber(float64(page.Total))
	}
	at := map[int64]int{}
	for _, f := range v.Figures {
		i, ok := at[f.Source.ID]
		if !ok {
			i = len(l.Sources)
			at[f.Source.ID] = i
			l.Sources = append(l.Sources, citedSource{Source: f.Source})
		}
		l.Sources[i].Figures++
	}
	slices.SortStableFunc(l.Sources, func(a, b citedSource) int {
		return cmp.Or(cmp.Compare(b.Source.PublishedOn.String(), a.Source.PublishedOn.String()), cmp.Compare(a.Source.Title, b.Source.Title))
	})
	if len(l.Sources) > maxCitedShown {
		l.SourcesMore = domain.FormatNumber(float64(len(l.Sources)))
		l.Sources = l.Sources[:maxCitedShown]
	}
	return l, nil
}
