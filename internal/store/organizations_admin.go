package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// What staff do to organisations once they exist: list them with their
// counts, rename them, set their parent, remove an alias; merges are in
// organizations_merges.go. Every change is a revision of the organisation.

// reservedOrgSlugs are the staff pages beside /staff/organisations/:slug,
// which no organisation's slug may hide (freeOrgSlug skips them).
var reservedOrgSlugs = map[string]bool{"new": true, "merges": true}

// OrgSummary is an organisation with what is attributed to it, for the
// staff list.
type OrgSummary struct {
	domain.Organization
	Figures          int    // figures attributed to it, in any status
	PublishedFigures int    // of which published
	Sources          int    // sources it published
	AliasCount       int    // its spellings, name and acronym included
	Children         int    // organisations whose parent it is
	MergedIntoName   string // the name of the organisation it was merged into
}

// OrganizationSummaries returns every organisation by name with its
// aliases and counts; merged ones are listed too, with MergedInto set.
func (db *DB) OrganizationSummaries(ctx context.Context) ([]OrgSummary, error) {
	var rows []struct {
		orgRow
		Figures   int    `db:"figures"`
		Published int    `db:"published"`
		Sources   int    `db:"sources"`
		Aliases   int    `db:"aliases"`
		Children  int    `db:"children"`
		Into      string `db:"into_name"`
	}
	err := db.selectAll(ctx, &rows, "SELECT "+orgColumnsOf("o")+`,
		(SELECT count(*) FROM figure_orgs fo WHERE fo.organization_id = o.id) AS figures,
		(SELECT count(*) FROM figure_orgs fo JOIN figures f ON f.id = fo.figure_id
			WHERE fo.organization_id = o.id AND f.status = 'published') AS published,
		(SELECT count(*) FROM sources s WHERE s.publisher_id = o.id) AS sources,
		(SELECT count(*) FROM organization_aliases a WHERE a.organization_id = o.id) AS aliases,
		(SELECT count(*) FROM organizations c WHERE c.parent_id = o.id AND c.merged_into IS NULL) AS children,
		coalesce((SELECT m.name FROM organizations m WHERE m.id = o.merged_into), '') AS into_name
		FROM organizations o ORDER BY o.name, o.id`)
	if err != nil {
		return nil, fmt.Errorf("store: organisation summaries: %w", err)
	}
	out := make([]OrgSummary, len(rows))
	for i, r := range rows {
		out[i] = OrgSummary{Organization: r.orgRow.domain(), Figures: r.Figures, PublishedFigures: r.Published,
			Sources: r.Sources, AliasCount: r.Aliases, Children: r.Children, MergedIntoName: r.Into}
	}
	var aliases []struct {
		OrgID int64  `db:"organization_id"`
		Alias string `db:"alias"`
	}
	if err := db.selectAll(ctx, &aliases, "SELECT organization_id, alias FROM organization_aliases ORDER BY id"); err != nil {
		return nil, fmt.Errorf("store: organisation aliases: %w", err)
	}
	at := make(map[int64]int, len(out))
	for i, o := range out {
		at[o.ID] = i
	}
	for _, a := range aliases {
		if i, ok := at[a.OrgID]; ok {
			out[i].Aliases = append(out[i].Aliases, a.Alias)
		}
	}
	return out, nil
}

// liveOrg reads organisation id in the transaction; a merged one is a
// conflict, since its figures and aliases now belong to another.
func (tx *Tx) liveOrg(ctx context.Context, id int64) (domain.Organization, error) {
	o, err := organization(ctx, tx.tx, "id = ?", id)
	if err != nil {
		return o, err
	}
	if o.MergedInto != 0 {
		into, _ := organization(ctx, tx.tx, "id = ?", o.MergedInto)
		return o, domain.Errorf(domain.ECONFLICT, "%s was merged into %s; change that one instead", o.Name, into.Name)
	}
	return o, nil
}

// UpdateOrganization changes organisation o.ID's name, acronym, kind,
// country, parent and website, as read at version (a later change is
// ECONFLICT). Its slug stays, so that links hold. The old name and
// acronym stay aliases, so that files naming it the old way still
// resolve; the new ones become aliases. A name or acronym that names
// another organisation, and a parent that would put the organisation
// under itself, are refused on the field.
func (tx *Tx) UpdateOrganization(ctx context.Context, o domain.Organization, version int) (domain.Organization, error) {
	return tx.updateOrganization(ctx, o, version, "")
}

