package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Four-eyes review of an organisation's record. An organisation that
// nothing published shows is edited directly, like a draft. A change to
// one the public sees (its name on a published figure, a citation of a
// source it published, or a public organisation under it) is a proposal:
// stored in organization_changes, shown as pending, and applied only when
// a reviewer other than the proposer approves it (domain.CheckApprover,
// as DecideMerge does). The approval applies it against the version it was
// proposed on: if the organisation changed since, the approval is refused
// with ECONFLICT and the proposal stays pending, for a reviewer to reject
// (with a note) and someone to propose again. Proposing and rejecting leave
// the organisation as it is, so they write no revision of it; applying a
// change (directly or on approval) writes one, as before.

// Kinds of organisation change.
const (
	OrgChangeUpdate      = "update"
	OrgChangeRemoveAlias = "remove_alias"
)

// OrgChange is a proposed change to an organisation's record, and its
// decision. Statuses are those of merges (MergeProposed, MergeApplied,
// MergeRejected).
type OrgChange struct {
	ID          int64
	Org         domain.OrgRef // the organisation as it is now
	BaseVersion int
	Kind        string
	// Proposed holds the proposed name, acronym, kind, country, parent and
	// website (kind update); Alias the alias to remove (remove_alias).
	Proposed     domain.Organization
	Alias        string
	Summary      string // what it changes, worded when proposed
	Status       string
	Reason       string
	ProposedBy   string
	ProposedAt   time.Time
	DecidedBy    string
	DecidedAt    time.Time // zero until decided
	DecisionNote string
}

// Entry is what the four-eyes rule reads of a change: its proposer entered
// it.
func (c OrgChange) Entry() domain.Entry {
	return domain.Entry{Kind: "change", Status: domain.StatusInReview, CreatedBy: c.ProposedBy, UpdatedBy: c.ProposedBy}
}

