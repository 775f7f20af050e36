package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// figureRow is one row of the figure_rows view (and so of public_figures):
// a figure joined to its series, source and organizations.
type figureRow struct {
	ID              string          `db:"id"`
	SeriesSlug      string          `db:"series_slug"`
	SeriesID        int64           `db:"series_id"`
	SeriesTitle     string          `db:"series_title"`
	PopulationGroup string          `db:"population_group"`
	Measure         string          `db:"measure"`
	Unit            string          `db:"unit"`
	FromISO3        string          `db:"from_iso3"`
	ToISO3          string          `db:"to_iso3"`
	Value           float64         `db:"value"`
	Qualifier       string          `db:"qualifier"`
	ValueLow        sql.NullFloat64 `db:"value_low"`
	ValueHigh       sql.NullFloat64 `db:"value_high"`
	ValueAsStated   string          `db:"value_as_stated"`
	PeriodStart     string          `db:"period_start"`
	PeriodEnd       string          `db:"period_end"`
	AsOf            string          `db:"as_of"`
	Excerpt         string          `db:"excerpt"`
	Locator         string          `db:"locator"`
	Notes           string          `db:"notes"`
	Status          string          `db:"status"`
	StatusReason    string          `db:"status_reason"`
	Version         int             `db:"version"`
	CreatedBy       string          `db:"created_by"`
	UpdatedBy       string          `db:"updated_by"`
	CreatedAt       time.Time       `db:"created_at"`
	UpdatedAt       time.Time       `db:"updated_at"`
	ReviewedBy      string          `db:"reviewed_by"`
	ReviewedAt      sql.NullTime    `db:"reviewed_at"`
	Mark            string          `db:"mark"`
	MarkReason      string          `db:"mark_reason"`
	MarkedBy        string          `db:"marked_by"`
	MarkApprovedBy  string          `db:"mark_approved_by"`
	MarkedAt        sql.NullTime    `db:"marked_at"`
	AttributedTo    string          `db:"attributed_to"`
	OrgRefs         string          `db:"org_refs"`
	ExcerptStatus   string          `db:"excerpt_status"`
	joinedSource
}

// joinedSource is the source columns of the figure_rows and event_rows views.
type joinedSource struct {
	SourceID        int64  `db:"source_id"`
	SourceTitle     string `db:"source_title"`
	SourcePublisher string `db:"source_publisher"`
	SourceURL       string `db:"source_url"`
	SourcePublished string `db:"source_published"`
	SourceAccessed  string `db:"source_accessed"`
	ArchiveURL      string `db:"archive_url"`
	Licence         string `db:"licence"`
	DocType         string `db:"doc_type"`
	Language        string `db:"language"`
	PublisherID     int64  `db:"source_publisher_id"`
	PublisherSlug   string `db:"source_publisher_slug"`
	PublisherAcr    string `db:"source_publisher_acronym"`
	PublisherName   string `db:"source_publisher_name"` // the organisation's; SourcePublisher is the row's words
	// The source's latest saved copy (migration 0013), when the query
	// selects it.
	SavedAt    sql.NullTime `db:"source_saved_at"`
	CopySHA256 string       `db:"source_sha256"`
}

// evidence is the row's kept excerpt check against its source's latest
// copy; status is the row's excerpt_status column.
func (r joinedSource) evidence(status string) domain.Evidence {
	e := domain.Evidence{Status: domain.ExcerptStatus(status), SHA256: r.CopySHA256}
	if r.SavedAt.Valid {
		e.SavedAt = r.SavedAt.Time.UTC()
	}
	return e
}

