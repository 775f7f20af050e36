package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// SessionPolicy bounds a session's life: it ends after Idle without a
// request, and after Absolute whatever happens.
type SessionPolicy struct {
	Idle     time.Duration
	Absolute time.Duration
}

// CreateSession stores a new session under the hash of its token.
func (db *DB) CreateSession(ctx context.Context, userID int64, tokenHash string, p SessionPolicy) error {
	now := db.now().UTC()
	_, err := db.write.ExecContext(ctx, db.write.Rebind(`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`), tokenHash, userID, now, now, now.Add(p.Absolute))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// touchEvery limits how often a session's last_seen_at is written: once
// every few minutes is precise enough for an idle timeout of an hour, and
// a write per request would queue every page behind SQLite's one writer.
const touchEvery = 2 * time.Minute

// touchWait is how long a request waits to write its session's touch.
const touchWait = 200 * time.Millisecond

// SessionUser returns the user of a live session: not expired, not idle too
// long, and of an account that is not disabled. Anything else is
// EUNAUTHORIZED.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, p SessionPolicy) (domain.User, error) {
	var r struct {
		userRow
		LastSeen  time.Time `db:"last_seen_at"`
		ExpiresAt time.Time `db:"expires_at"`
	}
	err := db.get(ctx, &r, `SELECT u.id, u.email, u.name, u.role, u.password_hash, u.disabled, u.created_at,
		s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return domain.User{}, domain.Errorf(domain.EUNAUTHORIZED, "your session has ended; sign in again")
		}
		return domain.User{}, fmt.Errorf("store: session: %w", err)
	}
	now := db.now().UTC()
	if r.Disabled != 0 || !now.Before(r.ExpiresAt) || now.Sub(r.LastSeen) > p.Idle {
		db.DeleteSession(ctx, tokenHash)
		return domain.User{}, domain.Errorf(domain.EUNAUTHORIZED, "your session has ended; sign in again")
	}
	if now.Sub(r.LastSeen) > touchEvery {
		// Best effort, and brief: an import can hold SQLite's one writer
		// for minutes, and its own progress page must not wait behind it.
		// The session is valid either way; a later request touches it.
		tctx, cancel := context.WithTimeout(ctx, touchWait)
		db.write.ExecContext(tctx, db.write.Rebind("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?"), now, tokenHash)
		cancel()
	}
	return r.user(), nil
}

// DeleteSession ends one session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.write.ExecContext(ctx, db.write.Rebind("DELETE FROM sessions WHERE token_hash = ?"), tokenHash)
	return err
}

// PurgeSessions deletes expired sessions and old sign-in failures.
func (db *DB) PurgeSessions(ctx context.Context, keepFailures time.Duration) error {
	now := db.now().UTC()
	if _, err := db.write.ExecContext(ctx, db.write.Rebind("DELETE FROM sessions WHERE expires_at <= ?"), now); err != nil {
		return err
	}
	_, err := db.write.ExecContext(ctx, db.write.Rebind("DELETE FROM login_failures WHERE at < ?"), now.Add(-keepFailures))
	return err
}

// RecordLoginFailure notes a failed sign-in under key ("email:…", "ip:…").
func (db *DB) RecordLoginFailure(ctx context.Context, key string) error {
	_, err := db.write.ExecContext(ctx, db.write.Rebind("INSERT INTO login_failures (key, at) VALUES (?, ?)"), key, db.now().UTC())
	return err
}

// LoginFailures counts the failures under key since a time, and returns the
// oldest of them, from which the caller computes when the next try is allowed.
func (db *DB) LoginFailures(ctx context.Context, key string, since time.Time) (int, time.Time, error) {
	var r struct {
		At time.Time `db:"at"`
		N  int       `db:"n"`
	}
	err := db.get(ctx, &r, "SELECT at, count(*) OVER () AS n FROM login_failures WHERE key = ? AND at > ? ORDER BY at LIMIT 1", key, since.UTC())
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return 0, time.Time{}, nil
		}
		return 0, time.Time{}, fmt.Errorf("store: login failures: %w", err)
	}
	return r.N, r.At.UTC(), nil
}

// ClearLoginFailures forgets the failures under key after a good sign-in.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.write.ExecContext(ctx, db.write.Rebind("DELETE FROM login_failures WHERE key = ?"), key)
	return err
}