// orgProposal is organization_changes.proposed.
type orgProposal struct {
	Name     string `json:"name,omitempty"`
	Acronym  string `json:"acronym,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Country  string `json:"country,omitempty"`
	ParentID int64  `json:"parent_id,omitempty"`
	URL      string `json:"url,omitempty"`
	Alias    string `json:"alias,omitempty"`
	Summary  string `json:"summary,omitempty"`
}

type orgChangeRow struct {
	ID          int64        `db:"id"`
	OrgID       int64        `db:"organization_id"`
	OrgSlug     string       `db:"org_slug"`
	OrgName     string       `db:"org_name"`
	OrgAcr      string       `db:"org_acronym"`
	BaseVersion int          `db:"base_version"`
	Kind        string       `db:"kind"`
	Proposed    string       `db:"proposed"`
	Status      string       `db:"status"`
	Reason      string       `db:"reason"`
	ProposedBy  string       `db:"proposed_by"`
	ProposedAt  time.Time    `db:"proposed_at"`
	DecidedBy   string       `db:"decided_by"`
	DecidedAt   sql.NullTime `db:"decided_at"`
	Note        string       `db:"decision_note"`
}

const orgChangeQuery = `SELECT c.id, c.organization_id, o.slug AS org_slug, o.name AS org_name, o.acronym AS org_acronym,
	c.base_version, c.kind, c.proposed, c.status, c.reason, c.proposed_by, c.proposed_at, c.decided_by, c.decided_at, c.decision_note
	FROM organization_changes c JOIN organizations o ON o.id = c.organization_id`

func (r orgChangeRow) change() (OrgChange, error) {
	c := OrgChange{ID: r.ID, Org: domain.OrgRef{ID: r.OrgID, Slug: r.OrgSlug, Name: r.OrgName, Acronym: r.OrgAcr},
		BaseVersion: r.BaseVersion, Kind: r.Kind, Status: r.Status, Reason: r.Reason, ProposedBy: r.ProposedBy,
		ProposedAt: r.ProposedAt.UTC(), DecidedBy: r.DecidedBy, DecisionNote: r.Note}
	if r.DecidedAt.Valid {
		c.DecidedAt = r.DecidedAt.Time.UTC()
	}
	var p orgProposal
	if err := json.Unmarshal([]byte(r.Proposed), &p); err != nil {
		return c, fmt.Errorf("store: organisation change %d: %w", r.ID, err)
	}
	c.Proposed = domain.Organization{ID: r.OrgID, Slug: r.OrgSlug, Name: p.Name, Acronym: p.Acronym,
		Kind: domain.OrgKind(p.Kind), Country: p.Country, ParentID: p.ParentID, URL: p.URL}
	c.Alias, c.Summary = p.Alias, p.Summary
	return c, nil
}

// OrganizationChanges lists the changes in status ("" for all), newest
// first.
func (db *DB) OrganizationChanges(ctx context.Context, status string) ([]OrgChange, error) {
	var rows []orgChangeRow
	var err error
	if status == "" {
		err = db.selectAll(ctx, &rows, orgChangeQuery+" ORDER BY c.id DESC")
	} else {
		err = db.selectAll(ctx, &rows, orgChangeQuery+" WHERE c.status = ? ORDER BY c.id DESC", status)
	}
	if err != nil {
		return nil, fmt.Errorf("store: organisation changes: %w", err)
	}
	out := make([]OrgChange, len(rows))
	for i, r := range rows {
		if out[i], err = r.change(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// orgIsPublic says whether published data shows organisation id: a
// published figure attributed to it, a source it published cited by a
// published figure or event (the rule of publicOrgCounts), or the same of
// an organisation under it, since public pages name an organisation's
// parents.
func (tx *Tx) orgIsPublic(ctx context.Context, id int64) (bool, error) {
	ids, seen := []int64{id}, map[int64]bool{id: true}
	for next := ids; len(next) > 0; {
		var children []int64
		in := "(?" + strings.Repeat(", ?", len(next)-1) + ")"
		args := make([]any, len(next))
		for i, c := range next {
			args[i] = c
		}
		if err := tx.selectAside(ctx, &children, "SELECT id FROM organizations WHERE merged_into IS NULL AND parent_id IN "+in, args...); err != nil {
			return false, fmt.Errorf("store: organisations under %d: %w", id, err)
		}
		next = next[:0:0]
		for _, c := range children {
			if !seen[c] {
				seen[c] = true
				ids, next = append(ids, c), append(next, c)
			}
		}
	}
	in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
	args := make([]any, 0, 2*len(ids))
	for range 2 {
		for _, c := range ids {
			args = append(args, c)
		}
	}
	var n int
	err := tx.get(ctx, &n, `SELECT
		(SELECT count(*) FROM figure_orgs fo JOIN public_figures pf ON pf.id = fo.figure_id WHERE fo.organization_id IN `+in+`)
		+ (SELECT count(*) FROM sources s WHERE s.publisher_id IN `+in+`
			AND (EXISTS (SELECT 1 FROM public_figures pf WHERE pf.source_id = s.id)
				OR EXISTS (SELECT 1 FROM public_events pe WHERE pe.source_id = s.id)))`, args...)
	if err != nil {
		return false, fmt.Errorf("store: is organisation %d public: %w", id, err)
	}
	return n > 0, nil
}

// pendingOrgChange refuses a second proposal for one organisation while
// the first waits.
func (tx *Tx) pendingOrgChange(ctx context.Context, o domain.Organization) error {
	var rows []orgChangeRow
	if err := tx.selectAll(ctx, &rows, orgChangeQuery+" WHERE c.organization_id = ? AND c.status = 'proposed' ORDER BY c.id", o.ID); err != nil {
		return fmt.Errorf("store: changes of %s: %w", o.Name, err)
	}
	if len(rows) == 0 {
		return nil
	}
	c, err := rows[0].change()
	if err != nil {
		return err
	}
	return domain.Errorf(domain.ECONFLICT, "change %d to %s (%s), proposed by %s, is waiting for a second person; it must be decided first",
		c.ID, o.Name, c.Summary, c.ProposedBy)
}

// proposeOrgChange records a proposal of kind for o, at version.
func (tx *Tx) proposeOrgChange(ctx context.Context, o domain.Organization, version int, kind string, p orgProposal, reason string) (int64, error) {
	reason = strings.TrimSpace(reason)
	if err := checkTextLength("reason", reason, domain.MaxText); err != nil {
		return 0, err
	}
	if err := tx.pendingOrgChange(ctx, o); err != nil {
		return 0, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return 0, fmt.Errorf("store: organisation change: %w", err)
	}
	id, err := tx.insertIDAside(ctx, `INSERT INTO organization_changes (organization_id, base_version, kind, proposed, status, reason,
		proposed_by, proposed_at) VALUES (?, ?, ?, ?, 'proposed', ?, ?, ?)`, o.ID, version, kind, string(b), reason, tx.actor, tx.now)
	if err != nil {
		return 0, fmt.Errorf("store: propose a change to %s: %w", o.Name, err)
	}
	return id, nil
}

// ProposeOrgUpdate changes organisation o.ID's record as UpdateOrganization
// does, at once when nothing published shows it (applied is true);
// otherwise it checks the change as UpdateOrganization would (a bad one is
// refused now) and records it for a second person (DecideOrgChange),
// returning its id.
func (tx *Tx) ProposeOrgUpdate(ctx context.Context, o domain.Organization, version int, reason string) (applied bool, changeID int64, err error) {
	if _, err := tx.actorAtLeast(ctx, domain.RoleEditor, "changing an organisation"); err != nil {
		return false, 0, err
	}
	public, err := tx.orgIsPublic(ctx, o.ID)
	if err != nil {
		return false, 0, err
	}
	if !public {
		_, err := tx.updateOrganization(ctx, o, version, strings.TrimSpace(reason))
		return err == nil, 0, err
	}
	next, stored, idx, err := tx.checkOrgUpdate(ctx, o, version)
	if err != nil {
		return false, 0, err
	}
	parentName := func(id int64) string {
		if id == 0 {
			return "none"
		}
		if ref, ok := idx.refs[id]; ok {
			return ref.Name
		}
		return "#" + strconv.FormatInt(id, 10)
	}
	p := orgProposal{Name: next.Name, Acronym: next.Acronym, Kind: string(next.Kind), Country: next.Country,
		ParentID: next.ParentID, URL: next.URL, Summary: orgChanges(stored, next, parentName)}
	id, err := tx.proposeOrgChange(ctx, stored, version, OrgChangeUpdate, p, reason)
	return false, id, err
}

// ProposeAliasRemoval removes alias of organisation id as RemoveAlias
// does, at once when nothing published shows it; otherwise it checks the
// removal and records it for a second person.
func (tx *Tx) ProposeAliasRemoval(ctx context.Context, id int64, alias, reason string) (applied bool, changeID int64, err error) {
	if _, err := tx.actorAtLeast(ctx, domain.RoleEditor, "removing an alias"); err != nil {
		return false, 0, err
	}
	public, err := tx.orgIsPublic(ctx, id)
	if err != nil {
		return false, 0, err
	}
	if !public {
		err := tx.removeAlias(ctx, id, alias, strings.TrimSpace(reason))
		return err == nil, 0, err
	}
	o, alias, err := tx.checkAliasRemoval(ctx, id, alias)
	if err != nil {
		return false, 0, err
	}
	p := orgProposal{Alias: alias, Summary: fmt.Sprintf("remove the alias %q", alias)}
	cid, err := tx.proposeOrgChange(ctx, o, o.Version, OrgChangeRemoveAlias, p, reason)
	return false, cid, err
}

// DecideOrgChange approves or rejects change id. Approval needs a reviewer
// who did not propose it (domain.CheckApprover with the proposer as the
// entry's author) and applies the change in this transaction, against the
// version it was proposed on: if the organisation changed since, it is
// refused with ECONFLICT and the change stays pending (reject it). A
// rejection records note, which it requires.
func (tx *Tx) DecideOrgChange(ctx context.Context, id int64, approve bool, note string) error {
	actor, err := tx.actorAtLeast(ctx, domain.RoleReviewer, "deciding a change to an organisation")
	if err != nil {
		return err
	}
	var row orgChangeRow
	if err := tx.get(ctx, &row, orgChangeQuery+" WHERE c.id = ?", id); err != nil {
		return notFound(err, "no organisation change %d", id)
	}
	c, err := row.change()
	if err != nil {
		return err
	}
	if c.Status != MergeProposed {
		return domain.Errorf(domain.ECONFLICT, "the change to %s was %s already", c.Org.Name, c.Status)
	}
	if err := tx.decideProposal(ctx, "organization_changes", id, c.Entry(), actor, approve, note,
		"say why the change is not made", "the change to "+c.Org.Name); err != nil {
		return err
	}
	if !approve {
		return nil
	}
	stored, err := tx.liveOrg(ctx, c.Org.ID)
	if err != nil {
		return err
	}
	if stored.Version != c.BaseVersion {
		return domain.Errorf(domain.ECONFLICT, "%s was changed after this change was proposed (version %d, not %d); reject it, and propose it again if it still holds",
			stored.Name, stored.Version, c.BaseVersion)
	}
	why := "approved by " + tx.actor + " (proposed by " + c.ProposedBy
	if c.Reason != "" {
		why += ": " + c.Reason
	}
	why += ")"
	switch c.Kind {
	case OrgChangeUpdate:
		_, err = tx.updateOrganization(ctx, c.Proposed, c.BaseVersion, why)
	case OrgChangeRemoveAlias:
		err = tx.removeAlias(ctx, c.Org.ID, c.Alias, why)
	default:
		err = fmt.Errorf("store: organisation change %d: unknown kind %q", id, c.Kind)
	}
	return err
}