func (r joinedSource) source() (domain.Source, error) {
	pub, err1 := domain.ParseDate(r.SourcePublished)
	acc, err2 := domain.ParseDate(r.SourceAccessed)
	if err := errors.Join(err1, err2); err != nil {
		return domain.Source{}, fmt.Errorf("store: source %d: %w", r.SourceID, err)
	}
	return domain.Source{ID: r.SourceID, Title: r.SourceTitle, Publisher: r.SourcePublisher, URL: r.SourceURL,
		PublisherOrg: domain.OrgRef{ID: r.PublisherID, Slug: r.PublisherSlug, Name: r.PublisherName, Acronym: r.PublisherAcr},
		PublishedOn:  pub, AccessedOn: acc, ArchiveURL: r.ArchiveURL, Licence: r.Licence,
		DocType: domain.DocType(r.DocType), Language: r.Language}, nil
}

const figureColumns = `id, series_slug, series_id, series_title, population_group, measure, unit, from_iso3, to_iso3,
	value, qualifier, value_low, value_high, value_as_stated, period_start, period_end, as_of, excerpt, locator, notes,
	status, status_reason, version, created_by, updated_by, created_at, updated_at, reviewed_by, reviewed_at,
	mark, mark_reason, marked_by, mark_approved_by, marked_at, attributed_to, org_refs, source_id, source_title, source_publisher, source_url, source_published, source_accessed,
	archive_url, licence, doc_type, language, source_publisher_id, source_publisher_slug, source_publisher_acronym,
	source_publisher_name, source_saved_at, source_sha256, excerpt_status`

func nullable(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.Float64
}

func (r figureRow) series() domain.Series {
	return domain.Series{ID: r.SeriesID, Slug: r.SeriesSlug, Title: r.SeriesTitle,
		PopulationGroup: domain.PopulationGroup(r.PopulationGroup), Measure: domain.Measure(r.Measure),
		Unit: domain.Unit(r.Unit), FromISO3: r.FromISO3, ToISO3: r.ToISO3}
}

func (r figureRow) figure() (domain.Figure, error) {
	start, err1 := domain.ParseDate(r.PeriodStart)
	end, err2 := domain.ParseDate(r.PeriodEnd)
	src, err3 := r.source()
	orgs, err4 := orgRefs(r.OrgRefs)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return domain.Figure{}, fmt.Errorf("store: figure %s: %w", r.ID, err)
	}
	return domain.Figure{
		ID: r.ID, SeriesID: r.SeriesID, Value: r.Value, Qualifier: domain.Qualifier(r.Qualifier),
		ValueLow: nullable(r.ValueLow), ValueHigh: nullable(r.ValueHigh), ValueAsStated: r.ValueAsStated,
		PeriodStart: start, PeriodEnd: end, Source: src,
		AttributedTo: r.AttributedTo, Orgs: orgs, Excerpt: r.Excerpt, Locator: r.Locator, Notes: r.Notes,
		Status: domain.Status(r.Status), StatusReason: r.StatusReason, Version: r.Version,
		CreatedBy: r.CreatedBy, UpdatedBy: r.UpdatedBy, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		ReviewedBy: r.ReviewedBy, ReviewedAt: r.ReviewedAt.Time.UTC(),
		Mark: domain.ClaimMark(r.Mark), MarkReason: r.MarkReason, MarkedBy: r.MarkedBy,
		MarkApprovedBy: r.MarkApprovedBy, MarkedAt: r.MarkedAt.Time.UTC(),
		Evidence: r.evidence(r.ExcerptStatus),
	}, nil
}

