package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// The open JSON API, /api/v1: published data only, no key. Every list is
// {"data": [...], "next": cursor-or-null}; errors are problem+json with
// invalid_params naming each bad parameter; unknown parameters are errors.

const (
	defaultLimit = 100
	maxLimit     = 1000
)

// invalidParam is one entry of a problem's invalid_params (RFC 9457).
type invalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// apiQuery reads a request's parameters against the ones its operation
// documents in openapi.json (api_params.go), collecting a reason for each
// bad one: unknown, given twice, or outside its schema.
type apiQuery struct {
	c      *gin.Context
	values url.Values // the query, parsed once
	bad    []invalidParam
}

func newAPIQuery(c *gin.Context) *apiQuery {
	q := &apiQuery{c: c, values: c.Request.URL.Query()}
	rules, known := apiParams[c.FullPath()]
	if !known {
		q.fail("", "this operation is not in openapi.json") // a route added without its documentation
		return q
	}
	values := q.values
	for name := range values {
		if !slices.ContainsFunc(rules, func(p paramRule) bool { return p.In == "query" && p.Name == name }) {
			var names []string
			for _, p := range rules {
				if p.In == "query" {
					names = append(names, p.Name)
				}
			}
			q.fail(name, "is not a parameter of this operation; it takes "+orNone(names))
		}
	}
	for _, p := range rules {
		v, given := c.Params.Get(p.Name)
		if p.In == "query" {
			v, given = strings.TrimSpace(values.Get(p.Name)), len(values[p.Name]) > 0
			if len(values[p.Name]) > 1 {
				q.fail(p.Name, "is given more than once")
				continue
			}
		}
		if given {
			if reason := p.check(v); reason != "" {
				q.fail(p.Name, reason)
			}
		}
	}
	return q
}

// fail records what is wrong with a parameter, once per parameter.
func (q *apiQuery) fail(name, reason string) {
	if !slices.ContainsFunc(q.bad, func(b invalidParam) bool { return b.Name == name }) {
		q.bad = append(q.bad, invalidParam{name, reason})
	}
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ", ")
}

func (q *apiQuery) str(name string) string { return strings.TrimSpace(q.values.Get(name)) }

func (q *apiQuery) limit() int {
	s := q.str("limit")
	if s == "" {
		return defaultLimit
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxLimit {
		q.fail("limit", "must be a whole number from 1 to "+strconv.Itoa(maxLimit))
		return defaultLimit
	}
	return n
}

func (q *apiQuery) cursor() string {
	s := q.str("cursor")
	if s == "" {
		return ""
	}
	// A cursor is an id this API gave out: never empty, never a NUL or
	// bytes that are not UTF-8 (which PostgreSQL would refuse with an error).
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) == 0 || bytes.IndexByte(b, 0) >= 0 || !utf8.Valid(b) {
		q.fail("cursor", "is not a cursor from this API's \"next\"")
		return ""
	}
	return string(b)
}

func (q *apiQuery) date(name string, last bool) time.Time {
	d, err := domain.ParseDate(q.str(name))
	if err != nil {
		q.fail(name, err.Error())
	}
	if d.IsZero() {
		return time.Time{}
	}
	if last {
		return d.Last()
	}
	return d.First()
}

// err is the 400 naming every bad parameter, nil when there is none.
func (q *apiQuery) err() error {
	if len(q.bad) == 0 {
		return nil
	}
	sort.SliceStable(q.bad, func(i, j int) bool { return q.bad[i].Name < q.bad[j].Name })
	return &problemError{status: http.StatusBadRequest, title: "Invalid parameters",
		detail: q.bad[0].Name + ": " + q.bad[0].Reason, extra: gin.H{"invalid_params": q.bad}}
}

func nextCursor(last string, n, limit int) any {
	if n < limit || last == "" {
		return nil
	}
	return base64.RawURLEncoding.EncodeToString([]byte(last))
}

