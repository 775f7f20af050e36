package store

// Similar figures: what the tracker already holds that a figure about to be
// entered may repeat, so that the figure form, the import preview and
// whole-document entry can say so before a second copy is saved.

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// FigureKey is what a figure about to be entered is compared by: its
// source's address and value, and the organisations its attribution words
// name with its value and period. Except is the id of the figure being
// edited, which is never similar to itself.
type FigureKey struct {
	SourceURL              string
	Value                  float64
	AttributedTo           string
	PeriodStart, PeriodEnd domain.Date
	Except                 string
}

// SimilarFigure is a held figure like a key, and Why it is.
type SimilarFigure struct {
	ID, SeriesSlug, SeriesTitle, AttributedTo, SourceURL, Why string
	Status                                                    domain.Status
	Value                                                     float64
	Qualifier                                                 domain.Qualifier
	PeriodStart, PeriodEnd                                    domain.Date
}

// Why a figure is similar.
const (
	WhySameSource = "same source and value"
	WhySameOrg    = "same organisation, value and period"
)

// maxSimilar bounds the similar figures listed for one key: enough to see
// that the figure is held, and a page of warnings for a file of repeats
// stays readable.
const maxSimilar = 5

// similarChunk is how many lookups one statement carries: a few hundred
// parameters, well under either database's limit.
const similarChunk = 100

// SimilarFigures returns, for each key, up to five figures the tracker
// holds with the same source and value, or with an organisation in common
// (as the key's attribution words are resolved, the way a saved figure's
// are), the same value and the same period; those with the same source
// come first, then published before in review before drafts, oldest
// first. Result i is for keys[i].
//
// A retracted figure is not held: it is left out. Drafts and figures in
// review are listed, with their status: the people who enter figures see
// them, and a second draft of the same figure is the duplicate most worth
// catching.
//
// Periods are compared by the days they cover, not by how precisely they
// were written: a period ending "2024-03" and one ending "2024-03-31" both
// end on 31 March 2024, which is the date a chart plots either on, and a
// start of "2023" is the same day as "2023-01-01". Figures without a start
// match only figures without one.
//
// The lookups are made in batches of similarChunk keys through the indexes
// on figures (source_id, value) and (value, as_of) (migration 0014), so
// that a preview of ten thousand rows costs a few hundred indexed
// statements, not a scan per row.
func (db *DB) SimilarFigures(ctx context.Context, keys []FigureKey) ([][]SimilarFigure, error) {
	out := make([][]SimilarFigure, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	bySource, err := db.similarBySource(ctx, keys)
	if err != nil {
		return nil, err
	}
	byOrg, err := db.similarByOrg(ctx, keys)
	if err != nil {
		return nil, err
	}
	for i := range keys {
		seen := map[string]bool{}
		for _, list := range [][]similarRow{bySource[i], byOrg[i]} {
			for _, r := range list {
				if seen[r.ID] || len(out[i]) == maxSimilar {
					continue
				}
				seen[r.ID] = true
				f, err := r.similar()
				if err != nil {
					return nil, err
				}
				out[i] = append(out[i], f)
			}
		}
	}
	return out, nil
}

// similarRow is a held figure as the lookups select it, with N, the lookup
// it answers, and what it is ordered by.
type similarRow struct {
	N           int       `db:"n"`
	ID          string    `db:"id"`
	SeriesSlug  string    `db:"series_slug"`
	SeriesTitle string    `db:"series_title"`
	Attributed  string    `db:"attributed_as"`
	SourceURL   string    `db:"source_url"`
	Status      string    `db:"status"`
	Value       float64   `db:"value"`
	Qualifier   string    `db:"qualifier"`
	PeriodStart string    `db:"period_start"`
	PeriodEnd   string    `db:"period_end"`
	Rank        int       `db:"status_rank"`
	CreatedAt   time.Time `db:"created_at"`
	why         string
}

func (r similarRow) similar() (SimilarFigure, error) {
	start, err := domain.ParseDate(r.PeriodStart)
	if err != nil {
		return SimilarFigure{}, fmt.Errorf("store: figure %s: period_start: %w", r.ID, err)
	}
	end, err := domain.ParseDate(r.PeriodEnd)
	if err != nil {
		return SimilarFigure{}, fmt.Errorf("store: figure %s: period_end: %w", r.ID, err)
	}
	return SimilarFigure{ID: r.ID, SeriesSlug: r.SeriesSlug, SeriesTitle: r.SeriesTitle, AttributedTo: r.Attributed,
		SourceURL: r.SourceURL, Why: r.why, Status: domain.Status(r.Status), Value: r.Value,
		Qualifier: domain.Qualifier(r.Qualifier), PeriodStart: start, PeriodEnd: end}, nil
}

// similarOrder is the order similar figures are listed in.
func similarOrder(a, b similarRow) int {
	return cmp.Or(cmp.Compare(a.Rank, b.Rank), a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.ID, b.ID))
}

