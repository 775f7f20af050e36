package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The API's reads: published data only, in pages that follow a cursor (the
// last id of the previous page), so that a client can walk a million
// figures without offsets that grow slower page by page.

// PublicFigurePageFilter narrows /api/v1/figures. Empty fields do not filter.
type PublicFigurePageFilter struct {
	Series, FromISO3, ToISO3, PopulationGroup, AttributedTo string
	PeriodEndFrom, PeriodEndTo                              time.Time // as-of dates, inclusive; zero: open
	After                                                   string    // the last figure id of the previous page
	Limit                                                   int
}

// PublicFigurePage returns one page of published figures, ordered by id.
func (db *DB) PublicFigurePage(ctx context.Context, f PublicFigurePageFilter, fn func(domain.Series, domain.Figure) error) error {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		conds = append(conds, cond)
		args = append(args, v)
	}
	if f.Series != "" {
		add("series_slug = ?", f.Series)
	}
	if f.FromISO3 != "" {
		add("from_iso3 = ?", f.FromISO3)
	}
	if f.ToISO3 != "" {
		add("to_iso3 = ?", f.ToISO3)
	}
	if f.PopulationGroup != "" {
		add("population_group = ?", f.PopulationGroup)
	}
	if f.AttributedTo != "" {
		add("lower(attributed_to) = lower(?)", f.AttributedTo)
	}
	if !f.PeriodEndFrom.IsZero() {
		add("as_of >= ?", f.PeriodEndFrom.Format(time.DateOnly))
	}
	if !f.PeriodEndTo.IsZero() {
		add("as_of <= ?", f.PeriodEndTo.Format(time.DateOnly))
	}
	if f.After != "" {
		add("id > ?", f.After)
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, f.Limit)
	return db.eachFigureQuery(ctx, "SELECT "+figureColumns+" FROM public_figures "+where+" ORDER BY id LIMIT ?", args, fn)
}

// publicSources are the sources that a published figure or event cites:
// a document only a draft names is not public.
const publicSources = `s.id IN (SELECT source_id FROM public_figures UNION SELECT source_id FROM public_events)`

// PublicSourcePage returns one page of public sources, ordered by id.
func (db *DB) PublicSourcePage(ctx context.Context, after int64, limit int) ([]domain.Source, error) {
	var rows []sourceRow
	err := db.selectAll(ctx, &rows, "SELECT "+sourceColumns+` FROM sources s JOIN organizations p ON p.id = s.publisher_id
		WHERE `+publicSources+` AND s.id > ? ORDER BY s.id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: api sources: %w", err)
	}
	out := make([]domain.Source, 0, len(rows))
	for _, r := range rows {
		src, err := r.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, src)
	}
	return out, nil
}

// PublicSource returns a source that a published figure or event cites.
func (db *DB) PublicSource(ctx context.Context, id int64) (domain.Source, error) {
	var row sourceRow
	err := db.get(ctx, &row, "SELECT "+sourceColumns+` FROM sources s JOIN organizations p ON p.id = s.publisher_id
		WHERE `+publicSources+` AND s.id = ?`, id)
	if err != nil {
		return domain.Source{}, notFound(err, "no source %d", id)
	}
	return row.domain()
}
