package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Marks on claims (docs/disagreements.md). A reviewer proposes that a
// published figure is the preferred claim of its fact, or deprecated, or
// that its mark is removed, with a reason; another reviewer approves
// (domain.CheckApprover, as for merges) and the approval applies it
// against the figure's version when proposed: a figure changed since is
// refused with ECONFLICT and the proposal stays pending, for a reviewer to
// reject. Applying writes a revision the public history shows and changes
// the dataset version. A fact has one preferred claim: a preferred mark
// applied takes the preference from any other claim of the fact, with a
// revision of each. Proposing and rejecting leave the figure as it is.

// MarkProposal is a proposed mark on a claim, and its decision. Statuses
// are those of merges (MergeProposed, MergeApplied, MergeRejected).
type MarkProposal struct {
	ID           int64
	FigureID     string
	BaseVersion  int
	Mark         domain.ClaimMark // MarkNone: remove the mark
	Reason       string
	Status       string
	ProposedBy   string
	ProposedAt   time.Time
	DecidedBy    string
	DecidedAt    time.Time // zero until decided
	DecisionNote string
}

// Entry is what the four-eyes rule reads of a proposal: its proposer
// entered it.
func (p MarkProposal) Entry() domain.Entry {
	return domain.Entry{Kind: "mark", Status: domain.StatusInReview, CreatedBy: p.ProposedBy, UpdatedBy: p.ProposedBy}
}

// Words says what it proposes: "mark preferred", "mark deprecated",
// "remove the mark".
func (p MarkProposal) Words() string {
	if p.Mark == domain.MarkNone {
		return "remove the mark"
	}
	return "mark " + string(p.Mark)
}

type markProposalRow struct {
	ID          int64        `db:"id"`
	FigureID    string       `db:"figure_id"`
	BaseVersion int          `db:"base_version"`
	Mark        string       `db:"mark"`
	Reason      string       `db:"reason"`
	Status      string       `db:"status"`
	ProposedBy  string       `db:"proposed_by"`
	ProposedAt  time.Time    `db:"proposed_at"`
	DecidedBy   string       `db:"decided_by"`
	DecidedAt   sql.NullTime `db:"decided_at"`
	Note        string       `db:"decision_note"`
}

const markProposalQuery = `SELECT id, figure_id, base_version, mark, reason, status, proposed_by, proposed_at,
	decided_by, decided_at, decision_note FROM figure_mark_proposals`

func (r markProposalRow) proposal() MarkProposal {
	p := MarkProposal{ID: r.ID, FigureID: r.FigureID, BaseVersion: r.BaseVersion, Mark: domain.ClaimMark(r.Mark),
		Reason: r.Reason, Status: r.Status, ProposedBy: r.ProposedBy, ProposedAt: r.ProposedAt.UTC(),
		DecidedBy: r.DecidedBy, DecisionNote: r.Note}
	if r.DecidedAt.Valid {
		p.DecidedAt = r.DecidedAt.Time.UTC()
	}
	return p
}

func markProposals(ctx context.Context, q getter, where string, args ...any) ([]MarkProposal, error) {
	var rows []markProposalRow
	if err := q.selectAll(ctx, &rows, markProposalQuery+where, args...); err != nil {
		return nil, fmt.Errorf("store: mark proposals: %w", err)
	}
	out := make([]MarkProposal, len(rows))
	for i, r := range rows {
		out[i] = r.proposal()
	}
	return out, nil
}

// MarkProposals lists the proposals in status ("" for all), oldest first:
// the queue of /staff/marks.
func (db *DB) MarkProposals(ctx context.Context, status string) ([]MarkProposal, error) {
	if status == "" {
		return markProposals(ctx, db, " ORDER BY id")
	}
	return markProposals(ctx, db, " WHERE status = ? ORDER BY id", status)
}

// MarkProposalsOf lists the proposals on figure id, newest first.
func (db *DB) MarkProposalsOf(ctx context.Context, figureID string) ([]MarkProposal, error) {
	return markProposals(ctx, db, " WHERE figure_id = ? ORDER BY id DESC", figureID)
}

