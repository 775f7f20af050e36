package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

type seriesRow struct {
	ID              int64  `db:"id"`
	Slug            string `db:"slug"`
	Title           string `db:"title"`
	Description     string `db:"description"`
	PopulationGroup string `db:"population_group"`
	Measure         string `db:"measure"`
	Unit            string `db:"unit"`
	FromISO3        string `db:"from_iso3"`
	ToISO3          string `db:"to_iso3"`
	Location        string `db:"location"`
	Version         int    `db:"version"`
}

const seriesColumns = `id, slug, title, description, population_group, measure, unit, from_iso3, to_iso3, location, version`

func (r seriesRow) domain() domain.Series {
	return domain.Series{ID: r.ID, Slug: r.Slug, Title: r.Title, Description: r.Description,
		PopulationGroup: domain.PopulationGroup(r.PopulationGroup), Measure: domain.Measure(r.Measure),
		Unit: domain.Unit(r.Unit), FromISO3: r.FromISO3, ToISO3: r.ToISO3, Location: r.Location}
}

// seriesOf converts the rows a query selected, in order.
func seriesOf(rows []seriesRow) []domain.Series {
	out := make([]domain.Series, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out
}

type seriesSnapshot struct {
	ID              int64  `json:"id"`
	Slug            string `json:"slug"`
	Title           string `json:"title"`
	Description     string `json:"description"`
	PopulationGroup string `json:"population_group"`
	Measure         string `json:"measure"`
	Unit            string `json:"unit"`
	FromISO3        string `json:"from_iso3"`
	ToISO3          string `json:"to_iso3"`
	Location        string `json:"location"`
	Version         int    `json:"version"`
}

func snapshotSeries(s domain.Series, version int) seriesSnapshot {
	return seriesSnapshot{ID: s.ID, Slug: s.Slug, Title: s.Title, Description: s.Description,
		PopulationGroup: string(s.PopulationGroup), Measure: string(s.Measure), Unit: string(s.Unit),
		FromISO3: s.FromISO3, ToISO3: s.ToISO3, Location: s.Location, Version: version}
}

// EnsureSeries returns the stored series with s.Slug, creating it from s when
// there is none (then every required field must be given). For an existing
// series, the fields s gives must agree with it: a row cannot change what a
// series counts (unit, measure, population group, direction). A different
// title is an update with a revision — once per transaction; two rows giving
// two titles disagree and that is an error.
//
// A series title is public: only when mayChange (an import that publishes
// directly) may a row retitle it; otherwise a different title is a conflict.
func (tx *Tx) EnsureSeries(ctx context.Context, s domain.Series, action domain.Action, mayChange bool) (domain.Series, error) {
	stored, cached := tx.series[s.Slug]
	version := 0
	if !cached {
		var row seriesRow
		// Aside here and below: series are never buffered, and need no
		// buffered row (batch.go).
		err := tx.getAside(ctx, &row, "SELECT "+seriesColumns+" FROM series WHERE slug = ?", s.Slug)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return tx.createSeries(ctx, s, action)
		case err != nil:
			return domain.Series{}, fmt.Errorf("store: series %s: %w", s.Slug, err)
		}
		d := row.domain()
		stored, version = &d, row.Version
		tx.series[s.Slug] = stored
	}
	if err := agrees(*stored, s); err != nil {
		return domain.Series{}, err
	}
	if s.Title == "" || s.Title == stored.Title {
		return *stored, nil
	}
	if cached {
		return domain.Series{}, domain.FieldErrorf(domain.EINVALID, "series_title",
			"%q differs from %q, given earlier for series %s", s.Title, stored.Title, s.Slug)
	}
	if !mayChange {
		return domain.Series{}, domain.FieldErrorf(domain.ECONFLICT, "series_title",
			"%q differs from the title of series %s, %q; leave it out or use that title", s.Title, s.Slug, stored.Title)
	}
	return tx.retitleSeries(ctx, *stored, s.Title, version+1, action)
}

