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