// CheckMark checks a proposed mark and its reason, every problem at once:
// what ProposeMark checks before it reads anything, for a form to show.
func CheckMark(mark domain.ClaimMark, reason string) error {
	var p domain.Problems
	switch mark {
	case domain.MarkNone, domain.MarkPreferred, domain.MarkDeprecated:
	default:
		p.Add("mark", "%q is not a mark; choose preferred, deprecated or none (remove the mark)", string(mark))
	}
	if reason == "" {
		p.Add("reason", "is required: say why, for the public to read")
	} else if err := checkTextLength("reason", reason, domain.MaxText); err != nil {
		p = append(p, domain.FieldProblems(err)...)
	}
	return p.Err()
}

// ProposeMark proposes mark (MarkNone: remove the mark) on published
// figure figureID, with reason, which the public will read once a second
// reviewer approves it (DecideMark). It returns the proposal's id. A
// figure has at most one pending proposal. version is the figure's version
// the reviewer read (0: the current one): a figure changed since is refused
// with ECONFLICT, so that no one marks a claim they have not seen.
func (tx *Tx) ProposeMark(ctx context.Context, figureID string, version int, mark domain.ClaimMark, reason string) (int64, error) {
	if _, err := tx.actorAtLeast(ctx, domain.RoleReviewer, "marking a claim"); err != nil {
		return 0, err
	}
	reason = strings.TrimSpace(reason)
	if err := CheckMark(mark, reason); err != nil {
		return 0, err
	}
	f, _, err := tx.loadFigure(ctx, figureID, version) // the version the reviewer read, when given
	if err != nil {
		return 0, err
	}
	if f.Status != domain.StatusPublished {
		return 0, domain.Errorf(domain.ECONFLICT, "figure %s is %s; only a published figure can be marked", f.ID, f.Status)
	}
	if f.Mark == mark {
		if mark == domain.MarkNone {
			return 0, domain.FieldErrorf(domain.EINVALID, "mark", "this figure has no mark to remove")
		}
		return 0, domain.FieldErrorf(domain.EINVALID, "mark", "this figure is marked %s already", mark)
	}
	if err := tx.pendingMark(ctx, figureID); err != nil {
		return 0, err
	}
	// The partial unique index keeps a second pending proposal out when
	// two reviewers propose at once; the one that loses inserts nothing.
	res, err := tx.exec(ctx, `INSERT INTO figure_mark_proposals (figure_id, base_version, mark, reason, status, proposed_by, proposed_at)
		VALUES (?, ?, ?, ?, 'proposed', ?, ?) ON CONFLICT DO NOTHING`, figureID, f.Version, string(mark), reason, tx.actor, tx.now)
	if err != nil {
		return 0, fmt.Errorf("store: propose a mark on %s: %w", figureID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err := tx.pendingMark(ctx, figureID); err != nil {
			return 0, err
		}
		return 0, domain.Errorf(domain.ECONFLICT, "another proposal on figure %s was made meanwhile; reload the page", figureID)
	}
	var id int64
	if err := tx.get(ctx, &id, "SELECT id FROM figure_mark_proposals WHERE figure_id = ? AND status = 'proposed'", figureID); err != nil {
		return 0, fmt.Errorf("store: propose a mark on %s: %w", figureID, err)
	}
	return id, nil
}

// pendingMark refuses a second proposal while one waits, naming it.
func (tx *Tx) pendingMark(ctx context.Context, figureID string) error {
	pending, err := markProposals(ctx, tx, " WHERE figure_id = ? AND status = 'proposed'", figureID)
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		p := pending[0]
		return domain.Errorf(domain.ECONFLICT, "proposal %d (%s, by %s) is already waiting for review on this figure; decide that one first",
			p.ID, p.Words(), p.ProposedBy)
	}
	return nil
}

