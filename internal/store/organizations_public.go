package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The public side of organisations: /organisations and its API. An
// organisation is public when published data shows it — a published figure
// is attributed to it, or a published figure or event cites a document it
// published — or when it is the parent (at any depth) of one that is. Its
// public face is made of published rows only, so a draft never reaches it:
//
//   - the figures are public_figures joined to figure_orgs (the published
//     attribution; a pending edit's organisations are in figure_edit_orgs);
//   - the sources are those publicSources admits;
//   - the aliases ("Also written as") are the organisation's aliases whose
//     key (domain.OrgKey) is the key of the words of a published figure
//     attributed to it, each written as that figure wrote it, and neither
//     its name nor its acronym. An alias that only a draft, a pending edit
//     or a staff member's mapping used is not shown: its words may come
//     from a document nobody has checked yet.

// PublicOrg is an organisation as the public list shows it, with what
// published data holds of it.
type PublicOrg struct {
	Org         domain.Organization // no aliases
	Parent      domain.OrgRef       // zero when none
	FigureCount int                 // published figures attributed to it
	SourceCount int                 // documents it published that published data cites
	SeriesCount int                 // series with a published figure attributed to it
}

// PublicOrgPage is one organisation's public page.
type PublicOrgPage struct {
	PublicOrg
	// Aliases are the words published figures used for it, besides its name
	// and acronym (the rule above).
	Aliases  []string
	Children []domain.OrgRef // public ones, by name
	// Figures attributed to it, by series title then date; at most
	// maxOrgFigures (FigureCount counts them all).
	Figures []SourceFigure
	// Sources it published that published data cites, newest first; at
	// most maxOrgSources.
	Sources []domain.Source
	// Series with a published figure attributed to it or read in a document
	// it published, by title.
	Series []domain.Series
}

// Bounds of one organisation's page; the API's figure filter
// (attributed_to) lists every figure.
const (
	maxOrgFigures = 1000
	maxOrgSources = 500
)

