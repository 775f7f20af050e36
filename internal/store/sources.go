package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// sourceRow is a source joined to its publisher's name.
type sourceRow struct {
	ID          int64  `db:"id"`
	URL         string `db:"url"`
	Title       string `db:"title"`
	Publisher   string `db:"publisher"`
	PublisherID int64  `db:"publisher_id"`
	PubSlug     string `db:"publisher_slug"`
	PubAcronym  string `db:"publisher_acronym"`
	PubName     string `db:"publisher_name"` // the organisation's; Publisher is the row's words
	PublishedOn string `db:"published_on"`
	AccessedOn  string `db:"accessed_on"`
	ArchiveURL  string `db:"archive_url"`
	Licence     string `db:"licence"`
	DocType     string `db:"doc_type"`
	Language    string `db:"language"`
	Notes       string `db:"notes"`
	Version     int    `db:"version"`
}

const sourceColumns = `s.id, s.url, s.title, s.publisher_as AS publisher, p.id AS publisher_id, p.slug AS publisher_slug,
	p.acronym AS publisher_acronym, p.name AS publisher_name, s.published_on, s.accessed_on,
	s.archive_url, s.licence, s.doc_type, s.language, s.notes, s.version`

func (r sourceRow) domain() (domain.Source, error) {
	pub, err1 := domain.ParseDate(r.PublishedOn)
	acc, err2 := domain.ParseDate(r.AccessedOn)
	if err := errors.Join(err1, err2); err != nil {
		return domain.Source{}, fmt.Errorf("store: source %d: %w", r.ID, err)
	}
	return domain.Source{ID: r.ID, Title: r.Title, Publisher: r.Publisher, URL: r.URL, PublishedOn: pub,
		PublisherOrg: domain.OrgRef{ID: r.PublisherID, Slug: r.PubSlug, Name: r.PubName, Acronym: r.PubAcronym},
		AccessedOn:   acc, ArchiveURL: r.ArchiveURL, Licence: r.Licence, DocType: domain.DocType(r.DocType),
		Language: r.Language, Notes: r.Notes}, nil
}

type sourceSnapshot struct {
	ID          int64  `json:"id"`
	URL         string `json:"url"`
	Title       string `json:"title"`
	Publisher   string `json:"publisher"`
	PublisherID int64  `json:"publisher_id"`
	PublishedOn string `json:"published_on"`
	AccessedOn  string `json:"accessed_on"`
	ArchiveURL  string `json:"archive_url"`
	Licence     string `json:"licence"`
	DocType     string `json:"doc_type"`
	Language    string `json:"language"`
	Notes       string `json:"notes"`
	Version     int    `json:"version"`
}

func snapshotSource(s domain.Source, version int) sourceSnapshot {
	return sourceSnapshot{ID: s.ID, URL: s.URL, Title: s.Title, Publisher: s.Publisher, PublisherID: s.PublisherOrg.ID,
		PublishedOn: s.PublishedOn.String(), AccessedOn: s.AccessedOn.String(), ArchiveURL: s.ArchiveURL,
		Licence: s.Licence, DocType: string(s.DocType), Language: s.Language, Notes: s.Notes, Version: version}
}

