package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/jmoiron/sqlx"
)

// orgSnapshot is what a revision records of an organisation.
type orgSnapshot struct {
	ID         int64    `json:"id" db:"id"`
	Slug       string   `json:"slug" db:"slug"`
	Name       string   `json:"name" db:"name"`
	Acronym    string   `json:"acronym" db:"acronym"`
	Kind       string   `json:"kind" db:"kind"`
	URL        string   `json:"url" db:"url"`
	Country    string   `json:"country" db:"country"`
	ParentID   int64    `json:"parent_id" db:"parent_id"`
	MergedInto int64    `json:"merged_into" db:"merged_into"`
	Aliases    []string `json:"aliases" db:"-"`
	Version    int      `json:"version" db:"version"`
}

func snapshotOrg(o domain.Organization) orgSnapshot {
	aliases := slices.Clone(o.Aliases)
	slices.Sort(aliases)
	if aliases == nil {
		aliases = []string{}
	}
	return orgSnapshot{ID: o.ID, Slug: o.Slug, Name: o.Name, Acronym: o.Acronym, Kind: string(o.Kind), URL: o.URL,
		Country: o.Country, ParentID: o.ParentID, MergedInto: o.MergedInto, Aliases: aliases, Version: o.Version}
}

// orgColumns are read into orgRow.
var orgColumns = orgColumnsOf("organizations")

// orgColumnsOf are orgColumns of the organizations table named t.
func orgColumnsOf(t string) string {
	return t + ".id, " + t + ".slug, " + t + ".name, " + t + ".acronym, " + t + ".kind, " + t + ".url, " + t +
		".country, coalesce(" + t + ".parent_id, 0) AS parent_id, coalesce(" + t + ".merged_into, 0) AS merged_into, " + t + ".version"
}

type orgRow struct {
	ID         int64  `db:"id"`
	Slug       string `db:"slug"`
	Name       string `db:"name"`
	Acronym    string `db:"acronym"`
	Kind       string `db:"kind"`
	URL        string `db:"url"`
	Country    string `db:"country"`
	ParentID   int64  `db:"parent_id"`
	MergedInto int64  `db:"merged_into"`
	Version    int    `db:"version"`
}

func (r orgRow) domain() domain.Organization {
	return domain.Organization{ID: r.ID, Slug: r.Slug, Name: r.Name, Acronym: r.Acronym, Kind: domain.OrgKind(r.Kind),
		URL: r.URL, Country: r.Country, ParentID: r.ParentID, MergedInto: r.MergedInto, Version: r.Version}
}

// createOrgFor creates an organisation called name (kind other) for words
// that named none, in a transaction that creates missing organisations.
func (tx *Tx) createOrgFor(ctx context.Context, name string) (int64, error) {
	o, err := tx.CreateOrganization(ctx, domain.Organization{Name: strings.TrimSpace(name), Kind: domain.OrgOther})
	if err != nil {
		return 0, err
	}
	tx.createdOrgs = append(tx.createdOrgs, o.Ref())
	return o.ID, nil
}

// CreateOrganization adds an organisation; its name, acronym and aliases
// all resolve to it from now on. A name or alias that already names
// another organisation is refused (ECONFLICT on the field).
func (tx *Tx) CreateOrganization(ctx context.Context, o domain.Organization) (domain.Organization, error) {
	o.ID, o.MergedInto, o.Version = 0, 0, 1
	if o.Kind == "" {
		o.Kind = domain.OrgOther
	}
	if err := o.Validate(); err != nil {
		return o, err
	}
	idx, err := tx.orgIndex(ctx)
	if err != nil {
		return o, err
	}
	for field, w := range map[string]string{"name": o.Name, "acronym": o.Acronym} {
		if ids := idx.lookup(domain.OrgKey(w)); w != "" && len(ids) > 0 {
			return o, domain.FieldErrorf(domain.ECONFLICT, field, "%q already names %s", w, idx.names(ids))
		}
	}
	if o.ParentID != 0 {
		if _, ok := idx.refs[o.ParentID]; !ok {
			return o, domain.FieldErrorf(domain.EINVALID, "parent", "organisation %d does not exist", o.ParentID)
		}
	}
	o.Slug, err = tx.freeOrgSlug(ctx, domain.Slugify(o.Name))
	if err != nil {
		return o, err
	}
	var parent any
	if o.ParentID != 0 {
		parent = o.ParentID
	}
	o.ID, err = tx.insertIDAside(ctx, `INSERT INTO organizations (slug, name, acronym, kind, url, country, parent_id, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`, o.Slug, o.Name, o.Acronym, string(o.Kind), o.URL, o.Country, parent, tx.now, tx.now)
	if err != nil {
		return o, fmt.Errorf("store: create organisation %q: %w", o.Name, err)
	}
	idx.refs[o.ID] = o.Ref()
	tx.orgDir = nil
	words := append([]string{o.Name, o.Acronym}, o.Aliases...)
	o.Aliases = nil
	for _, w := range words {
		if strings.TrimSpace(w) == "" || slices.Contains(o.Aliases, w) {
			continue
		}
		if err := tx.insertAlias(ctx, idx, o.ID, w); err != nil {
			return o, err
		}
		o.Aliases = append(o.Aliases, w)
	}
	return o, tx.appendRevision(ctx, "organization", strconv.FormatInt(o.ID, 10), 1, domain.ActionCreate, "", snapshotOrg(o))
}

