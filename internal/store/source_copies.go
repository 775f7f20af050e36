package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// copyColumns are a saved copy's columns without its body.
const copyColumns = "id, source_id, url, final_url, status, content_type, charset, sha256, size, text, fetched_at"

type copyRow struct {
	ID          int64     `db:"id"`
	SourceID    int64     `db:"source_id"`
	URL         string    `db:"url"`
	FinalURL    string    `db:"final_url"`
	Status      int       `db:"status"`
	ContentType string    `db:"content_type"`
	Charset     string    `db:"charset"`
	SHA256      string    `db:"sha256"`
	Size        int64     `db:"size"`
	Text        string    `db:"text"`
	FetchedAt   time.Time `db:"fetched_at"`
	Body        []byte    `db:"body"`
}

func (r copyRow) copy() domain.SourceCopy {
	return domain.SourceCopy{ID: r.ID, SourceID: r.SourceID, URL: r.URL, FinalURL: r.FinalURL, Status: r.Status,
		ContentType: r.ContentType, Charset: r.Charset, SHA256: r.SHA256, Size: r.Size, Text: r.Text,
		FetchedAt: r.FetchedAt.UTC(), Body: r.Body}
}

// SaveSourceCopy keeps c, a fetched copy of source c.SourceID, and returns
// it as saved, with its ID, hash and size. Copies are immutable: a copy
// whose bytes are those of the source's latest copy is not kept again, and
// that latest copy is returned with saved false. A copy over lim's
// PerDocument, or one that would take all copies over lim's Total, is
// refused (ECONFLICT, saying which), and nothing is written. The total is
// checked and the copy written in one transaction, so that concurrent saves
// can neither together pass it nor both keep the same bytes (SQLite has one
// writer; on PostgreSQL the table is locked for the transaction).
func (db *DB) SaveSourceCopy(ctx context.Context, c domain.SourceCopy, lim domain.CopyLimits) (saved domain.SourceCopy, created bool, err error) {
	sum := sha256.Sum256(c.Body)
	c.SHA256, c.Size = hex.EncodeToString(sum[:]), int64(len(c.Body))
	if lim.PerDocument > 0 && c.Size > lim.PerDocument {
		return c, false, domain.Errorf(domain.ECONFLICT, "the document is %d bytes; a saved copy may hold at most %d", c.Size, lim.PerDocument)
	}
	if c.FetchedAt.IsZero() {
		c.FetchedAt = db.now()
	}
	c.FetchedAt = c.FetchedAt.UTC()
	c.ContentType = strings.TrimSpace(c.ContentType)
	c.Text = capText(c.Text)
	if _, err := db.Source(ctx, c.SourceID); err != nil {
		return domain.SourceCopy{}, false, err
	}
	err = db.writeTx(ctx, func(tx *sqlTx) error {
		if db.dialect == Postgres {
			// One save at a time: the latest copy compared and the total
			// counted are then the ones this save is written after.
			if _, err := on(tx).exec(ctx, "LOCK TABLE source_copies IN SHARE ROW EXCLUSIVE MODE"); err != nil {
				return fmt.Errorf("store: lock saved copies: %w", err)
			}
		}
		var last copyRow
		err := on(tx).get(ctx, &last, "SELECT "+copyColumns+" FROM source_copies WHERE source_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1", c.SourceID)
		switch {
		case err == nil && last.SHA256 == c.SHA256:
			saved = last.copy()
			return nil
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("store: latest copy of source %d: %w", c.SourceID, err)
		}
		if lim.Total > 0 {
			var used int64
			if err := on(tx).get(ctx, &used, "SELECT COALESCE(SUM(size), 0) FROM source_copies"); err != nil {
				return fmt.Errorf("store: size of saved copies: %w", err)
			}
			if used+c.Size > lim.Total {
				return domain.Errorf(domain.ECONFLICT, "saved copies take %d of the %d bytes allowed; this document's %d bytes do not fit", used, lim.Total, c.Size)
			}
		}
		if err := on(tx).queryRowx(ctx, `INSERT INTO source_copies (source_id, url, final_url, status, content_type, charset, sha256, size, body, text, fetched_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.SourceID, c.URL, c.FinalURL, c.Status, c.ContentType, c.Charset, c.SHA256, c.Size, c.Body, c.Text, c.FetchedAt).Scan(&c.ID); err != nil {
			return fmt.Errorf("store: save a copy of source %d: %w", c.SourceID, err)
		}
		saved, created = c, true
		return nil
	})
	if err != nil {
		return domain.SourceCopy{}, false, err
	}
	return saved, created, nil
}

// LatestSourceCopy returns the latest saved copy of a source, with its
// body; ENOTFOUND when none was saved.
func (db *DB) LatestSourceCopy(ctx context.Context, sourceID int64) (domain.SourceCopy, error) {
	return db.latestCopy(ctx, sourceID, copyColumns+", body")
}

// LatestSourceText returns the latest saved copy of a source without its
// body (its text, hash and time: what a page needs); ENOTFOUND when none
// was saved.
func (db *DB) LatestSourceText(ctx context.Context, sourceID int64) (domain.SourceCopy, error) {
	return db.latestCopy(ctx, sourceID, copyColumns)
}

func (db *DB) latestCopy(ctx context.Context, sourceID int64, cols string) (domain.SourceCopy, error) {
	var r copyRow
	err := db.get(ctx, &r, "SELECT "+cols+" FROM source_copies WHERE source_id = ? ORDER BY fetched_at DESC, id DESC LIMIT 1", sourceID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.SourceCopy{}, domain.Errorf(domain.ENOTFOUND, "no saved copy of source %d", sourceID)
	}
	if err != nil {
		return domain.SourceCopy{}, fmt.Errorf("store: latest copy of source %d: %w", sourceID, err)
	}
	return r.copy(), nil
}

// SourceCopies lists a source's saved copies, newest first, without their
// bodies.
func (db *DB) SourceCopies(ctx context.Context, sourceID int64) ([]domain.SourceCopy, error) {
	return db.copiesOf(ctx, sourceID, copyColumns)
}

// SourceCopyList lists a source's saved copies, newest first, without
// their bodies or texts: what a list of them shows.
func (db *DB) SourceCopyList(ctx context.Context, sourceID int64) ([]domain.SourceCopy, error) {
	return db.copiesOf(ctx, sourceID, "id, source_id, url, final_url, status, content_type, charset, sha256, size, fetched_at")
}

func (db *DB) copiesOf(ctx context.Context, sourceID int64, cols string) ([]domain.SourceCopy, error) {
	var rows []copyRow
	if err := db.selectAll(ctx, &rows, "SELECT "+cols+" FROM source_copies WHERE source_id = ? ORDER BY fetched_at DESC, id DESC", sourceID); err != nil {
		return nil, fmt.Errorf("store: copies of source %d: %w", sourceID, err)
	}
	out := make([]domain.SourceCopy, len(rows))
	for i, r := range rows {
		out[i] = r.copy()
	}
	return out, nil
}

// SourceIDs lists every source's ID, oldest first.
func (db *DB) SourceIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	if err := db.selectAll(ctx, &ids, "SELECT id FROM sources ORDER BY id"); err != nil {
		return nil, fmt.Errorf("store: sources: %w", err)
	}
	return ids, nil
}

// SourceExcerpt is one sentence read from a source: a figure's or an
// event's excerpt, whatever its status (a draft's excerpt is checked before
// it is reviewed).
type SourceExcerpt struct {
	Kind    string // "figure" or "event"
	ID      string
	Status  domain.Status
	Excerpt string
}

// SourceExcerpts lists the excerpts read from a source: its figures', then
// its events', each by ID.
func (db *DB) SourceExcerpts(ctx context.Context, sourceID int64) ([]SourceExcerpt, error) {
	var rows []struct {
		Kind    string `db:"kind"`
		ID      string `db:"id"`
		Status  string `db:"status"`
		Excerpt string `db:"excerpt"`
	}
	err := db.selectAll(ctx, &rows, `SELECT 'figure' AS kind, id, status, excerpt FROM figures WHERE source_id = ?
		UNION ALL SELECT 'event' AS kind, id, status, excerpt FROM events WHERE source_id = ?
		ORDER BY kind DESC, id`, sourceID, sourceID)
	if err != nil {
		return nil, fmt.Errorf("store: excerpts of source %d: %w", sourceID, err)
	}
	out := make([]SourceExcerpt, len(rows))
	for i, r := range rows {
		out[i] = SourceExcerpt{Kind: r.Kind, ID: r.ID, Status: domain.Status(r.Status), Excerpt: r.Excerpt}
	}
	return out, nil
}

// MaxCopyText is the most readable text kept of one copy, in bytes: far
// more than any report's prose, and what a public figure page checks its
// excerpt against on every view, so it bounds that page's memory and time
// whatever a fetched document holds. The bytes are kept whole.
const MaxCopyText = 2 << 20

// capText cuts text to MaxCopyText at a rune boundary.
func capText(text string) string {
	if len(text) <= MaxCopyText {
		return text
	}
	cut := MaxCopyText
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
}