// EnsureSource returns the stored source with src's URL, creating it when
// there is none. When src states a field differently from the stored source
// (or gives one it lacks), mayChange decides: an import that publishes
// directly updates the source, with a revision, and marks the dataset
// changed; anything that goes through review may not change a document
// that published figures cite, and gets a conflict naming the field.
// Fields src leaves empty keep their stored value. Within one transaction,
// two different titles or publishers for one URL are an error: the rows
// disagree about the document.
func (tx *Tx) EnsureSource(ctx context.Context, src domain.Source, action domain.Action, mayChange bool) (domain.Source, error) {
	if err := src.Validate(); err != nil {
		return domain.Source{}, err
	}
	if err := tx.resolvePublisher(ctx, &src); err != nil {
		return domain.Source{}, err
	}
	if seen, ok := tx.sources[src.URL]; ok {
		if err := sameDocument(*seen, src); err != nil {
			return domain.Source{}, err
		}
		if mergeSource(*seen, src) == *seen {
			return *seen, nil
		}
	}
	row, known, absent := tx.bulk().prefetchedSource(src.URL)
	var err error
	switch {
	case absent:
		err = sql.ErrNoRows
	case !known:
		err = tx.get(ctx, &row, sourceRowTxQuery+"= ?", tx.now, src.URL)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return tx.createSource(ctx, src, action)
	}
	if err != nil {
		return domain.Source{}, fmt.Errorf("store: source %s: %w", src.URL, err)
	}
	stored, err := row.domain()
	if err != nil {
		return domain.Source{}, err
	}
	// Written earlier in this transaction but no longer remembered (the
	// cache is bounded): the rows must still agree about the document.
	if row.ThisTx {
		if err := sameDocument(stored, src); err != nil {
			return domain.Source{}, err
		}
	}
	merged := mergeSource(stored, src)
	if merged == stored {
		tx.remember(&stored)
		return stored, nil
	}
	if !mayChange {
		return domain.Source{}, sourceConflict(stored, merged)
	}
	return tx.updateSource(ctx, merged, row.Version+1, action)
}

// maxCachedSources bounds the sources a transaction remembers: an import
// of a million rows may cite a million documents, and memory must not grow
// with the file. Past the bound the cache starts again; the database has
// the rest.
var maxCachedSources = 20_000

func (tx *Tx) remember(s *domain.Source) {
	if len(tx.sources) >= maxCachedSources {
		clear(tx.sources)
	}
	tx.sources[s.URL] = s
}

// sourceConflict names the first field in which merged differs from the
// document on record. A field on record empty is said in words ("with no
// publication date"), with what to do: leave it empty.
func sourceConflict(stored, merged domain.Source) error {
	field, have, noun := "source_title", stored.Title, "title"
	switch {
	case merged.Title != stored.Title:
	case merged.PublisherOrg.ID != stored.PublisherOrg.ID:
		field, have, noun = "source_publisher", stored.Publisher, "publisher"
	case merged.PublishedOn != stored.PublishedOn:
		field, have, noun = "source_published", stored.PublishedOn.String(), "publication date"
	case merged.AccessedOn != stored.AccessedOn:
		field, have, noun = "source_accessed", stored.AccessedOn.String(), "date accessed"
	case merged.ArchiveURL != stored.ArchiveURL:
		field, have, noun = "archive_url", stored.ArchiveURL, "archive URL"
	case merged.Licence != stored.Licence:
		field, have, noun = "licence", stored.Licence, "licence"
	default:
		field, have = "source_url", "other details"
	}
	if have == "" {
		return domain.FieldErrorf(domain.ECONFLICT, field,
			"this document is on record with no %s; published figures cite it, so leave it empty to use what is on record (an import by the CLI can correct it)", noun)
	}
	return domain.FieldErrorf(domain.ECONFLICT, field,
		"this document is on record with %q here; published figures cite it, so use what is on record (an import by the CLI can correct it)", have)
}

func sameDocument(seen, src domain.Source) error {
	if src.Title != seen.Title {
		return domain.FieldErrorf(domain.EINVALID, "source_title", "%q differs from %q, given earlier for the same source_url", src.Title, seen.Title)
	}
	if src.PublisherOrg.ID != seen.PublisherOrg.ID {
		return domain.FieldErrorf(domain.EINVALID, "source_publisher", "%q differs from %q, given earlier for the same source_url", src.Publisher, seen.Publisher)
	}
	return nil
}

// mergeSource overlays the non-empty fields of src on stored.
func mergeSource(stored, src domain.Source) domain.Source {
	m := stored
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&m.Title, src.Title)
	if src.PublisherOrg.ID != stored.PublisherOrg.ID { // the same organisation keeps the words on record
		m.Publisher, m.PublisherOrg = src.Publisher, src.PublisherOrg
	}
	set(&m.ArchiveURL, src.ArchiveURL)
	set(&m.Licence, src.Licence)
	set(&m.Language, src.Language)
	set(&m.Notes, src.Notes)
	if src.DocType != "" {
		m.DocType = src.DocType
	}
	if !src.PublishedOn.IsZero() {
		m.PublishedOn = src.PublishedOn
	}
	if !src.AccessedOn.IsZero() {
		m.AccessedOn = src.AccessedOn
	}
	return m
}