// insertAlias records words as an alias of organisation id; words whose key
// names another organisation are refused.
func (tx *Tx) insertAlias(ctx context.Context, idx *orgIndex, id int64, words string) error {
	words = strings.TrimSpace(words)
	key := domain.OrgKey(words)
	if key == "" {
		return domain.FieldErrorf(domain.EINVALID, "alias", "%q has no letters or digits to match", words)
	}
	if n := utf8.RuneCountInString(words); n > domain.MaxLine {
		return domain.FieldErrorf(domain.EINVALID, "alias", "is %d characters long; the limit is %d", n, domain.MaxLine)
	}
	// Words whose key names another organisation are refused — unless the
	// key names this one too (two organisations from before aliases, such
	// as "UNHCR" and "U.N.H.C.R."): then the words, as written, say which
	// of them they mean, and resolve to it (orgIndex.exact).
	if owners := idx.lookup(key); !slices.Contains(owners, id) {
		for _, other := range owners {
			return domain.FieldErrorf(domain.ECONFLICT, "alias", "%q already names %s", words, idx.refs[other].Name)
		}
	}
	var n int
	if err := tx.getAside(ctx, &n, "SELECT count(*) FROM organization_aliases WHERE organization_id = ? AND alias = ?", id, words); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.execAside(ctx, `INSERT INTO organization_aliases (organization_id, alias, key, created_by, created_at)
		VALUES (?, ?, ?, ?, ?)`, id, words, key, tx.actor, tx.now); err != nil {
		return fmt.Errorf("store: alias %q: %w", words, err)
	}
	idx.add(key, words, id)
	return nil
}

// addAliasQuietly records words as an alias of a just-created organisation
// (its creation's revision lists the aliases it had; this one is implied
// by the words of the row that created it).
func (tx *Tx) addAliasQuietly(ctx context.Context, id int64, words string) error {
	idx, err := tx.orgIndex(ctx)
	if err != nil {
		return err
	}
	if ids := idx.lookup(domain.OrgKey(words)); slices.Contains(ids, id) {
		return nil
	}
	return tx.AddAlias(ctx, id, words)
}

// AddAlias records words as another spelling of organisation id, with a
// revision: from now on the words resolve to it without a question.
func (tx *Tx) AddAlias(ctx context.Context, id int64, words string) error {
	idx, err := tx.orgIndex(ctx)
	if err != nil {
		return err
	}
	if _, ok := idx.refs[id]; !ok {
		return domain.Errorf(domain.ENOTFOUND, "no organisation %d (or it was merged into another)", id)
	}
	if err := tx.insertAlias(ctx, idx, id, words); err != nil {
		return err
	}
	tx.orgDir = nil
	return tx.reviseOrg(ctx, id, domain.ActionUpdate, "alias added: "+strings.TrimSpace(words))
}

// reviseOrg bumps organisation id's version and appends a revision of it
// as it now stands.
func (tx *Tx) reviseOrg(ctx context.Context, id int64, action domain.Action, reason string) error {
	if _, err := tx.execAside(ctx, "UPDATE organizations SET version = version + 1, updated_at = ? WHERE id = ?", tx.now, id); err != nil {
		return fmt.Errorf("store: organisation %d: %w", id, err)
	}
	o, err := organization(ctx, tx.tx, "id = ?", id)
	if err != nil {
		return err
	}
	if err := tx.appendRevision(ctx, "organization", strconv.FormatInt(id, 10), o.Version, action, reason, snapshotOrg(o)); err != nil {
		return err
	}
	return tx.bumpDatasetVersion(ctx) // names, links and colours of public pages may change
}

// organization reads one organisation, with its aliases.
func organization(ctx context.Context, q sqlx.ExtContext, where string, arg any) (domain.Organization, error) {
	var row orgRow
	if err := on(q).get(ctx, &row, "SELECT "+orgColumns+" FROM organizations WHERE "+where, arg); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Organization{}, domain.Errorf(domain.ENOTFOUND, "no organisation %v", arg)
		}
		return domain.Organization{}, fmt.Errorf("store: organisation %v: %w", arg, err)
	}
	o := row.domain()
	if err := on(q).selectAll(ctx, &o.Aliases, "SELECT alias FROM organization_aliases WHERE organization_id = ? ORDER BY id", o.ID); err != nil {
		return o, fmt.Errorf("store: aliases of %s: %w", o.Slug, err)
	}
	return o, nil
}