// agrees checks the fields a row gives against the stored series.
func agrees(stored, s domain.Series) error {
	var p domain.Problems
	check := func(field, given, have string) {
		if given != "" && given != have {
			p.Add(field, "%q does not match series %s, which has %q", given, stored.Slug, have)
		}
	}
	check("population_group", string(s.PopulationGroup), string(stored.PopulationGroup))
	check("measure", string(s.Measure), string(stored.Measure))
	check("unit", string(s.Unit), string(stored.Unit))
	check("from_iso3", s.FromISO3, stored.FromISO3)
	check("to_iso3", s.ToISO3, stored.ToISO3)
	return p.Err()
}

func (tx *Tx) createSeries(ctx context.Context, s domain.Series, action domain.Action) (domain.Series, error) {
	if err := s.Validate(); err != nil {
		return domain.Series{}, err
	}
	id, err := tx.insertIDAside(ctx, `INSERT INTO series (slug, title, description, population_group, measure, unit,
		from_iso3, to_iso3, location, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		s.Slug, s.Title, s.Description, string(s.PopulationGroup), string(s.Measure), string(s.Unit),
		s.FromISO3, s.ToISO3, s.Location, tx.now, tx.now)
	if err != nil {
		return domain.Series{}, fmt.Errorf("store: create series %s: %w", s.Slug, err)
	}
	s.ID = id
	if err := tx.appendRevision(ctx, "series", strconv.FormatInt(id, 10), 1, action, "", snapshotSeries(s, 1)); err != nil {
		return domain.Series{}, err
	}
	tx.series[s.Slug] = &s
	return s, nil
}

func (tx *Tx) retitleSeries(ctx context.Context, s domain.Series, title string, version int, action domain.Action) (domain.Series, error) {
	s.Title = title
	if err := s.Validate(); err != nil {
		return domain.Series{}, err
	}
	if _, err := tx.execAside(ctx, "UPDATE series SET title = ?, version = ?, updated_at = ? WHERE id = ?", title, version, tx.now, s.ID); err != nil {
		return domain.Series{}, fmt.Errorf("store: update series %s: %w", s.Slug, err)
	}
	if err := tx.appendRevision(ctx, "series", strconv.FormatInt(s.ID, 10), version, action, "", snapshotSeries(s, version)); err != nil {
		return domain.Series{}, err
	}
	tx.series[s.Slug] = &s
	return s, tx.bumpDatasetVersion(ctx)
}

// SeriesBySlug returns one series; ENOTFOUND when there is none.
func (db *DB) SeriesBySlug(ctx context.Context, slug string) (domain.Series, error) {
	var row seriesRow
	if err := db.get(ctx, &row, "SELECT "+seriesColumns+" FROM series WHERE slug = ?", slug); err != nil {
		return domain.Series{}, notFound(err, "no series %q", slug)
	}
	return row.domain(), nil
}

// CreateSeries adds a new series from the staff form; a slug in use is
// ECONFLICT on the series field.
func (tx *Tx) CreateSeries(ctx context.Context, s domain.Series) (domain.Series, error) {
	var n int
	if err := tx.get(ctx, &n, "SELECT count(*) FROM series WHERE slug = ?", s.Slug); err != nil {
		return domain.Series{}, fmt.Errorf("store: series %s: %w", s.Slug, err)
	}
	if n > 0 {
		return domain.Series{}, domain.FieldErrorf(domain.ECONFLICT, "series", "%q is taken by another series", s.Slug)
	}
	return tx.createSeries(ctx, s, domain.ActionCreate)
}

// SeriesSummary is a series as the home page lists it.
type SeriesSummary struct {
	Series domain.Series
	Latest domain.Figure // the published figure with the latest as-of date
	Count  int           // published figures in the series
	// Recent are the claims the latest fact is found from, oldest first;
	// set by PublicRecentClaims.
	Recent []domain.Figure
}

// PublicSeries lists every series with at least one published figure,
// by title.
//
// It starts from the series: for each, the id of its latest published
// figure and the number of them come from the (series_id, status, as_of,
// id) index, and only those figures are read through public_figures. (A
// window over every published figure took 9–10 s at a million figures.)
// The counts read figures with status = 'published', which is what
// public_figures holds: the view's other joins always match.
func (db *DB) PublicSeries(ctx context.Context) ([]SeriesSummary, error) {
	return db.publicSeries(ctx, "", "series_title, series_slug")
}

// PublicSeriesPage is one page of PublicSeries ordered by slug, for the
// API: at most limit series whose slug sorts after after (byte by byte),
// and whether more follow.
func (db *DB) PublicSeriesPage(ctx context.Context, after string, limit int) ([]SeriesSummary, bool, error) {
	out, err := db.publicSeries(ctx, "WHERE "+db.bytewise("s.slug")+" > ?",
		db.bytewise("series_slug")+" LIMIT ?", after, limit+1)
	if err != nil || len(out) <= limit {
		return out, false, err
	}
	return out[:limit], true, nil
}

// bytewise orders and compares column byte by byte, as Go compares
// strings, whatever the database's collation.
func (db *DB) bytewise(column string) string {
	if db.dialect == Postgres {
		return column + ` COLLATE "C"`
	}
	return column
}

// publicSeries summarizes the series that where (on series s) selects and
// that have a published figure, in order.
func (db *DB) publicSeries(ctx context.Context, where, order string, args ...any) ([]SeriesSummary, error) {
	var rows []struct {
		figureRow
		N int `db:"n"`
	}
	err := db.selectAll(ctx, &rows, `SELECT `+figureColumns+`, latest.n AS n
		FROM (SELECT (SELECT l.id FROM figures l WHERE l.series_id = s.id AND l.status = 'published'
		              ORDER BY l.as_of DESC, l.id LIMIT 1) AS latest_id,
		             (SELECT count(*) FROM figures c WHERE c.series_id = s.id AND c.status = 'published') AS n
		      FROM series s `+where+`) latest
		JOIN public_figures p ON p.id = latest.latest_id
		ORDER BY `+order, args...)
	if err != nil {
		return nil, fmt.Errorf("store: public series: %w", err)
	}
	var all []seriesRow
	if where == "" {
		err = db.selectAll(ctx, &all, "SELECT "+seriesColumns+" FROM series")
	} else if len(rows) > 0 {
		ids := make([]any, len(rows))
		for i, r := range rows {
			ids[i] = r.SeriesID
		}
		err = db.selectAll(ctx, &all, "SELECT "+seriesColumns+" FROM series WHERE id IN (?"+strings.Repeat(", ?", len(ids)-1)+")", ids...)
	}
	if err != nil {
		return nil, fmt.Errorf("store: public series: %w", err)
	}
	bySlug := make(map[string]domain.Series, len(all))
	for _, r := range all {
		bySlug[r.Slug] = r.domain()
	}
	out := make([]SeriesSummary, 0, len(rows))
	for _, r := range rows {
		f, err := r.figure()
		if err != nil {
			return nil, err
		}
		out = append(out, SeriesSummary{Series: bySlug[r.SeriesSlug], Latest: f, Count: r.N})
	}
	return out, nil
}

// PublicComparableSeries returns up to limit public series other than s that
// count the same way (measure and unit), so that they can share its chart:
// those of s's corridor first, then the rest, by title. One query, which
// looks at the series table and one index entry per series, not at every
// figure.
func (db *DB) PublicComparableSeries(ctx context.Context, s domain.Series, limit int) ([]domain.Series, error) {
	var rows []seriesRow
	err := db.selectAll(ctx, &rows, `SELECT `+seriesColumns+` FROM series s
		WHERE s.measure = ? AND s.unit = ? AND s.slug <> ?
		  AND EXISTS (SELECT 1 FROM figures f WHERE f.series_id = s.id AND f.status = 'published')
		ORDER BY CASE WHEN s.from_iso3 = ? AND s.to_iso3 = ? THEN 0 ELSE 1 END, s.title, s.slug
		LIMIT ?`, string(s.Measure), string(s.Unit), s.Slug, s.FromISO3, s.ToISO3, limit)
	if err != nil {
		return nil, fmt.Errorf("store: series comparable with %s: %w", s.Slug, err)
	}
	return seriesOf(rows), nil
}

// PublicSeriesBySlug returns a series that has published figures; a series
// with none is not public and gives ENOTFOUND.
func (db *DB) PublicSeriesBySlug(ctx context.Context, slug string) (domain.Series, error) {
	s, err := db.SeriesBySlug(ctx, slug)
	if err != nil {
		return domain.Series{}, err
	}
	var n int
	if err := db.get(ctx, &n, "SELECT count(*) FROM public_figures WHERE series_id = ?", s.ID); err != nil {
		return domain.Series{}, fmt.Errorf("store: series %s: %w", slug, err)
	}
	if n == 0 {
		return domain.Series{}, domain.Errorf(domain.ENOTFOUND, "no series %q", slug)
	}
	return s, nil
}

// PublicSeriesSummary is PublicSeries for one series.
func (db *DB) PublicSeriesSummary(ctx context.Context, slug string) (SeriesSummary, error) {
	s, err := db.PublicSeriesBySlug(ctx, slug)
	if err != nil {
		return SeriesSummary{}, err
	}
	var row struct {
		figureRow
		N int `db:"n"`
	}
	err = db.get(ctx, &row, "SELECT "+figureColumns+`, (SELECT count(*) FROM public_figures WHERE series_id = ?) AS n
		FROM public_figures WHERE series_id = ? ORDER BY as_of DESC, id LIMIT 1`, s.ID, s.ID)
	if err != nil {
		return SeriesSummary{}, fmt.Errorf("store: series %s: %w", slug, err)
	}
	f, err := row.figure()
	return SeriesSummary{Series: s, Latest: f, Count: row.N}, err
}

// SeriesFilter narrows the public list of series. Empty fields do not
// filter; the fields that are set must all hold (AND).
type SeriesFilter struct {
	From, To string // ISO3 codes: where the corridor starts, where it ends
	Country  string // an ISO3 code at either end
	Group    domain.PopulationGroup
	// Org is an organisation's id: a series matches when one of its
	// published figures is attributed to it or read in a document it
	// published.
	Org int64
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
	var err error
	page.Series, err = db.summarize(ctx, seriesOf(rows))
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
	if f.Org != 0 {
		add(`EXISTS (SELECT 1 FROM public_figures pf WHERE pf.series_id = s.id AND (pf.source_publisher_id = ?
			OR EXISTS (SELECT 1 FROM figure_orgs fo WHERE fo.figure_id = pf.id AND fo.organization_id = ?)))`, f.Org, f.Org)
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
		   OR EXISTS (SELECT 1 FROM figure_orgs fo JOIN public_figures pf ON pf.id = fo.figure_id WHERE fo.organization_id = o.id)
		ORDER BY lower(o.name), o.id`)
	if err != nil {
		return o, fmt.Errorf("store: organisation options: %w", err)
	}
	for _, r := range orgs {
		o.Orgs = append(o.Orgs, domain.Organization{ID: r.ID, Slug: r.Slug, Name: r.Name, Acronym: r.Acronym})
	}
	return o, nil
}

// AllSeries lists every series, for the staff form's choice.
func (db *DB) AllSeries(ctx context.Context) ([]domain.Series, error) {
	var rows []seriesRow
	if err := db.selectAll(ctx, &rows, "SELECT "+seriesColumns+" FROM series ORDER BY title, slug"); err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	return seriesOf(rows), nil
}