func (tx *Tx) createSource(ctx context.Context, s domain.Source, action domain.Action) (domain.Source, error) {
	if err := tx.resolvePublisher(ctx, &s); err != nil {
		return domain.Source{}, err
	}
	var err error
	s.ID, err = tx.rows.insertSource(ctx, tx, s.URL, s.Title, s.PublisherOrg.ID, s.Publisher, s.PublishedOn.String(), s.AccessedOn.String(),
		s.ArchiveURL, s.Licence, string(s.DocType), s.Language, s.Notes, 1, tx.now, tx.now)
	if err != nil {
		return domain.Source{}, fmt.Errorf("store: create source %s: %w", s.URL, err)
	}
	tx.bulk().addedSource(s.URL)
	if err := tx.appendRevision(ctx, "source", strconv.FormatInt(s.ID, 10), 1, action, "", snapshotSource(s, 1)); err != nil {
		return domain.Source{}, err
	}
	tx.remember(&s)
	return s, nil
}

func (tx *Tx) updateSource(ctx context.Context, s domain.Source, version int, action domain.Action) (domain.Source, error) {
	if err := tx.resolvePublisher(ctx, &s); err != nil {
		return domain.Source{}, err
	}
	_, err := tx.exec(ctx, `UPDATE sources SET title = ?, publisher_id = ?, publisher_as = ?, published_on = ?, accessed_on = ?, archive_url = ?,
		licence = ?, doc_type = ?, language = ?, notes = ?, version = ?, updated_at = ? WHERE id = ?`,
		s.Title, s.PublisherOrg.ID, s.Publisher, s.PublishedOn.String(), s.AccessedOn.String(), s.ArchiveURL, s.Licence, string(s.DocType),
		s.Language, s.Notes, version, tx.now, s.ID)
	if err != nil {
		return domain.Source{}, fmt.Errorf("store: update source %s: %w", s.URL, err)
	}
	tx.bulk().changedSource(s.URL)
	if err := tx.appendRevision(ctx, "source", strconv.FormatInt(s.ID, 10), version, action, "", snapshotSource(s, version)); err != nil {
		return domain.Source{}, err
	}
	tx.remember(&s)
	return s, tx.bumpDatasetVersion(ctx) // citations of published figures changed
}

// Source returns one source by id.
func (db *DB) Source(ctx context.Context, id int64) (domain.Source, error) {
	var row sourceRow
	err := db.get(ctx, &row, "SELECT "+sourceColumns+" FROM sources s JOIN organizations p ON p.id = s.publisher_id WHERE s.id = ?", id)
	if err != nil {
		return domain.Source{}, notFound(err, "no source %d", id)
	}
	return row.domain()
}

// SourceByURL returns the source kept for a document's URL: ENOTFOUND when
// the tracker keeps none, so a form can fill a known document's fields.
func (db *DB) SourceByURL(ctx context.Context, url string) (domain.Source, error) {
	var row sourceRow
	err := db.get(ctx, &row, "SELECT "+sourceColumns+" FROM sources s JOIN organizations p ON p.id = s.publisher_id WHERE s.url = ?", url)
	if err != nil {
		return domain.Source{}, notFound(err, "no source with URL %s", url)
	}
	return row.domain()
}

// CreateSource adds a document from the staff form; a URL already on
// record is ECONFLICT on source_url, so that one document is one source.
func (tx *Tx) CreateSource(ctx context.Context, src domain.Source) (domain.Source, error) {
	if err := src.Validate(); err != nil {
		return domain.Source{}, err
	}
	var n int
	if err := tx.get(ctx, &n, "SELECT count(*) FROM sources WHERE url = ?", src.URL); err != nil {
		return domain.Source{}, fmt.Errorf("store: source %s: %w", src.URL, err)
	}
	if n > 0 {
		return domain.Source{}, domain.FieldErrorf(domain.ECONFLICT, "source_url", "this document is already on record; search for it instead")
	}
	return tx.createSource(ctx, src, domain.ActionCreate)
}