// publicOrgCounts reads, for every organisation published data shows (of
// ids only, when ids are given), its counts; the keys are the public
// organisations before their ancestors are added.
func (db *DB) publicOrgCounts(ctx context.Context, ids ...int64) (map[int64]*PublicOrg, error) {
	attributedTo, publishedBy, sources := "", "", publicSources
	var args []any
	if len(ids) > 0 {
		in := "(?" + strings.Repeat(", ?", len(ids)-1) + ")"
		attributedTo, publishedBy = " WHERE fo.organization_id IN "+in, "s.publisher_id IN "+in+" AND "
		// One organisation's documents: each looked up by its figures and
		// events, not every public document listed first.
		sources = `(EXISTS (SELECT 1 FROM public_figures pf WHERE pf.source_id = s.id)
			OR EXISTS (SELECT 1 FROM public_events pe WHERE pe.source_id = s.id))`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	var attributed []struct {
		ID      int64 `db:"organization_id"`
		Figures int   `db:"figures"`
		Series  int   `db:"series"`
	}
	err := db.selectAll(ctx, &attributed, `SELECT fo.organization_id, count(*) AS figures, count(DISTINCT pf.series_id) AS series
		FROM figure_orgs fo JOIN public_figures pf ON pf.id = fo.figure_id`+attributedTo+` GROUP BY fo.organization_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: public organisations: %w", err)
	}
	var published []struct {
		ID      int64 `db:"publisher_id"`
		Sources int   `db:"sources"`
	}
	err = db.selectAll(ctx, &published, `SELECT s.publisher_id, count(*) AS sources FROM sources s
		WHERE `+publishedBy+sources+` GROUP BY s.publisher_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: public publishers: %w", err)
	}
	out := map[int64]*PublicOrg{}
	at := func(id int64) *PublicOrg {
		if out[id] == nil {
			out[id] = &PublicOrg{}
		}
		return out[id]
	}
	for _, a := range attributed {
		o := at(a.ID)
		o.FigureCount, o.SeriesCount = a.Figures, a.Series
	}
	for _, p := range published {
		at(p.ID).SourceCount = p.Sources
	}
	return out, nil
}

// publicOrgs is every public organisation by id, ancestors included, with
// its parent named. Merged organisations are not public: their figures
// and sources moved to the organisation they were merged into.
func (db *DB) publicOrgs(ctx context.Context) (map[int64]*PublicOrg, error) {
	counts, err := db.publicOrgCounts(ctx)
	if err != nil {
		return nil, err
	}
	var rows []orgRow
	if err := db.selectAll(ctx, &rows, "SELECT "+orgColumns+" FROM organizations"); err != nil {
		return nil, fmt.Errorf("store: organisations: %w", err)
	}
	all := make(map[int64]domain.Organization, len(rows))
	for _, r := range rows {
		all[r.ID] = r.domain()
	}
	// live follows merges: a parent merged into another is that other.
	live := func(id int64) (domain.Organization, bool) {
		for range maxOrgDepth {
			o, ok := all[id]
			if !ok {
				return o, false
			}
			if o.MergedInto == 0 {
				return o, true
			}
			id = o.MergedInto
		}
		return domain.Organization{}, false
	}
	out := map[int64]*PublicOrg{}
	for id, c := range counts {
		o, ok := all[id]
		if !ok || o.MergedInto != 0 {
			continue
		}
		c.Org = o
		out[id] = c
		// Its parents, up the tree, are public too: a ministry's page
		// leads to its government's.
		for p, depth := o.ParentID, 0; p != 0 && depth < maxOrgDepth; depth++ {
			parent, ok := live(p)
			if !ok || parent.ID == o.ID {
				break
			}
			if out[parent.ID] == nil {
				if c, counted := counts[parent.ID]; counted {
					c.Org = parent
					out[parent.ID] = c
				} else {
					out[parent.ID] = &PublicOrg{Org: parent}
				}
			}
			p = parent.ParentID
		}
	}
	for _, o := range out {
		if parent, ok := live(o.Org.ParentID); ok && o.Org.ParentID != 0 && out[parent.ID] != nil {
			o.Parent = parent.Ref()
		}
	}
	return out, nil
}

// PublicOrganizations lists the public organisations by name, each with
// its counts.
func (db *DB) PublicOrganizations(ctx context.Context) ([]PublicOrg, error) {
	orgs, err := db.publicOrgs(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]PublicOrg, 0, len(orgs))
	for _, o := range orgs {
		out = append(out, *o)
	}
	slices.SortFunc(out, func(a, b PublicOrg) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Org.Name), strings.ToLower(b.Org.Name)), cmp.Compare(a.Org.Slug, b.Org.Slug))
	})
	return out, nil
}

// PublicOrganizationTarget says where the page of a merged organisation
// now is: the slug of the public organisation it was merged into (through
// any later merges), or "" when slug names no merged organisation or its
// target is not public.
func (db *DB) PublicOrganizationTarget(ctx context.Context, slug string) (string, error) {
	var row orgRow
	if err := db.get(ctx, &row, "SELECT "+orgColumns+" FROM organizations WHERE slug = ?", slug); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return "", fmt.Errorf("store: organisation %s: %w", slug, err)
	}
	for depth := 0; row.MergedInto != 0; depth++ {
		if depth == maxOrgDepth {
			return "", nil
		}
		if err := db.get(ctx, &row, "SELECT "+orgColumns+" FROM organizations WHERE id = ?", row.MergedInto); err != nil {
			return "", fmt.Errorf("store: organisation %d: %w", row.MergedInto, err)
		}
	}
	if row.Slug == slug {
		return "", nil // not merged
	}
	orgs, err := db.publicOrgs(ctx)
	if err != nil || orgs[row.ID] == nil {
		return "", err
	}
	return row.Slug, nil
}

