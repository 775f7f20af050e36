package web

import (
	"context"
	"fmt"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

type seriesJSON struct {
	Slug            string              `json:"slug"`
	Title           string              `json:"title"`
	Description     string              `json:"description"`
	PopulationGroup string              `json:"population_group"`
	Measure         string              `json:"measure"`
	Unit            string              `json:"unit"`
	FromISO3        *string             `json:"from_iso3"`
	ToISO3          *string             `json:"to_iso3"`
	Figures         int                 `json:"figures"`
	Latest          exchange.FigureJSON `json:"latest"`
	Headline        *headlineJSON       `json:"headline"`
	Permalink       string              `json:"permalink"`
}

// headlineJSON is the summary of a series' latest fact (domain.Headline):
// the preferred claim with the others' range, or with none preferred the
// range of all the claims; deprecated claims are never in it.
type headlineJSON struct {
	Words string `json:"words"`
	// LeadFigureID is the preferred claim, or null.
	LeadFigureID *string `json:"lead_figure_id"`
	// Others counts the claims beside the lead (all of them when there is
	// none); Low and High are their smallest and largest value, null when
	// there are none.
	Others int      `json:"others"`
	Low    *float64 `json:"low"`
	High   *float64 `json:"high"`
}

// seriesHeadline summarises the latest fact of a series from its summary's
// recent claims (store.PublicRecentClaims); nil when every claim of it is
// deprecated.
func seriesHeadline(sum store.SeriesSummary, kin domain.Kin) *headlineJSON {
	h, ok := domain.Analyse(sum.Series.Measure, sum.Recent, kin).Headline()
	if !ok {
		return nil
	}
	out := &headlineJSON{Words: h.Words(), Others: len(h.Others)}
	if h.Lead != nil {
		out.LeadFigureID = &h.Lead.ID
	}
	if len(h.Others) > 0 {
		out.Low, out.High = &h.Low, &h.High
	}
	return out
}

func (s *Server) seriesJSON(c *gin.Context, sum store.SeriesSummary, kin domain.Kin) seriesJSON {
	se := sum.Series
	return seriesJSON{Slug: se.Slug, Title: se.Title, Description: se.Description, PopulationGroup: string(se.PopulationGroup),
		Measure: string(se.Measure), Unit: string(se.Unit), FromISO3: exchange.Optional(se.FromISO3), ToISO3: exchange.Optional(se.ToISO3),
		Figures: sum.Count, Latest: exchange.NewFigureJSON(se, sum.Latest, s.baseURL(c)), Headline: seriesHeadline(sum, kin),
		Permalink: domain.URI(seriesPermalink(s.baseURL(c), se.Slug))}
}

// seriesJSONs converts summaries, reading the claims of each one's latest
// fact (one query for the list) and the organisations' kin.
func (s *Server) seriesJSONs(c *gin.Context, list []store.SeriesSummary) ([]seriesJSON, error) {
	ctx := c.Request.Context()
	if err := s.db.PublicRecentClaims(ctx, list); err != nil {
		return nil, err
	}
	kin, err := s.db.OrgKin(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]seriesJSON, len(list))
	for i, sum := range list {
		out[i] = s.seriesJSON(c, sum, kin)
	}
	return out, nil
}

// page cuts a list ordered by key at the cursor and the limit.
func page[T any](items []T, key func(T) string, after string, limit int) ([]T, any) {
	start := 0
	if after != "" {
		for start < len(items) && key(items[start]) <= after {
			start++
		}
	}
	end := min(start+limit, len(items))
	out := items[start:end]
	if end == len(items) || len(out) == 0 {
		return out, nil
	}
	return out, nextCursor(key(out[len(out)-1]), len(out), limit)
}

func (s *Server) apiSeriesList(c *gin.Context) error {
	q := newAPIQuery(c)
	limit, after := q.limit(), q.cursor()
	if err := q.err(); err != nil {
		return err
	}
	return s.sendList(c, fmt.Sprintf("series-list|%d|%q", limit, after), func(ctx context.Context) (any, error) {
		list, more, err := s.db.PublicSeriesPage(ctx, after, limit)
		if err != nil {
			return nil, err
		}
		out, err := s.seriesJSONs(c, list)
		if err != nil {
			return nil, err
		}
		var next any
		if more && len(out) > 0 {
			next = nextCursor(out[len(out)-1].Slug, len(out), limit)
		}
		return gin.H{"data": out, "next": next}, nil
	})
}

