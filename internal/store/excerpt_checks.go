package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Kinds of an excerpt's owner, as excerpt_checks keeps them.
const (
	ExcerptOfFigure = "figure"
	ExcerptOfEvent  = "event"
)

// KeptExcerptCheck is one excerpt, as it was written, checked against one
// saved copy of its source (migration 0013).
type KeptExcerptCheck struct {
	Kind        string // ExcerptOfFigure or ExcerptOfEvent
	ItemID      string
	CopyID      int64
	Excerpt     string
	Status      domain.ExcerptStatus
	Differences []string // for nearly_found
	CheckedAt   time.Time
}

// PendingExcerpt is an excerpt whose source has a saved copy but which has
// no check against the latest one: a new figure, an edited excerpt (a
// draft's, or a published figure's pending edit), or a new copy.
type PendingExcerpt struct {
	Kind     string `db:"kind"`
	ItemID   string `db:"item_id"`
	SourceID int64  `db:"source_id"`
	CopyID   int64  `db:"copy_id"`
	Excerpt  string `db:"excerpt"`
}

// excerptKey is the excerpt's part of a check's key: a hash, since an
// excerpt can be longer than a PostgreSQL index entry may be.
func excerptKey(excerpt string) string {
	sum := sha256.Sum256([]byte(excerpt))
	return hex.EncodeToString(sum[:])
}

// RecordExcerptChecks keeps checks, in one transaction, and returns how
// many of them changed what was kept (a new check, or another status or
// other differences than before). When a changed check is the current one
// of what the public reads — a published or retracted figure's or event's
// own excerpt against its source's latest copy — the dataset version is
// bumped in the same transaction, so that cached downloads and API answers
// do not keep serving the old status. Recording the same results again
// changes nothing and bumps nothing.
func (db *DB) RecordExcerptChecks(ctx context.Context, checks []KeptExcerptCheck) (changed int, err error) {
	if len(checks) == 0 {
		return 0, nil
	}
	err = db.InTx(ctx, "excerpt-checker", func(tx *Tx) error {
		changed = 0
		for _, c := range checks {
			n, err := tx.recordExcerptCheck(ctx, c)
			if err != nil {
				return err
			}
			changed += n
		}
		return nil
	})
	return changed, err
}