// PublicOrganization returns the public page of the organisation slug
// names; ENOTFOUND when there is none, it is not public, or it was merged
// (PublicOrganizationTarget says where it went).
func (db *DB) PublicOrganization(ctx context.Context, slug string) (PublicOrgPage, error) {
	// Its own counts and its children's are read for them alone; every
	// organisation's (publicOrgs) only when one of them has none, to learn
	// whether it is public as the parent of one that has.
	var row orgRow
	if err := db.get(ctx, &row, "SELECT "+orgColumns+" FROM organizations WHERE slug = ? AND merged_into IS NULL", slug); err != nil {
		return PublicOrgPage{}, notFound(err, "no organisation %q", slug)
	}
	var children []orgRow
	if err := db.selectAll(ctx, &children, "SELECT "+orgColumns+" FROM organizations WHERE parent_id = ? AND merged_into IS NULL", row.ID); err != nil {
		return PublicOrgPage{}, fmt.Errorf("store: organisations under %s: %w", slug, err)
	}
	ids := []int64{row.ID}
	for _, c := range children {
		ids = append(ids, c.ID)
	}
	counts, err := db.publicOrgCounts(ctx, ids...)
	if err != nil {
		return PublicOrgPage{}, err
	}
	var all map[int64]*PublicOrg
	public := func(id int64) (bool, error) {
		if counts[id] != nil {
			return true, nil
		}
		if all == nil {
			var err error
			if all, err = db.publicOrgs(ctx); err != nil {
				return false, err
			}
		}
		return all[id] != nil, nil
	}
	if ok, err := public(row.ID); err != nil || !ok {
		return PublicOrgPage{}, cmp.Or(err, error(domain.Errorf(domain.ENOTFOUND, "no organisation %q", slug)))
	}
	var page PublicOrgPage
	if c := counts[row.ID]; c != nil {
		page.PublicOrg = *c
	}
	page.Org = row.domain()
	if page.Parent, err = db.liveParent(ctx, row.ParentID); err != nil {
		return PublicOrgPage{}, err
	}
	for _, c := range children {
		if ok, err := public(c.ID); err != nil {
			return PublicOrgPage{}, err
		} else if ok {
			o := c.domain()
			page.Children = append(page.Children, o.Ref())
		}
	}
	slices.SortFunc(page.Children, func(a, b domain.OrgRef) int { return cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) })
	id := page.Org.ID

	var words []string // of its published figures, in the order they are listed
	err = db.eachFigureQuery(ctx, "SELECT "+figureColumns+` FROM public_figures
		WHERE id IN (SELECT figure_id FROM figure_orgs WHERE organization_id = ?)
		ORDER BY series_title, series_slug, as_of, id LIMIT ?`, []any{id, maxOrgFigures}, func(s domain.Series, f domain.Figure) error {
		page.Figures = append(page.Figures, SourceFigure{Series: s, Figure: f})
		words = append(words, f.AttributedTo)
		return nil
	})
	if err != nil {
		return PublicOrgPage{}, err
	}
	if page.Aliases, err = db.publicAliases(ctx, page.PublicOrg, words); err != nil {
		return PublicOrgPage{}, err
	}

	var srcs []sourceRow
	err = db.selectAll(ctx, &srcs, "SELECT "+sourceColumns+` FROM sources s JOIN organizations p ON p.id = s.publisher_id
		WHERE s.publisher_id = ? AND `+publicSources+` ORDER BY s.published_on DESC, s.id DESC LIMIT ?`, id, maxOrgSources)
	if err != nil {
		return PublicOrgPage{}, fmt.Errorf("store: sources of %s: %w", slug, err)
	}
	if page.Sources, err = convertRows(srcs, sourceRow.domain); err != nil {
		return PublicOrgPage{}, err
	}

	where, args := seriesConditions(SeriesFilter{Org: id})
	var series []seriesRow
	if err := db.selectAll(ctx, &series, "SELECT "+seriesColumns+" FROM series s WHERE "+where+" ORDER BY s.title, s.slug", args...); err != nil {
		return PublicOrgPage{}, fmt.Errorf("store: series of %s: %w", slug, err)
	}
	page.Series = seriesOf(series)
	return page, nil
}

