package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

type eventRow struct {
	ID           string    `db:"id"`
	Date         string    `db:"date"`
	EndDate      string    `db:"end_date"`
	Title        string    `db:"title"`
	Kind         string    `db:"kind"`
	Countries    string    `db:"countries"`
	Series       string    `db:"series"`
	Excerpt      string    `db:"excerpt"`
	Status       string    `db:"status"`
	StatusReason string    `db:"status_reason"`
	Version      int       `db:"version"`
	CreatedBy    string    `db:"created_by"`
	UpdatedBy    string    `db:"updated_by"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
	ExcerptCheck string    `db:"excerpt_status"`
	joinedSource
}

const eventColumns = `id, date, end_date, title, kind, countries, series, excerpt, status, status_reason, version,
	created_by, updated_by, created_at, updated_at, source_id, source_title, source_publisher, source_url,
	source_published, source_accessed, archive_url, licence, doc_type, language, source_publisher_id,
	source_publisher_slug, source_publisher_acronym, source_publisher_name, source_saved_at, source_sha256, excerpt_status`

func (r eventRow) event() (domain.Event, error) {
	date, err1 := domain.ParseDate(r.Date)
	end, err2 := domain.ParseDate(r.EndDate)
	src, err3 := r.source()
	if err := errors.Join(err1, err2, err3); err != nil {
		return domain.Event{}, fmt.Errorf("store: event %s: %w", r.ID, err)
	}
	return domain.Event{ID: r.ID, Date: date, EndDate: end, Title: r.Title, Kind: domain.EventKind(r.Kind),
		Countries: splitCountries(r.Countries), Series: splitCountries(r.Series), Excerpt: r.Excerpt, Status: domain.Status(r.Status), StatusReason: r.StatusReason,
		Version: r.Version, CreatedBy: r.CreatedBy, UpdatedBy: r.UpdatedBy,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), Source: src, Evidence: r.evidence(r.ExcerptCheck),
	}, nil
}

// splitCountries splits codes or slugs joined by ';'.
func splitCountries(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

type eventSnapshot struct {
	ID        string `json:"id"`
	Date      string `json:"date"`
	EndDate   string `json:"end_date"`
	Title     string `json:"title"`
	Kind      string `json:"kind"`
	Countries string `json:"countries"`
	Series    string `json:"series,omitempty"`
	SourceID  int64  `json:"source_id"`
	SourceURL string `json:"source_url"`
	Excerpt   string `json:"excerpt"`
	Status    string `json:"status"`
	Reason    string `json:"status_reason"`
	Version   int    `json:"version"`
	CreatedBy string `json:"created_by"`
	UpdatedBy string `json:"updated_by"`
}

func snapshotEvent(e domain.Event) eventSnapshot {
	return eventSnapshot{ID: e.ID, Date: e.Date.String(), EndDate: e.EndDate.String(), Title: e.Title,
		Kind: string(e.Kind), Countries: strings.Join(e.Countries, ";"), Series: strings.Join(e.Series, ";"), SourceID: e.Source.ID, SourceURL: e.Source.URL,
		Excerpt: e.Excerpt, Status: string(e.Status), Reason: e.StatusReason, Version: e.Version, CreatedBy: e.CreatedBy, UpdatedBy: e.UpdatedBy}
}

func eventKey(e domain.Event) string {
	parts := []string{e.Date.String(), e.EndDate.String(), strings.TrimSpace(e.Title), string(e.Kind),
		strings.Join(e.Countries, ";"), e.Source.URL, strings.Join(strings.Fields(e.Excerpt), " ")}
	if len(e.Series) > 0 {
		// Only then, so that the keys of events stored before links
		// existed stay what they were.
		parts = append(parts, "series:"+strings.Join(e.Series, ";"))
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return hex.EncodeToString(sum[:16])
}

// ImportEvent stores an imported event by the same rules as ImportFigure:
// an id that exists is updated when anything differs, an equal event is not
// duplicated.
func (tx *Tx) ImportEvent(ctx context.Context, e domain.Event, status domain.Status) (domain.Outcome, string, error) {
	e.Status = status
	if err := e.Validate(); err != nil {
		return domain.Unchanged, "", err
	}
	if err := tx.checkEventSeries(ctx, &e); err != nil {
		return domain.Unchanged, "", err
	}
	src, err := tx.EnsureSource(ctx, e.Source, domain.ActionImport, status == domain.StatusPublished)
	if err != nil {
		return domain.Unchanged, "", err
	}
	e.Source = src
	key := eventKey(e)
	if e.ID == "" {
		id, err := tx.eventByKey(ctx, key)
		e.ID = id
		if errors.Is(err, sql.ErrNoRows) {
			e.ID = domain.NewID()
			return domain.Created, e.ID, tx.writeEvent(ctx, e, key, true, domain.ActionImport)
		}
		if err != nil {
			return domain.Unchanged, "", fmt.Errorf("store: find event: %w", err)
		}
	}
	var row eventRow
	err = tx.get(ctx, &row, "SELECT "+eventColumns+" FROM event_rows WHERE id = ?", e.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Created, e.ID, tx.writeEvent(ctx, e, key, true, domain.ActionImport)
	}
	if err != nil {
		return domain.Unchanged, "", fmt.Errorf("store: event %s: %w", e.ID, err)
	}
	stored, err := row.event()
	if err != nil {
		return domain.Unchanged, "", err
	}
	e.Status, e.Version, e.CreatedBy = stored.Status, stored.Version, stored.CreatedBy
	e.UpdatedBy = stored.UpdatedBy
	if eventKey(stored) == key {
		return domain.Unchanged, e.ID, nil
	}
	if stored.Status == domain.StatusPublished && status != domain.StatusPublished {
		return domain.Unchanged, "", domain.FieldErrorf(domain.ECONFLICT, "event_id",
			"%s is published; a changed version cannot be imported as %s", e.ID, status)
	}
	e.Version++
	return domain.Updated, e.ID, tx.writeEvent(ctx, e, key, false, domain.ActionImport)
}

func (tx *Tx) writeEvent(ctx context.Context, e domain.Event, key string, create bool, action domain.Action) error {
	var err error
	e.UpdatedBy = tx.actor
	if create {
		e.Version, e.CreatedBy = 1, tx.actor
		_, err = tx.exec(ctx, `INSERT INTO events (id, date, end_date, title, kind, countries, series, source_id, excerpt, status,
			status_reason, content_key, version, created_by, updated_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 1, ?, ?, ?, ?)`,
			e.ID, e.Date.String(), e.EndDate.String(), e.Title, string(e.Kind), strings.Join(e.Countries, ";"),
			strings.Join(e.Series, ";"), e.Source.ID, e.Excerpt, string(e.Status), key, e.CreatedBy, e.UpdatedBy, tx.now, tx.now)
	} else {
		_, err = tx.exec(ctx, `UPDATE events SET date = ?, end_date = ?, title = ?, kind = ?, countries = ?, series = ?,
			source_id = ?, excerpt = ?, content_key = ?, version = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
			e.Date.String(), e.EndDate.String(), e.Title, string(e.Kind), strings.Join(e.Countries, ";"),
			strings.Join(e.Series, ";"), e.Source.ID, e.Excerpt, key, e.Version, e.UpdatedBy, tx.now, e.ID)
	}
	if err != nil {
		return fmt.Errorf("store: write event %s: %w", e.ID, err)
	}
	if err := tx.appendRevision(ctx, "event", e.ID, e.Version, action, "", snapshotEvent(e)); err != nil {
		return err
	}
	if e.Status == domain.StatusPublished {
		return tx.bumpDatasetVersion(ctx)
	}
	return nil
}

