package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// SavedState is whether a source has a saved copy, and its latest visit
// (zero CheckedAt when it was never visited): what a list of sources says
// of each one's copy ("saved copy", "refused", "not yet tried").
type SavedState struct {
	Saved bool
	Last  domain.SourceCheck
}

// SavedStates reads the SavedState of each of ids in one query; an id
// that is no source is left out.
func (db *DB) SavedStates(ctx context.Context, ids []int64) (map[int64]SavedState, error) {
	out := make(map[int64]SavedState, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	var rows []struct {
		ID        int64      `db:"id"`
		Saved     int        `db:"saved"`
		CheckedAt *time.Time `db:"checked_at"`
		Outcome   *string    `db:"outcome"`
		Status    *int       `db:"status"`
		Detail    *string    `db:"detail"`
	}
	err := db.selectAll(ctx, &rows, `SELECT s.id,
		CASE WHEN EXISTS (SELECT 1 FROM source_copies c WHERE c.source_id = s.id) THEN 1 ELSE 0 END AS saved,
		k.checked_at, k.outcome, k.status, k.detail
		FROM sources s LEFT JOIN source_checks k ON k.id = (SELECT x.id FROM source_checks x WHERE x.source_id = s.id
			ORDER BY x.checked_at DESC, x.id DESC LIMIT 1)
		WHERE s.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: saved copies of %d sources: %w", len(ids), err)
	}
	for _, r := range rows {
		st := SavedState{Saved: r.Saved != 0}
		if r.CheckedAt != nil && r.Outcome != nil {
			st.Last = domain.SourceCheck{SourceID: r.ID, CheckedAt: r.CheckedAt.UTC(), Outcome: domain.CheckOutcome(*r.Outcome)}
			if r.Status != nil {
				st.Last.Status = *r.Status
			}
			if r.Detail != nil {
				st.Last.Detail = *r.Detail
			}
		}
		out[r.ID] = st
	}
	return out, nil
}
