package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

type userRow struct {
	ID           int64     `db:"id"`
	Email        string    `db:"email"`
	Name         string    `db:"name"`
	Role         string    `db:"role"`
	PasswordHash string    `db:"password_hash"`
	Disabled     int       `db:"disabled"`
	CreatedAt    time.Time `db:"created_at"`
}

const userColumns = "id, email, name, role, password_hash, disabled, created_at"

func (r userRow) user() domain.User {
	return domain.User{ID: r.ID, Email: r.Email, Name: r.Name, Role: domain.Role(r.Role),
		Disabled: r.Disabled != 0, CreatedAt: r.CreatedAt.UTC()}
}

// CreateUser adds a staff account with a password hash made by package
// auth. An email already in use (in any case) is ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, u domain.User, passwordHash string) (domain.User, error) {
	if err := u.Validate(); err != nil {
		return domain.User{}, err
	}
	if _, _, err := db.UserByEmail(ctx, u.Email); err == nil {
		return domain.User{}, domain.FieldErrorf(domain.ECONFLICT, "email", "%s already has an account", u.Email)
	}
	now := db.now().UTC()
	err := db.write.QueryRowxContext(ctx, db.write.Rebind(`INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id`), u.Email, u.Name, string(u.Role), passwordHash, now, now).Scan(&u.ID)
	if err != nil {
		return domain.User{}, fmt.Errorf("store: create user %s: %w", u.Email, err)
	}
	u.CreatedAt = now
	return u, nil
}

// UserByEmail returns an account and its password hash; ENOTFOUND when there
// is none. Case does not matter.
func (db *DB) UserByEmail(ctx context.Context, email string) (domain.User, string, error) {
	var r userRow
	err := db.get(ctx, &r, "SELECT "+userColumns+" FROM users WHERE lower(email) = lower(?)", strings.TrimSpace(email))
	if err != nil {
		return domain.User{}, "", notFound(err, "no account for %s", email)
	}
	return r.user(), r.PasswordHash, nil
}

// UserByID returns one account.
func (db *DB) UserByID(ctx context.Context, id int64) (domain.User, error) {
	var r userRow
	if err := db.get(ctx, &r, "SELECT "+userColumns+" FROM users WHERE id = ?", id); err != nil {
		return domain.User{}, notFound(err, "no user %d", id)
	}
	return r.user(), nil
}

// Users lists every account by email.
func (db *DB) Users(ctx context.Context) ([]domain.User, error) {
	var rows []userRow
	if err := db.selectAll(ctx, &rows, "SELECT "+userColumns+" FROM users ORDER BY lower(email)"); err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	out := make([]domain.User, len(rows))
	for i, r := range rows {
		out[i] = r.user()
	}
	return out, nil
}

// SetUserDisabled disables or enables an account. Disabling ends every
// session of the account at once.
func (db *DB) SetUserDisabled(ctx context.Context, id int64, disabled bool) error {
	flag := 0
	if disabled {
		flag = 1
	}
	return db.writeTx(ctx, func(tx *sqlTx) error {
		res, err := tx.ExecContext(ctx, tx.Rebind("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?"), flag, db.now().UTC(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "no user %d", id)
		}
		if disabled {
			_, err = tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE user_id = ?"), id)
		}
		return err
	})
}

// SetUserRole changes what an account may do.
func (db *DB) SetUserRole(ctx context.Context, id int64, role domain.Role) error {
	u := domain.User{Email: "x@example.org", Name: "x", Role: role}
	if err := u.Validate(); err != nil {
		return err
	}
	res, err := db.write.ExecContext(ctx, db.write.Rebind("UPDATE users SET role = ?, updated_at = ? WHERE id = ?"), string(role), db.now().UTC(), id)
	if err != nil {
		return fmt.Errorf("store: set role: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "no user %d", id)
	}
	return nil
}

// SetUserPassword replaces an account's password hash and ends its
// sessions: a changed password must sign out whoever knew the old one.
func (db *DB) SetUserPassword(ctx context.Context, id int64, passwordHash string) error {
	return db.writeTx(ctx, func(tx *sqlTx) error {
		if _, err := tx.ExecContext(ctx, tx.Rebind("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?"), passwordHash, db.now().UTC(), id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, tx.Rebind("DELETE FROM sessions WHERE user_id = ?"), id)
		return err
	})
}

// writeTx runs fn in a plain transaction for writes that are not part of the
// revisioned record (accounts and sessions).
func (db *DB) writeTx(ctx context.Context, fn func(*sqlTx) error) error {
	tx, err := db.write.BeginTxx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		if errors.Is(err, sql.ErrNoRows) {
			return domain.Errorf(domain.ENOTFOUND, "not found")
		}
		return err
	}
	return tx.Commit()
}

// UserNames maps every account's email to its name, for showing who did
// what without publishing staff email addresses.
func (db *DB) UserNames(ctx context.Context) (map[string]string, error) {
	var rows []struct {
		Email string `db:"email"`
		Name  string `db:"name"`
	}
	if err := db.selectAll(ctx, &rows, "SELECT email, name FROM users"); err != nil {
		return nil, fmt.Errorf("store: user names: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[strings.ToLower(r.Email)] = r.Name
	}
	return out, nil
}
