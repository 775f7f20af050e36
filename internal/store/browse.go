package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The public site's finding aids: the series list filtered and in pages,
// what its filters can be set to, and everything read from one source. Like
// the reads in public.go they see published rows only, through the
// public_figures and public_events views.

// SeriesFilter narrows the public list of series. Empty fields do not
// filter; the fields that are set must all hold (AND).
type SeriesFilter struct {
	From, To string // ISO3 codes: where the corridor starts, where it ends
	Country  string // an ISO3 code at either end
	Group    domain.PopulationGroup
	// Org is an organisation's exact name: a series matches when one of its
	// published figures is attributed to it or read in a document it
	// published.
	Org string
	// Words must each be found in the series' title or slug, or name one of
	// its countries (by name or code). Lower case.
	Words  []string
	Offset int
	Limit  int // 0: no limit
}

// SeriesPage is one page of the filtered series and how many match in all.
type SeriesPage struct {
	Series []SeriesSummary
	Total  int
}

// PublicSeriesSearch lists the series with published figures that pass f, by
// title, with each one's latest figure and its number of figures.
func (db *DB) PublicSeriesSearch(ctx context.Context, f SeriesFilter) (SeriesPage, error) {
	where, args := seriesConditions(f)
	var page SeriesPage
	if err := db.get(ctx, &page.Total, "SELECT count(*) FROM series s WHERE "+where, args...); err != nil {
		return SeriesPage{}, fmt.Errorf("store: find series: %w", err)
	}
	if page.Total == 0 || f.Offset >= page.Total {
		return page, nil
	}
	query := "SELECT " + seriesColumns + " FROM series s WHERE " + where + " ORDER BY s.title, s.slug"
	if f.Limit > 0 {
		query += " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	var rows []seriesRow
	if err := db.selectAll(ctx, &rows, query, args...); err != nil {
		return SeriesPage{}, fmt.Errorf("store: find series: %w", err)
	}
	list := make([]domain.Series, len(rows))
	for i, r := range rows {
		list[i] = r.domain()
	}
	var err error
	page.Series, err = db.summarize(ctx, list)
	return page, err
}

// seriesConditions is f as a WHERE clause over series s. The first
// condition is the one that makes a series public.
func seriesConditions(f SeriesFilter) (string, []any) {
	conds := []string{"EXISTS (SELECT 1 FROM public_figures pf WHERE pf.series_id = s.id)"}
	var args []any
	add := func(cond string, vs ...any) {
		conds = append(conds, cond)
		args = append(args, vs...)
	}
	if f.From != "" {
		add("s.from_iso3 = ?", f.From)
	}
	if f.To != "" {
		add("s.to_iso3 = ?", f.To)
	}
	if f.Country != "" {
		add("(s.from_iso3 = ? OR s.to_iso3 = ?)", f.Country, f.Country)
	}
	if f.Group != "" {
		add("s.population_group = ?", string(f.Group))
	}
	if f.Org != "" {
		add("EXISTS (SELECT 1 FROM public_figures pf WHERE pf.series_id = s.id AND (pf.source_publisher = ? OR pf.attributed_to = ?))", f.Org, f.Org)
	}
	for _, w := range f.Words {
		like := "%" + escapeLike(strings.ToLower(w)) + "%"
		cond := `(lower(s.title) LIKE ? ESCAPE '\' OR s.slug LIKE ? ESCAPE '\'`
		vs := []any{like, like}
		if codes := countriesNamed(w); len(codes) > 0 {
			in := "(?" + strings.Repeat(", ?", len(codes)-1) + ")"
			cond += " OR s.from_iso3 IN " + in + " OR s.to_iso3 IN " + in
			for range 2 {
				for _, c := range codes {
					vs = append(vs, c)
				}
			}
		}
		add(cond+")", vs...)
	}
	return strings.Join(conds, " AND "), args
}

// countriesNamed returns the codes of the countries whose name contains
// word (three letters at least, so that "an" does not name half the world),
// or whose code it is.
func countriesNamed(word string) []string {
	var out []string
	upper := strings.ToUpper(word)
	for _, code := range domain.Countries() {
		name, _ := domain.CountryName(code)
		if code == upper || (len([]rune(word)) >= 3 && strings.Contains(strings.ToLower(name), word)) {
			out = append(out, code)
		}
	}
	return out
}

// summarize adds to each series its latest published figure and its count,
// in one query for the whole list.
func (db *DB) summarize(ctx context.Context, list []domain.Series) ([]SeriesSummary, error) {
	if len(list) == 0 {
		return nil, nil
	}
	ids := make([]any, len(list))
	at := make(map[int64]int, len(list))
	for i, s := range list {
		ids[i], at[s.ID] = s.ID, i
	}
	var rows []struct {
		figureRow
		N  int `db:"n"`
		RN int `db:"rn"`
	}
	err := db.selectAll(ctx, &rows, `SELECT * FROM (
		SELECT `+figureColumns+`, COUNT(*) OVER (PARTITION BY series_id) AS n,
		       ROW_NUMBER() OVER (PARTITION BY series_id ORDER BY as_of DESC, id) AS rn
		FROM public_figures WHERE series_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)) latest
		WHERE rn = 1`, ids...)
	if err != nil {
		return nil, fmt.Errorf("store: latest figures: %w", err)
	}
	out := make([]SeriesSummary, len(list))
	for i, s := range list {
		out[i].Series = s
	}
	for _, r := range rows {
		f, err := r.figure()
		if err != nil {
			return nil, err
		}
		i := at[r.SeriesID]
		out[i].Latest, out[i].Count = f, r.N
	}
	return out, nil
}

// SeriesOptions are the values the public series filters can take: those
// that published data has.
type SeriesOptions struct {
	From, To []string // ISO3 codes, sorted
	Groups   []domain.PopulationGroup
	// Orgs published a source that a published figure cites, or produced a
	// published figure; by name.
	Orgs []domain.Organization
}

// PublicSeriesOptions lists what the public series filters can be set to.
func (db *DB) PublicSeriesOptions(ctx context.Context) (SeriesOptions, error) {
	var o SeriesOptions
	var ends []struct {
		From  string `db:"from_iso3"`
		To    string `db:"to_iso3"`
		Group string `db:"population_group"`
	}
	err := db.selectAll(ctx, &ends, `SELECT DISTINCT s.from_iso3, s.to_iso3, s.population_group FROM series s
		WHERE EXISTS (SELECT 1 FROM public_figures pf WHERE pf.series_id = s.id)`)
	if err != nil {
		return o, fmt.Errorf("store: series options: %w", err)
	}
	for _, e := range ends {
		if e.From != "" && !slices.Contains(o.From, e.From) {
			o.From = append(o.From, e.From)
		}
		if e.To != "" && !slices.Contains(o.To, e.To) {
			o.To = append(o.To, e.To)
		}
		if g := domain.PopulationGroup(e.Group); !slices.Contains(o.Groups, g) {
			o.Groups = append(o.Groups, g)
		}
	}
	slices.Sort(o.From)
	slices.Sort(o.To)
	slices.SortFunc(o.Groups, func(a, b domain.PopulationGroup) int {
		return slices.Index(domain.PopulationGroups, a) - slices.Index(domain.PopulationGroups, b)
	})
	var orgs []struct {
		ID      int64  `db:"id"`
		Slug    string `db:"slug"`
		Name    string `db:"name"`
		Acronym string `db:"acronym"`
	}
	err = db.selectAll(ctx, &orgs, `SELECT o.id, o.slug, o.name, o.acronym FROM organizations o
		WHERE EXISTS (SELECT 1 FROM sources src WHERE src.publisher_id = o.id
		              AND EXISTS (SELECT 1 FROM public_figures pf WHERE pf.source_id = src.id))
		   OR EXISTS (SELECT 1 FROM public_figures pf WHERE pf.attributed_to = o.name)
		ORDER BY lower(o.name), o.id`)
	if err != nil {
		return o, fmt.Errorf("store: organisation options: %w", err)
	}
	for _, r := range orgs {
		o.Orgs = append(o.Orgs, domain.Organization{ID: r.ID, Slug: r.Slug, Name: r.Name, Acronym: r.Acronym})
	}
	return o, nil
}

// SourceFigure is a published figure read from a source, with its series.
type SourceFigure struct {
	Series domain.Series
	Figure domain.Figure
}

// PublicSourceReadings returns what published data reads from one source:
// the source, its published figures (by series title, then date) and its
// published events (by date). A source that no published figure or event
// cites — one only drafts name, or none — is ENOTFOUND.
func (db *DB) PublicSourceReadings(ctx context.Context, id int64) (domain.Source, []SourceFigure, []domain.Event, error) {
	var figs []SourceFigure
	err := db.eachFigureQuery(ctx, "SELECT "+figureColumns+` FROM public_figures WHERE source_id = ?
		ORDER BY series_title, series_slug, as_of, id`, []any{id}, func(s domain.Series, f domain.Figure) error {
		figs = append(figs, SourceFigure{Series: s, Figure: f})
		return nil
	})
	if err != nil {
		return domain.Source{}, nil, nil, err
	}
	events, err := db.events(ctx, "SELECT "+eventColumns+" FROM public_events WHERE source_id = ? ORDER BY date, id", id)
	if err != nil {
		return domain.Source{}, nil, nil, err
	}
	if len(figs) == 0 && len(events) == 0 {
		return domain.Source{}, nil, nil, domain.Errorf(domain.ENOTFOUND, "no source %d", id)
	}
	src, err := db.Source(ctx, id)
	return src, figs, events, err
}
