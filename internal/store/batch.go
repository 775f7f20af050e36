package store

import (
	"context"
	"fmt"
	"strings"
)

// A transaction's new sources, figures and revisions go to its rowWriter.
// An ordinary transaction (InTx) writes each row as it is made. An import
// (InImportTx) holds them back and writes them with one multi-row INSERT per
// batchRows rows: an import of a million rows otherwise runs three million
// single-row statements, and the cost of a statement (on SQLite its binding
// and cursors, on PostgreSQL a round trip) is most of the cost of a row.
//
// Held-back rows must be in the database before anything reads them, so
// every statement of a transaction writes them first (Tx.exec, get,
// selectAll, insertID). A call site that accounts for them says so by
// using the Aside variants instead: its statement touches no table the
// buffer writes to and needs none of its rows there (organizations,
// series, the counters, the revision chain's first read), or it consults
// the buffer itself (figureByKey, PrefetchFigures). Nothing looks at the
// text of a statement to decide. Sources get their ids from nextSourceID,
// as figures reference them before they are written.
type rowWriter interface {
	// insert adds one row of t: its values in t's column order.
	insert(ctx context.Context, tx *Tx, t *table, args ...any) error
	// insertSource adds one source (its values after the id) and returns
	// its id.
	insertSource(ctx context.Context, tx *Tx, args ...any) (int64, error)
	// flush writes every row held back.
	flush(ctx context.Context, tx *Tx) error
}

const batchRows = 256

// table is a table that rowWriters insert into, with its columns.
type table struct {
	name    string
	columns []string
}

var (
	sourcesTable = &table{name: "sources", columns: []string{"id", "url", "title", "publisher_id", "publisher_as",
		"published_on", "accessed_on", "archive_url", "licence", "doc_type", "language", "notes", "version",
		"created_at", "updated_at"}}
	figuresTable = &table{name: "figures", columns: []string{"id", "series_id", "value", "qualifier",
		"value_low", "value_high", "value_as_stated", "period_start", "period_end", "as_of", "source_id",
		"attributed_to", "attributed_as", "excerpt", "locator", "notes", "status", "status_reason", "content_key", "version",
		"created_by", "updated_by", "created_at", "updated_at"}}
	figureOrgsTable = &table{name: "figure_orgs", columns: []string{"figure_id", "organization_id", "position"}}
	revisionsTable  = &table{name: "revisions", columns: []string{"entity", "entity_id", "version", "action",
		"actor", "at", "reason", "snapshot", "prev_hash", "hash"}}
)