func (s *Server) apiSeries(c *gin.Context) error {
	if err := newAPIQuery(c).err(); err != nil {
		return err
	}
	return s.sendOne(c, fmt.Sprintf("series|%q", c.Param("slug")), func(ctx context.Context) (any, error) {
		sum, err := s.db.PublicSeriesSummary(ctx, c.Param("slug"))
		if err != nil {
			return nil, err
		}
		out, err := s.seriesJSONs(c, []store.SeriesSummary{sum})
		if err != nil {
			return nil, err
		}
		return out[0], nil
	})
}

type sourceJSON struct {
	ID         int64   `json:"id"`
	Title      string  `json:"title"`
	Publisher  string  `json:"publisher"`
	URL        string  `json:"url"`
	Published  *string `json:"published"`
	Accessed   *string `json:"accessed"`
	ArchiveURL *string `json:"archive_url"`
	Licence    *string `json:"licence"`
	DocType    *string `json:"doc_type"`
	Language   *string `json:"language"`
	// The latest saved copy of the document: when (RFC 3339, UTC) and its
	// SHA-256; null when none was saved.
	SavedAt *string `json:"saved_at"`
	SHA256  *string `json:"sha256"`
}

// newSourceJSON converts src, whose latest saved copy is the one copy
// describes (zero: none).
func newSourceJSON(src domain.Source, copy domain.Evidence) sourceJSON {
	return sourceJSON{ID: src.ID, Title: src.Title, Publisher: src.Publisher, URL: domain.URI(src.URL),
		Published: exchange.Optional(src.PublishedOn.String()), Accessed: exchange.Optional(src.AccessedOn.String()),
		ArchiveURL: exchange.Optional(domain.URI(src.ArchiveURL)), Licence: exchange.Optional(src.Licence), DocType: exchange.Optional(string(src.DocType)),
		Language: exchange.Optional(src.Language), SavedAt: exchange.Optional(exchange.SavedAt(copy)), SHA256: exchange.Optional(copy.SHA256)}
}

// latestCopies reads the latest saved copy of each source in list, as
// newSourceJSON takes it.
func (s *Server) latestCopies(ctx context.Context, list []domain.Source) (map[int64]domain.Evidence, error) {
	ids := make([]int64, len(list))
	for i, src := range list {
		ids[i] = src.ID
	}
	stamps, err := s.db.LatestCopyStamps(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]domain.Evidence, len(stamps))
	for id, st := range stamps {
		out[id] = domain.Evidence{SavedAt: st.SavedAt, SHA256: st.SHA256}
	}
	return out, nil
}

