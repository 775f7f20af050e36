package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The review workflow of figures entered by staff. A new figure is a draft
// until an editor submits it and a second person approves it. A change to a
// published figure is kept aside in figure_edits, and the public goes on
// seeing the published version until the change is approved.

// CreateFigure saves a new figure from the staff form as a draft.
func (tx *Tx) CreateFigure(ctx context.Context, s domain.Series, f domain.Figure) (string, error) {
	f.ID, f.SeriesID, f.Status, f.StatusReason = domain.NewID(), s.ID, domain.StatusDraft, ""
	if err := errors.Join(f.Validate(), f.ValidateIn(&s)); err != nil {
		return "", err
	}
	src, err := tx.EnsureSource(ctx, f.Source, domain.ActionCreate, false)
	if err != nil {
		return "", err
	}
	f.Source = src
	return f.ID, tx.insertFigure(ctx, s, f, contentKey(s.Slug, f), domain.ActionCreate)
}

// loadFigure reads a figure for a change, and checks that nobody changed it
// since version was read (version 0 skips the check).
func (tx *Tx) loadFigure(ctx context.Context, id string, version int) (domain.Figure, domain.Series, error) {
	var row figureRow
	if err := tx.get(ctx, &row, "SELECT "+figureColumns+" FROM figure_rows WHERE id = ?", id); err != nil {
		return domain.Figure{}, domain.Series{}, notFound(err, "no figure %q", id)
	}
	f, err := row.figure()
	if err != nil {
		return domain.Figure{}, domain.Series{}, err
	}
	if version != 0 && f.Version != version {
		return domain.Figure{}, domain.Series{}, domain.Errorf(domain.ECONFLICT,
			"this figure was changed by %s at %s after you opened it; reload it and make your change again",
			f.UpdatedBy, f.UpdatedAt.Format(time.RFC1123))
	}
	return f, row.series(), nil
}

// EditFigure saves a staff member's change to figure id, read at version.
// A draft or a figure in review is changed in place and becomes a draft
// again; a published figure gets a pending edit that goes through review.
func (tx *Tx) EditFigure(ctx context.Context, id string, version int, s domain.Series, f domain.Figure) error {
	stored, _, err := tx.loadFigure(ctx, id, version)
	if err != nil {
		return err
	}
	f.ID, f.SeriesID, f.Status, f.StatusReason = id, s.ID, domain.StatusDraft, ""
	if err := errors.Join(f.Validate(), f.ValidateIn(&s)); err != nil {
		return err
	}
	if err := tx.keepOrgs(ctx, &f, stored); err != nil {
		return err
	}
	src, err := tx.EnsureSource(ctx, f.Source, domain.ActionUpdate, false)
	if err != nil {
		return err
	}
	f.Source = src
	f.Version, f.CreatedBy, f.CreatedAt = stored.Version+1, stored.CreatedBy, stored.CreatedAt
	copyMark(&f, stored) // the live figure's, until the edit is approved
	switch stored.Status {
	case domain.StatusDraft, domain.StatusInReview:
		return tx.updateFigure(ctx, s, f, contentKey(s.Slug, f), domain.ActionUpdate)
	case domain.StatusPublished:
		return tx.saveEdit(ctx, s, f)
	}
	return domain.Errorf(domain.ECONFLICT, "a retracted figure cannot be edited; enter a new figure instead")
}

// saveEdit stores the pending edit of a published figure and bumps the
// figure's version, so that the revision numbers stay one sequence.
func (tx *Tx) saveEdit(ctx context.Context, s domain.Series, f domain.Figure) error {
	if err := tx.resolveOrgs(ctx, &f); err != nil {
		return err
	}
	if err := tx.deleteEdit(ctx, f.ID); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO figure_edits (figure_id, series_id, value, qualifier, value_low, value_high,
		value_as_stated, period_start, period_end, source_id, attributed_to, attributed_as, excerpt, locator, notes, status,
		status_reason, created_by, updated_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, s.ID, f.Value, string(f.Qualifier), f.ValueLow, f.ValueHigh, f.ValueAsStated, f.PeriodStart.String(),
		f.PeriodEnd.String(), f.Source.ID, primaryOrg(f), f.AttributedTo, f.Excerpt, f.Locator, f.Notes, string(f.Status), f.StatusReason,
		tx.actor, tx.actor, tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("store: edit %s: %w", f.ID, err)
	}
	for i, o := range f.Orgs {
		if _, err := tx.exec(ctx, "INSERT INTO figure_edit_orgs (figure_id, organization_id, position) VALUES (?, ?, ?)", f.ID, o.ID, i); err != nil {
			return fmt.Errorf("store: edit %s: %w", f.ID, err)
		}
	}
	if _, err := tx.exec(ctx, "UPDATE figures SET version = ? WHERE id = ?", f.Version, f.ID); err != nil {
		return fmt.Errorf("store: edit %s: %w", f.ID, err)
	}
	f.UpdatedBy = tx.actor
	return tx.appendRevision(ctx, "figure", f.ID, f.Version, domain.ActionUpdate, "pending review of a published figure", snapshotFigure(f, s.Slug))
}