// liveParent is the organisation id names, or the one it was merged into;
// none when id is 0. An organisation's parent is public when it is.
func (db *DB) liveParent(ctx context.Context, id int64) (domain.OrgRef, error) {
	for depth := 0; id != 0 && depth < maxOrgDepth; depth++ {
		var row orgRow
		if err := db.get(ctx, &row, "SELECT "+orgColumns+" FROM organizations WHERE id = ?", id); err != nil {
			return domain.OrgRef{}, fmt.Errorf("store: organisation %d: %w", id, err)
		}
		if row.MergedInto == 0 {
			o := row.domain()
			return o.Ref(), nil
		}
		id = row.MergedInto
	}
	return domain.OrgRef{}, nil
}

// publicAliases are o's aliases that published words used (the rule at the
// top of this file), each as the first published figure wrote it. words
// are those of the figures listed on its page; when the page shows only
// some of its figures, the words of all of them are read.
func (db *DB) publicAliases(ctx context.Context, o PublicOrg, words []string) ([]string, error) {
	if o.FigureCount > len(words) {
		words = nil
		err := db.selectAll(ctx, &words, `SELECT pf.attributed_to FROM public_figures pf
			JOIN figure_orgs fo ON fo.figure_id = pf.id WHERE fo.organization_id = ? ORDER BY pf.as_of, pf.id`, o.Org.ID)
		if err != nil {
			return nil, fmt.Errorf("store: words for %s: %w", o.Org.Slug, err)
		}
	}
	var aliases []string
	if err := db.selectAll(ctx, &aliases, "SELECT alias FROM organization_aliases WHERE organization_id = ? ORDER BY id", o.Org.ID); err != nil {
		return nil, fmt.Errorf("store: aliases of %s: %w", o.Org.Slug, err)
	}
	isAlias := map[string]bool{}
	for _, a := range aliases {
		isAlias[domain.OrgKey(a)] = true
	}
	shown := map[string]bool{domain.OrgKey(o.Org.Name): true}
	if o.Org.Acronym != "" {
		shown[domain.OrgKey(o.Org.Acronym)] = true
	}
	var out []string
	for _, w := range words {
		k := domain.OrgKey(w)
		if k == "" || shown[k] || !isAlias[k] {
			continue
		}
		shown[k] = true
		out = append(out, strings.TrimSpace(w))
	}
	return out, nil
}

// OrgKin is every organisation's parent, for deciding which claims come
// from one source (domain.Kin): an organisation, its parent and its
// children are one source. A parent merged into another is that other, as
// figures name it.
func (db *DB) OrgKin(ctx context.Context) (domain.Kin, error) { return orgKin(ctx, db) }

// orgKin is OrgKin read by q: a transaction that marks a claim reads it.
func orgKin(ctx context.Context, q getter) (domain.Kin, error) {
	var rows []struct {
		ID     int64         `db:"id"`
		Parent sql.NullInt64 `db:"parent_id"`
		Merged sql.NullInt64 `db:"merged_into"`
	}
	if err := q.selectAll(ctx, &rows, `SELECT id, parent_id, merged_into FROM organizations WHERE parent_id IS NOT NULL OR merged_into IS NOT NULL`); err != nil {
		return nil, fmt.Errorf("store: organisation parents: %w", err)
	}
	into := map[int64]int64{}
	for _, r := range rows {
		if r.Merged.Valid {
			into[r.ID] = r.Merged.Int64
		}
	}
	live := func(id int64) int64 {
		for n := 0; n < 100 && into[id] != 0; n++ { // merges form no cycle; the bound is a guard
			id = into[id]
		}
		return id
	}
	kin := domain.Kin{}
	for _, r := range rows {
		if r.Parent.Valid && !r.Merged.Valid {
			kin[r.ID] = live(r.Parent.Int64)
		}
	}
	return kin, nil
}