// similarColumns are a similarRow's, from figures f, series s and sources
// src; similarRanked numbers them in similarOrder within each lookup n of
// k, for the outer query to keep the first maxSimilar of each.
const (
	similarColumns = `f.id, s.slug AS series_slug, s.title AS series_title, f.attributed_as, src.url AS source_url,
		f.status, f.value, f.qualifier, f.period_start, f.period_end, f.created_at,
		CASE f.status WHEN 'published' THEN 0 WHEN 'in_review' THEN 1 ELSE 2 END AS status_rank`
	similarRanked = `ROW_NUMBER() OVER (PARTITION BY %s ORDER BY CASE f.status WHEN 'published' THEN 0 WHEN 'in_review' THEN 1 ELSE 2 END, f.created_at, f.id) AS r`
	similarOuter  = "SELECT n, id, series_slug, series_title, attributed_as, source_url, status, value, qualifier, period_start, period_end, created_at, status_rank FROM (%s) x WHERE r <= %d"
)

// similarBySource looks up the held figures with each key's source and
// value: the source by its address (sources.url is unique), then its
// figures through figures (source_id, value).
func (db *DB) similarBySource(ctx context.Context, keys []FigureKey) (map[int][]similarRow, error) {
	type lookup struct {
		url    string
		value  float64
		except string
	}
	n := map[lookup]int{}
	var lookups []lookup
	for _, k := range keys {
		l := lookup{strings.TrimSpace(k.SourceURL), k.Value, k.Except}
		if _, ok := n[l]; !ok && l.url != "" {
			n[l] = len(lookups)
			lookups = append(lookups, l)
		}
	}
	found := map[int][]similarRow{}
	for chunk := range slices.Chunk(lookups, similarChunk) {
		first := n[chunk[0]]
		rows := make([]string, len(chunk))
		args := make([]any, 0, 4*len(chunk))
		for j, l := range chunk {
			rows[j] = "(CAST(? AS INTEGER), CAST(? AS TEXT), CAST(? AS DOUBLE PRECISION), CAST(? AS TEXT))"
			args = append(args, first+j, l.url, l.value, l.except)
		}
		inner := `WITH k (n, url, v, except_id) AS (VALUES ` + strings.Join(rows, ", ") + `)
			SELECT k.n, ` + similarColumns + `, ` + fmt.Sprintf(similarRanked, "k.n") + `
			FROM k JOIN sources src ON src.url = k.url
			JOIN figures f ON f.source_id = src.id AND f.value = k.v
			JOIN series s ON s.id = f.series_id
			WHERE f.status <> 'retracted' AND f.id <> k.except_id`
		var got []similarRow
		if err := db.selectAll(ctx, &got, fmt.Sprintf(similarOuter, inner, maxSimilar), args...); err != nil {
			return nil, fmt.Errorf("store: similar figures by source: %w", err)
		}
		for _, r := range got {
			r.why = WhySameSource
			found[r.N] = append(found[r.N], r)
		}
	}
	byKey := map[int][]similarRow{}
	for i, k := range keys {
		j, ok := n[lookup{strings.TrimSpace(k.SourceURL), k.Value, k.Except}]
		if rows := found[j]; ok && len(rows) > 0 {
			slices.SortFunc(rows, similarOrder)
			byKey[i] = rows
		}
	}
	return byKey, nil
}