// CreateEvent saves a new event from the staff form as a draft.
func (tx *Tx) CreateEvent(ctx context.Context, e domain.Event) (string, error) {
	e.ID, e.Status = domain.NewID(), domain.StatusDraft
	if err := e.Validate(); err != nil {
		return "", err
	}
	if err := tx.checkEventSeries(ctx, &e); err != nil {
		return "", err
	}
	src, err := tx.EnsureSource(ctx, e.Source, domain.ActionCreate, false)
	if err != nil {
		return "", err
	}
	e.Source = src
	return e.ID, tx.writeEvent(ctx, e, eventKey(e), true, domain.ActionCreate)
}

// ActEvent moves an event (read at version; 0 skips the check) through the
// same workflow as a figure (domain.Step): submit, approve (never by
// whoever entered or last changed it), reject or retract with a reason.
func (tx *Tx) ActEvent(ctx context.Context, id string, version int, action domain.Action, reason string) error {
	var row eventRow
	if err := tx.get(ctx, &row, "SELECT "+eventColumns+" FROM event_rows WHERE id = ?", id); err != nil {
		return notFound(err, "no event %q", id)
	}
	e, err := row.event()
	if err != nil {
		return err
	}
	if version != 0 && e.Version != version {
		return domain.Errorf(domain.ECONFLICT, "this event was changed by %s after you opened it; reload it", e.UpdatedBy)
	}
	actor, err := workflowActor(ctx, tx, tx.actor)
	if err != nil {
		return err
	}
	next, err := domain.Step(e.Entry(), actor, action, reason)
	if err != nil {
		return err
	}
	e.Status, e.StatusReason, e.Version = next, reason, e.Version+1
	return tx.recordStep(ctx, "events", "event", id, e.Version, next, action, reason, snapshotEvent(e))
}

// Event returns one event in any status, for staff pages.
func (db *DB) Event(ctx context.Context, id string) (domain.Event, error) {
	var row eventRow
	if err := db.get(ctx, &row, "SELECT "+eventColumns+" FROM event_rows WHERE id = ?", id); err != nil {
		return domain.Event{}, notFound(err, "no event %q", id)
	}
	return row.event()
}

// EventsInReview lists the events waiting for review, oldest first.
func (db *DB) EventsInReview(ctx context.Context) ([]domain.Event, error) {
	return db.events(ctx, "SELECT "+eventColumns+" FROM event_rows WHERE status = 'in_review' ORDER BY updated_at, id")
}

