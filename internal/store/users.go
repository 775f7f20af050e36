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
	CreatedBy    string    `db:"created_by"`
	ChangedBy    string    `db:"changed_by"`
}

const userColumns = "id, email, name, role, password_hash, disabled, created_at, created_by, changed_by"

func (r userRow) user() domain.User {
	return domain.User{ID: r.ID, Email: r.Email, Name: r.Name, Role: domain.Role(r.Role),
		Disabled: r.Disabled != 0, CreatedAt: r.CreatedAt.UTC(), CreatedBy: r.CreatedBy, ChangedBy: r.ChangedBy}
}

// Changes to accounts are recorded in user_revisions with who made them;
// the users row keeps who created it and who last changed it, which the
// review rule reads (domain.CheckApprover).

// CreateUser adds a staff account, made by actor, with a password hash made
// by package auth. An email already in use (in any case) is ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, actor string, u domain.User, passwordHash string) (domain.User, error) {
	if err := u.Validate(); err != nil {
		return domain.User{}, err
	}
	if _, _, err := db.UserByEmail(ctx, u.Email); err == nil {
		return domain.User{}, domain.FieldErrorf(domain.ECONFLICT, "email", "%s already has an account", u.Email)
	}
	u.CreatedAt, u.CreatedBy = db.now().UTC(), actor
	err := db.userTx(ctx, actor, func(tx *sqlTx) (int64, string, error) {
		err := on(tx).queryRowx(ctx, `INSERT INTO users (email, name, role, password_hash, disabled, created_at, updated_at, created_by)
			VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id`, u.Email, u.Name, string(u.Role), passwordHash, u.CreatedAt, u.CreatedAt, actor).Scan(&u.ID)
		return u.ID, "create", err
	})
	if err != nil {
		return domain.User{}, fmt.Errorf("store: create user %s: %w", u.Email, err)
	}
	return u, nil
}

// userTx runs change, which returns the account it changed and what it did,
// and records the change as a revision, in one transaction.
func (db *DB) userTx(ctx context.Context, actor string, change func(*sqlTx) (int64, string, error)) error {
	if actor == "" {
		return errors.New("store: a change to an account needs an actor")
	}
	return db.writeTx(ctx, func(tx *sqlTx) error {
		id, action, err := change(tx)
		if err != nil {
			return err
		}
		_, err = on(tx).exec(ctx, `INSERT INTO user_revisions (user_id, action, actor, at, role, disabled)
			SELECT id, ?, ?, ?, role, disabled FROM users WHERE id = ?`, action, actor, db.now().UTC(), id)
		return err
	})
}

// UserRevision is one recorded change to an account.
type UserRevision struct {
	Action   string    `db:"action"` // create, role, disable, enable, password
	Actor    string    `db:"actor"`
	At       time.Time `db:"at"`
	Role     string    `db:"role"` // the account's role after the change
	Disabled int       `db:"disabled"`
}

// UserRevisions lists the changes to account id, oldest first.
func (db *DB) UserRevisions(ctx context.Context, id int64) ([]UserRevision, error) {
	var out []UserRevision
	if err := db.selectAll(ctx, &out, "SELECT action, actor, at, role, disabled FROM user_revisions WHERE user_id = ? ORDER BY id", id); err != nil {
		return nil, fmt.Errorf("store: revisions of user %d: %w", id, err)
	}
	return out, nil
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

// SetUserDisabled disables or enables an account, as actor. Disabling ends
// every session of the account at once.
func (db *DB) SetUserDisabled(ctx context.Context, actor string, id int64, disabled bool) error {
	flag, action := 0, "enable"
	if disabled {
		flag, action = 1, "disable"
	}
	return db.userTx(ctx, actor, func(tx *sqlTx) (int64, string, error) {
		if err := changeUser(ctx, tx, id, actor, db.now(), "disabled = ?", flag); err != nil {
			return id, action, err
		}
		if disabled {
			_, err := on(tx).exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
			return id, action, err
		}
		return id, action, nil
	})
}

// SetUserRole changes what an account may do, as actor.
func (db *DB) SetUserRole(ctx context.Context, actor string, id int64, role domain.Role) error {
	u := domain.User{Email: "x@example.org", Name: "x", Role: role}
	if err := u.Validate(); err != nil {
		return err
	}
	return db.userTx(ctx, actor, func(tx *sqlTx) (int64, string, error) {
		return id, "role", changeUser(ctx, tx, id, actor, db.now(), "role = ?", string(role))
	})
}

// SetUserPassword replaces an account's password hash, as actor, and ends
// its sessions: a changed password must sign out whoever knew the old one.
func (db *DB) SetUserPassword(ctx context.Context, actor string, id int64, passwordHash string) error {
	return db.userTx(ctx, actor, func(tx *sqlTx) (int64, string, error) {
		if err := changeUser(ctx, tx, id, actor, db.now(), "password_hash = ?", passwordHash); err != nil {
			return id, "password", err
		}
		_, err := on(tx).exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id)
		return id, "password", err
	})
}

// changeUser sets one column of account id and who changed it last.
func changeUser(ctx context.Context, tx *sqlTx, id int64, actor string, now time.Time, set string, value any) error {
	res, err := on(tx).exec(ctx, "UPDATE users SET "+set+", changed_by = ?, updated_at = ? WHERE id = ?", value, actor, now.UTC(), id)
	if err != nil {
		return fmt.Errorf("store: change user %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Errorf(domain.ENOTFOUND, "no user %d", id)
	}
	return nil
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

// WorkflowActor returns the account of actor as the workflow rules read it
// (domain.Step, domain.Choose), so that the buttons a page offers are the
// actions the store allows. An actor without an account (the command line)
// is known by name only.
func (db *DB) WorkflowActor(ctx context.Context, actor string) (domain.User, error) {
	return workflowActor(ctx, db, actor)
}

// getter is a read in a transaction or outside one.
type getter interface {
	get(ctx context.Context, dest any, query string, args ...any) error
	selectAll(ctx context.Context, dest any, query string, args ...any) error
}

func workflowActor(ctx context.Context, q getter, actor string) (domain.User, error) {
	var r userRow
	err := q.get(ctx, &r, "SELECT "+userColumns+" FROM users WHERE lower(email) = lower(?)", actor)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return domain.User{Email: actor}, nil
	case err != nil:
		return domain.User{}, fmt.Errorf("store: approver %s: %w", actor, err)
	}
	u := r.user()
	// Only a staff account can have set up a second account to approve its
	// own entries with. An operator at the command line (tracker user add,
	// tracker import: "cli:ops" for both, as a rule) holds the database
	// itself, so four eyes cannot be asked of them, and the accounts they
	// made must be able to review what they imported.
	for _, by := range []*string{&u.CreatedBy, &u.ChangedBy} {
		if *by == "" {
			continue
		}
		var n int
		if err := q.get(ctx, &n, "SELECT count(*) FROM users WHERE lower(email) = lower(?)", *by); err != nil {
			return domain.User{}, fmt.Errorf("store: approver %s: %w", actor, err)
		}
		if n == 0 {
			*by = ""
		}
	}
	return u, nil
}
