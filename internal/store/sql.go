package store

import (
	"context"
	"database/sql"

	"github.com/jmoiron/sqlx"
)

// Every statement of the store runs through the helpers in this file, and
// they rebind its ? placeholders for the driver: a statement written with ?
// cannot pass on SQLite and then reach PostgreSQL unrebound. Nothing else
// in the package calls the database/sql or sqlx methods that run SQL
// (TestSQLRunsThroughRebindingHelpers reads the source to check).

// runner runs statements on a pool or a transaction, rebinding each.
type runner struct{ x sqlx.ExtContext }

// on returns the runner of a pool or a transaction.
func on(x sqlx.ExtContext) runner { return runner{x} }

func (r runner) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.x.ExecContext(ctx, r.x.Rebind(query), args...)
}

func (r runner) get(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.GetContext(ctx, r.x, dest, r.x.Rebind(query), args...)
}

func (r runner) selectAll(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.SelectContext(ctx, r.x, dest, r.x.Rebind(query), args...)
}

func (r runner) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return r.x.QueryContext(ctx, r.x.Rebind(query), args...)
}

func (r runner) queryx(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	return r.x.QueryxContext(ctx, r.x.Rebind(query), args...)
}

func (r runner) queryRowx(ctx context.Context, query string, args ...any) *sqlx.Row {
	return r.x.QueryRowxContext(ctx, r.x.Rebind(query), args...)
}

// script runs SQL text that takes no arguments and is not rebound: a
// migration, whose text is the dialect's own and may hold a literal ?.
func (r runner) script(ctx context.Context, text string) error {
	_, err := r.x.ExecContext(ctx, text)
	return err
}

func (db *DB) get(ctx context.Context, dest any, query string, args ...any) error {
	return on(db.readerOf(ctx)).get(ctx, dest, query, args...)
}

func (db *DB) selectAll(ctx context.Context, dest any, query string, args ...any) error {
	return on(db.readerOf(ctx)).selectAll(ctx, dest, query, args...)
}

// convertRows converts the rows a query selected, in order, and stops at
// the first that does not convert. The list it returns is never nil.
func convertRows[R, T any](rows []R, convert func(R) (T, error)) ([]T, error) {
	out := make([]T, 0, len(rows))
	for _, r := range rows {
		v, err := convert(r)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// writer runs statements on the write pool, outside any revisioned
// transaction (sessions, uploads, maintenance).
func (db *DB) writer() runner { return on(db.write) }

// stmt returns query prepared once per transaction: an import runs the same
// few statements for every row, and preparing them each time costs a fifth
// of its time. Commit and Rollback close them.
func (tx *Tx) stmt(ctx context.Context, query string) (*sqlx.Stmt, error) {
	if st, ok := tx.stmts[query]; ok {
		return st, nil
	}
	st, err := tx.tx.PreparexContext(ctx, tx.tx.Rebind(query))
	if err != nil {
		return nil, err
	}
	tx.stmts[query] = st
	return st, nil
}

// stmtCtx is the context a statement of the transaction runs under. The
// SQLite driver watches a cancellable context with a goroutine per
// statement, which costs an import of a million rows more than some of its
// statements do; SQLite statements in a transaction are short and local, so
// they run to the end, and a cancelled context still ends the transaction:
// database/sql rolls it back, and an import checks ctx between rows.
func (tx *Tx) stmtCtx(ctx context.Context) context.Context {
	if tx.db.dialect == SQLite {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// prepare readies query to run in the transaction, after the rows held
// back are written (batch.go).
func (tx *Tx) prepare(ctx context.Context, query string) (context.Context, *sqlx.Stmt, error) {
	if err := tx.rows.flush(tx.stmtCtx(ctx), tx); err != nil {
		return ctx, nil, err
	}
	return tx.prepareAside(ctx, query)
}

// prepareAside readies query to run with the rows held back still held:
// its caller accounts for them (batch.go).
func (tx *Tx) prepareAside(ctx context.Context, query string) (context.Context, *sqlx.Stmt, error) {
	ctx = tx.stmtCtx(ctx)
	st, err := tx.stmt(ctx, query)
	return ctx, st, err
}

// exec, get, selectAll and insertID run a statement of the transaction
// after writing the rows held back; the Aside variants leave them held,
// for call sites that account for them (batch.go).
func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.execWith(tx.prepare, ctx, query, args...)
}

func (tx *Tx) execAside(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.execWith(tx.prepareAside, ctx, query, args...)
}

func (tx *Tx) get(ctx context.Context, dest any, query string, args ...any) error {
	return tx.getWith(tx.prepare, ctx, dest, query, args...)
}

func (tx *Tx) getAside(ctx context.Context, dest any, query string, args ...any) error {
	return tx.getWith(tx.prepareAside, ctx, dest, query, args...)
}

func (tx *Tx) selectAll(ctx context.Context, dest any, query string, args ...any) error {
	return tx.selectWith(tx.prepare, ctx, dest, query, args...)
}

func (tx *Tx) selectAside(ctx context.Context, dest any, query string, args ...any) error {
	return tx.selectWith(tx.prepareAside, ctx, dest, query, args...)
}

func (tx *Tx) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	return tx.insertIDWith(tx.prepare, ctx, query, args...)
}

func (tx *Tx) insertIDAside(ctx context.Context, query string, args ...any) (int64, error) {
	return tx.insertIDWith(tx.prepareAside, ctx, query, args...)
}

type preparer func(context.Context, string) (context.Context, *sqlx.Stmt, error)

func (tx *Tx) execWith(prep preparer, ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx, st, err := prep(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (tx *Tx) getWith(prep preparer, ctx context.Context, dest any, query string, args ...any) error {
	ctx, st, err := prep(ctx, query)
	if err != nil {
		return err
	}
	return st.GetContext(ctx, dest, args...)
}

func (tx *Tx) selectWith(prep preparer, ctx context.Context, dest any, query string, args ...any) error {
	ctx, st, err := prep(ctx, query)
	if err != nil {
		return err
	}
	return st.SelectContext(ctx, dest, args...)
}

// insertIDWith runs an INSERT and returns the new row's id.
func (tx *Tx) insertIDWith(prep preparer, ctx context.Context, query string, args ...any) (int64, error) {
	// SQLite implements RETURNING with a temporary table for each
	// statement; its last insert id is free.
	if tx.db.dialect == SQLite {
		res, err := tx.execWith(prep, ctx, query, args...)
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	}
	ctx, st, err := prep(ctx, query+" RETURNING id")
	if err != nil {
		return 0, err
	}
	var id int64
	err = st.QueryRowxContext(ctx, args...).Scan(&id)
	return id, err
}

// execOnce runs query in the transaction without keeping it prepared.
func (tx *Tx) execOnce(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return on(tx.tx).exec(tx.stmtCtx(ctx), query, args...)
}

// connGet is get on a connection of its own (ClaimSource's advisory locks,
// held by the session).
func connGet(ctx context.Context, c *sqlx.Conn, dest any, query string, args ...any) error {
	return c.GetContext(ctx, dest, c.Rebind(query), args...)
}
