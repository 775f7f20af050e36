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

// orgIndex is what a transaction knows of the organisations while it
// resolves words: every alias key with the organisations it names, and
// each organisation as figures name it. It is read once per transaction,
// on first use, and kept up to date by the transaction's own writes.
type orgIndex struct {
	keys map[string][]int64
	// exact holds every alias as written, case aside: when several
	// organisations share a key (two spellings that a migration made two
	// organisations of, "UNHCR" and "the UNHCR"), words that are one of
	// them verbatim still name that one, as they did before.
	exact    map[string][]int64
	refs     map[int64]domain.OrgRef
	resolved map[string]domain.Resolution // words → resolution, for imports of many rows
}

func (tx *Tx) orgIndex(ctx context.Context) (*orgIndex, error) {
	if tx.orgs != nil {
		return tx.orgs, nil
	}
	// On PostgreSQL, take the revision chain's lock first, which every
	// writer holds until it commits: an organisation or alias another
	// transaction is making is then committed before the index is read,
	// and two transactions cannot both make one for the same words.
	if tx.db.dialect == Postgres {
		if _, err := tx.lastRevisionHash(ctx); err != nil {
			return nil, err
		}
	}
	idx := &orgIndex{keys: map[string][]int64{}, exact: map[string][]int64{}, refs: map[int64]domain.OrgRef{}, resolved: map[string]domain.Resolution{}}
	var orgs []struct {
		ID      int64  `db:"id"`
		Slug    string `db:"slug"`
		Name    string `db:"name"`
		Acronym string `db:"acronym"`
	}
	// Aside here and below: organisations and aliases are never buffered
	// (batch.go).
	if err := tx.selectAside(ctx, &orgs, "SELECT id, slug, name, acronym FROM organizations WHERE merged_into IS NULL"); err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	for _, o := range orgs {
		idx.refs[o.ID] = domain.OrgRef{ID: o.ID, Slug: o.Slug, Name: o.Name, Acronym: o.Acronym}
	}
	var aliases []struct {
		Key   string `db:"key"`
		Alias string `db:"alias"`
		OrgID int64  `db:"organization_id"`
	}
	if err := tx.selectAside(ctx, &aliases, "SELECT key, alias, organization_id FROM organization_aliases ORDER BY id"); err != nil {
		return nil, fmt.Errorf("store: organisation aliases: %w", err)
	}
	for _, a := range aliases {
		if _, live := idx.refs[a.OrgID]; live {
			idx.add(a.Key, a.Alias, a.OrgID)
		}
	}
	tx.orgs = idx
	return idx, nil
}

func (idx *orgIndex) add(key, alias string, id int64) {
	if w := exactWords(alias); !slices.Contains(idx.exact[w], id) {
		idx.exact[w] = append(idx.exact[w], id)
		clear(idx.resolved)
	}
	if key != "" && !slices.Contains(idx.keys[key], id) {
		idx.keys[key] = append(idx.keys[key], id)
		clear(idx.resolved)
	}
}

// exactWords is words as orgIndex.exact holds them.
func exactWords(words string) string { return strings.ToLower(strings.TrimSpace(words)) }

func (idx *orgIndex) lookup(key string) []int64 { return idx.keys[key] }

// ResolveAttribution says which organisations words name, by their names,
// acronyms and aliases (domain.ResolveAttribution). Nothing is guessed:
// words whose key names several organisations name one of them only when
// they are, case aside, one of its aliases as written.
func (tx *Tx) ResolveAttribution(ctx context.Context, words string) (domain.Resolution, error) {
	idx, err := tx.orgIndex(ctx)
	if err != nil {
		return domain.Resolution{}, err
	}
	if r, ok := idx.resolved[words]; ok {
		return r, nil
	}
	r := domain.ResolveAttribution(words, idx.lookup)
	if exact := idx.exact[exactWords(words)]; r.Unresolved && len(exact) == 1 && slices.Contains(r.Candidates, exact[0]) {
		r = domain.Resolution{IDs: slices.Clone(exact)}
	}
	if len(idx.resolved) > 50_000 {
		clear(idx.resolved)
	}
	idx.resolved[words] = r
	return r, nil
}

// CreateMissingOrganizations makes this transaction create an
// organisation for words that name none (tracker import
// --create-organizations, the demo data), instead of refusing them.
func (tx *Tx) CreateMissingOrganizations() { tx.createOrgs = true }