// checkOrgUpdate runs UpdateOrganization's checks on o without writing,
// and returns o tidied, the organisation as stored and the alias index.
func (tx *Tx) checkOrgUpdate(ctx context.Context, o domain.Organization, version int) (domain.Organization, domain.Organization, *orgIndex, error) {
	stored, err := tx.liveOrg(ctx, o.ID)
	if err != nil {
		return o, stored, nil, err
	}
	if stored.Version != version {
		return o, stored, nil, domain.Errorf(domain.ECONFLICT, "%s was changed after you opened it (version %d, not %d); reload it and make your change again",
			stored.Name, stored.Version, version)
	}
	o.Name, o.Acronym, o.URL, o.Country = strings.TrimSpace(o.Name), strings.TrimSpace(o.Acronym), strings.TrimSpace(o.URL), strings.ToUpper(strings.TrimSpace(o.Country))
	o.Slug, o.MergedInto, o.Aliases = stored.Slug, 0, nil
	if err := o.Validate(); err != nil {
		return o, stored, nil, err
	}
	idx, err := tx.orgIndex(ctx)
	if err != nil {
		return o, stored, nil, err
	}
	for _, fw := range [][2]string{{"name", o.Name}, {"acronym", o.Acronym}} {
		if fw[1] == "" {
			continue
		}
		if others := slices.DeleteFunc(slices.Clone(idx.lookup(domain.OrgKey(fw[1]))), func(id int64) bool { return id == o.ID }); len(others) > 0 {
			return o, stored, nil, domain.FieldErrorf(domain.ECONFLICT, fw[0], "%q already names %s", fw[1], idx.names(others))
		}
	}
	if err := tx.checkParent(ctx, o.ID, o.ParentID); err != nil {
		return o, stored, nil, err
	}
	return o, stored, idx, nil
}

// updateOrganization is UpdateOrganization; a note is added to its
// revision's reason (who approved it, and why it was proposed).
func (tx *Tx) updateOrganization(ctx context.Context, o domain.Organization, version int, note string) (domain.Organization, error) {
	o, stored, idx, err := tx.checkOrgUpdate(ctx, o, version)
	if err != nil {
		return o, err
	}
	var parent any
	if o.ParentID != 0 {
		parent = o.ParentID
	}
	if _, err := tx.execAside(ctx, `UPDATE organizations SET name = ?, acronym = ?, kind = ?, url = ?, country = ?, parent_id = ?,
		updated_at = ? WHERE id = ?`, o.Name, o.Acronym, string(o.Kind), o.URL, o.Country, parent, tx.now, o.ID); err != nil {
		return o, fmt.Errorf("store: organisation %d: %w", o.ID, err)
	}
	idx.refs[o.ID] = o.Ref()
	tx.orgDir = nil
	for _, w := range []string{stored.Name, stored.Acronym, o.Name, o.Acronym} {
		if w != "" {
			if err := tx.insertAlias(ctx, idx, o.ID, w); err != nil {
				return o, err
			}
		}
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
	reason := orgChanges(stored, o, parentName)
	if note != "" {
		reason = note + ": " + reason
	}
	if err := tx.reviseOrg(ctx, o.ID, domain.ActionUpdate, reason); err != nil {
		return o, err
	}
	// Sources keep their publisher's words and its id: a rename changes
	// neither, and leaves them no revision to record.
	return organization(ctx, tx.tx, "id = ?", o.ID)
}

// orgChanges says what an update changed, for its revision's reason;
// parents are named by parentName.
func orgChanges(was, is domain.Organization, parentName func(int64) string) string {
	var out []string
	add := func(field, a, b string) {
		if a != b {
			out = append(out, fmt.Sprintf("%s %q → %q", field, a, b))
		}
	}
	add("name", was.Name, is.Name)
	add("acronym", was.Acronym, is.Acronym)
	add("kind", string(was.Kind), string(is.Kind))
	add("country", was.Country, is.Country)
	add("website", was.URL, is.URL)
	if was.ParentID != is.ParentID {
		add("parent", parentName(was.ParentID), parentName(is.ParentID))
	}
	if len(out) == 0 {
		return "saved unchanged"
	}
	return strings.Join(out, "; ")
}

// checkParent refuses a parent that does not exist, was merged, or would
// put organisation id under itself.
func (tx *Tx) checkParent(ctx context.Context, id, parent int64) error {
	if parent == 0 {
		return nil
	}
	if parent == id {
		return domain.FieldErrorf(domain.EINVALID, "parent", "cannot be the organisation itself")
	}
	seen := map[int64]bool{}
	for at := parent; at != 0; {
		if at == id {
			return domain.FieldErrorf(domain.EINVALID, "parent", "would put the organisation under itself: it is already above that one")
		}
		if seen[at] {
			break // a cycle already stored; it does not pass through id
		}
		seen[at] = true
		o, err := organization(ctx, tx.tx, "id = ?", at)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			return domain.FieldErrorf(domain.EINVALID, "parent", "organisation %d does not exist", at)
		}
		if err != nil {
			return err
		}
		if at == parent && o.MergedInto != 0 {
			return domain.FieldErrorf(domain.EINVALID, "parent", "%s was merged into another organisation; choose that one", o.Name)
		}
		at = o.ParentID
	}
	return nil
}