// FigureSnapshot is what a revision records of a figure (the Snapshot of
// a domain.Revision of entity "figure"): every write path records it with
// snapshotFigure, and readers decode it with DecodeFigureSnapshot, never
// with JSON of their own, so that the format has one definition.
type FigureSnapshot struct {
	ID            string   `json:"id"`
	Series        string   `json:"series"`
	Value         float64  `json:"value"`
	Qualifier     string   `json:"qualifier"`
	ValueLow      *float64 `json:"value_low"`
	ValueHigh     *float64 `json:"value_high"`
	ValueAsStated string   `json:"value_as_stated"`
	PeriodStart   string   `json:"period_start"`
	PeriodEnd     string   `json:"period_end"`
	AttributedTo  string   `json:"attributed_to"`
	OrgIDs        []int64  `json:"organization_ids"`
	SourceID      int64    `json:"source_id"`
	SourceURL     string   `json:"source_url"`
	Excerpt       string   `json:"excerpt"`
	Locator       string   `json:"locator"`
	Notes         string   `json:"notes"`
	Status        string   `json:"status"`
	StatusReason  string   `json:"status_reason"`
	Mark          string   `json:"mark"`
	MarkReason    string   `json:"mark_reason"`
	Version       int      `json:"version"`
	CreatedBy     string   `json:"created_by"`
	UpdatedBy     string   `json:"updated_by"`
}

// DecodeFigureSnapshot reads the snapshot of a figure revision.
func DecodeFigureSnapshot(r domain.Revision) (FigureSnapshot, error) {
	var s FigureSnapshot
	if r.Entity != "figure" {
		return s, fmt.Errorf("store: revision %d is of %s %s, not of a figure", r.ID, r.Entity, r.EntityID)
	}
	if err := json.Unmarshal(r.Snapshot, &s); err != nil {
		return s, fmt.Errorf("store: revision %d of figure %s: %w", r.ID, r.EntityID, err)
	}
	return s, nil
}

func snapshotFigure(f domain.Figure, series string) FigureSnapshot {
	return FigureSnapshot{ID: f.ID, Series: series, Value: f.Value, Qualifier: string(f.Qualifier),
		ValueLow: f.ValueLow, ValueHigh: f.ValueHigh, ValueAsStated: f.ValueAsStated,
		PeriodStart: f.PeriodStart.String(), PeriodEnd: f.PeriodEnd.String(), AttributedTo: f.AttributedTo,
		OrgIDs: orgIDs(f.Orgs), SourceID: f.Source.ID, SourceURL: f.Source.URL, Excerpt: f.Excerpt, Locator: f.Locator, Notes: f.Notes,
		Status: string(f.Status), StatusReason: f.StatusReason, Mark: string(f.Mark), MarkReason: f.MarkReason,
		Version: f.Version, CreatedBy: f.CreatedBy, UpdatedBy: f.UpdatedBy}
}

// contentKey identifies a figure by what it says: series, value, qualifier,
// period, who said it, where, and the sentence. Two rows with the same key
// are the same figure, however often a file is imported.
func contentKey(series string, f domain.Figure) string {
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return domain.FormatPlain(*p)
	}
	parts := []string{series, domain.FormatPlain(f.Value), string(f.Qualifier), num(f.ValueLow), num(f.ValueHigh),
		f.PeriodStart.String(), f.PeriodEnd.String(), strings.ToLower(strings.TrimSpace(f.AttributedTo)),
		f.Source.URL, strings.Join(strings.Fields(f.Excerpt), " ")}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return hex.EncodeToString(sum[:16])
}

// ImportFigure stores f in series s (already ensured) as an imported row.
// With an id that exists, the figure is updated when anything differs;
// with an id that does not, it is created under that id; without an id, a
// figure with the same content is left as it is and otherwise one is created.
// status applies to created figures; a changed published figure cannot be
// turned back into a draft by an import.
func (tx *Tx) ImportFigure(ctx context.Context, s domain.Series, f domain.Figure, status domain.Status) (domain.Outcome, string, error) {
	o, id, _, err := tx.importFigure(ctx, s, f, status)
	return o, id, err
}

// ImportFigureChanges is ImportFigure saying, of an updated figure, what
// changed rather than its id: what an import's preview lists.
func (tx *Tx) ImportFigureChanges(ctx context.Context, s domain.Series, f domain.Figure, status domain.Status) (domain.Outcome, []domain.FieldChange, error) {
	o, _, changes, err := tx.importFigure(ctx, s, f, status)
	return o, changes, err
}