// events runs a query of event rows and converts them.
func (db *DB) events(ctx context.Context, query string, args ...any) ([]domain.Event, error) {
	var rows []eventRow
	if err := db.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return convertRows(rows, eventRow.event)
}

// eventByKey returns the id of the oldest event with content key key, or
// sql.ErrNoRows; like figureByKey, it chooses among the (rare) matches here.
func (tx *Tx) eventByKey(ctx context.Context, key string) (string, error) {
	type match struct {
		ID        string    `db:"id"`
		CreatedAt time.Time `db:"created_at"`
	}
	var found []match
	// Aside: events are never buffered (batch.go).
	if err := tx.selectAside(ctx, &found, "SELECT id, created_at FROM events WHERE content_key = ?", key); err != nil {
		return "", err
	}
	if len(found) == 0 {
		return "", sql.ErrNoRows
	}
	return oldest(found, func(m match) (time.Time, string) { return m.CreatedAt, m.ID }).ID, nil
}

// checkEventSeries drops repeated links of e and refuses a link to a
// series that does not exist, naming the slug.
func (tx *Tx) checkEventSeries(ctx context.Context, e *domain.Event) error {
	var links []string
	var p domain.Problems
	for _, slug := range e.Series {
		if slices.Contains(links, slug) {
			continue
		}
		links = append(links, slug)
		var n int
		// Aside: series are never buffered (batch.go).
		if err := tx.getAside(ctx, &n, "SELECT count(*) FROM series WHERE slug = ?", slug); err != nil {
			return fmt.Errorf("store: event series %s: %w", slug, err)
		}
		if n == 0 {
			p.Add("series", "no series has the slug %q; create it first or correct the link", slug)
		}
	}
	e.Series = links
	return p.Err()
}

// EventFilter narrows the events listed. Countries and Series select the
// candidates for a series (any shared country, or an explicit link), which
// domain.EventApplies then decides on; Kind and the dates narrow further.
type EventFilter struct {
	Countries []string // events naming any of these; with Series empty and these empty: all
	Series    string   // or events linked to this series slug
	Kind      domain.EventKind
	// From and To keep the events with any day from From's first day to
	// To's last; a zero date leaves that end open.
	From, To domain.Date
}

// PublicEvents returns published events in date order.
func (db *DB) PublicEvents(ctx context.Context, filter EventFilter) ([]domain.Event, error) {
	var either []string
	var args []any
	for _, c := range filter.Countries {
		if c == "" {
			continue
		}
		either = append(either, "(';' || countries || ';') LIKE ?")
		args = append(args, "%;"+c+";%")
	}
	if filter.Series != "" {
		either = append(either, "(';' || series || ';') LIKE ?")
		args = append(args, "%;"+filter.Series+";%")
	}
	var conds []string
	if len(either) > 0 {
		conds = append(conds, "("+strings.Join(either, " OR ")+")")
	}
	if filter.Kind != "" {
		conds = append(conds, "kind = ?")
		args = append(args, string(filter.Kind))
	}
	where := ""
	if len(conds) > 0 {
		where = "WHERE " + strings.Join(conds, " AND ")
	}
	events, err := db.events(ctx, "SELECT "+eventColumns+" FROM public_events "+where+" ORDER BY date, id", args...)
	if err != nil {
		return nil, err
	}
	if err := db.publicLinks(ctx, events); err != nil {
		return nil, err
	}
	if filter.From.IsZero() && filter.To.IsZero() {
		return events, nil
	}
	// Dates are kept as written (2024, 2024-03, 2024-03-15), so the period
	// is compared here, by each date's first and last day.
	return slices.DeleteFunc(events, func(e domain.Event) bool {
		end := e.Date.Last()
		if !e.EndDate.IsZero() && e.EndDate.Last().After(end) {
			end = e.EndDate.Last()
		}
		return (!filter.From.IsZero() && end.Before(filter.From.First())) ||
			(!filter.To.IsZero() && e.Date.First().After(filter.To.Last()))
	}), nil
}

// publicLinks keeps, of each event's links to series, those to series the
// public may see (with a published figure): the slug of a series that has
// only drafts is not published through an event that links to it.
func (db *DB) publicLinks(ctx context.Context, events []domain.Event) error {
	linked := false
	for _, e := range events {
		linked = linked || len(e.Series) > 0
	}
	if !linked {
		return nil
	}
	var slugs []string
	if err := db.selectAll(ctx, &slugs, "SELECT DISTINCT s.slug FROM series s JOIN public_figures f ON f.series_id = s.id"); err != nil {
		return fmt.Errorf("store: public series: %w", err)
	}
	public := make(map[string]bool, len(slugs))
	for _, slug := range slugs {
		public[slug] = true
	}
	for i := range events {
		if len(events[i].Series) > 0 {
			events[i].Series = slices.DeleteFunc(slices.Clone(events[i].Series), func(slug string) bool { return !public[slug] })
		}
	}
	return nil
}