// DecideMark approves or rejects mark proposal id. Approval needs a
// reviewer who did not propose it and applies the mark in this
// transaction, against the version it was proposed on. A rejection
// records note, which it requires.
func (tx *Tx) DecideMark(ctx context.Context, id int64, approve bool, note string) error {
	actor, err := tx.actorAtLeast(ctx, domain.RoleReviewer, "deciding a mark")
	if err != nil {
		return err
	}
	var row markProposalRow
	if err := tx.get(ctx, &row, markProposalQuery+" WHERE id = ?", id); err != nil {
		return notFound(err, "no mark proposal %d", id)
	}
	p := row.proposal()
	what := "the proposal to " + p.Words() + " on figure " + p.FigureID
	if p.Status != MergeProposed {
		return domain.Errorf(domain.ECONFLICT, "%s was %s already", what, p.Status)
	}
	if err := tx.decideProposal(ctx, "figure_mark_proposals", id, p.Entry(), actor, approve, note,
		"say why the mark is not made, for the proposer to read", what); err != nil {
		return err
	}
	if !approve {
		return nil
	}
	return tx.applyMark(ctx, p)
}

// markLock is the first key of the advisory lock that a PostgreSQL
// transaction applying a mark holds on its series (the second key): two
// reviewers approving preferred marks on two claims of one fact at once
// would each find no other preferred claim to clear.
const markLock = 727275

// applyMark sets p's mark on its figure, approved by the transaction's
// actor, after clearing any other preferred claim of the figure's fact.
func (tx *Tx) applyMark(ctx context.Context, p MarkProposal) error {
	f, s, err := tx.loadFigure(ctx, p.FigureID, 0)
	if err != nil {
		return err
	}
	if tx.db.dialect == Postgres {
		if _, err := tx.exec(ctx, "SELECT pg_advisory_xact_lock(CAST(? AS int4), CAST(? AS int4))", markLock, int32(s.ID)); err != nil {
			return fmt.Errorf("store: mark %s: %w", f.ID, err)
		}
		if f, s, err = tx.loadFigure(ctx, p.FigureID, 0); err != nil { // as the lock's last holder left it
			return err
		}
	}
	if f.Version != p.BaseVersion {
		return domain.Errorf(domain.ECONFLICT, "figure %s was changed after this mark was proposed (version %d, not %d); reject the proposal, and propose it again if it still holds",
			f.ID, f.Version, p.BaseVersion)
	}
	if f.Status != domain.StatusPublished {
		return domain.Errorf(domain.ECONFLICT, "figure %s is %s now; only a published figure can be marked", f.ID, f.Status)
	}
	if p.Mark == domain.MarkPreferred {
		if err := tx.movePreference(ctx, f, s, p.Reason); err != nil {
			return err
		}
	}
	why := "mark removed: " + p.Reason
	if p.Mark != domain.MarkNone {
		why = "marked " + string(p.Mark) + ": " + p.Reason
	}
	f.Mark, f.MarkReason, f.MarkedBy, f.MarkApprovedBy, f.MarkedAt = p.Mark, p.Reason, p.ProposedBy, tx.actor, tx.now
	if p.Mark == domain.MarkNone {
		f.MarkReason, f.MarkedBy, f.MarkApprovedBy, f.MarkedAt = "", "", "", time.Time{}
	}
	if err := tx.writeMark(ctx, f, s, why); err != nil {
		return err
	}
	return tx.bumpDatasetVersion(ctx)
}

// movePreference clears the preferred mark of every other claim of f's
// fact (domain.Analyse over the series' published figures).
func (tx *Tx) movePreference(ctx context.Context, f domain.Figure, s domain.Series, reason string) error {
	var rows []figureRow
	if err := tx.selectAll(ctx, &rows, "SELECT "+figureColumns+" FROM public_figures WHERE series_id = ?", s.ID); err != nil {
		return fmt.Errorf("store: claims of figure %s: %w", f.ID, err)
	}
	claims, err := convertRows(rows, figureRow.figure)
	if err != nil {
		return err
	}
	kin, err := orgKin(ctx, tx)
	if err != nil {
		return err
	}
	for _, fact := range domain.Analyse(s.Measure, claims, kin).Facts {
		if !hasClaim(fact, f.ID) {
			continue
		}
		for _, c := range fact.Claims {
			if c.ID == f.ID || c.Mark != domain.MarkPreferred {
				continue
			}
			c.Mark, c.MarkReason, c.MarkedBy, c.MarkApprovedBy, c.MarkedAt = domain.MarkNone, "", "", "", time.Time{}
			if err := tx.writeMark(ctx, c, s, "preference moved to "+f.ID+": "+reason); err != nil {
				return err
			}
		}
	}
	return nil
}

