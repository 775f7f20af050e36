package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// A transaction buffers the rows it inserts into sources, figures and
// revisions and writes them with one multi-row INSERT per batchRows rows: an
// import of a million rows otherwise runs three million single-row
// statements, and the cost of a statement (on SQLite its binding and
// cursors, on PostgreSQL a round trip) is most of the cost of a row.
//
// Buffered rows must be in the database before anything reads them. Every
// statement of the transaction that names a source, figure or revision
// table (the views too: figure_rows, public_figures…) writes the buffer
// first; the one exception is the import's content-key lookup, which
// consults the keys in the buffer itself (figureByKey). The buffer is
// written before the commit. Sources get their ids from nextSourceID, as
// figures reference them before they are written.
const batchRows = 256

// pendingTable is the buffer of one table: its INSERT's column list and the
// arguments of the rows not yet written, row after row.
type pendingTable struct {
	table   string
	columns []string
	max     int // rows that make a batch
	args    []any
	rows    int
	kept    map[int]bool // shorter lengths with a kept statement
}

func (p *pendingTable) add(ctx context.Context, tx *Tx, args ...any) error {
	if len(args) != len(p.columns) {
		return fmt.Errorf("store: %s: %d values for %d columns", p.table, len(args), len(p.columns))
	}
	p.args = append(p.args, args...)
	p.rows++
	if p.rows >= p.max {
		return tx.flush(ctx)
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

// insertSQL is the INSERT of n rows.
func (p *pendingTable) insertSQL(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(p.columns)), ", ") + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO " + p.table + " (" + strings.Join(p.columns, ", ") + ") VALUES ")
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
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
	ctx = tx.stmtCtx(ctx)
	var err error
	if p.rows == p.max || p.keep(p.rows) {
		var st *sqlx.Stmt
		if st, err = tx.stmt(ctx, p.insertSQL(p.rows)); err == nil {
			_, err = st.ExecContext(ctx, p.args...)
		}
	} else {
		_, err = tx.tx.ExecContext(ctx, tx.tx.Rebind(p.insertSQL(p.rows)), p.args...)
	}
	if err != nil {
		return fmt.Errorf("store: insert %d rows into %s: %w", p.rows, p.table, err)
	}
	clear(p.args) // let the strings go
	p.args, p.rows = p.args[:0], 0
	return nil
}

// pending holds a transaction's buffered inserts. Sources are written
// first (figures reference them), then figures, then revisions, and each
// table's rows in the order they were added, so revision ids follow the
// order of the hash chain.
type pending struct {
	sources   pendingTable
	figures   pendingTable
	revisions pendingTable
	// figureKeys maps the content key of each buffered figure to what
	// figureByKey would read of it.
	figureKeys map[string]figureBrief
}

func newPending() *pending {
	return &pending{
		sources: pendingTable{table: "sources", columns: []string{"id", "url", "title", "publisher_id",
			"published_on", "accessed_on", "archive_url", "licence", "doc_type", "language", "notes", "version",
			"created_at", "updated_at"}, max: batchRows},
		figures: pendingTable{table: "figures", columns: []string{"id", "series_id", "value", "qualifier",
			"value_low", "value_high", "value_as_stated", "period_start", "period_end", "as_of", "source_id",
			"attributed_to", "excerpt", "locator", "notes", "status", "status_reason", "content_key", "version",
			"created_by", "updated_by", "created_at", "updated_at"}, max: batchRows},
		revisions: pendingTable{table: "revisions", columns: []string{"entity", "entity_id", "version", "action",
			"actor", "at", "reason", "snapshot", "prev_hash", "hash"}, max: 2 * batchRows}, // a new row's source's and its own
		figureKeys: map[string]figureBrief{},
	}
}

// flush writes every buffered row.
func (tx *Tx) flush(ctx context.Context) error {
	p := tx.pending
	if p.sources.rows == 0 && p.figures.rows == 0 && p.revisions.rows == 0 {
		return nil
	}
	if err := p.sources.write(ctx, tx); err != nil {
		return err
	}
	if err := p.figures.write(ctx, tx); err != nil {
		return err
	}
	clear(p.figureKeys)
	return p.revisions.write(ctx, tx)
}

// readsPending reports whether query may read rows the buffer holds.
func readsPending(query string) bool {
	return strings.Contains(query, "figure") || strings.Contains(query, "revision") || strings.Contains(query, "source")
}

// sourceIDs are the ids reserved for the sources a transaction creates.
type sourceIDs struct {
	next     int64   // SQLite: the next free id; 0 until read
	reserved []int64 // PostgreSQL: taken from the sequence, not yet used
}

// nextSourceID returns an id for a new source. SQLite has one writer, so
// the ids after the largest are free for the whole transaction; PostgreSQL
// takes them from the column's sequence, batchRows at a time, as other
// servers may be creating sources too.
func (tx *Tx) nextSourceID(ctx context.Context) (int64, error) {
	ids := &tx.sourceIDs
	var err error
	switch {
	case tx.db.dialect == SQLite && ids.next == 0:
		err = tx.get(ctx, &ids.next, "SELECT coalesce(max(id), 0) + 1 FROM sources")
	case tx.db.dialect == Postgres && len(ids.reserved) == 0:
		err = tx.selectAll(ctx, &ids.reserved, fmt.Sprintf(
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
