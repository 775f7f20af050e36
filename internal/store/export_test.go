package store

import "context"

// ExecForTest runs raw SQL on the writer, for tests that must try what the
// application never does (altering a revision).
func (db *DB) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, db.write.Rebind(query), args...)
	return err
}

// SetMaxCachedSources lowers the bound on the sources a transaction
// remembers, so that a test can import past it with a few rows.
func SetMaxCachedSources(n int) (restore func()) {
	old := maxCachedSources
	maxCachedSources = n
	return func() { maxCachedSources = old }
}

// ExportPlanForTest is SQLite's plan for the full export's query.
func (db *DB) ExportPlanForTest(ctx context.Context) ([]string, error) {
	return db.PlanForTest(ctx, "SELECT "+figureColumns+" FROM public_figures_by_series ORDER BY series_slug, as_of, id")
}

// PlanForTest is SQLite's plan for query.
func (db *DB) PlanForTest(ctx context.Context, query string) ([]string, error) {
	var plan []struct {
		ID      int    `db:"id"`
		Parent  int    `db:"parent"`
		NotUsed int    `db:"notused"`
		Detail  string `db:"detail"`
	}
	err := db.read.SelectContext(ctx, &plan, "EXPLAIN QUERY PLAN "+query)
	var out []string
	for _, p := range plan {
		out = append(out, p.Detail)
	}
	return out, err
}
