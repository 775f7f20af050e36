package store

import (
	"context"
	"fmt"
)

// Optimize refreshes the statistics the query planner chooses plans by.
// After a large import they are stale or missing, and without them SQLite
// sorts a million rows for an export that an index already gives in order.
// SQLite samples at most 1,000 rows per index (tens of milliseconds for a
// million figures); PostgreSQL's ANALYZE samples by its own rules. The
// server calls it at start and every hour; imports call it when they
// change rows.
func (db *DB) Optimize(ctx context.Context) error {
	var stmts []string
	switch db.dialect {
	case SQLite:
		stmts = []string{"PRAGMA analysis_limit = 1000", "ANALYZE", "PRAGMA optimize"}
	case Postgres:
		stmts = []string{"ANALYZE figures, sources, series, events, organizations"}
	}
	for _, q := range stmts {
		if _, err := db.writer().exec(ctx, q); err != nil {
			return fmt.Errorf("store: optimize: %s: %w", q, err)
		}
	}
	return nil
}