func (tx *Tx) importFigure(ctx context.Context, s domain.Series, f domain.Figure, status domain.Status) (domain.Outcome, string, []domain.FieldChange, error) {
	// A row without figure_id that matches a stored figure by content must
	// not be told about that figure's id: it is not in the file, and the
	// person fixing the file looks for what the message names.
	fromFile := f.ID != ""
	f.SeriesID, f.Status = s.ID, status
	if err := errors.Join(f.Validate(), f.ValidateIn(&s)); err != nil {
		return domain.Unchanged, "", nil, err
	}
	explicitOrgs := len(f.Orgs) > 0
	if err := tx.resolveOrgs(ctx, &f); err != nil {
		return domain.Unchanged, "", nil, tx.alsoPublisher(ctx, f.Source, err)
	}
	src, err := tx.EnsureSource(ctx, f.Source, domain.ActionImport, status == domain.StatusPublished)
	if err != nil {
		return domain.Unchanged, "", nil, err
	}
	f.Source = src
	key := contentKey(s.Slug, f)
	// Most rows of a re-imported file are unchanged: a look at the figures
	// table alone says so, without the joins of a full read.
	var brief figureBrief
	if f.ID == "" {
		brief, err = tx.figureByKey(ctx, key)
		f.ID = brief.ID
	} else {
		err = tx.get(ctx, &brief, "SELECT "+figureBriefColumns+" FROM figures WHERE id = ?", f.ID)
	}
	if errors.Is(err, sql.ErrNoRows) {
		if f.ID == "" {
			f.ID = domain.NewID()
		}
		return domain.Created, f.ID, nil, tx.insertFigure(ctx, s, f, key, domain.ActionImport)
	}
	if err != nil {
		return domain.Unchanged, "", nil, fmt.Errorf("store: figure %s: %w", f.ID, err)
	}
	if brief.ContentKey == key && brief.ValueAsStated == f.ValueAsStated && brief.Notes == f.Notes {
		same := !explicitOrgs
		if explicitOrgs { // the row names its organisations: are they the stored ones?
			stored, err := tx.figureOrgIDs(ctx, f.ID)
			if err != nil {
				return domain.Unchanged, "", nil, err
			}
			same = slices.Equal(stored, orgIDs(f.Orgs))
		}
		if same {
			return domain.Unchanged, f.ID, nil, nil
		}
	}
	var row figureRow
	if err := tx.get(ctx, &row, "SELECT "+figureColumns+" FROM figure_rows WHERE id = ?", f.ID); err != nil {
		return domain.Unchanged, "", nil, fmt.Errorf("store: figure %s: %w", f.ID, err)
	}
	stored, err := row.figure()
	if err != nil {
		return domain.Unchanged, "", nil, err
	}
	// The CSV carries no locator; an import keeps the one staff entered.
	f.Status, f.StatusReason, f.Locator = stored.Status, stored.StatusReason, stored.Locator
	keepMark(&f, stored, s.ID) // a mark is a reviewed judgement; no file sets it
	// A row without an organizations column keeps the organisations a
	// figure with the same words has: they may have been chosen for it.
	if !explicitOrgs && domain.OrgKey(stored.AttributedTo) == domain.OrgKey(f.AttributedTo) {
		f.Orgs = stored.Orgs
	}
	if sameFigure(stored, row.SeriesSlug, f, s.Slug) {
		return domain.Unchanged, f.ID, nil, nil
	}
	changes := domain.FigureChanges(stored, row.SeriesSlug, f, s.Slug)
	switch {
	case stored.Status == domain.StatusRetracted && !fromFile:
		return domain.Unchanged, "", nil, domain.Errorf(domain.ECONFLICT,
			"this row repeats a retracted figure (the same series, value, period, attribution, source and excerpt) with a different %s; a retracted figure cannot be changed", changedNames(changes))
	case stored.Status == domain.StatusRetracted:
		return domain.Unchanged, "", nil, domain.FieldErrorf(domain.ECONFLICT, "figure_id",
			"%s was retracted; it cannot be changed — import the corrected figure without this id", f.ID)
	case stored.Status == domain.StatusPublished && status != domain.StatusPublished && !fromFile:
		return domain.Unchanged, "", nil, domain.Errorf(domain.ECONFLICT,
			"this row repeats a published figure (the same series, value, period, attribution, source and excerpt) with a different %s; a changed version cannot be imported for review — edit that figure on the site instead", changedNames(changes))
	case stored.Status == domain.StatusPublished && status != domain.StatusPublished:
		return domain.Unchanged, "", nil, domain.FieldErrorf(domain.ECONFLICT, "figure_id",
			"%s is published; a changed version cannot be imported for review — edit the figure instead", f.ID)
	}
	f.Version, f.CreatedBy, f.CreatedAt = stored.Version+1, stored.CreatedBy, stored.CreatedAt
	return domain.Updated, f.ID, changes, tx.updateFigure(ctx, s, f, key, domain.ActionImport)
}