// keepOrgs gives an edit that names no organisations and keeps the words
// (as OrgKey folds them) the organisations the figure has — its pending
// edit's, if it has one: a staff member who changes a note must not undo
// the organisations chosen for it (a joint report, a CSV's organizations
// column, a form's answer given without remembering the words).
func (tx *Tx) keepOrgs(ctx context.Context, f *domain.Figure, stored domain.Figure) error {
	if len(f.Orgs) > 0 {
		return nil
	}
	current := stored
	if stored.Status == domain.StatusPublished {
		edit, _, found, err := pendingEdit(ctx, tx, stored.ID)
		if err != nil {
			return err
		}
		if found {
			current = edit
		}
	}
	if domain.OrgKey(current.AttributedTo) == domain.OrgKey(f.AttributedTo) {
		f.Orgs = current.Orgs
	}
	return nil
}

// deleteEdit removes the pending edit of figure id, if any.
func (tx *Tx) deleteEdit(ctx context.Context, id string) error {
	for _, q := range []string{"DELETE FROM figure_edit_orgs WHERE figure_id = ?", "DELETE FROM figure_edits WHERE figure_id = ?"} {
		if _, err := tx.exec(ctx, q, id); err != nil {
			return fmt.Errorf("store: edit %s: %w", id, err)
		}
	}
	return nil
}

// PendingEdit returns the pending change to a published figure; found is
// false when there is none. The edit carries the figure's version and
// creator, which the review rule reads with the edit's author.
func (db *DB) PendingEdit(ctx context.Context, id string) (f domain.Figure, s domain.Series, found bool, err error) {
	return pendingEdit(ctx, db, id)
}

func pendingEdit(ctx context.Context, q getter, id string) (domain.Figure, domain.Series, bool, error) {
	var row figureRow
	err := q.get(ctx, &row, editQuery+" WHERE e.figure_id = ?", id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Figure{}, domain.Series{}, false, nil
	}
	if err != nil {
		return domain.Figure{}, domain.Series{}, false, fmt.Errorf("store: edit of %s: %w", id, err)
	}
	f, err := row.figure()
	if err != nil {
		return f, row.series(), false, err
	}
	if err := editOrgs(ctx, q, &f); err != nil {
		return f, row.series(), false, err
	}
	return f, row.series(), true, nil
}

// editOrgs sets the organisations of a pending edit read by editQuery,
// whose org_refs column is empty: they are the edit's own, not the
// published figure's.
func editOrgs(ctx context.Context, q getter, f *domain.Figure) error {
	var orgs []orgRow
	if err := q.selectAll(ctx, &orgs, "SELECT "+orgColumnsOf("o")+` FROM figure_edit_orgs eo
		JOIN organizations o ON o.id = eo.organization_id WHERE eo.figure_id = ? ORDER BY eo.position`, f.ID); err != nil {
		return fmt.Errorf("store: edit of %s: %w", f.ID, err)
	}
	f.Orgs = nil
	for _, o := range orgs {
		f.Orgs = append(f.Orgs, domain.OrgRef{ID: o.ID, Slug: o.Slug, Name: o.Name, Acronym: o.Acronym})
	}
	return nil
}

// editQuery reads figure_edits in the shape of figure_rows, with the
// version and review columns of the figure it changes.
const editQuery = `SELECT e.figure_id AS id, s.slug AS series_slug, e.series_id, s.title AS series_title,
	s.population_group, s.measure, s.unit, s.from_iso3, s.to_iso3, e.value, e.qualifier, e.value_low, e.value_high,
	e.value_as_stated, e.period_start, e.period_end, '' AS as_of, e.excerpt, e.locator, e.notes, e.status,
	e.status_reason, f.version, f.created_by, e.updated_by, e.created_at, e.updated_at, f.reviewed_by, f.reviewed_at,
	f.mark, f.mark_reason, f.marked_by, f.mark_approved_by, f.marked_at, e.attributed_as AS attributed_to, '' AS org_refs,
	src.id AS source_id, src.title AS source_title, src.publisher_as AS source_publisher,
	src.url AS source_url, src.published_on AS source_published, src.accessed_on AS source_accessed,
	src.archive_url, src.licence, src.doc_type, src.language,
	p.id AS source_publisher_id, p.slug AS source_publisher_slug, p.acronym AS source_publisher_acronym,
	p.name AS source_publisher_name
	FROM figure_edits e
	JOIN figures f ON f.id = e.figure_id
	JOIN series s ON s.id = e.series_id
	JOIN sources src ON src.id = e.source_id
	JOIN organizations p ON p.id = src.publisher_id`

