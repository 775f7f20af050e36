package store

// Resolution: which organisations words name, through the alias index a
// transaction reads once (orgIndex), for figures, sources and the API's
// attributed_to filter.

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

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
	idx, err := readOrgIndex(ctx, tx.selectAside)
	if err != nil {
		return nil, err
	}
	tx.orgs = idx
	return idx, nil
}

// readOrgIndex reads the organisations and their aliases with sel: a
// transaction's read (organisations and aliases are never buffered,
// batch.go) or, for a lookup outside any write, the pool's.
func readOrgIndex(ctx context.Context, sel func(ctx context.Context, dest any, query string, args ...any) error) (*orgIndex, error) {
	idx := &orgIndex{keys: map[string][]int64{}, exact: map[string][]int64{}, refs: map[int64]domain.OrgRef{}, resolved: map[string]domain.Resolution{}}
	var orgs []struct {
		ID      int64  `db:"id"`
		Slug    string `db:"slug"`
		Name    string `db:"name"`
		Acronym string `db:"acronym"`
	}
	if err := sel(ctx, &orgs, "SELECT id, slug, name, acronym FROM organizations WHERE merged_into IS NULL"); err != nil {
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
	if err := sel(ctx, &aliases, "SELECT key, alias, organization_id FROM organization_aliases ORDER BY id"); err != nil {
		return nil, fmt.Errorf("store: organisation aliases: %w", err)
	}
	for _, a := range aliases {
		if _, live := idx.refs[a.OrgID]; live {
			idx.add(a.Key, a.Alias, a.OrgID)
		}
	}
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
	return idx.resolve(words), nil
}

// resolve is ResolveAttribution against the index, remembered.
func (idx *orgIndex) resolve(words string) domain.Resolution {
	if r, ok := idx.resolved[words]; ok {
		return r
	}
	r := domain.ResolveAttribution(words, idx.lookup)
	if exact := idx.exact[exactWords(words)]; r.Unresolved && len(exact) == 1 && slices.Contains(r.Candidates, exact[0]) {
		r = domain.Resolution{IDs: slices.Clone(exact)}
	}
	if len(idx.resolved) > 50_000 {
		clear(idx.resolved)
	}
	idx.resolved[words] = r
	return r
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