func (s *Server) apiFigures(c *gin.Context) error {
	q := newAPIQuery(c)
	f := store.PublicFigurePageFilter{Series: q.str("series"), FromISO3: strings.ToUpper(q.str("from_iso3")),
		ToISO3: strings.ToUpper(q.str("to_iso3")), PopulationGroup: q.str("population_group"),
		AttributedTo: q.str("attributed_to"), AttributedToChildren: q.str("include_children") == "true", PeriodEndFrom: q.date("period_end_from", false),
		PeriodEndTo: q.date("period_end_to", true), Limit: q.limit(), After: q.cursor()}
	for _, name := range []string{"from_iso3", "to_iso3"} {
		if v := strings.ToUpper(q.str(name)); v != "" {
			if _, ok := domain.CountryName(v); !ok {
				q.fail(name, "is not an ISO 3166-1 alpha-3 country code")
			}
		}
	}
	if f.AttributedToChildren && f.AttributedTo == "" {
		q.fail("include_children", "needs attributed_to: the organisation whose children to include")
	}
	if err := q.err(); err != nil {
		return err
	}
	return s.sendFigures(c, f)
}

// sendFigures answers with one page of figures. A page depends only on the
// dataset version and the validated filter, so it is kept in the render
// cache like a public page: clients walking the pages of a large dataset
// cost one query per page per dataset version, not one per request.
func (s *Server) sendFigures(c *gin.Context, f store.PublicFigurePageFilter) error {
	key, build := s.figuresPage(c, f)
	return s.sendRendered(c, "api", jsonType, key, build)
}

// figuresPage is the cache key and the build of a page of figures.
func (s *Server) figuresPage(c *gin.Context, f store.PublicFigurePageFilter) (key func(int64) string, build func(int64) ([]byte, error)) {
	base := s.baseURL(c)
	filter := figurePageKey(f)
	key = func(version int64) string {
		return "api-figures|" + strconv.FormatInt(version, 10) + "|" + base + "|" + filter
	}
	return key, func(int64) ([]byte, error) {
		data := []exchange.FigureJSON{}
		err := s.db.PublicFigurePage(c.Request.Context(), f, func(se domain.Series, fig domain.Figure) error {
			data = append(data, exchange.NewFigureJSON(se, fig, base))
			return nil
		})
		if err != nil {
			return nil, err
		}
		last := ""
		if len(data) > 0 {
			last = data[len(data)-1].FigureID
		}
		return json.Marshal(gin.H{"data": data, "next": nextCursor(last, len(data), f.Limit)})
	}
}

// figurePageKey is f as a cache key: each field in its place, the words
// quoted (an organisation's name may hold any character), the dates as
// dates. Made on every request of a page, so without fmt's reflection.
func figurePageKey(f store.PublicFigurePageFilter) string {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	return strings.Join([]string{strconv.Quote(f.Series), f.FromISO3, f.ToISO3, strconv.Quote(f.PopulationGroup),
		strconv.Quote(f.AttributedTo), strconv.FormatBool(f.AttributedToChildren), date(f.PeriodEndFrom), date(f.PeriodEndTo),
		strconv.Quote(f.After), strconv.Itoa(f.Limit)}, "|")
}

// apiSeriesFigures is a page of one series' figures. An unknown series is
// a 404, found in the page's build (sendRenderedOne): a kept page reads
// nothing.
func (s *Server) apiSeriesFigures(c *gin.Context) error {
	q := newAPIQuery(c)
	f := store.PublicFigurePageFilter{Series: c.Param("slug"), Limit: q.limit(), After: q.cursor()}
	if err := q.err(); err != nil {
		return err
	}
	key, build := s.figuresPage(c, f)
	// Kept apart from /api/v1/figures?series=…, the same page, which does
	// not check that the series is there: a page kept by it would answer
	// an unknown series here with 200 and no figures.
	seriesKey := func(version int64) string { return "api-series-" + strings.TrimPrefix(key(version), "api-") }
	return s.sendRenderedOne(c, "api", jsonType, seriesKey, func(version int64) ([]byte, error) {
		if _, err := s.db.PublicSeriesBySlug(c.Request.Context(), f.Series); err != nil {
			return nil, err
		}
		return build(version)
	})
}

func (s *Server) apiFigure(c *gin.Context) error {
	if err := newAPIQuery(c).err(); err != nil {
		return err
	}
	return s.sendOne(c, "figure|"+c.Param("id"), func(ctx context.Context) (any, error) {
		f, series, err := s.db.PublicFigure(ctx, c.Param("id"))
		if err != nil {
			return nil, err
		}
		return exchange.NewFigureJSON(series, f, s.baseURL(c)), nil
	})
}

// slicesSortBy sorts items by key, for lists the API pages through.
func slicesSortBy[T any](items []T, key func(T) string) {
	sort.SliceStable(items, func(i, j int) bool { return key(items[i]) < key(items[j]) })
}
