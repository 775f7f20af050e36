package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// appendRevision records a change in the same transaction as the change,
// chained to the revision before it by hash.
func (tx *Tx) appendRevision(ctx context.Context, entity, id string, version int, action domain.Action, reason string, snapshot any) error {
	b, err := json.Marshal(snapshot)
	if err != nil {
		return fmt.Errorf("store: revision of %s %s: %w", entity, id, err)
	}
	prev, err := tx.lastRevisionHash(ctx)
	if err != nil {
		return err
	}
	rev := domain.Revision{Entity: entity, EntityID: id, Version: version, Action: action, Actor: tx.actor,
		At: tx.now, Reason: reason, Snapshot: b}
	hash := revisionHash(prev, rev)
	err = tx.rows.insert(ctx, tx, revisionsTable, entity, id, version, string(action), tx.actor, tx.now, reason, string(b), prev, hash)
	if err != nil {
		return fmt.Errorf("store: revision of %s %s: %w", entity, id, err)
	}
	tx.lastHash = &hash
	return nil
}

// lastRevisionHash is the hash the next revision chains to. On PostgreSQL a
// transaction-scoped lock keeps two writers from chaining to the same one;
// SQLite has one writer.
func (tx *Tx) lastRevisionHash(ctx context.Context) (string, error) {
	if tx.lastHash != nil {
		return *tx.lastHash, nil
	}
	if tx.db.dialect == Postgres {
		if _, err := tx.execAside(ctx, "SELECT pg_advisory_xact_lock(727275)"); err != nil {
			return "", fmt.Errorf("store: revision chain lock: %w", err)
		}
	}
	var h []string
	// Aside: read once, before this transaction's first revision.
	if err := tx.selectAside(ctx, &h, "SELECT hash FROM revisions ORDER BY id DESC LIMIT 1"); err != nil {
		return "", fmt.Errorf("store: last revision: %w", err)
	}
	prev := ""
	if len(h) == 1 {
		prev = h[0]
	}
	tx.lastHash = &prev
	return prev, nil
}

// revisionHash is the SHA-256 of a revision's content and the hash before it.
func revisionHash(prev string, r domain.Revision) string {
	sum := sha256.New()
	for _, part := range []string{prev, r.Entity, r.EntityID, strconv.Itoa(r.Version), string(r.Action), r.Actor,
		r.At.UTC().Format(time.RFC3339Nano), r.Reason, string(r.Snapshot)} {
		sum.Write([]byte(part))
		sum.Write([]byte{0})
	}
	return hex.EncodeToString(sum.Sum(nil))
}

// VerifyRevisions walks every revision in order and recomputes its hash and
// its link to the one before. It returns how many it checked, how many
// predate the chain, and an error naming the first revision that was
// altered, removed or inserted out of turn.
func (db *DB) VerifyRevisions(ctx context.Context) (checked, unchained int, err error) {
	r, err := db.VerifyChain(ctx, "")
	return r.Checked, r.Unchained, err
}

// ChainReport is what a walk of the revision chain found.
type ChainReport struct {
	Checked, Unchained int
	// Head is the hash of the newest revision. Kept outside the database
	// with Checked, it shows later that no revision was deleted from the
	// end, which leaves a shorter chain that is still valid.
	Head string
	// AnchorAt is the position in the chain (1 = the first chained
	// revision) of the revision whose hash is the anchor asked for; 0 when
	// no revision has it.
	AnchorAt int
}

// VerifyChain walks every revision in order and recomputes its hash and
// its link to the one before, and looks for the revision whose hash is
// anchor (a head recorded earlier). The error names the first revision
// that was altered, removed or inserted out of turn.
func (db *DB) VerifyChain(ctx context.Context, anchor string) (ChainReport, error) {
	var rep ChainReport
	rows, err := on(db.read).queryx(ctx, `SELECT id, entity, entity_id, version, action, actor, at, reason, snapshot,
		prev_hash, hash FROM revisions ORDER BY id`)
	if err != nil {
		return rep, fmt.Errorf("store: verify: %w", err)
	}
	defer rows.Close()
	prev := ""
	for rows.Next() {
		var r struct {
			revisionRow
			PrevHash string `db:"prev_hash"`
			Hash     string `db:"hash"`
		}
		if err := rows.StructScan(&r); err != nil {
			return rep, fmt.Errorf("store: verify: %w", err)
		}
		if r.Hash == "" && prev == "" {
			rep.Unchained++ // written before the chain began
			continue
		}
		rev := domain.Revision{Entity: r.Entity, EntityID: r.EntityID, Version: r.Version, Action: domain.Action(r.Action),
			Actor: r.Actor, At: r.At, Reason: r.Reason, Snapshot: []byte(r.Snapshot)}
		switch {
		case r.PrevHash != prev:
			return rep, fmt.Errorf("revision %d does not follow revision before it: one was removed or inserted", r.ID)
		case revisionHash(prev, rev) != r.Hash:
			return rep, fmt.Errorf("revision %d (%s %s, version %d) was altered after it was written", r.ID, r.Entity, r.EntityID, r.Version)
		}
		prev = r.Hash
		rep.Checked++
		if anchor != "" && r.Hash == anchor {
			rep.AnchorAt = rep.Checked
		}
	}
	rep.Head = prev
	return rep, rows.Err()
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

// PublicHistory is the part of a figure's history the public sees: the
// changes that made or unmade a published version, oldest first. Drafts
// and pending edits are left out; their content never reached the public.
func (db *DB) PublicHistory(ctx context.Context, id string) ([]domain.Revision, error) {
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
	snap, _ := DecodeFigureSnapshot(r)
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
