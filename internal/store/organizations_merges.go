package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Merges of organisations. One person proposes that two organisations are
// one; a reviewer other than them approves (domain.CheckApprover, the
// four-eyes rule of figures), because the merge rewrites the attribution
// of published figures; the approval applies it in the same transaction.

// Merge statuses.
const (
	MergeProposed = "proposed"
	MergeApplied  = "applied"
	MergeRejected = "rejected"
)

// OrgMerge is a proposal to merge one organisation into another, and its
// decision.
type OrgMerge struct {
	ID           int64
	From, Into   domain.OrgRef
	Status       string
	Reason       string
	ProposedBy   string
	ProposedAt   time.Time
	DecidedBy    string
	DecidedAt    time.Time // zero until decided
	DecisionNote string
}

// Entry is what the four-eyes rule reads of a merge: its proposer entered
// it.
func (m OrgMerge) Entry() domain.Entry {
	return domain.Entry{Kind: "merge", Status: domain.StatusInReview, CreatedBy: m.ProposedBy, UpdatedBy: m.ProposedBy}
}

type mergeRow struct {
	ID         int64        `db:"id"`
	FromID     int64        `db:"from_id"`
	FromSlug   string       `db:"from_slug"`
	FromName   string       `db:"from_name"`
	FromAcr    string       `db:"from_acronym"`
	IntoID     int64        `db:"into_id"`
	IntoSlug   string       `db:"into_slug"`
	IntoName   string       `db:"into_name"`
	IntoAcr    string       `db:"into_acronym"`
	Status     string       `db:"status"`
	Reason     string       `db:"reason"`
	ProposedBy string       `db:"proposed_by"`
	ProposedAt time.Time    `db:"proposed_at"`
	DecidedBy  string       `db:"decided_by"`
	DecidedAt  sql.NullTime `db:"decided_at"`
	Note       string       `db:"decision_note"`
}

const mergeQuery = `SELECT m.id, m.from_id, f.slug AS from_slug, f.name AS from_name, f.acronym AS from_acronym,
	m.into_id, i.slug AS into_slug, i.name AS into_name, i.acronym AS into_acronym, m.status, m.reason,
	m.proposed_by, m.proposed_at, m.decided_by, m.decided_at, m.decision_note
	FROM organization_merges m JOIN organizations f ON f.id = m.from_id JOIN organizations i ON i.id = m.into_id`

func (r mergeRow) merge() OrgMerge {
	m := OrgMerge{ID: r.ID, From: domain.OrgRef{ID: r.FromID, Slug: r.FromSlug, Name: r.FromName, Acronym: r.FromAcr},
		Into: domain.OrgRef{ID: r.IntoID, Slug: r.IntoSlug, Name: r.IntoName, Acronym: r.IntoAcr}, Status: r.Status,
		Reason: r.Reason, ProposedBy: r.ProposedBy, ProposedAt: r.ProposedAt.UTC(), DecidedBy: r.DecidedBy, DecisionNote: r.Note}
	if r.DecidedAt.Valid {
		m.DecidedAt = r.DecidedAt.Time.UTC()
	}
	return m
}

// OrganizationMerges lists the merges in status ("" for all), newest first.
func (db *DB) OrganizationMerges(ctx context.Context, status string) ([]OrgMerge, error) {
	var rows []mergeRow
	var err error
	if status == "" {
		err = db.selectAll(ctx, &rows, mergeQuery+" ORDER BY m.id DESC")
	} else {
		err = db.selectAll(ctx, &rows, mergeQuery+" WHERE m.status = ? ORDER BY m.id DESC", status)
	}
	if err != nil {
		return nil, fmt.Errorf("store: organisation merges: %w", err)
	}
	out := make([]OrgMerge, len(rows))
	for i, r := range rows {
		out[i] = r.merge()
	}
	return out, nil
}

