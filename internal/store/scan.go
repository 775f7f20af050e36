package store

import (
	"context"
	"fmt"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// dest is where rows.Scan puts the columns of figureColumns, in order: a
// large export scans a million rows, and sqlx's reflection per row was a
// tenth of its time.
func (r *figureRow) dest() []any {
	return []any{&r.ID, &r.SeriesSlug, &r.SeriesID, &r.SeriesTitle, &r.PopulationGroup, &r.Measure, &r.Unit,
		&r.FromISO3, &r.ToISO3, &r.Value, &r.Qualifier, &r.ValueLow, &r.ValueHigh, &r.ValueAsStated,
		&r.PeriodStart, &r.PeriodEnd, &r.AsOf, &r.Excerpt, &r.Locator, &r.Notes, &r.Status, &r.StatusReason,
		&r.Version, &r.CreatedBy, &r.UpdatedBy, &r.CreatedAt, &r.UpdatedAt, &r.ReviewedBy, &r.ReviewedAt,
		&r.Mark, &r.MarkReason, &r.MarkedBy, &r.MarkApprovedBy, &r.MarkedAt, &r.AttributedTo, &r.OrgRefs, &r.SourceID, &r.SourceTitle, &r.SourcePublisher, &r.SourceURL, &r.SourcePublished,
		&r.SourceAccessed, &r.ArchiveURL, &r.Licence, &r.DocType, &r.Language,
		&r.PublisherID, &r.PublisherSlug, &r.PublisherAcr, &r.PublisherName, &r.SavedAt, &r.CopySHA256, &r.ExcerptStatus}
}

// scannedFigure is one row on its way from the database to fn.
type scannedFigure struct {
	s domain.Series
	f domain.Figure
}

// streamBatch is how many rows travel together from the reading goroutine
// to the writing one; a few batches in flight bound the memory.
const streamBatch = 256

// streamFigures runs query (which selects figureColumns) and calls fn for
// each row in order. The database is read on its own goroutine while fn
// writes, so that a long export uses both the database's time and the
// writer's at once. fn's first error stops the reading and is returned.
func streamFigures(ctx context.Context, pool runner, query string, args []any, fn func(domain.Series, domain.Figure) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	rows, err := pool.query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("store: published figures: %w", err)
	}
	batches := make(chan []scannedFigure, 4)
	free := make(chan []scannedFigure, 6)
	done := make(chan error, 1)
	go func() {
		defer close(batches)
		defer rows.Close()
		done <- func() error {
			var r figureRow
			dest := r.dest()
			batch := make([]scannedFigure, 0, streamBatch)
			send := func() bool {
				select {
				case batches <- batch:
				case <-ctx.Done():
					return false
				}
				select {
				case batch = <-free:
					batch = batch[:0]
				default:
					batch = make([]scannedFigure, 0, streamBatch)
				}
				return true
			}
			for rows.Next() {
				if err := rows.Scan(dest...); err != nil {
					return fmt.Errorf("store: published figures: %w", err)
				}
				f, err := r.figure()
				if err != nil {
					return err
				}
				if batch = append(batch, scannedFigure{r.series(), f}); len(batch) == streamBatch && !send() {
					return ctx.Err()
				}
			}
			if err := rows.Err(); err != nil {
				return fmt.Errorf("store: published figures: %w", err)
			}
			if len(batch) > 0 && !send() {
				return ctx.Err()
			}
			return nil
		}()
	}()

	var fnErr error
	for batch := range batches {
		if fnErr == nil {
			fnErr = ctx.Err() // the caller gave up: stop writing too
		}
		for i := 0; i < len(batch) && fnErr == nil; i++ {
			fnErr = fn(batch[i].s, batch[i].f)
		}
		if fnErr != nil {
			cancel() // the reader stops; keep draining until it closes
			continue
		}
		select {
		case free <- batch:
		default:
		}
	}
	if err := <-done; fnErr == nil {
		return err
	}
	return fnErr
}