// changedNames lists the fields of changes for a message: "notes and
// value_as_stated".
func changedNames(changes []domain.FieldChange) string {
	names := make([]string, len(changes))
	for i, c := range changes {
		names[i] = c.Field
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// figureBrief is what an import reads of a stored figure to learn whether a
// row changes it.
type figureBrief struct {
	ID            string    `db:"id"`
	ContentKey    string    `db:"content_key"`
	ValueAsStated string    `db:"value_as_stated"`
	Notes         string    `db:"notes"`
	CreatedAt     time.Time `db:"created_at"`
}

const figureBriefColumns = "id, content_key, value_as_stated, notes, created_at"

// figureByKey returns the oldest figure with content key key, or
// sql.ErrNoRows. There is almost never more than one, so the choice is made
// here rather than by a sort in the database for every row of an import.
func (tx *Tx) figureByKey(ctx context.Context, key string) (figureBrief, error) {
	// The table first: a buffered figure is younger than any in it. What
	// PrefetchFigures learnt of the table saves the query.
	b := tx.bulk()
	known, ok, absent := b.prefetchedFigure(key)
	if ok {
		return known, nil
	}
	var found []figureBrief
	if !absent {
		// Aside: the buffer is searched below, and leaving it keeps the
		// inserts in batches.
		if err := tx.selectAside(ctx, &found, "SELECT "+figureBriefColumns+" FROM figures WHERE content_key = ?", key); err != nil {
			return figureBrief{}, err
		}
	}
	if len(found) > 0 {
		return oldestFigure(found), nil
	}
	if known, ok := b.bufferedFigure(key); ok {
		return known, nil
	}
	return figureBrief{}, sql.ErrNoRows
}

func oldestFigure(bs []figureBrief) figureBrief {
	return oldest(bs, func(b figureBrief) (time.Time, string) { return b.CreatedAt, b.ID })
}

// oldest returns the item created first, by creation time and then id.
func oldest[T any](items []T, created func(T) (time.Time, string)) T {
	first := items[0]
	at, id := created(first)
	for _, it := range items[1:] {
		if a, i := created(it); a.Before(at) || a.Equal(at) && i < id {
			first, at, id = it, a, i
		}
	}
	return first
}

// sameFigure compares what a revision would record, less the bookkeeping.
func sameFigure(a domain.Figure, aSeries string, b domain.Figure, bSeries string) bool {
	sa, sb := snapshotFigure(a, aSeries), snapshotFigure(b, bSeries)
	for _, s := range []*FigureSnapshot{&sa, &sb} {
		s.Version, s.CreatedBy, s.UpdatedBy, s.SourceID = 0, "", "", 0
		s.AttributedTo = strings.ToLower(s.AttributedTo)
	}
	eqNum := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	if !eqNum(sa.ValueLow, sb.ValueLow) || !eqNum(sa.ValueHigh, sb.ValueHigh) || !slices.Equal(sa.OrgIDs, sb.OrgIDs) {
		return false
	}
	sa.ValueLow, sa.ValueHigh, sb.ValueLow, sb.ValueHigh, sa.OrgIDs, sb.OrgIDs = nil, nil, nil, nil, nil, nil
	return reflect.DeepEqual(sa, sb)
}

func (tx *Tx) insertFigure(ctx context.Context, s domain.Series, f domain.Figure, key string, action domain.Action) error {
	if err := tx.resolveOrgs(ctx, &f); err != nil {
		return err
	}
	f.Version, f.CreatedBy, f.UpdatedBy = 1, tx.actor, tx.actor
	err := tx.rows.insert(ctx, tx, figuresTable, f.ID, s.ID, f.Value, string(f.Qualifier), f.ValueLow, f.ValueHigh,
		f.ValueAsStated, f.PeriodStart.String(), f.PeriodEnd.String(), asOf(f), f.Source.ID, primaryOrg(f), f.AttributedTo,
		f.Excerpt, f.Locator, f.Notes, string(f.Status), f.StatusReason, key, f.Version, f.CreatedBy, f.UpdatedBy, tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("store: create figure %s: %w", f.ID, err)
	}
	if err := tx.insertFigureOrgs(ctx, f); err != nil {
		return err
	}
	tx.bulk().addedFigure(key, figureBrief{ID: f.ID, ContentKey: key, ValueAsStated: f.ValueAsStated,
		Notes: f.Notes, CreatedAt: tx.now})
	return tx.afterFigureWrite(ctx, s, f, action)
}

func (tx *Tx) updateFigure(ctx context.Context, s domain.Series, f domain.Figure, key string, action domain.Action) error {
	if err := tx.resolveOrgs(ctx, &f); err != nil {
		return err
	}
	if f.UpdatedBy == "" { // an approved edit keeps its editor as the last to change it
		f.UpdatedBy = tx.actor
	}
	_, err := tx.exec(ctx, `UPDATE figures SET series_id = ?, value = ?, qualifier = ?, value_low = ?, value_high = ?,
		value_as_stated = ?, period_start = ?, period_end = ?, as_of = ?, source_id = ?, attributed_to = ?, attributed_as = ?, excerpt = ?,
		locator = ?, notes = ?, status = ?, status_reason = ?, content_key = ?, version = ?, updated_by = ?, updated_at = ?,
		mark = ?, mark_reason = ?, marked_by = ?, mark_approved_by = ?, marked_at = ?
		WHERE id = ?`,
		s.ID, f.Value, string(f.Qualifier), f.ValueLow, f.ValueHigh, f.ValueAsStated, f.PeriodStart.String(),
		f.PeriodEnd.String(), asOf(f), f.Source.ID, primaryOrg(f), f.AttributedTo, f.Excerpt, f.Locator, f.Notes, string(f.Status),
		f.StatusReason, key, f.Version, f.UpdatedBy, tx.now,
		string(f.Mark), f.MarkReason, f.MarkedBy, f.MarkApprovedBy, nullTime(f.MarkedAt), f.ID)
	if err != nil {
		return fmt.Errorf("store: update figure %s: %w", f.ID, err)
	}
	tx.bulk().changedFigure() // its content key changed
	if _, err := tx.exec(ctx, "DELETE FROM figure_orgs WHERE figure_id = ?", f.ID); err != nil {
		return fmt.Errorf("store: update figure %s: %w", f.ID, err)
	}
	if err := tx.insertFigureOrgs(ctx, f); err != nil {
		return err
	}
	return tx.afterFigureWrite(ctx, s, f, action)
}

func (tx *Tx) afterFigureWrite(ctx context.Context, s domain.Series, f domain.Figure, action domain.Action) error {
	if err := tx.appendRevision(ctx, "figure", f.ID, f.Version, action, f.StatusReason, snapshotFigure(f, s.Slug)); err != nil {
		return err
	}
	if f.Status == domain.StatusPublished || f.Status == domain.StatusRetracted {
		return tx.bumpDatasetVersion(ctx)
	}
	return nil
}

// asOf is the day a figure is plotted and ordered at: the last day its
// period_end covers.
func asOf(f domain.Figure) string { return f.PeriodEnd.Last().Format(time.DateOnly) }

// Figure returns one figure in any status, for staff pages and imports.
func (db *DB) Figure(ctx context.Context, id string) (domain.Figure, domain.Series, error) {
	return db.oneFigure(ctx, "figure_rows", id)
}

// PublicFigure returns one published figure; ENOTFOUND for a draft.
func (db *DB) PublicFigure(ctx context.Context, id string) (domain.Figure, domain.Series, error) {
	return db.oneFigure(ctx, "public_figures", id)
}

func (db *DB) oneFigure(ctx context.Context, view, id string) (domain.Figure, domain.Series, error) {
	var row figureRow
	if err := db.get(ctx, &row, "SELECT "+figureColumns+" FROM "+view+" WHERE id = ?", id); err != nil {
		return domain.Figure{}, domain.Series{}, notFound(err, "no figure %q", id)
	}
	f, err := row.figure()
	return f, row.series(), err
}

// PublicFigurePageFilter narrows /api/v1/figures. Empty fields do not filter.
type PublicFigurePageFilter struct {
	Series, FromISO3, ToISO3, PopulationGroup string
	// AttributedTo keeps the figures attributed to the organisation it
	// names (its slug, name, acronym or any alias, folded as aliases are),
	// and with AttributedToChildren to the organisations under it too.
	AttributedTo               string
	AttributedToChildren       bool
	PeriodEndFrom, PeriodEndTo time.Time // as-of dates, inclusive; zero: open
	After                      string    // the last figure id of the previous page
	Limit                      int
}

// PublicFigurePage returns one page of published figures, ordered by id.
func (db *DB) PublicFigurePage(ctx context.Context, f PublicFigurePageFilter, fn func(domain.Series, domain.Figure) error) error {
	var conds []string
	var args []any
	add := func(cond string, v any) {
		conds = append(conds, cond)
		args = append(args, v)
	}
	if f.Series != "" {
		add("series_slug = ?", f.Series)
	}
	if f.FromISO3 != "" {
		add("from_iso3 = ?", f.FromISO3)
	}
	if f.ToISO3 != "" {
		add("to_iso3 = ?", f.ToISO3)
	}
	if f.PopulationGroup != "" {
		add("population_group = ?", f.PopulationGroup)
	}
	if f.AttributedTo != "" {
		ids, err := db.orgIDsNamed(ctx, f.AttributedTo, f.AttributedToChildren)
		if err != nil || len(ids) == 0 {
			return err // names no organisation: no figures
		}
		cond := "EXISTS (SELECT 1 FROM figure_orgs fo WHERE fo.figure_id = public_figures.id AND fo.organization_id IN (?" + strings.Repeat(", ?", len(ids)-1) + "))"
		conds = append(conds, cond)
		for _, id := range ids {
			args = append(args, id)
		}
	}
	if !f.PeriodEndFrom.IsZero() {
		add("as_of >= ?", f.PeriodEndFrom.Format(time.DateOnly))
	}
	if !f.PeriodEndTo.IsZero() {
		add("as_of <= ?", f.PeriodEndTo.Format(time.DateOnly))
	}
	if f.After != "" {
		add("id > ?", f.After)
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, f.Limit)
	return db.eachFigureQuery(ctx, "SELECT "+figureColumns+" FROM public_figures "+where+" ORDER BY id LIMIT ?", args, fn)
}

// PublicFiguresOfSeries returns the published figures of one series in date order.
func (db *DB) PublicFiguresOfSeries(ctx context.Context, seriesID int64) ([]domain.Figure, error) {
	var figs []domain.Figure
	err := db.eachFigure(ctx, "WHERE series_id = ?", []any{seriesID}, func(_ domain.Series, f domain.Figure) error {
		figs = append(figs, f)
		return nil
	})
	return figs, err
}

// PublicPermalinkFigure returns a figure whose permalink is public: published, or
// retracted (its page stays and says why). ENOTFOUND for anything else.
func (db *DB) PublicPermalinkFigure(ctx context.Context, id string) (domain.Figure, domain.Series, error) {
	return db.oneFigure(ctx, "visible_figures", id)
}

// The reads behind the downloads: figures streamed in export order. They
// select from the public_figures_by_series view only, so they cannot see a
// draft, a figure in review or a retracted one.

// FigureFilter narrows an export.
type FigureFilter struct {
	SeriesSlug  string   // empty: every series
	SeriesSlugs []string // several series (the compare view)
}

// PublicFigureStream streams published figures, ordered by series and date,
// to fn without holding them all in memory: exports of a million rows run in
// bounded memory. fn's error stops the stream and is returned.
func (db *DB) PublicFigureStream(ctx context.Context, filter FigureFilter, fn func(domain.Series, domain.Figure) error) error {
	where, args := "", []any(nil)
	switch {
	case filter.SeriesSlug != "":
		where, args = "WHERE series_slug = ?", []any{filter.SeriesSlug}
	case len(filter.SeriesSlugs) > 0:
		where = "WHERE series_slug IN (?" + strings.Repeat(", ?", len(filter.SeriesSlugs)-1) + ")"
		for _, s := range filter.SeriesSlugs {
			args = append(args, s)
		}
	}
	return db.eachFigure(ctx, where, args, fn)
}

// PublicFigureStreamOfVersion streams every published figure, as
// PublicFigureStream with no filter does, within one ReadAtVersion: the
// rows are exactly the public dataset of the version passed to start,
// which is called once before the first row, so a file named after that
// version holds its figures and no other version's.
func (db *DB) PublicFigureStreamOfVersion(ctx context.Context, start func(version int64) error, fn func(domain.Series, domain.Figure) error) error {
	return db.ReadAtVersion(ctx, func(ctx context.Context, version int64) error {
		if err := start(version); err != nil {
			return err
		}
		return db.PublicFigureStream(ctx, FigureFilter{}, fn)
	})
}

func (db *DB) eachFigure(ctx context.Context, where string, args []any, fn func(domain.Series, domain.Figure) error) error {
	return db.eachFigureQuery(ctx, publishedFiguresQuery(where), args, fn)
}

// publishedFiguresQuery selects published figures in export order.
func publishedFiguresQuery(where string) string {
	return "SELECT " + figureColumns + " FROM public_figures_by_series " + where + " ORDER BY series_slug, as_of, id"
}

func (db *DB) eachFigureQuery(ctx context.Context, query string, args []any, fn func(domain.Series, domain.Figure) error) error {
	return streamFigures(ctx, on(db.readerOf(ctx)), query, args, fn)
}

// Nearby returns the published figures of a series whose as-of dates lie
// within a month of day, except the figure except: what a reviewer compares
// a new figure with.
func (db *DB) Nearby(ctx context.Context, seriesID int64, day time.Time, except string) ([]domain.Figure, error) {
	var rows []figureRow
	err := db.selectAll(ctx, &rows, "SELECT "+figureColumns+` FROM public_figures
		WHERE series_id = ? AND id <> ? AND as_of BETWEEN ? AND ? ORDER BY as_of, id`,
		seriesID, except, day.AddDate(0, -1, 0).Format(time.DateOnly), day.AddDate(0, 1, 0).Format(time.DateOnly))
	if err != nil {
		return nil, fmt.Errorf("store: nearby figures: %w", err)
	}
	return convertRows(rows, figureRow.figure)
}
