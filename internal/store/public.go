package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The functions in this file are the public side's reads. They select from
// the public_figures (or public_figures_by_series) and public_events views
// only, so they cannot see a draft, a figure in review or a retracted one.

// SeriesSummary is a series as the home page lists it.
type SeriesSummary struct {
	Series domain.Series
	Latest domain.Figure // the published figure with the latest as-of date
	Count  int           // published figures in the series
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
	out := make([]domain.Series, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
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

// PublicFiguresOfSeries returns the published figures of one series in date order.
func (db *DB) PublicFiguresOfSeries(ctx context.Context, seriesID int64) ([]domain.Figure, error) {
	var figs []domain.Figure
	err := db.eachFigure(ctx, "WHERE series_id = ?", []any{seriesID}, func(_ domain.Series, f domain.Figure) error {
		figs = append(figs, f)
		return nil
	})
	return figs, err
}

// FigureFilter narrows an export.
type FigureFilter struct {
	SeriesSlug  string   // empty: every series
	SeriesSlugs []string // several series (the compare view)
}

// PublicFigureStream streams published figures, ordered by series and date,
// to fn without holding them all in memory: exports of a million rows run in
// bounded memory. fn's error stops the stream and is returned.
func (db *DB) PublicFigureStream(ctx context.Context, filter FigureFilter, fn func(domain.Series, domain.Figure) error) error {
	where, args := "", []any(nil)
	switch {
	case filter.SeriesSlug != "":
		where, args = "WHERE series_slug = ?", []any{filter.SeriesSlug}
	case len(filter.SeriesSlugs) > 0:
		where = "WHERE series_slug IN (?" + strings.Repeat(", ?", len(filter.SeriesSlugs)-1) + ")"
		for _, s := range filter.SeriesSlugs {
			args = append(args, s)
		}
	}
	return db.eachFigure(ctx, where, args, fn)
}

// PublicFigureStreamOfVersion streams every published figure, as
// PublicFigureStream with no filter does, and reads the dataset version in
// the same read transaction: the rows are exactly the public dataset of the
// version passed to start, which is called once before the first row, so a
// file named after that version holds its figures and no other version's.
// (Reading the version apart from the rows, before or after them, would
// label one dataset with another's number whenever a publish came between.)
func (db *DB) PublicFigureStreamOfVersion(ctx context.Context, start func(version int64) error, fn func(domain.Series, domain.Figure) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		// READ COMMITTED would give each statement a snapshot of its own.
		opts.Isolation = sql.LevelRepeatableRead
	}
	// On SQLite (WAL) the transaction's snapshot is taken at its first read
	// and held until it ends, so both statements see the same commit.
	tx, err := db.reader(ctx).BeginTxx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: published figures: %w", err)
	}
	defer tx.Rollback()
	var version int64
	if err := on(tx).get(ctx, &version, datasetVersionQuery); err != nil {
		return fmt.Errorf("store: dataset version: %w", err)
	}
	if err := start(version); err != nil {
		return err
	}
	return streamFigures(ctx, on(tx), publishedFiguresQuery(""), nil, fn)
}

func (db *DB) eachFigure(ctx context.Context, where string, args []any, fn func(domain.Series, domain.Figure) error) error {
	return db.eachFigureQuery(ctx, publishedFiguresQuery(where), args, fn)
}

// publishedFiguresQuery selects published figures in export order.
func publishedFiguresQuery(where string) string {
	return "SELECT " + figureColumns + " FROM public_figures_by_series " + where + " ORDER BY series_slug, as_of, id"
}

func (db *DB) eachFigureQuery(ctx context.Context, query string, args []any, fn func(domain.Series, domain.Figure) error) error {
	return streamFigures(ctx, on(db.reader(ctx)), query, args, fn)
}

// EventFilter narrows the events listed.
type EventFilter struct {
	Countries []string // events touching any of these; empty: all
}

// PublicEvents returns published events in date order.
func (db *DB) PublicEvents(ctx context.Context, filter EventFilter) ([]domain.Event, error) {
	var conds []string
	var args []any
	for _, c := range filter.Countries {
		if c == "" {
			continue
		}
		conds = append(conds, "(';' || countries || ';') LIKE ?")
		args = append(args, "%;"+c+";%")
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " OR ")
	}
	return db.events(ctx, "SELECT "+eventColumns+" FROM public_events "+where+" ORDER BY date, id", args...)
}

// IsEmpty reports whether the database holds no series, figures or events
// at all: a fresh install, where the server loads the demo dataset.
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.get(ctx, &n, "SELECT (SELECT count(*) FROM series) + (SELECT count(*) FROM figures) + (SELECT count(*) FROM events)")
	if err != nil {
		return false, fmt.Errorf("store: is empty: %w", err)
	}
	return n == 0, nil
}

// PublicPermalinkFigure returns a figure whose permalink is public: published, or
// retracted (its page stays and says why). ENOTFOUND for anything else.
func (db *DB) PublicPermalinkFigure(ctx context.Context, id string) (domain.Figure, domain.Series, error) {
	return db.oneFigure(ctx, "visible_figures", id)
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
