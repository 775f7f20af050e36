package web

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

// A series' claims about one fact and what they say together, as the API
// gives them: GET /api/v1/series/{slug}/facts and …/disagreements. Both
// come from one domain.Analyse of the series' published figures (the same
// the series page shows), kin from the organisation records.
//
// A series' analysis needs all of its published figures at once, as its
// page does; the response is a page of at most limit facts or findings,
// kept in the render cache per dataset version like the figure lists.

// claimSourceJSON is the document a claim was read in.
type claimSourceJSON struct {
	Title     string  `json:"title"`
	Publisher string  `json:"publisher"`
	URL       string  `json:"url"`
	Published *string `json:"published"`
}

// claimJSON is one claim (a published figure) about a fact.
type claimJSON struct {
	FigureID      string             `json:"figure_id"`
	Permalink     string             `json:"permalink"`
	Value         float64            `json:"value"`
	Qualifier     string             `json:"qualifier"`
	ValueLow      *float64           `json:"value_low"`
	ValueHigh     *float64           `json:"value_high"`
	Interval      [2]float64         `json:"interval"`
	ValueAsStated *string            `json:"value_as_stated"`
	AttributedTo  string             `json:"attributed_to"`
	Organizations []exchange.OrgJSON `json:"organizations"`
	PeriodStart   *string            `json:"period_start"`
	PeriodEnd     string             `json:"period_end"`
	Source        claimSourceJSON    `json:"source"`
	Mark          *string            `json:"mark"`
	MarkReason    *string            `json:"mark_reason"`
	MarkedAt      *string            `json:"marked_at"`
}

func newClaimJSON(f domain.Figure, base string) claimJSON {
	lo, hi := domain.Interval(f)
	return claimJSON{FigureID: f.ID, Permalink: exchange.Permalink(base, f.ID), Value: f.Value, Qualifier: string(f.Qualifier),
		ValueLow: f.ValueLow, ValueHigh: f.ValueHigh, Interval: [2]float64{roundCents(lo), roundCents(hi)},
		ValueAsStated: exchange.Optional(f.ValueAsStated), AttributedTo: f.AttributedTo, Organizations: exchange.NewOrgsJSON(f.Orgs),
		PeriodStart: exchange.Optional(f.PeriodStart.String()), PeriodEnd: f.PeriodEnd.String(),
		Source: claimSourceJSON{Title: f.Source.Title, Publisher: f.Source.Publisher, URL: domain.URI(f.Source.URL),
			Published: exchange.Optional(f.Source.PublishedOn.String())},
		Mark: exchange.Optional(string(f.Mark)), MarkReason: exchange.Optional(f.MarkReason), MarkedAt: exchange.MarkedAt(f)}
}

// roundCents drops the binary noise of an interval's bounds (148,500.00000001).
func roundCents(v float64) float64 { return math.Round(v*100) / 100 }

// maxFactClaims is the most claims a fact lists: the latest of them, in
// the fact's order. ClaimsTotal says how many it has; a fact of thousands
// of claims (a daily series read by many) stays one small item of a page.
const maxFactClaims = 200

// factJSON is one fact of a series: its period as its first claim states
// it, and its claims in date order, deprecated ones included (the latest
// maxFactClaims of them).
type factJSON struct {
	PeriodStart *string `json:"period_start"`
	PeriodEnd   string  `json:"period_end"`
	Period      string  `json:"period"`
	Measure     string  `json:"measure"`
	// Agree is true when the fact has at least two claims that are not
	// deprecated, no conflict, revision or fall involves them, and their
	// plausible intervals all share a value: exactly the facts
	// domain.Analysis.Agreed lists. It is false when they disagree, when a
	// running total grew within the fact, and when the fact has fewer than
	// two live claims (nothing to agree with).
	Agree             bool        `json:"agree"`
	PreferredFigureID *string     `json:"preferred_figure_id"`
	Headline          *string     `json:"headline"`
	Claims            []claimJSON `json:"claims"`
	ClaimsTotal       int         `json:"claims_total"`
}

func newFactJSON(f *domain.Fact, agreed bool, base string) factJSON {
	out := factJSON{PeriodStart: exchange.Optional(f.Start.String()), PeriodEnd: f.End.String(), Period: f.PeriodWords(),
		Measure: string(f.Measure), Agree: agreed, ClaimsTotal: len(f.Claims)}
	if f.Preferred >= 0 {
		out.PreferredFigureID = &f.Claims[f.Preferred].ID
	}
	if h, ok := domain.HeadlineOf(f); ok {
		out.Headline = exchange.Optional(h.Words())
	}
	latest := f.Claims[max(0, len(f.Claims)-maxFactClaims):]
	out.Claims = make([]claimJSON, len(latest))
	for i, c := range latest {
		out.Claims[i] = newClaimJSON(c, base)
	}
	return out
}

// disagreementJSON is one conflict, revision or fall: the earlier claim
// and the later one.
type disagreementJSON struct {
	Kind      string    `json:"kind"`
	FigureIDs [2]string `json:"figure_ids"`
	Period    string    `json:"period"`
	Gap       string    `json:"gap"`
	// Ratio is the larger value over the smaller; null when the smaller is
	// 0 (the ratio is infinite, which JSON cannot hold; gap says "one is
	// zero").
	Ratio       *float64     `json:"ratio"`
	Explanation string       `json:"explanation"`
	Claims      [2]claimJSON `json:"claims"`
}