// insertSQL is the INSERT of n rows of columns.
func (t *table) insertSQL(columns []string, n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO " + t.name + " (" + strings.Join(columns, ", ") + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// direct is the rowWriter of an ordinary transaction: every row is written
// at once, and nothing is held back.
type direct struct{}

func (direct) insert(ctx context.Context, tx *Tx, t *table, args ...any) error {
	if len(args) != len(t.columns) {
		return fmt.Errorf("store: %s: %d values for %d columns", t.name, len(args), len(t.columns))
	}
	_, err := tx.execAside(ctx, t.insertSQL(t.columns, 1), args...)
	return err
}

func (direct) insertSource(ctx context.Context, tx *Tx, args ...any) (int64, error) {
	columns := sourcesTable.columns[1:]
	if len(args) != len(columns) {
		return 0, fmt.Errorf("store: sources: %d values for %d columns", len(args), len(columns))
	}
	return tx.insertIDAside(ctx, sourcesTable.insertSQL(columns, 1), args...)
}

func (direct) flush(context.Context, *Tx) error { return nil }

// pendingTable is the buffer of one table: the arguments of the rows not
// yet written, row after row.
type pendingTable struct {
	*table
	max  int // rows that make a batch
	args []any
	rows int
	kept map[int]bool // shorter lengths with a kept statement
}

func (p *pendingTable) add(ctx context.Context, tx *Tx, args ...any) error {
	if len(args) != len(p.columns) {
		return fmt.Errorf("store: %s: %d values for %d columns", p.name, len(args), len(p.columns))
	}
	p.args = append(p.args, args...)
	p.rows++
	if p.rows >= p.max {
		return tx.rows.flush(ctx, tx)
	}
	return nil
}

// keptLengths bounds the shorter batch lengths whose statements a
// transaction keeps prepared, per table.
const keptLengths = 8

// keep reports whether the statement for n rows is (or may now be) kept.
func (p *pendingTable) keep(n int) bool {
	if p.kept[n] {
		return true
	}
	if len(p.kept) >= keptLengths {
		return false
	}
	if p.kept == nil {
		p.kept = map[int]bool{}
	}
	p.kept[n] = true
	return true
}

func (p *pendingTable) write(ctx context.Context, tx *Tx) error {
	if p.rows == 0 {
		return nil
	}
	// A full batch runs the statement prepared once for the transaction,
	// and so do the first few lengths of shorter ones (written because
	// something reads, or at the commit), which an import repeats. Past
	// those, a shorter batch's statement is prepared for once: kept, every
	// length up to the batch would be a statement of thousands of
	// parameters held to the end.
	var err error
	query := p.insertSQL(p.columns, p.rows)
	if p.rows == p.max || p.keep(p.rows) {
		_, err = tx.execAside(ctx, query, p.args...)
	} else {
		_, err = tx.execOnce(ctx, query, p.args...)
	}
	if err != nil {
		return fmt.Errorf("store: insert %d rows into %s: %w", p.rows, p.name, err)
	}
	clear(p.args) // let the strings go
	p.args, p.rows = p.args[:0], 0
	return nil
}

// bulk is the rowWriter of an import, and all that an import keeps beside
// an ordinary transaction: the buffered inserts, the ids reserved for new
// sources, and what PrefetchFigures learnt of the tables. Sources are
// written first (figures reference them), then figures, then revisions,
// and each table's rows in the order they were added, so revision ids
// follow the order of the hash chain.
type bulk struct {
	sources   pendingTable
	figures   pendingTable
	figureOrg pendingTable // figure_orgs, written after figures
	revisions pendingTable
	// figureKeys maps the content key of each buffered figure to what
	// figureByKey would read of it.
	figureKeys map[string]figureBrief
	sourceIDs  sourceIDs // reserved for new sources
	// prefetched is what the tables held for the rows being imported
	// (prefetch.go).
	prefetched prefetched
	seqscanOff bool // PostgreSQL: SET LOCAL enable_seqscan = off (prefetch.go)
}

func newBulk() *bulk {
	return &bulk{
		sources:    pendingTable{table: sourcesTable, max: batchRows},
		figures:    pendingTable{table: figuresTable, max: batchRows},
		figureOrg:  pendingTable{table: figureOrgsTable, max: 2 * batchRows},
		revisions:  pendingTable{table: revisionsTable, max: 2 * batchRows}, // a new row's source's and its own
		figureKeys: map[string]figureBrief{},
	}
}

func (b *bulk) insert(ctx context.Context, tx *Tx, t *table, args ...any) error {
	switch t {
	case figuresTable:
		return b.figures.add(ctx, tx, args...)
	case figureOrgsTable:
		return b.figureOrg.add(ctx, tx, args...)
	case revisionsTable:
		return b.revisions.add(ctx, tx, args...)
	}
	return fmt.Errorf("store: %s rows are not buffered", t.name)
}

func (b *bulk) insertSource(ctx context.Context, tx *Tx, args ...any) (int64, error) {
	id, err := b.nextSourceID(ctx, tx)
	if err != nil {
		return 0, err
	}
	return id, b.sources.add(ctx, tx, append([]any{id}, args...)...)
}

// flush writes every buffered row.
func (b *bulk) flush(ctx context.Context, tx *Tx) error {
	if b.sources.rows == 0 && b.figures.rows == 0 && b.figureOrg.rows == 0 && b.revisions.rows == 0 {
		return nil
	}
	if err := b.sources.write(ctx, tx); err != nil {
		return err
	}
	if err := b.figures.write(ctx, tx); err != nil {
		return err
	}
	if err := b.figureOrg.write(ctx, tx); err != nil {
		return err
	}
	clear(b.figureKeys)
	return b.revisions.write(ctx, tx)
}

// bulk returns the import's state, or nil in an ordinary transaction.
func (tx *Tx) bulk() *bulk {
	b, _ := tx.rows.(*bulk)
	return b
}

// sourceIDs are the ids reserved for the sources an import creates.
type sourceIDs struct {
	next     int64   // SQLite: the next free id; 0 until read
	reserved []int64 // PostgreSQL: taken from the sequence, not yet used
}

// nextSourceID returns an id for a new source. SQLite has one writer, so
// the ids after the largest are free for the whole transaction; PostgreSQL
// takes them from the column's sequence, batchRows at a time, as other
// servers may be creating sources too.
func (b *bulk) nextSourceID(ctx context.Context, tx *Tx) (int64, error) {
	ids := &b.sourceIDs
	var err error
	switch {
	case tx.db.dialect == SQLite && ids.next == 0:
		// The buffered sources already have ids past the largest stored.
		err = tx.get(ctx, &ids.next, "SELECT coalesce(max(id), 0) + 1 FROM sources")
	case tx.db.dialect == Postgres && len(ids.reserved) == 0:
		err = tx.selectAside(ctx, &ids.reserved, fmt.Sprintf(
			"SELECT nextval(pg_get_serial_sequence('sources', 'id')) FROM generate_series(1, %d)", batchRows))
	}
	if err != nil {
		return 0, fmt.Errorf("store: new source ids: %w", err)
	}
	if tx.db.dialect == SQLite {
		ids.next++
		return ids.next - 1, nil
	}
	id := ids.reserved[0]
	ids.reserved = ids.reserved[1:]
	return id, nil
}
