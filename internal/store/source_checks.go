package store

import (
	"context"
	"fmt"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// RecordSourceCheck keeps one attempt to fetch a source.
func (db *DB) RecordSourceCheck(ctx context.Context, c domain.SourceCheck) error {
	if c.CheckedAt.IsZero() {
		c.CheckedAt = db.now()
	}
	_, err := db.writer().exec(ctx, "INSERT INTO source_checks (source_id, checked_at, outcome, status, detail) VALUES (?, ?, ?, ?, ?)",
		c.SourceID, c.CheckedAt.UTC(), c.Outcome, c.Status, c.Detail)
	if err != nil {
		return fmt.Errorf("store: record a check of source %d: %w", c.SourceID, err)
	}
	return nil
}

// SourceChecks lists a source's checks, newest first, at most limit.
func (db *DB) SourceChecks(ctx context.Context, sourceID int64, limit int) ([]domain.SourceCheck, error) {
	var out []domain.SourceCheck
	err := db.selectAll(ctx, &out, "SELECT source_id, checked_at, outcome, status, detail FROM source_checks WHERE source_id = ? ORDER BY checked_at DESC, id DESC LIMIT ?", sourceID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: checks of source %d: %w", sourceID, err)
	}
	for i := range out {
		out[i].CheckedAt = out[i].CheckedAt.UTC()
	}
	return out, nil
}

// UnsavedSources lists the sources that have no saved copy, newest first,
// at most limit: those a background fetch has still to save.
func (db *DB) UnsavedSources(ctx context.Context, limit int) ([]int64, error) {
	var ids []int64
	err := db.selectAll(ctx, &ids, `SELECT s.id FROM sources s
		WHERE NOT EXISTS (SELECT 1 FROM source_copies c WHERE c.source_id = s.id)
		ORDER BY s.id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: sources without a copy: %w", err)
	}
	return ids, nil
}
