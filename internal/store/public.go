package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The functions in this file are the reads behind the downloads: figures
// streamed in export order and events. They select from the public_figures
// (or public_figures_by_series) and public_events views only, so they
// cannot see a draft, a figure in review or a retracted one.

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