// publicSources are the sources that a published figure or event cites:
// a document only a draft names is not public.
const publicSources = `s.id IN (SELECT source_id FROM public_figures UNION SELECT source_id FROM public_events)`

// PublicSourcePage returns one page of public sources, ordered by id.
func (db *DB) PublicSourcePage(ctx context.Context, after int64, limit int) ([]domain.Source, error) {
	var rows []sourceRow
	err := db.selectAll(ctx, &rows, "SELECT "+sourceColumns+` FROM sources s JOIN organizations p ON p.id = s.publisher_id
		WHERE `+publicSources+` AND s.id > ? ORDER BY s.id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: api sources: %w", err)
	}
	return convertRows(rows, sourceRow.domain)
}

// PublicSource returns a source that a published figure or event cites.
func (db *DB) PublicSource(ctx context.Context, id int64) (domain.Source, error) {
	var row sourceRow
	err := db.get(ctx, &row, "SELECT "+sourceColumns+` FROM sources s JOIN organizations p ON p.id = s.publisher_id
		WHERE `+publicSources+` AND s.id = ?`, id)
	if err != nil {
		return domain.Source{}, notFound(err, "no source %d", id)
	}
	return row.domain()
}

// SourceFigure is a published figure read from a source, with its series.
type SourceFigure struct {
	Series domain.Series
	Figure domain.Figure
}

// PublicSourceReadings returns what published data reads from one source:
// the source, its published figures (by series title, then date) and its
// published events (by date). A source that no published figure or event
// cites — one only drafts name, or none — is ENOTFOUND.
func (db *DB) PublicSourceReadings(ctx context.Context, id int64) (domain.Source, []SourceFigure, []domain.Event, error) {
	var figs []SourceFigure
	err := db.eachFigureQuery(ctx, "SELECT "+figureColumns+` FROM public_figures WHERE source_id = ?
		ORDER BY series_title, series_slug, as_of, id`, []any{id}, func(s domain.Series, f domain.Figure) error {
		figs = append(figs, SourceFigure{Series: s, Figure: f})
		return nil
	})
	if err != nil {
		return domain.Source{}, nil, nil, err
	}
	events, err := db.events(ctx, "SELECT "+eventColumns+" FROM public_events WHERE source_id = ? ORDER BY date, id", id)
	if err != nil {
		return domain.Source{}, nil, nil, err
	}
	if len(figs) == 0 && len(events) == 0 {
		return domain.Source{}, nil, nil, domain.Errorf(domain.ENOTFOUND, "no source %d", id)
	}
	src, err := db.Source(ctx, id)
	return src, figs, events, err
}

// SearchSources finds sources whose title, URL or publisher contains q (case
// does not matter), newest first, at most limit.
func (db *DB) SearchSources(ctx context.Context, q string, limit int) ([]domain.Source, error) {
	like := "%" + escapeLike(q) + "%"
	var rows []sourceRow
	err := db.selectAll(ctx, &rows, "SELECT "+sourceColumns+` FROM sources s JOIN organizations p ON p.id = s.publisher_id
		WHERE lower(s.title) LIKE lower(?) ESCAPE '\' OR lower(s.url) LIKE lower(?) ESCAPE '\' OR lower(p.name) LIKE lower(?) ESCAPE '\'
		ORDER BY s.updated_at DESC, s.id DESC LIMIT ?`, like, like, like, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search sources: %w", err)
	}
	return convertRows(rows, sourceRow.domain)
}

func escapeLike(s string) string {
	var b []rune
	for _, r := range s {
		if r == '%' || r == '_' || r == '\\' {
			b = append(b, '\\')
		}
		b = append(b, r)
	}
	return string(b)
}