func (tx *Tx) recordExcerptCheck(ctx context.Context, c KeptExcerptCheck) (int, error) {
	if c.Kind != ExcerptOfFigure && c.Kind != ExcerptOfEvent {
		return 0, fmt.Errorf("store: excerpt check of a %q", c.Kind)
	}
	if c.Status == "" {
		c.Status = domain.ExcerptUnchecked
	}
	if c.CheckedAt.IsZero() {
		c.CheckedAt = tx.now
	}
	key, diffs := excerptKey(c.Excerpt), strings.Join(c.Differences, "\n")
	var old struct {
		Status      string `db:"status"`
		Differences string `db:"differences"`
	}
	err := tx.get(ctx, &old, `SELECT status, differences FROM excerpt_checks
		WHERE kind = ? AND item_id = ? AND copy_id = ? AND excerpt_sha256 = ?`, c.Kind, c.ItemID, c.CopyID, key)
	switch {
	case err == nil && old.Status == string(c.Status) && old.Differences == diffs:
		return 0, nil
	case err == nil:
		_, err = tx.exec(ctx, `UPDATE excerpt_checks SET status = ?, differences = ?, checked_at = ?
			WHERE kind = ? AND item_id = ? AND copy_id = ? AND excerpt_sha256 = ?`,
			string(c.Status), diffs, c.CheckedAt.UTC(), c.Kind, c.ItemID, c.CopyID, key)
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.exec(ctx, `INSERT INTO excerpt_checks (kind, item_id, copy_id, excerpt_sha256, excerpt, status, differences, checked_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, c.Kind, c.ItemID, c.CopyID, key, c.Excerpt, string(c.Status), diffs, c.CheckedAt.UTC())
	}
	if err != nil {
		return 0, fmt.Errorf("store: excerpt check of %s %s: %w", c.Kind, c.ItemID, err)
	}
	table := "figures"
	if c.Kind == ExcerptOfEvent {
		table = "events"
	}
	var public int
	if err := tx.get(ctx, &public, `SELECT count(*) FROM `+table+` t
		JOIN source_latest_copies lc ON lc.source_id = t.source_id
		WHERE t.id = ? AND t.status IN ('published', 'retracted') AND t.excerpt = ? AND lc.copy_id = ?`,
		c.ItemID, c.Excerpt, c.CopyID); err != nil {
		return 0, fmt.Errorf("store: excerpt check of %s %s: %w", c.Kind, c.ItemID, err)
	}
	if public > 0 {
		if err := tx.bumpDatasetVersion(ctx); err != nil {
			return 0, err
		}
	}
	return 1, nil
}

// PendingExcerpts lists at most limit excerpts that have no check against
// their source's latest copy: figures' (drafts included: a reviewer reads
// the check before approving), published figures' pending edits', and
// events'. Sources without a copy have nothing to check against and are
// left out.
func (db *DB) PendingExcerpts(ctx context.Context, limit int) ([]PendingExcerpt, error) {
	var out []PendingExcerpt
	err := db.selectAll(ctx, &out, `SELECT 'figure' AS kind, f.id AS item_id, lc.source_id, lc.copy_id, f.excerpt
		FROM figures f JOIN source_latest_copies lc ON lc.source_id = f.source_id
		WHERE NOT EXISTS (SELECT 1 FROM excerpt_checks x
			WHERE x.kind = 'figure' AND x.item_id = f.id AND x.copy_id = lc.copy_id AND x.excerpt = f.excerpt)
		UNION ALL
		SELECT 'figure' AS kind, e.figure_id AS item_id, lc.source_id, lc.copy_id, e.excerpt
		FROM figure_edits e JOIN source_latest_copies lc ON lc.source_id = e.source_id
		WHERE NOT EXISTS (SELECT 1 FROM excerpt_checks x
			WHERE x.kind = 'figure' AND x.item_id = e.figure_id AND x.copy_id = lc.copy_id AND x.excerpt = e.excerpt)
		UNION ALL
		SELECT 'event' AS kind, v.id AS item_id, lc.source_id, lc.copy_id, v.excerpt
		FROM events v JOIN source_latest_copies lc ON lc.source_id = v.source_id
		WHERE NOT EXISTS (SELECT 1 FROM excerpt_checks x
			WHERE x.kind = 'event' AND x.item_id = v.id AND x.copy_id = lc.copy_id AND x.excerpt = v.excerpt)
		LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: excerpts to check: %w", err)
	}
	return out, nil
}

// ExcerptChecksOf returns the checks of the given figures or events (kind)
// against their sources' latest copies, by item ID: one for each excerpt
// checked (a published figure with a pending edit can have two; compare
// Excerpt with the one shown). An item with none is absent.
func (db *DB) ExcerptChecksOf(ctx context.Context, kind string, ids []string) (map[string][]KeptExcerptCheck, error) {
	out := map[string][]KeptExcerptCheck{}
	if len(ids) == 0 {
		return out, nil
	}
	table := "figures"
	if kind == ExcerptOfEvent {
		table = "events"
	}
	args := []any{kind}
	for _, id := range ids {
		args = append(args, id)
	}
	var rows []struct {
		ItemID      string    `db:"item_id"`
		CopyID      int64     `db:"copy_id"`
		Excerpt     string    `db:"excerpt"`
		Status      string    `db:"status"`
		Differences string    `db:"differences"`
		CheckedAt   time.Time `db:"checked_at"`
	}
	err := db.selectAll(ctx, &rows, `SELECT x.item_id, x.copy_id, x.excerpt, x.status, x.differences, x.checked_at
		FROM excerpt_checks x JOIN `+table+` t ON t.id = x.item_id
		JOIN source_latest_copies lc ON lc.source_id = t.source_id AND lc.copy_id = x.copy_id
		WHERE x.kind = ? AND x.item_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY x.item_id, x.checked_at`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: excerpt checks: %w", err)
	}
	for _, r := range rows {
		c := KeptExcerptCheck{Kind: kind, ItemID: r.ItemID, CopyID: r.CopyID, Excerpt: r.Excerpt,
			Status: domain.ExcerptStatus(r.Status), CheckedAt: r.CheckedAt.UTC()}
		if r.Differences != "" {
			c.Differences = strings.Split(r.Differences, "\n")
		}
		out[r.ItemID] = append(out[r.ItemID], c)
	}
	return out, nil
}

// CopyStamp is what the public is told of a source's latest saved copy.
type CopyStamp struct {
	CopyID  int64
	SHA256  string
	SavedAt time.Time
}

// LatestCopyStamps returns the latest saved copy's stamp of each of the
// given sources that has one.
func (db *DB) LatestCopyStamps(ctx context.Context, sourceIDs []int64) (map[int64]CopyStamp, error) {
	out := map[int64]CopyStamp{}
	if len(sourceIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(sourceIDs))
	for i, id := range sourceIDs {
		args[i] = id
	}
	var rows []struct {
		SourceID  int64     `db:"source_id"`
		CopyID    int64     `db:"copy_id"`
		SHA256    string    `db:"sha256"`
		FetchedAt time.Time `db:"fetched_at"`
	}
	if err := db.selectAll(ctx, &rows, `SELECT source_id, copy_id, sha256, fetched_at FROM source_latest_copies
		WHERE source_id IN (?`+strings.Repeat(", ?", len(sourceIDs)-1)+`)`, args...); err != nil {
		return nil, fmt.Errorf("store: latest copies: %w", err)
	}
	for _, r := range rows {
		out[r.SourceID] = CopyStamp{CopyID: r.CopyID, SHA256: r.SHA256, SavedAt: r.FetchedAt.UTC()}
	}
	return out, nil
}