// resolveOrgs fills f.Orgs. Orgs given by id are checked; given by name
// (the CSV's organizations column) each is found by its name, acronym or
// alias; with no Orgs, the attribution words are resolved. Words that name
// no organisation are refused with a problem naming the field, unless the
// transaction creates missing organisations.
func (tx *Tx) resolveOrgs(ctx context.Context, f *domain.Figure) error {
	idx, err := tx.orgIndex(ctx)
	if err != nil {
		return err
	}
	if len(f.Orgs) > 0 {
		refs := make([]domain.OrgRef, 0, len(f.Orgs))
		for _, o := range f.Orgs {
			var id int64
			switch {
			case o.ID != 0:
				if _, ok := idx.refs[o.ID]; !ok {
					return domain.FieldErrorf(domain.EINVALID, "organizations", "organisation %d does not exist or was merged into another", o.ID)
				}
				id = o.ID
			default:
				ids := idx.lookup(domain.OrgKey(o.Name))
				if exact := idx.exact[exactWords(o.Name)]; len(ids) > 1 && len(exact) == 1 && slices.Contains(ids, exact[0]) {
					ids = exact // the name as written is one of theirs ("UNHCR" beside "U.N.H.C.R.")
				}
				switch {
				case len(ids) == 1:
					id = ids[0]
				case len(ids) > 1:
					return domain.FieldErrorf(domain.EINVALID, "organizations", "%q names %d organisations (%s); use the name of one", o.Name, len(ids), idx.names(ids))
				case tx.createOrgs:
					if id, err = tx.createOrgFor(ctx, o.Name); err != nil {
						return err
					}
				default:
					return tx.unresolved(ctx, "organizations", o.Name)
				}
			}
			if !slices.ContainsFunc(refs, func(r domain.OrgRef) bool { return r.ID == id }) {
				refs = append(refs, idx.refs[id])
			}
		}
		f.Orgs = refs
		return nil
	}
	r, err := tx.ResolveAttribution(ctx, f.AttributedTo)
	if err != nil {
		return err
	}
	if r.Unresolved {
		if len(r.Candidates) > 1 {
			return tx.ambiguous("attributed_to", f.AttributedTo, r.Candidates)
		}
		if !tx.createOrgs {
			return tx.unresolved(ctx, "attributed_to", f.AttributedTo)
		}
		name := domain.OrgNameFrom(f.AttributedTo)
		id, err := tx.createOrgFor(ctx, name)
		if err != nil {
			return err
		}
		if err := tx.addAliasQuietly(ctx, id, f.AttributedTo); err != nil {
			return err
		}
		r = domain.Resolution{IDs: []int64{id}}
	}
	f.Orgs = make([]domain.OrgRef, len(r.IDs))
	for i, id := range r.IDs {
		f.Orgs[i] = idx.refs[id]
	}
	return nil
}

// resolvePublisher sets s.PublisherOrg from the words s.Publisher: one
// organisation, found as attribution words are. The words stay, as the
// public reads them ("Reuters (DT Next)").
func (tx *Tx) resolvePublisher(ctx context.Context, s *domain.Source) error {
	idx, err := tx.orgIndex(ctx)
	if err != nil {
		return err
	}
	if s.PublisherOrg.ID != 0 {
		ref, ok := idx.refs[s.PublisherOrg.ID]
		if !ok {
			return domain.FieldErrorf(domain.EINVALID, "source_publisher", "organisation %d does not exist or was merged into another", s.PublisherOrg.ID)
		}
		s.PublisherOrg = ref
		if strings.TrimSpace(s.Publisher) == "" {
			s.Publisher = ref.Name
		}
		return nil
	}
	words := strings.TrimSpace(s.Publisher)
	r, err := tx.ResolveAttribution(ctx, words)
	if err != nil {
		return err
	}
	if domain.NotStated(words) && domain.OrgKey(words) != "" {
		// A document has a publisher, even one its row could only describe
		// ("(not stated)"): the words are looked up as they are, and, when
		// organisations are created, make one, found again the next time.
		r = domain.Resolution{IDs: idx.lookup(domain.OrgKey(words))}
		if len(r.IDs) != 1 {
			r = domain.Resolution{Unresolved: true, Candidates: r.IDs}
		}
	}
	switch {
	case !r.Unresolved && len(r.IDs) == 1:
	case len(r.Candidates) > 1:
		return tx.ambiguous("source_publisher", words, r.Candidates)
	case len(r.IDs) > 1:
		return domain.FieldErrorf(domain.EINVALID, "source_publisher", "%q names %d organisations (%s); a document has one publisher", words, len(r.IDs), idx.names(r.IDs))
	case tx.createOrgs && domain.OrgKey(words) != "":
		name := domain.OrgNameFrom(words)
		id, err := tx.createOrgFor(ctx, name)
		if err != nil {
			return err
		}
		if err := tx.addAliasQuietly(ctx, id, words); err != nil {
			return err
		}
		r = domain.Resolution{IDs: []int64{id}}
	default:
		return tx.unresolved(ctx, "source_publisher", words)
	}
	s.PublisherOrg, s.Publisher = idx.refs[r.IDs[0]], words
	return nil
}