func hasClaim(fact *domain.Fact, id string) bool {
	for _, c := range fact.Claims {
		if c.ID == id {
			return true
		}
	}
	return false
}

// writeMark stores f's mark fields as a new version of f, with a revision
// the public history shows (an approval that leaves it published), and
// one of its pending edit, if it has one, which stays the latest revision
// (as moveFigures does).
func (tx *Tx) writeMark(ctx context.Context, f domain.Figure, s domain.Series, why string) error {
	edit, editSeries, hasEdit, err := pendingEdit(ctx, tx, f.ID)
	if err != nil {
		return err
	}
	from := f.Version
	f.Version++
	version := f.Version
	if hasEdit {
		version++
	}
	res, err := tx.exec(ctx, `UPDATE figures SET mark = ?, mark_reason = ?, marked_by = ?, mark_approved_by = ?, marked_at = ?,
		version = ? WHERE id = ? AND version = ?`,
		string(f.Mark), f.MarkReason, f.MarkedBy, f.MarkApprovedBy, nullTime(f.MarkedAt), version, f.ID, from)
	if err != nil {
		return fmt.Errorf("store: mark %s: %w", f.ID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return domain.Errorf(domain.ECONFLICT, "figure %s was changed meanwhile; try again", f.ID)
	}
	if err := tx.appendRevision(ctx, "figure", f.ID, f.Version, domain.ActionApprove, why, snapshotFigure(f, s.Slug)); err != nil {
		return err
	}
	if !hasEdit {
		return nil
	}
	copyMark(&edit, f)
	edit.Version = version
	return tx.appendRevision(ctx, "figure", f.ID, version, domain.ActionUpdate, why+" (pending change)", snapshotFigure(edit, editSeries.Slug))
}

// keepMark gives f, a new version of stored in series seriesID, stored's
// mark: only an approved mark proposal (figure_marks.go) sets it, and an
// edit or an import that corrects the figure's words keeps it. A new
// version that claims something else — another series, value, qualifier
// or period — loses it: the judgement was about the old claim (a claim
// "known wrong" may be right once corrected, and a preferred claim moved
// into another fact would be a second preferred claim there). The
// revision of the new version records the mark gone; a reviewer proposes
// again if it still holds.
//
// A pending edit's revisions carry the live figure's mark (copyMark): the
// public still sees the figure as it is until the edit is approved.
func keepMark(f *domain.Figure, stored domain.Figure, seriesID int64) {
	f.Mark, f.MarkReason, f.MarkedBy, f.MarkApprovedBy, f.MarkedAt = "", "", "", "", time.Time{}
	if stored.SeriesID != seriesID || !sameClaim(*f, stored) {
		return
	}
	copyMark(f, stored)
}

// copyMark gives f stored's mark.
func copyMark(f *domain.Figure, stored domain.Figure) {
	f.Mark, f.MarkReason, f.MarkedBy, f.MarkApprovedBy, f.MarkedAt =
		stored.Mark, stored.MarkReason, stored.MarkedBy, stored.MarkApprovedBy, stored.MarkedAt
}

// sameClaim reports whether two versions of a figure claim the same
// number about the same period.
func sameClaim(a, b domain.Figure) bool {
	eq := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.Value == b.Value && a.Qualifier == b.Qualifier && eq(a.ValueLow, b.ValueLow) && eq(a.ValueHigh, b.ValueHigh) &&
		a.PeriodStart == b.PeriodStart && a.PeriodEnd == b.PeriodEnd
}

// nullTime is t for a nullable column: NULL when t is zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
