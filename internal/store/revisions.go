package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// appendRevision records a change in the same transaction as the change.
func (tx *Tx) appendRevision(ctx context.Context, entity, id string, version int, action domain.Action, reason string, snapshot any) error {
	b, err := json.Marshal(snapshot)
	if err != nil {
		return fmt.Errorf("store: revision of %s %s: %w", entity, id, err)
	}
	_, err = tx.exec(ctx, `INSERT INTO revisions (entity, entity_id, version, action, actor, at, reason, snapshot)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, entity, id, version, string(action), tx.actor, tx.now, reason, string(b))
	if err != nil {
		return fmt.Errorf("store: revision of %s %s: %w", entity, id, err)
	}
	return nil
}

type revisionRow struct {
	ID       int64     `db:"id"`
	Entity   string    `db:"entity"`
	EntityID string    `db:"entity_id"`
	Version  int       `db:"version"`
	Action   string    `db:"action"`
	Actor    string    `db:"actor"`
	At       time.Time `db:"at"`
	Reason   string    `db:"reason"`
	Snapshot string    `db:"snapshot"`
}

// Revisions returns the history of one entity, oldest first.
func (db *DB) Revisions(ctx context.Context, entity, id string) ([]domain.Revision, error) {
	var rows []revisionRow
	err := db.selectAll(ctx, &rows, `SELECT id, entity, entity_id, version, action, actor, at, reason, snapshot
		FROM revisions WHERE entity = ? AND entity_id = ? ORDER BY id`, entity, id)
	if err != nil {
		return nil, fmt.Errorf("store: revisions of %s %s: %w", entity, id, err)
	}
	out := make([]domain.Revision, len(rows))
	for i, r := range rows {
		out[i] = domain.Revision{ID: r.ID, Entity: r.Entity, EntityID: r.EntityID, Version: r.Version,
			Action: domain.Action(r.Action), Actor: r.Actor, At: r.At.UTC(), Reason: r.Reason, Snapshot: []byte(r.Snapshot)}
	}
	return out, nil
}

// CountRevisions returns how many revisions are stored; tests and the
// import report use it.
func (db *DB) CountRevisions(ctx context.Context) (int, error) {
	var n int
	err := db.get(ctx, &n, "SELECT count(*) FROM revisions")
	return n, err
}

// DatasetVersion is bumped by every publish, retraction and import that
// changes what the public sees. It keys caches and ETags.
func (db *DB) DatasetVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.get(ctx, &v, "SELECT value FROM counters WHERE name = 'dataset_version'")
	if err != nil {
		return 0, fmt.Errorf("store: dataset version: %w", err)
	}
	return v, nil
}

// bumpDatasetVersion marks the public dataset as changed, once per
// transaction.
func (tx *Tx) bumpDatasetVersion(ctx context.Context) error {
	if tx.bumped {
		return nil
	}
	if _, err := tx.exec(ctx, "UPDATE counters SET value = value + 1 WHERE name = 'dataset_version'"); err != nil {
		return fmt.Errorf("store: bump dataset version: %w", err)
	}
	tx.bumped = true
	return nil
}

// PublishedHistory is the part of a figure's history the public sees: the
// changes that made or unmade a published version, oldest first. Drafts
// and pending edits are left out; their content never reached the public.
func (db *DB) PublishedHistory(ctx context.Context, id string) ([]domain.Revision, error) {
	all, err := db.Revisions(ctx, "figure", id)
	if err != nil {
		return nil, err
	}
	var out []domain.Revision
	for _, r := range all {
		if isPublic(r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// isPublic reports whether a figure revision changed what the public sees:
// an import or approval that left it published, or a retraction.
func isPublic(r domain.Revision) bool {
	var snap struct {
		Status string `json:"status"`
	}
	json.Unmarshal(r.Snapshot, &snap)
	switch r.Action {
	case domain.ActionApprove, domain.ActionImport, domain.ActionPublish:
		return snap.Status == string(domain.StatusPublished)
	case domain.ActionRetract:
		return true
	}
	return false
}

// PublicChanges returns changes to published figures older than revision
// before (0: the newest), newest first, at most limit: the public change
// log, its feed and the API's pages.
func (db *DB) PublicChanges(ctx context.Context, before int64, limit int) ([]domain.Revision, error) {
	var out []domain.Revision
	if before <= 0 {
		before = int64(1) << 62
	}
	for len(out) < limit {
		var rows []revisionRow
		err := db.selectAll(ctx, &rows, `SELECT id, entity, entity_id, version, action, actor, at, reason, snapshot
			FROM revisions WHERE entity = 'figure' AND action IN ('approve', 'import', 'publish', 'retract') AND id < ?
			ORDER BY id DESC LIMIT ?`, before, limit*2)
		if err != nil {
			return nil, fmt.Errorf("store: public changes: %w", err)
		}
		for _, r := range rows {
			rev := domain.Revision{ID: r.ID, Entity: r.Entity, EntityID: r.EntityID, Version: r.Version,
				Action: domain.Action(r.Action), Actor: r.Actor, At: r.At.UTC(), Reason: r.Reason, Snapshot: []byte(r.Snapshot)}
			if len(out) == limit {
				break
			}
			if isPublic(rev) {
				out = append(out, rev)
			}
			before = r.ID
		}
		if len(rows) < limit*2 {
			break
		}
	}
	return out, nil
}