// similarByOrg looks up the held figures with an organisation of each
// key's attribution, its value and its period: the figures with the value
// and end day through figures (value, as_of), kept when they start on the
// same day and figure_orgs holds one of the organisations.
func (db *DB) similarByOrg(ctx context.Context, keys []FigureKey) (map[int][]similarRow, error) {
	var idx *orgIndex
	type lookup struct {
		org    int64
		value  float64
		asOf   string
		starts [3]string // the ways of writing the start's first day
		except string
	}
	n := map[lookup]int{}
	var lookups []lookup
	keyLookups := make([][]int, len(keys))
	for i, k := range keys {
		if k.PeriodEnd.IsZero() || domain.NotStated(k.AttributedTo) {
			continue
		}
		if idx == nil {
			var err error
			if idx, err = readOrgIndex(ctx, db.selectAll); err != nil {
				return nil, err
			}
		}
		r := idx.resolve(k.AttributedTo)
		if r.Unresolved {
			// Nothing is guessed: words naming no organisation, or several
			// ones, name none here.
			continue
		}
		for _, org := range r.IDs {
			l := lookup{org, k.Value, asOf(domain.Figure{PeriodEnd: k.PeriodEnd}), startForms(k.PeriodStart), k.Except}
			j, ok := n[l]
			if !ok {
				j = len(lookups)
				n[l] = j
				lookups = append(lookups, l)
			}
			keyLookups[i] = append(keyLookups[i], j)
		}
	}
	found := map[int][]similarRow{}
	for chunk := range slices.Chunk(lookups, similarChunk) {
		first := n[chunk[0]]
		rows := make([]string, len(chunk))
		args := make([]any, 0, 8*len(chunk))
		for j, l := range chunk {
			rows[j] = "(CAST(? AS INTEGER), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT))"
			args = append(args, first+j, l.org, l.value, l.asOf, l.starts[0], l.starts[1], l.starts[2], l.except)
		}
		inner := `WITH k (n, org, v, as_of, s1, s2, s3, except_id) AS (VALUES ` + strings.Join(rows, ", ") + `)
			SELECT k.n, ` + similarColumns + `, ` + fmt.Sprintf(similarRanked, "k.n") + `
			FROM k JOIN figures f ON f.value = k.v AND f.as_of = k.as_of
			JOIN figure_orgs fo ON fo.figure_id = f.id AND fo.organization_id = k.org
			JOIN series s ON s.id = f.series_id
			JOIN sources src ON src.id = f.source_id
			WHERE f.status <> 'retracted' AND f.id <> k.except_id AND f.period_start IN (k.s1, k.s2, k.s3)`
		var got []similarRow
		if err := db.selectAll(ctx, &got, fmt.Sprintf(similarOuter, inner, maxSimilar), args...); err != nil {
			return nil, fmt.Errorf("store: similar figures by organisation: %w", err)
		}
		for _, r := range got {
			r.why = WhySameOrg
			found[r.N] = append(found[r.N], r)
		}
	}
	// Each lookup of one organisation kept its first few; a key's are the
	// first few of all its organisations', once each.
	byKey := map[int][]similarRow{}
	for i, ls := range keyLookups {
		var rows []similarRow
		for _, j := range ls {
			for _, r := range found[j] {
				if !slices.ContainsFunc(rows, func(o similarRow) bool { return o.ID == r.ID }) {
					rows = append(rows, r)
				}
			}
		}
		if len(rows) > 0 {
			slices.SortFunc(rows, similarOrder)
			byKey[i] = rows
		}
	}
	return byKey, nil
}

// startForms are the ways a start on the same first day as d can be
// stored: as a year, a month or a day. A start not given is stored empty.
func startForms(d domain.Date) [3]string {
	if d.IsZero() {
		return [3]string{}
	}
	first := d.First()
	day := first.Format(time.DateOnly)
	forms := [3]string{day, day, day}
	if first.Day() == 1 {
		forms[1] = first.Format("2006-01")
		if first.Month() == time.January {
			forms[2] = first.Format("2006")
		}
	}
	return forms
}
