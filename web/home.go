package web

import (
	"context"
	"net/http"
	"net/url"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// The home page lists the public series, filtered by a plain GET form and
// by plain links (/?from=PAK&to=AFG&group=returnees&publisher=IOM&q=words),
// in pages. Its query is checked and normalized before the render cache is
// asked, so that equal searches share one cached page, unknown parameters
// (a tracker's ?fbclid=…) are dropped rather than refused, and nothing the
// published data cannot match reaches the cache.

// optionsCache holds the filters' choices for one dataset version: every
// request needs them to check its query, and they change only with it.
type optionsCache struct {
	mu      sync.Mutex
	version int64
	opts    *store.SeriesOptions
}

func (s *Server) seriesOptions(ctx context.Context, version int64) (store.SeriesOptions, error) {
	s.options.mu.Lock()
	defer s.options.mu.Unlock()
	if s.options.opts != nil && s.options.version == version {
		return *s.options.opts, nil
	}
	opts, err := s.db.PublicSeriesOptions(ctx)
	if err != nil {
		return store.SeriesOptions{}, err
	}
	s.options.version, s.options.opts = version, &opts
	return opts, nil
}

func (s *Server) home(c *gin.Context) error {
	ctx := c.Request.Context()
	version, err := s.datasetVersion(ctx)
	if err != nil {
		return err
	}
	opts, err := s.seriesOptions(ctx, version)
	if err != nil {
		return err
	}
	q, problems := parseSeriesQuery(c.Request.URL.Query(), opts)
	if len(problems) > 0 {
		// The page again, with the form and what to change; not cached,
		// since bad values are endless.
		view := newHomeView(q, opts)
		view.Problems, view.Bad = describeProblems(problems), map[string]bool{}
		for _, e := range problems {
			view.Bad[e.Field] = true
		}
		s.render(c, http.StatusBadRequest, "home", view)
		return nil
	}
	return s.cachedPageAs(c, "|"+q.url(q.Page), func(v int64) ([]byte, error) {
		ctx := c.Request.Context() // the page's consistent read
		if v != version {
			// Another process published since memory last heard: the
			// page is kept under the version its read found, so its
			// choices must be that version's too.
			if opts, err = s.seriesOptions(ctx, v); err != nil {
				return nil, err
			}
		}
		page, err := s.db.PublicSeriesSearch(ctx, q.filter(opts))
		if err != nil {
			return nil, err
		}
		view := newHomeView(q, opts)
		view.Total, view.Pages = page.Total, (page.Total+homePageSize-1)/homePageSize
		view.Count = domain.FormatNumber(float64(page.Total))
		if q.Page > max(view.Pages, 1) {
			return nil, domain.Errorf(domain.ENOTFOUND, "there is no page %d of this list: it has %d", q.Page, view.Pages)
		}
		if err := s.db.PublicRecentClaims(ctx, page.Series); err != nil {
			return nil, err
		}
		kin, err := s.db.OrgKin(ctx)
		if err != nil {
			return nil, err
		}
		for _, sum := range page.Series {
			item := homeItem{SeriesSummary: sum,
				CorridorURL: corridorQuery(sum.Series).url(1), GroupURL: seriesQuery{Group: string(sum.Series.PopulationGroup)}.url(1)}
			item.Summary, item.HasSummary = summarise(domain.Analyse(sum.Series.Measure, sum.Recent, kin), sum.Series.Unit)
			view.Series = append(view.Series, item)
		}
		if page.Total == 0 {
			if err := s.countWithout(ctx, &view, opts); err != nil {
				return nil, err
			}
		}
		if q.Page > 1 {
			view.Prev = q.url(q.Page - 1)
		}
		if q.Page < view.Pages {
			view.Next = q.url(q.Page + 1)
		}
		return s.renderBytes("home", view)
	})
}

// corridorQuery selects the series that go the way s goes: the same two
// countries in the same direction, or, for a series with one country, the
// series that involve it.
func corridorQuery(s domain.Series) seriesQuery {
	switch {
	case s.FromISO3 != "" && s.ToISO3 != "":
		return seriesQuery{From: s.FromISO3, To: s.ToISO3}
	case s.FromISO3 != "":
		return seriesQuery{Country: s.FromISO3}
	case s.ToISO3 != "":
		return seriesQuery{Country: s.ToISO3}
	}
	return seriesQuery{}
}

// countWithout says, for an empty result, how many series each filter's
// removal would find: the empty page says what to change.
func (s *Server) countWithout(ctx context.Context, v *homeView, opts store.SeriesOptions) error {
	for i, a := range v.Active {
		u, _ := url.Parse(a.Remove) // the list without this filter
		q, _ := parseSeriesQuery(u.Query(), opts)
		f := q.filter(opts)
		f.Limit = 1
		page, err := s.db.PublicSeriesSearch(ctx, f)
		if err != nil {
			return err
		}
		v.Active[i].Without = domain.FormatNumber(float64(page.Total)) + " series"
	}
	return nil
}

const homeDescription = "Sourced figures on migration and displacement: each number linked to the sentence and the document it was read in, checked by a second person, with charts, citations and open downloads."