// Act moves figure id (read at version) through the workflow (domain.Step):
// submit, approve, reject (with a reason) or retract (with a reason). When
// the figure has a pending edit, submit, approve and reject act on the
// edit. Roles are the caller's to check (domain.NeededRole); the other
// rules are checked here, against the transaction's actor.
func (tx *Tx) Act(ctx context.Context, id string, version int, action domain.Action, reason string) error {
	stored, s, err := tx.loadFigure(ctx, id, version)
	if err != nil {
		return err
	}
	actor, err := workflowActor(ctx, tx, tx.actor)
	if err != nil {
		return err
	}
	entry := stored.Entry()
	var edit domain.Figure
	if stored.Status == domain.StatusPublished {
		var found bool
		if edit, _, found, err = pendingEdit(ctx, tx, id); err != nil {
			return err
		} else if found {
			entry = entry.WithChange(edit.Entry())
		}
	}
	next, err := domain.Step(entry, actor, action, reason)
	if err != nil {
		return err
	}
	if entry.ActsOnChange(action) {
		return tx.actOnEdit(ctx, stored, edit, s, next, action, reason)
	}
	if next == domain.StatusRetracted {
		// A change waiting for review would otherwise bring the figure back
		// when approved; its content stays in the revisions.
		if err := tx.deleteEdit(ctx, id); err != nil {
			return fmt.Errorf("store: retract %s: %w", id, err)
		}
	}
	stored.Status, stored.StatusReason, stored.Version = next, reason, stored.Version+1
	if next == domain.StatusPublished {
		stored.ReviewedBy, stored.ReviewedAt = tx.actor, tx.now
		if _, err := tx.exec(ctx, "UPDATE figures SET reviewed_by = ?, reviewed_at = ? WHERE id = ?", tx.actor, tx.now, id); err != nil {
			return fmt.Errorf("store: approve %s: %w", id, err)
		}
	}
	return tx.recordStep(ctx, "figures", "figure", id, stored.Version, next, action, reason, snapshotFigure(stored, s.Slug))
}

// recordStep writes the status an entry of table (figures, events) moved
// to, and its revision; a step that the public sees (publish, retract)
// changes the dataset version.
func (tx *Tx) recordStep(ctx context.Context, table, kind, id string, version int, next domain.Status, action domain.Action, reason string, snapshot any) error {
	if _, err := tx.exec(ctx, "UPDATE "+table+" SET status = ?, status_reason = ?, version = ?, updated_at = ? WHERE id = ?",
		string(next), reason, version, tx.now, id); err != nil {
		return fmt.Errorf("store: %s %s %s: %w", action, kind, id, err)
	}
	if err := tx.appendRevision(ctx, kind, id, version, action, reason, snapshot); err != nil {
		return err
	}
	if next == domain.StatusPublished || next == domain.StatusRetracted {
		return tx.bumpDatasetVersion(ctx)
	}
	return nil
}

// actOnEdit moves a pending edit: approving it replaces the published
// version, in one step that the public sees all at once.
func (tx *Tx) actOnEdit(ctx context.Context, stored, edit domain.Figure, s domain.Series, next domain.Status, action domain.Action, reason string) error {
	version := stored.Version + 1
	if next == domain.StatusPublished {
		if err := tx.deleteEdit(ctx, stored.ID); err != nil {
			return fmt.Errorf("store: approve %s: %w", stored.ID, err)
		}
		edit.Status, edit.StatusReason, edit.Version, edit.CreatedAt = domain.StatusPublished, "", version, stored.CreatedAt
		keepMark(&edit, stored, s.ID)
		if err := tx.updateFigure(ctx, s, edit, contentKey(s.Slug, edit), domain.ActionApprove); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "UPDATE figures SET reviewed_by = ?, reviewed_at = ? WHERE id = ?", tx.actor, tx.now, stored.ID)
		return err
	}
	if _, err := tx.exec(ctx, "UPDATE figure_edits SET status = ?, status_reason = ?, updated_at = ? WHERE figure_id = ?",
		string(next), reason, tx.now, stored.ID); err != nil {
		return fmt.Errorf("store: %s edit of %s: %w", action, stored.ID, err)
	}
	if _, err := tx.exec(ctx, "UPDATE figures SET version = ? WHERE id = ?", version, stored.ID); err != nil {
		return err
	}
	edit.Status, edit.StatusReason, edit.Version = next, reason, version
	return tx.appendRevision(ctx, "figure", stored.ID, version, action, reason, snapshotFigure(edit, s.Slug))
}

// The staff lists' reads: they see every status, so they never serve a
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
