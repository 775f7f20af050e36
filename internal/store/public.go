package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

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
// PublicFigureStream with no filter does, within one ReadAtVersion: the
// rows are exactly the public dataset of the version passed to start,
// which is called once before the first row, so a file named after that
// version holds its figures and no other version's.
func (db *DB) PublicFigureStreamOfVersion(ctx context.Context, start func(version int64) error, fn func(domain.Series, domain.Figure) error) error {
	return db.ReadAtVersion(ctx, func(ctx context.Context, version int64) error {
		if err := start(version); err != nil {
			return err
		}
		return db.PublicFigureStream(ctx, FigureFilter{}, fn)
	})
}

// ReadAtVersion calls fn with a context in which every read of this DB —
// DatasetVersion among them — sees one and the same state of the database,
// and with the dataset version of that state. A response labelled with
// version (its ETag, its file name, its cache key) then holds the data of
// that version and no other. (Reading the version apart from the data,
// before or after it, labels one dataset with another's number whenever a
// publish comes between; read after, old data goes out under the new
// version, and clients keep it, answered 304, until the next publish.)
// Inside fn, ctx is for one goroutine at a time, and fn must not start a
// read while the rows of another are open (one connection serves them).
// A ReadAtVersion inside another is the outer one.
func (db *DB) ReadAtVersion(ctx context.Context, fn func(ctx context.Context, version int64) error) error {
	if r, ok := ctx.Value(versionReadKey{}).(*versionRead); ok {
		return fn(ctx, r.version)
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		// READ COMMITTED would give each statement a snapshot of its own.
		opts.Isolation = sql.LevelRepeatableRead
	}
	// On SQLite (WAL) the transaction's snapshot is taken at its first read
	// and held until it ends, so every statement sees the same commit.
	tx, err := db.reader(ctx).BeginTxx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: read at a version: %w", err)
	}
	defer tx.Rollback()
	r := &versionRead{tx: tx}
	if err := on(tx).get(ctx, &r.version, datasetVersionQuery); err != nil {
		return fmt.Errorf("store: dataset version: %w", err)
	}
	if l := db.listening(); l != nil {
		l.observe(r.version) // so that the listener never answers older
	}
	return fn(context.WithValue(ctx, versionReadKey{}, r), r.version)
}

type versionReadKey struct{}

// versionRead is the transaction of a ReadAtVersion and its version.
type versionRead struct {
	tx      *sqlx.Tx
	version int64
}

// readVersion is the version of the ReadAtVersion ctx is in, if any.
func readVersion(ctx context.Context) (int64, bool) {
	r, ok := ctx.Value(versionReadKey{}).(*versionRead)
	if !ok {
		return 0, false
	}
	return r.version, true
}

// readerOf is what a read with ctx goes through: the transaction of the
// ReadAtVersion it is in, or else the pool reader gives.
func (db *DB) readerOf(ctx context.Context) sqlx.ExtContext {
	if r, ok := ctx.Value(versionReadKey{}).(*versionRead); ok {
		return r.tx
	}
	return db.reader(ctx)
}

func (db *DB) eachFigure(ctx context.Context, where string, args []any, fn func(domain.Series, domain.Figure) error) error {
	return db.eachFigureQuery(ctx, publishedFiguresQuery(where), args, fn)
}

// publishedFiguresQuery selects published figures in export order.
func publishedFiguresQuery(where string) string {
	return "SELECT " + figureColumns + " FROM public_figures_by_series " + where + " ORDER BY series_slug, as_of, id"
}

func (db *DB) eachFigureQuery(ctx context.Context, query string, args []any, fn func(domain.Series, domain.Figure) error) error {
	return streamFigures(ctx, on(db.readerOf(ctx)), query, args, fn)
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