func (idx *orgIndex) names(ids []int64) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = idx.refs[id].Name
	}
	return strings.Join(names, ", ")
}

// ClosestOrganizations returns the n organisations most like words, best
// first: what staff choose from when words name none.
func (tx *Tx) ClosestOrganizations(ctx context.Context, words string, n int) ([]domain.Organization, error) {
	if tx.orgDir == nil {
		orgs, err := listOrganizations(ctx, tx.tx, true)
		if err != nil {
			return nil, err
		}
		tx.orgDir = domain.NewOrgIndex(orgs)
	}
	return tx.orgDir.Closest(words, n), nil
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

// maxOrgDepth bounds how far down the tree of parents orgIDsNamed looks:
// a government, its ministry, a department, an office.
const maxOrgDepth = 6

// orgIDsNamed returns the organisation that words name — by slug, or by
// name, acronym or alias as attribution words are resolved, a trailing
// bracketed remark aside — and, with children, the organisations under it.
// None when the words name no organisation or more than one.
func (db *DB) orgIDsNamed(ctx context.Context, words string, children bool) ([]int64, error) {
	keys := []any{domain.OrgKey(words)}
	if rest, ok := domain.StripRemark(words); ok {
		keys = append(keys, domain.OrgKey(rest))
	}
	var ids []int64
	err := db.selectAll(ctx, &ids, `SELECT DISTINCT o.id FROM organizations o WHERE o.merged_into IS NULL AND (o.slug = ?
		OR o.id IN (SELECT organization_id FROM organization_aliases WHERE key IN (?`+strings.Repeat(", ?", len(keys)-1)+`)))`,
		append([]any{strings.ToLower(strings.TrimSpace(words))}, keys...)...)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		// The slug of a merged organisation, from an address given out
		// before the merge: the organisation it was merged into (after as
		// many merges as there were).
		slug := strings.ToLower(strings.TrimSpace(words))
		for depth := 0; depth < maxOrgDepth; depth++ {
			var next []struct {
				ID     int64         `db:"id"`
				Merged sql.NullInt64 `db:"merged_into"`
			}
			if err := db.selectAll(ctx, &next, "SELECT id, merged_into FROM organizations WHERE slug = ?", slug); err != nil || len(next) != 1 {
				return nil, err
			}
			if !next[0].Merged.Valid {
				ids = []int64{next[0].ID}
				break
			}
			var target []string
			if err := db.selectAll(ctx, &target, "SELECT slug FROM organizations WHERE id = ?", next[0].Merged.Int64); err != nil || len(target) != 1 {
				return nil, err
			}
			slug = target[0]
		}
	}
	if len(ids) != 1 {
		return nil, nil
	}
	for level, depth := ids, 0; children && len(level) > 0 && depth < maxOrgDepth; depth++ {
		var next []int64
		in := "(?" + strings.Repeat(", ?", len(level)-1) + ")"
		args := make([]any, len(level))
		for i, id := range level {
			args[i] = id
		}
		if err := db.selectAll(ctx, &next, "SELECT id FROM organizations WHERE merged_into IS NULL AND parent_id IN "+in, args...); err != nil {
			return nil, err
		}
		next = slices.DeleteFunc(next, func(id int64) bool { return slices.Contains(ids, id) })
		ids = append(ids, next...)
		level = next
	}
	return ids, nil
}