// listOrganizations reads every organisation with its aliases; with live,
// only those not merged into another.
func listOrganizations(ctx context.Context, q sqlx.ExtContext, live bool) ([]domain.Organization, error) {
	where := ""
	if live {
		where = " WHERE merged_into IS NULL"
	}
	var rows []orgRow
	if err := on(q).selectAll(ctx, &rows, "SELECT "+orgColumns+" FROM organizations"+where+" ORDER BY name, id"); err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	var aliases []struct {
		OrgID int64  `db:"organization_id"`
		Alias string `db:"alias"`
	}
	if err := on(q).selectAll(ctx, &aliases, "SELECT organization_id, alias FROM organization_aliases ORDER BY id"); err != nil {
		return nil, fmt.Errorf("store: organisation aliases: %w", err)
	}
	at := make(map[int64]int, len(rows))
	out := make([]domain.Organization, len(rows))
	for i, r := range rows {
		out[i], at[r.ID] = r.domain(), i
	}
	for _, a := range aliases {
		if i, ok := at[a.OrgID]; ok {
			out[i].Aliases = append(out[i].Aliases, a.Alias)
		}
	}
	return out, nil
}

// Organizations returns every organisation, merged ones included, by name.
func (db *DB) Organizations(ctx context.Context) ([]domain.Organization, error) {
	return listOrganizations(ctx, db.read, false)
}

// Organization returns one organisation by slug, with its aliases.
func (db *DB) Organization(ctx context.Context, slug string) (domain.Organization, error) {
	return organization(ctx, db.read, "slug = ?", slug)
}

// freeOrgSlug returns base, or base-2, base-3, … when base is taken.
func (tx *Tx) freeOrgSlug(ctx context.Context, base string) (string, error) {
	if base == "" {
		base = "organisation"
	}
	slug := base
	for i := 2; ; i++ {
		var n int
		if err := tx.getAside(ctx, &n, "SELECT count(*) FROM organizations WHERE slug = ?", slug); err != nil {
			return "", err
		}
		if n == 0 && !reservedOrgSlugs[slug] {
			return slug, nil
		}
		slug = base + "-" + strconv.Itoa(i)
	}
}

// fillAliasKeys computes the key of every alias that has none: the
// aliases migration 0008 made of the organisations' names, whose keys
// (domain.OrgKey) only Go can compute; and it takes the organisation off
// figures whose words name nobody. It runs in the migration's
// transaction.
func fillAliasKeys(ctx context.Context, q sqlx.ExtContext) error {
	var rows []struct {
		ID    int64  `db:"id"`
		Alias string `db:"alias"`
	}
	if err := on(q).selectAll(ctx, &rows, "SELECT id, alias FROM organization_aliases WHERE key = ''"); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := on(q).exec(ctx, "UPDATE organization_aliases SET key = ? WHERE id = ?", domain.OrgKey(r.Alias), r.ID); err != nil {
			return err
		}
	}
	// Release 7 made an organisation even of words that name nobody
	// ("(not stated)"); a figure attributed so now names no organisation,
	// as one entered today does (its words stay).
	var orgs []struct {
		ID   int64  `db:"id"`
		Name string `db:"name"`
	}
	if err := on(q).selectAll(ctx, &orgs, "SELECT id, name FROM organizations"); err != nil {
		return err
	}
	for _, o := range orgs {
		if !domain.NotStated(o.Name) {
			continue
		}
		for _, t := range []string{"figure_orgs", "figure_edit_orgs"} {
			if _, err := on(q).exec(ctx, "DELETE FROM "+t+" WHERE organization_id = ?", o.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// orgRefs decodes the org_refs column of the figure views: each
// organisation's id, slug, name and acronym separated by U+001F, the
// organisations by U+001E.
func orgRefs(packed string) ([]domain.OrgRef, error) {
	if packed == "" {
		return nil, nil
	}
	parts := strings.Split(packed, "\x1e")
	refs := make([]domain.OrgRef, len(parts))
	for i, p := range parts {
		f := strings.Split(p, "\x1f")
		if len(f) != 4 {
			return nil, fmt.Errorf("store: organisations %q: %d fields, not 4", p, len(f))
		}
		id, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("store: organisation id %q: %w", f[0], err)
		}
		refs[i] = domain.OrgRef{ID: id, Slug: f[1], Name: f[2], Acronym: f[3]}
	}
	return refs, nil
}
