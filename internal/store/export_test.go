package store

import "context"

// ExecForTest runs raw SQL on the writer, for tests that must try what the
// application never does (altering a revision).
func (db *DB) ExecForTest(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, db.write.Rebind(query), args...)
	return err
}
