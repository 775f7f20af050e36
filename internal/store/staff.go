package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The staff side's reads: they see every status, so they never serve a
// public page.

// WorkItem is a figure, or a pending edit of one, as the staff lists show it.
type WorkItem struct {
	Figure domain.Figure
	Series domain.Series
	IsEdit bool // a change to a published figure, not a new figure
}

func (db *DB) workItems(ctx context.Context, where string, args ...any) ([]WorkItem, error) {
	var figs, edits []figureRow
	if err := db.selectAll(ctx, &figs, "SELECT "+figureColumns+" FROM figure_rows WHERE "+where, args...); err != nil {
		return nil, fmt.Errorf("store: work items: %w", err)
	}
	if err := db.selectAll(ctx, &edits, "SELECT * FROM ("+editQuery+") e WHERE "+where, args...); err != nil {
		return nil, fmt.Errorf("store: work items: %w", err)
	}
	var out []WorkItem
	for i, rows := range [][]figureRow{figs, edits} {
		for _, r := range rows {
			f, err := r.figure()
			if err != nil {
				return nil, err
			}
			out = append(out, WorkItem{Figure: f, Series: r.series(), IsEdit: i == 1})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Figure.UpdatedAt.Before(out[j].Figure.UpdatedAt) })
	return out, nil
}

// ReviewQueue lists what waits for review, oldest first.
func (db *DB) ReviewQueue(ctx context.Context) ([]WorkItem, error) {
	return db.workItems(ctx, "status = 'in_review'")
}

// WorkOf lists the drafts and figures in review last changed by actor,
// oldest first; sent-back ones carry their reason in StatusReason.
func (db *DB) WorkOf(ctx context.Context, actor string) ([]WorkItem, error) {
	return db.workItems(ctx, "status IN ('draft', 'in_review') AND updated_by = ?", actor)
}

// Nearby returns the published figures of a series whose as-of dates lie
// within a month of day, except the figure except: what a reviewer compares
// a new figure with.
func (db *DB) Nearby(ctx context.Context, seriesID int64, day time.Time, except string) ([]domain.Figure, error) {
	var rows []figureRow
	err := db.selectAll(ctx, &rows, "SELECT "+figureColumns+` FROM public_figures
		WHERE series_id = ? AND id <> ? AND as_of BETWEEN ? AND ? ORDER BY as_of, id`,
		seriesID, except, day.AddDate(0, -1, 0).Format(time.DateOnly), day.AddDate(0, 1, 0).Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("store: nearby figures: %w", err)
	}
	out := make([]domain.Figure, 0, len(rows))
	for _, r := range rows {
		f, err := r.figure()
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// AllSeries lists every series, for the staff form's choice.
func (db *DB) AllSeries(ctx context.Context) ([]domain.Series, error) {
	var rows []seriesRow
	if err := db.selectAll(ctx, &rows, "SELECT "+seriesColumns+" FROM series ORDER BY title, slug"); err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	out := make([]domain.Series, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// SearchSources finds sources whose title, URL or publisher contains q (case
// does not matter), newest first, at most limit.
func (db *DB) SearchSources(ctx context.Context, q string, limit int) ([]domain.Source, error) {
	like := "%" + escapeLike(q) + "%"
	var rows []sourceRow
	err := db.selectAll(ctx, &rows, "SELECT "+sourceColumns+` FROM sources s JOIN organizations p ON p.id = s.publisher_id
		WHERE lower(s.title) LIKE lower(?) ESCAPE '\' OR lower(s.url) LIKE lower(?) ESCAPE '\' OR lower(p.name) LIKE lower(?) ESCAPE '\'
		ORDER BY s.updated_at DESC, s.id DESC LIMIT ?`, like, like, like, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search sources: %w", err)
	}
	out := make([]domain.Source, 0, len(rows))
	for _, r := range rows {
		s, err := r.domain()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func escapeLike(s string) string {
	var b []rune
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			b = append(b, '\\')
		}
		b = append(b, r)
	}
	return string(b)
}