// RemoveAlias removes one spelling of organisation id: the words no longer
// resolve to it. Its name and acronym cannot be removed (rename it first).
// Figures keep their organisations: only words read from now on are
// affected.
func (tx *Tx) RemoveAlias(ctx context.Context, id int64, alias string) error {
	return tx.removeAlias(ctx, id, alias, "")
}

// checkAliasRemoval runs RemoveAlias's checks without writing, and returns
// the alias trimmed.
func (tx *Tx) checkAliasRemoval(ctx context.Context, id int64, alias string) (domain.Organization, string, error) {
	o, err := tx.liveOrg(ctx, id)
	if err != nil {
		return o, alias, err
	}
	alias = strings.TrimSpace(alias)
	if !slices.Contains(o.Aliases, alias) {
		return o, alias, domain.FieldErrorf(domain.EINVALID, "alias", "%q is not an alias of %s", alias, o.Name)
	}
	for _, w := range []string{o.Name, o.Acronym} {
		if w != "" && domain.OrgKey(w) == domain.OrgKey(alias) {
			left := slices.DeleteFunc(slices.Clone(o.Aliases), func(a string) bool { return a == alias })
			if !slices.ContainsFunc(left, func(a string) bool { return domain.OrgKey(a) == domain.OrgKey(w) }) {
				return o, alias, domain.FieldErrorf(domain.EINVALID, "alias", "%q is how the organisation's name or acronym resolves; rename the organisation instead", alias)
			}
		}
	}
	return o, alias, nil
}

// removeAlias is RemoveAlias; a note is added to its revision's reason.
func (tx *Tx) removeAlias(ctx context.Context, id int64, alias, note string) error {
	_, alias, err := tx.checkAliasRemoval(ctx, id, alias)
	if err != nil {
		return err
	}
	if _, err := tx.execAside(ctx, "DELETE FROM organization_aliases WHERE organization_id = ? AND alias = ?", id, alias); err != nil {
		return fmt.Errorf("store: remove alias %q: %w", alias, err)
	}
	tx.orgs, tx.orgDir = nil, nil // read again on next use
	reason := "alias removed: " + alias
	if note != "" {
		reason = note + ": " + reason
	}
	return tx.reviseOrg(ctx, id, domain.ActionUpdate, reason)
}

// reviseSources bumps the version of each source and records a revision of
// it as it now stands: after a merge moved them to another publisher,
// their snapshots' publisher_id changed.
func (tx *Tx) reviseSources(ctx context.Context, ids []int64, reason string) error {
	for _, sid := range ids {
		if _, err := tx.exec(ctx, "UPDATE sources SET version = version + 1, updated_at = ? WHERE id = ?", tx.now, sid); err != nil {
			return fmt.Errorf("store: source %d: %w", sid, err)
		}
		var row sourceRow
		if err := tx.get(ctx, &row, "SELECT "+sourceColumns+" FROM sources s JOIN organizations p ON p.id = s.publisher_id WHERE s.id = ?", sid); err != nil {
			return fmt.Errorf("store: source %d: %w", sid, err)
		}
		s, err := row.domain()
		if err != nil {
			return err
		}
		tx.bulk().changedSource(s.URL)
		delete(tx.sources, s.URL)
		if err := tx.appendRevision(ctx, "source", strconv.FormatInt(sid, 10), row.Version, domain.ActionUpdate, reason, snapshotSource(s, row.Version)); err != nil {
			return err
		}
	}
	if len(ids) > 0 {
		return tx.bumpDatasetVersion(ctx) // citations name the publisher
	}
	return nil
}