func newDisagreementJSON(fi domain.Finding, base string) disagreementJSON {
	a, b := fi.Claims[0], fi.Claims[1]
	out := disagreementJSON{Kind: string(fi.Kind), FigureIDs: [2]string{a.ID, b.ID}, Period: fi.PeriodWords(),
		Gap: fi.GapWords(), Explanation: fi.Words(), Claims: [2]claimJSON{newClaimJSON(a, base), newClaimJSON(b, base)}}
	if !math.IsInf(fi.Ratio, 0) && !math.IsNaN(fi.Ratio) {
		r := math.Round(fi.Ratio*1e6) / 1e6
		out.Ratio = &r
	}
	return out
}

// The cursor of these lists is the sort key of the last item given, so
// that a client walking the pages while a publish adds facts neither skips
// nor repeats one that was there before: a fact's key is its first claim's
// (as-of date's last day, period's first day, figure id), the order of
// domain.Analysis.Facts; a finding's is its later claim's (as-of date's last
// day, figure id) and the earlier claim's figure id, the order of Found.
type listKey [3]string

func (k listKey) String() string { return strings.Join(k[:], "|") }

func (k listKey) compare(o listKey) int {
	for i := range k {
		if c := strings.Compare(k[i], o[i]); c != 0 {
			return c
		}
	}
	return 0
}

// parseFactKey and parseFindingKey read a cursor of their list; ok is
// false when it is not one that list gave out.
func parseFactKey(s string) (k listKey, ok bool) {
	parts := strings.Split(s, "|")
	if len(parts) != 3 || !isDay(parts[0]) || (parts[1] != "" && !isDay(parts[1])) || parts[2] == "" {
		return k, false
	}
	return listKey(parts), true
}

func parseFindingKey(s string) (k listKey, ok bool) {
	parts := strings.Split(s, "|")
	if len(parts) != 3 || !isDay(parts[0]) || parts[1] == "" || parts[2] == "" {
		return k, false
	}
	return listKey(parts), true
}

func isDay(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// factKey is a fact's place in Analysis.Facts: its first claim's sort key
// there (domain.Analyse: as-of date's last day, then the first day of its
// period — a flow's start, or its end's first day when it has none; the
// stated start otherwise, or none — then the id).
func factKey(f *domain.Fact) listKey {
	c := f.Claims[0]
	first := ""
	switch {
	case !c.PeriodStart.IsZero():
		first = c.PeriodStart.First().Format(time.DateOnly)
	case f.Measure == domain.MeasureFlow:
		first = c.PeriodEnd.First().Format(time.DateOnly)
	}
	return listKey{c.PeriodEnd.Last().Format(time.DateOnly), first, c.ID}
}

// findingKey is a finding's place in Analysis.Found.
func findingKey(fi domain.Finding) listKey {
	later := fi.Claims[len(fi.Claims)-1]
	return listKey{later.PeriodEnd.Last().Format(time.DateOnly), later.ID, fi.Claims[0].ID}
}

// pageByKey cuts items, ordered by key, after the cursor and at limit; next
// is the cursor of the following page, nil on the last.
func pageByKey[T any](items []T, key func(T) listKey, after *listKey, limit int) ([]T, any) {
	start := 0
	if after != nil {
		for start < len(items) && key(items[start]).compare(*after) <= 0 {
			start++
		}
	}
	end := min(start+limit, len(items))
	out := items[start:end]
	if end == len(items) || len(out) == 0 {
		return out, nil
	}
	return out, nextCursor(key(out[len(out)-1]).String(), len(out), limit)
}

// seriesAnalysisQuery reads the parameters of the two lists.
func seriesAnalysisQuery(c *gin.Context, parse func(string) (listKey, bool)) (limit int, after *listKey, err error) {
	q := newAPIQuery(c)
	limit = q.limit()
	if cur := q.cursor(); cur != "" {
		k, ok := parse(cur)
		if !ok {
			q.fail("cursor", "is not a cursor from this API's \"next\"")
		}
		after = &k
	}
	return limit, after, q.err()
}

// sendSeriesAnalysis answers with one page of what list makes of the
// series' analysis, cached per dataset version. An unknown series, or one
// with no published figure, is a 404, even to a client that has the
// version (sendRenderedOne).
func (s *Server) sendSeriesAnalysis(c *gin.Context, kind string) error {
	parse := parseFindingKey
	if kind == "facts" {
		parse = parseFactKey
	}
	limit, after, err := seriesAnalysisQuery(c, parse)
	if err != nil {
		return err
	}
	slug, base := c.Param("slug"), s.baseURL(c)
	cur := ""
	if after != nil {
		cur = after.String()
	}
	key := func(version int64) string {
		return fmt.Sprintf("api-%s|%d|%s|%s|%d|%s", kind, version, base, slug, limit, cur)
	}
	return s.sendRenderedOne(c, "api", jsonType, key, func(int64) ([]byte, error) {
		ctx := c.Request.Context()
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
		an := domain.Analyse(series.Measure, figs, kin)
		var data, next any
		switch kind {
		case "facts":
			agreed := map[*domain.Fact]bool{}
			for _, fi := range an.Agreed {
				agreed[fi.Fact] = true
			}
			facts, n := pageByKey(an.Facts, factKey, after, limit)
			out := make([]factJSON, len(facts))
			for i, f := range facts {
				out[i] = newFactJSON(f, agreed[f], base)
			}
			data, next = out, n
		default:
			found, n := pageByKey(an.Found, findingKey, after, limit)
			out := make([]disagreementJSON, len(found))
			for i, fi := range found {
				out[i] = newDisagreementJSON(fi, base)
			}
			data, next = out, n
		}
		return json.Marshal(gin.H{"data": data, "next": next})
	})
}

func (s *Server) apiSeriesFacts(c *gin.Context) error {
	return s.sendSeriesAnalysis(c, "facts")
}

func (s *Server) apiSeriesDisagreements(c *gin.Context) error {
	return s.sendSeriesAnalysis(c, "disagreements")
}
