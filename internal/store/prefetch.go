package store

import (
	"context"
	"fmt"
	"iter"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// prefetched is what PrefetchFigures learnt of the tables for the rows an
// import is about to save: the stored figures with their content keys and
// the stored sources with their URLs, and which keys and URLs the tables do
// not have. It describes the tables, not the buffered inserts (batch.go),
// and the transaction keeps it true: a figure or source it creates is no
// longer absent, and a figure it changes makes it forget every key.
type prefetched struct {
	figures    map[string]figureBrief
	noFigure   map[string]bool
	sources    map[string]sourceRowTx
	noSource   map[string]bool
	keys, urls []string // reused between chunks
}

// sourceRowTx is a stored source and whether this transaction wrote it.
type sourceRowTx struct {
	sourceRow
	ThisTx bool `db:"this_tx"`
}

// sourceRowTxQuery selects sourceRowTx by URL; the caller adds the test of
// s.url and gives the transaction's time as the first argument.
const sourceRowTxQuery = "SELECT " + sourceColumns + ", s.updated_at = ? AS this_tx FROM sources s JOIN organizations p ON p.id = s.publisher_id WHERE s.url "

func (p *prefetched) reset() {
	if p.figures == nil {
		p.figures, p.noFigure = map[string]figureBrief{}, map[string]bool{}
		p.sources, p.noSource = map[string]sourceRowTx{}, map[string]bool{}
	}
	clear(p.figures)
	clear(p.noFigure)
	clear(p.sources)
	clear(p.noSource)
	p.keys, p.urls = p.keys[:0], p.urls[:0]
}

// The methods below are how the code shared with ordinary transactions
// asks an import what it knows; on a nil *bulk (an ordinary transaction)
// they know nothing.

// prefetchedSource returns the stored source with url when the prefetch
// found it, or absent when the prefetch found none.
func (b *bulk) prefetchedSource(url string) (row sourceRowTx, known, absent bool) {
	if b == nil {
		return sourceRowTx{}, false, false
	}
	row, known = b.prefetched.sources[url]
	return row, known, b.prefetched.noSource[url]
}

// prefetchedFigure returns the stored figure with content key key when the
// prefetch found it, or absent when the prefetch found none.
func (b *bulk) prefetchedFigure(key string) (brief figureBrief, known, absent bool) {
	if b == nil {
		return figureBrief{}, false, false
	}
	brief, known = b.prefetched.figures[key]
	return brief, known, b.prefetched.noFigure[key]
}

// bufferedFigure returns the buffered figure with content key key.
func (b *bulk) bufferedFigure(key string) (figureBrief, bool) {
	if b == nil {
		return figureBrief{}, false
	}
	brief, ok := b.figureKeys[key]
	return brief, ok
}

// addedSource notes a source just created: no longer absent.
func (b *bulk) addedSource(url string) {
	if b != nil {
		delete(b.prefetched.noSource, url)
	}
}

// changedSource forgets what was prefetched of a source just changed.
func (b *bulk) changedSource(url string) {
	if b != nil {
		delete(b.prefetched.sources, url)
	}
}

// addedFigure notes a figure just created under content key key: no
// longer absent, and found by figureByKey while it is buffered.
func (b *bulk) addedFigure(key string, brief figureBrief) {
	if b == nil {
		return
	}
	delete(b.prefetched.noFigure, key)
	if _, dup := b.figureKeys[key]; !dup && b.figures.rows > 0 {
		b.figureKeys[key] = brief
	}
}

// changedFigure drops what is known of figures, after a stored figure
// changed its content key.
func (b *bulk) changedFigure() {
	if b != nil {
		clear(b.prefetched.figures)
		clear(b.prefetched.noFigure)
	}
}

// prefetchIn is how many keys one lookup asks for; shorter lists are padded
// with their last key, so that one prepared statement serves every chunk.
const prefetchIn = 256

// PrefetchFigures looks up, with one query for the content keys and one for
// the source URLs of up to prefetchIn rows, what ImportFigure and
// EnsureSource would otherwise look up row by row. The rows are then saved
// as they would be without it.
func (tx *ImportTx) PrefetchFigures(ctx context.Context, rows iter.Seq2[domain.Series, domain.Figure]) error {
	// The lookups must see every row written so far; with the buffer
	// written, what they do not find is absent.
	if err := tx.bulk.flush(ctx, tx.Tx); err != nil {
		return err
	}
	p := &tx.bulk.prefetched
	p.reset()
	// While the lists are made, noSource and noFigure mark what is listed;
	// after the lookups they hold what was not found.
	for s, f := range rows {
		if url := f.Source.URL; url != "" && !p.noSource[url] && len(p.urls) < prefetchIn {
			p.noSource[url] = true
			p.urls = append(p.urls, url)
		}
		if f.ID == "" && len(p.keys) < prefetchIn {
			if key := contentKey(s.Slug, f); !p.noFigure[key] {
				p.noFigure[key] = true
				p.keys = append(p.keys, key)
			}
		}
	}
	if len(p.keys) > 0 {
		var found []figureBrief
		if err := tx.lookupIn(ctx, &found, "SELECT "+figureBriefColumns+" FROM figures WHERE content_key IN ", p.keys); err != nil {
			return fmt.Errorf("store: look up content keys: %w", err)
		}
		byKey := map[string][]figureBrief{}
		for _, b := range found {
			byKey[b.ContentKey] = append(byKey[b.ContentKey], b)
		}
		for key, bs := range byKey {
			delete(p.noFigure, key)
			p.figures[key] = oldestFigure(bs)
		}
	}
	if len(p.urls) > 0 {
		var found []sourceRowTx
		if err := tx.lookupIn(ctx, &found, sourceRowTxQuery+"IN ", p.urls, tx.now); err != nil {
			return fmt.Errorf("store: look up sources: %w", err)
		}
		for _, r := range found {
			delete(p.noSource, r.URL)
			p.sources[r.URL] = r
		}
	}
	return nil
}

// lookupIn runs query, which ends in "IN ", with the list of values padded
// to prefetchIn, after the leading arguments. It reads the tables as they
// are, without writing the buffered inserts first: the callers account for
// those themselves.
func (tx *ImportTx) lookupIn(ctx context.Context, dest any, query string, values []string, leading ...any) error {
	args := make([]any, 0, len(leading)+prefetchIn)
	args = append(args, leading...)
	for i := range prefetchIn {
		args = append(args, values[min(i, len(values)-1)])
	}
	query += "(" + strings.TrimSuffix(strings.Repeat("?, ", prefetchIn), ", ") + ")"
	if tx.db.dialect == Postgres {
		// The tables grow in this transaction, before any statistics know
		// of it; PostgreSQL guesses that a few hundred keys match most of
		// such a table and reads all of it, for every chunk. The index is
		// always right here. The setting lasts until the transaction ends
		// (setting it back after each lookup cost two round trips a
		// chunk): the rest of an import looks rows up by key, and where
		// there is no index PostgreSQL still scans.
		if !tx.bulk.seqscanOff {
			if _, err := tx.execOnce(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
				return err
			}
			tx.bulk.seqscanOff = true
		}
		return on(tx.tx).selectAll(ctx, dest, query, args...)
	}
	return tx.selectAside(ctx, dest, query, args...)
}