func (s *Server) apiSources(c *gin.Context) error {
	q := newAPIQuery(c)
	limit, cur := q.limit(), q.cursor()
	var after int64
	if cur != "" {
		var err error
		if after, err = strconv.ParseInt(cur, 10, 64); err != nil {
			q.fail("cursor", "is not a cursor from this API's \"next\"")
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	return s.sendList(c, fmt.Sprintf("sources|%d|%d", limit, after), func(ctx context.Context) (any, error) {
		list, err := s.db.PublicSourcePage(ctx, after, limit)
		if err != nil {
			return nil, err
		}
		copies, err := s.latestCopies(ctx, list)
		if err != nil {
			return nil, err
		}
		data := make([]sourceJSON, len(list))
		last := ""
		for i, src := range list {
			data[i] = newSourceJSON(src, copies[src.ID])
			last = strconv.FormatInt(src.ID, 10)
		}
		return gin.H{"data": data, "next": nextCursor(last, len(data), limit)}, nil
	})
}

func (s *Server) apiSource(c *gin.Context) error {
	if err := newAPIQuery(c).err(); err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return domain.Errorf(domain.ENOTFOUND, "no source %q", c.Param("id"))
	}
	return s.sendOne(c, fmt.Sprintf("source|%d", id), func(ctx context.Context) (any, error) {
		src, err := s.db.PublicSource(ctx, id)
		if err != nil {
			return nil, err
		}
		copies, err := s.latestCopies(ctx, []domain.Source{src})
		if err != nil {
			return nil, err
		}
		return newSourceJSON(src, copies[src.ID]), nil
	})
}

type eventJSON struct {
	EventID   string     `json:"event_id"`
	Date      string     `json:"date"`
	EndDate   *string    `json:"end_date"`
	Title     string     `json:"title"`
	Kind      string     `json:"kind"`
	Countries []string   `json:"countries"`
	Series    []string   `json:"series"`
	Excerpt   string     `json:"excerpt"`
	Source    sourceJSON `json:"source"`
	// As in a figure (exchange.FigureJSON): the excerpt's kept check
	// against the source's latest saved copy, that copy's time and hash.
	ExcerptStatus string  `json:"excerpt_status"`
	SourceSavedAt *string `json:"source_saved_at"`
	SourceSHA256  *string `json:"source_sha256"`
}

func (s *Server) apiEvents(c *gin.Context) error {
	q := newAPIQuery(c)
	limit, after := q.limit(), q.cursor()
	if err := q.err(); err != nil {
		return err
	}
	return s.sendList(c, fmt.Sprintf("events|%d|%q", limit, after), func(ctx context.Context) (any, error) {
		events, err := s.db.PublicEvents(ctx, store.EventFilter{})
		if err != nil {
			return nil, err
		}
		data := make([]eventJSON, len(events))
		for i, e := range events {
			data[i] = eventJSON{EventID: e.ID, Date: e.Date.String(), EndDate: exchange.Optional(e.EndDate.String()), Title: e.Title,
				Kind: string(e.Kind), Countries: append([]string{}, e.Countries...), Series: append([]string{}, e.Series...), Excerpt: e.Excerpt, Source: newSourceJSON(e.Source, e.Evidence),
				ExcerptStatus: string(e.Evidence.ExcerptStatusOrUnchecked()), SourceSavedAt: exchange.Optional(exchange.SavedAt(e.Evidence)),
				SourceSHA256: exchange.Optional(e.Evidence.SHA256)}
		}
		slicesSortBy(data, func(x eventJSON) string { return x.EventID })
		out, next := page(data, func(x eventJSON) string { return x.EventID }, after, limit)
		return gin.H{"data": out, "next": next}, nil
	})
}

type changeJSON struct {
	At        string  `json:"at"`
	Action    string  `json:"action"`
	FigureID  string  `json:"figure_id"`
	Series    string  `json:"series"`
	Summary   string  `json:"summary"`
	Reason    *string `json:"reason"`
	Permalink string  `json:"permalink"`
}

func (s *Server) apiChanges(c *gin.Context) error {
	q := newAPIQuery(c)
	limit, cur := q.limit(), q.cursor()
	var before int64
	if cur != "" {
		var err error
		if before, err = strconv.ParseInt(cur, 10, 64); err != nil || before <= 0 {
			q.fail("cursor", "is not a cursor from this API's \"next\"")
		}
	}
	if err := q.err(); err != nil {
		return err
	}
	return s.sendList(c, fmt.Sprintf("changes|%d|%d", limit, before), func(context.Context) (any, error) {
		changes, err := s.loadChanges(c, before, limit)
		if err != nil {
			return nil, err
		}
		data := make([]changeJSON, len(changes))
		last := ""
		for i, ch := range changes {
			data[i] = changeJSON{At: ch.At.Format("2006-01-02T15:04:05Z"), Action: string(ch.Action), FigureID: ch.FigureID,
				Series: ch.Series, Summary: ch.Summary, Reason: exchange.Optional(ch.Reason), Permalink: ch.Permalink}
			last = strconv.FormatInt(ch.ID, 10)
		}
		return gin.H{"data": data, "next": nextCursor(last, len(data), limit)}, nil
	})
}