// decideProposal records a reviewer's decision on proposal id of table
// (organization_merges or organization_changes), which entry describes:
// approval by someone other than the proposer (domain.CheckApprover), or
// rejection with a note (noteWhy says what it should say). It is recorded
// on the condition that nobody decided meanwhile: on PostgreSQL a second
// reviewer's decision waits for the first to commit, then finds it
// decided, so a proposal is never applied twice. what names the proposal
// in messages. The caller applies an approved one in the same transaction.
func (tx *Tx) decideProposal(ctx context.Context, table string, id int64, entry domain.Entry, actor domain.User, approve bool, note, noteWhy, what string) error {
	note = strings.TrimSpace(note)
	if err := checkTextLength("note", note, domain.MaxText); err != nil {
		return err
	}
	status := MergeRejected
	if approve {
		if err := domain.CheckApprover(entry, actor); err != nil {
			return err
		}
		status = MergeApplied
	} else if note == "" {
		return domain.FieldErrorf(domain.EINVALID, "note", "is required: %s", noteWhy)
	}
	res, err := tx.execAside(ctx, "UPDATE "+table+` SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?
		WHERE id = ? AND status = 'proposed'`, status, tx.actor, tx.now, note, id)
	if err != nil {
		return fmt.Errorf("store: decide %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return domain.Errorf(domain.ECONFLICT, "%s was decided by someone else meanwhile", what)
	}
	return nil
}

// actorAtLeast returns the acting account, or EFORBIDDEN when it does not
// hold role: merges are proposed and decided by staff accounts only.
func (tx *Tx) actorAtLeast(ctx context.Context, role domain.Role, doing string) (domain.User, error) {
	u, err := workflowActor(ctx, tx, tx.actor)
	if err != nil {
		return u, err
	}
	if !u.Role.AtLeast(role) {
		return u, domain.Errorf(domain.EFORBIDDEN, "%s needs the role %s", doing, role)
	}
	return u, nil
}

// ProposeMerge proposes that organisation fromID is one with intoID: its
// figures, sources, aliases and children would move to intoID once a
// second person approves (DecideMerge). It returns the proposal's id.
func (tx *Tx) ProposeMerge(ctx context.Context, fromID, intoID int64, reason string) (int64, error) {
	if _, err := tx.actorAtLeast(ctx, domain.RoleEditor, "proposing a merge"); err != nil {
		return 0, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return 0, domain.FieldErrorf(domain.EINVALID, "reason", "is required: say why these are one organisation")
	}
	if err := checkTextLength("reason", reason, domain.MaxText); err != nil {
		return 0, err
	}
	if fromID == intoID {
		return 0, domain.FieldErrorf(domain.EINVALID, "into", "is the organisation itself; choose another")
	}
	from, err := tx.liveOrg(ctx, fromID)
	if err != nil {
		return 0, err
	}
	into, err := tx.liveOrg(ctx, intoID)
	if err != nil {
		return 0, domain.FieldErrorf(domain.ErrorCode(err), "into", "%s", domain.ErrorMessage(err))
	}
	if err := tx.checkParent(ctx, fromID, intoID); err != nil {
		return 0, domain.FieldErrorf(domain.EINVALID, "into", "%s is under %s: an organisation cannot be merged into one of its own", into.Name, from.Name)
	}
	var pending int
	if err := tx.get(ctx, &pending, `SELECT count(*) FROM organization_merges WHERE status = 'proposed'
		AND (from_id IN (?, ?) OR into_id = ?)`, fromID, intoID, fromID); err != nil {
		return 0, fmt.Errorf("store: merges of %s: %w", from.Name, err)
	}
	if pending > 0 {
		return 0, domain.Errorf(domain.ECONFLICT, "a merge of %s or %s is already waiting for review; decide that one first", from.Name, into.Name)
	}
	id, err := tx.insertIDAside(ctx, `INSERT INTO organization_merges (from_id, into_id, status, reason, proposed_by, proposed_at)
		VALUES (?, ?, 'proposed', ?, ?, ?)`, fromID, intoID, reason, tx.actor, tx.now)
	if err != nil {
		return 0, fmt.Errorf("store: propose merge of %s into %s: %w", from.Name, into.Name, err)
	}
	return id, nil
}

// DecideMerge approves or rejects merge id. Approval needs a reviewer who
// did not propose it (domain.CheckApprover, the figures' four-eyes rule,
// with the proposer as the entry's author), and applies the merge in this
// transaction. A rejection records note, which it requires.
func (tx *Tx) DecideMerge(ctx context.Context, id int64, approve bool, note string) error {
	actor, err := tx.actorAtLeast(ctx, domain.RoleReviewer, "deciding a merge")
	if err != nil {
		return err
	}
	var row mergeRow
	if err := tx.get(ctx, &row, mergeQuery+" WHERE m.id = ?", id); err != nil {
		return notFound(err, "no merge %d", id)
	}
	m := row.merge()
	if m.Status != MergeProposed {
		return domain.Errorf(domain.ECONFLICT, "the merge of %s into %s was %s already", m.From.Name, m.Into.Name, m.Status)
	}
	if err := tx.decideProposal(ctx, "organization_merges", id, m.Entry(), actor, approve, note,
		"say why they are not one organisation", "the merge of "+m.From.Name+" into "+m.Into.Name); err != nil {
		return err
	}
	if approve {
		return tx.applyMerge(ctx, m)
	}
	return nil
}

// applyMerge moves everything of m.From to m.Into: the figures attributed
// to it (a figure naming both keeps one), pending edits, the sources it
// published, its aliases, name and acronym, and its children. Every figure
// and source moved gets a revision; so do both organisations.
func (tx *Tx) applyMerge(ctx context.Context, m OrgMerge) error {
	from, err := tx.liveOrg(ctx, m.From.ID)
	if err != nil {
		return err
	}
	into, err := tx.liveOrg(ctx, m.Into.ID)
	if err != nil {
		return err
	}
	if err := tx.checkParent(ctx, from.ID, into.ID); err != nil {
		return domain.Errorf(domain.ECONFLICT, "%s is now under %s: an organisation cannot be merged into one of its own", into.Name, from.Name)
	}
	reason := fmt.Sprintf("organisation %s merged into %s", from.Name, into.Name)
	if err := tx.moveFigures(ctx, from.ID, into.ID, reason); err != nil {
		return err
	}
	// Only the sources that move get a revision: those already published
	// by the organisation merged into did not change.
	var moved []int64
	if err := tx.selectAll(ctx, &moved, "SELECT id FROM sources WHERE publisher_id = ? ORDER BY id", from.ID); err != nil {
		return fmt.Errorf("store: merge sources: %w", err)
	}
	if _, err := tx.exec(ctx, "UPDATE sources SET publisher_id = ? WHERE publisher_id = ?", into.ID, from.ID); err != nil {
		return fmt.Errorf("store: merge sources: %w", err)
	}
	if err := tx.reviseSources(ctx, moved, reason); err != nil {
		return err
	}
	if err := tx.moveAliases(ctx, from, into); err != nil {
		return err
	}
	var children []int64
	if err := tx.selectAside(ctx, &children, "SELECT id FROM organizations WHERE parent_id = ? AND id <> ? ORDER BY id", from.ID, into.ID); err != nil {
		return fmt.Errorf("store: children of %s: %w", from.Name, err)
	}
	for _, c := range children {
		if _, err := tx.execAside(ctx, "UPDATE organizations SET parent_id = ? WHERE id = ?", into.ID, c); err != nil {
			return fmt.Errorf("store: organisation %d: %w", c, err)
		}
		if err := tx.reviseOrg(ctx, c, domain.ActionUpdate, "parent "+reason); err != nil {
			return err
		}
	}
	if _, err := tx.execAside(ctx, "UPDATE organizations SET merged_into = ? WHERE id = ?", into.ID, from.ID); err != nil {
		return fmt.Errorf("store: merge %s: %w", from.Name, err)
	}
	tx.orgs, tx.orgDir = nil, nil // read again on next use
	if err := tx.reviseOrg(ctx, from.ID, domain.ActionUpdate, "merged into "+into.Name+": "+m.Reason); err != nil {
		return err
	}
	if err := tx.reviseOrg(ctx, into.ID, domain.ActionUpdate, from.Name+" merged into it: "+m.Reason); err != nil {
		return err
	}
	return tx.bumpDatasetVersion(ctx)
}

// moveAliases gives into every alias of from, and from's name and acronym.
func (tx *Tx) moveAliases(ctx context.Context, from, into domain.Organization) error {
	words := append(slices.Clone(from.Aliases), from.Name, from.Acronym)
	if _, err := tx.execAside(ctx, "DELETE FROM organization_aliases WHERE organization_id = ?", from.ID); err != nil {
		return fmt.Errorf("store: aliases of %s: %w", from.Name, err)
	}
	for _, w := range words {
		w = strings.TrimSpace(w)
		if w == "" || slices.Contains(into.Aliases, w) {
			continue
		}
		if _, err := tx.execAside(ctx, `INSERT INTO organization_aliases (organization_id, alias, key, created_by, created_at)
			VALUES (?, ?, ?, ?, ?)`, into.ID, w, domain.OrgKey(w), tx.actor, tx.now); err != nil {
			return fmt.Errorf("store: alias %q: %w", w, err)
		}
		into.Aliases = append(into.Aliases, w)
	}
	return nil
}

// moveFigures attributes to into every figure, and pending edit, that
// names from, with a revision of each figure (two for one with a pending
// edit: the published row, then the edit, which stays the latest).
func (tx *Tx) moveFigures(ctx context.Context, from, into int64, reason string) error {
	var ids []string
	if err := tx.selectAll(ctx, &ids, `SELECT figure_id FROM figure_orgs WHERE organization_id = ?
		UNION SELECT figure_id FROM figure_edit_orgs WHERE organization_id = ? ORDER BY 1`, from, from); err != nil {
		return fmt.Errorf("store: figures of organisation %d: %w", from, err)
	}
	for _, table := range []string{"figure_orgs", "figure_edit_orgs"} {
		// A figure that names both keeps into, at its own position.
		if _, err := tx.exec(ctx, "DELETE FROM "+table+" WHERE organization_id = ? AND figure_id IN (SELECT figure_id FROM "+table+
			" WHERE organization_id = ?)", from, into); err != nil {
			return fmt.Errorf("store: merge %s: %w", table, err)
		}
		if _, err := tx.exec(ctx, "UPDATE "+table+" SET organization_id = ? WHERE organization_id = ?", into, from); err != nil {
			return fmt.Errorf("store: merge %s: %w", table, err)
		}
	}
	for _, table := range []string{"figures", "figure_edits"} { // the legacy column
		if _, err := tx.exec(ctx, "UPDATE "+table+" SET attributed_to = ? WHERE attributed_to = ?", into, from); err != nil {
			return fmt.Errorf("store: merge %s: %w", table, err)
		}
	}
	for _, id := range ids {
		f, s, err := tx.loadFigure(ctx, id, 0)
		if err != nil {
			return err
		}
		edit, editSeries, hasEdit, err := pendingEdit(ctx, tx, id)
		if err != nil {
			return err
		}
		f.Version++
		// A published figure's attribution changed, approved by the
		// reviewer who decided the merge: its public history says so.
		action := domain.ActionUpdate
		if f.Status == domain.StatusPublished {
			action = domain.ActionPublish
		}
		if err := tx.appendRevision(ctx, "figure", id, f.Version, action, reason, snapshotFigure(f, s.Slug)); err != nil {
			return err
		}
		if hasEdit {
			f.Version++
			edit.Version = f.Version
			if err := tx.appendRevision(ctx, "figure", id, f.Version, domain.ActionUpdate, reason+" (pending change)", snapshotFigure(edit, editSeries.Slug)); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, "UPDATE figures SET version = ? WHERE id = ?", f.Version, id); err != nil {
			return fmt.Errorf("store: figure %s: %w", id, err)
		}
	}
	return nil
}

// checkTextLength refuses text over limit characters, as the domain's
// validations word it.
func checkTextLength(field, v string, limit int) error {
	if n := utf8.RuneCountInString(v); n > limit {
		return domain.FieldErrorf(domain.EINVALID, field, "is %d characters long; the limit is %d", n, limit)
	}
	return nil
}
