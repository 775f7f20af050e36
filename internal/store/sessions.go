package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

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
	_, err := db.writer().exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, tokenHash, userID, now, now, now.Add(p.Absolute))
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
		u.created_by, u.changed_by, s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`, tokenHash)
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
		db.writer().exec(tctx, "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", now, tokenHash)
		cancel()
	}
	return r.user(), nil
}

// DeleteSession ends one session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.writer().exec(ctx, "DELETE FROM sessions WHERE token_hash = ?", tokenHash)
	return err
}

// PurgeSessions deletes expired sessions and old sign-in failures.
func (db *DB) PurgeSessions(ctx context.Context, keepFailures time.Duration) error {
	now := db.now().UTC()
	if _, err := db.writer().exec(ctx, "DELETE FROM sessions WHERE expires_at <= ?", now); err != nil {
		return err
	}
	_, err := db.writer().exec(ctx, "DELETE FROM login_failures WHERE at < ?", now.Add(-keepFailures))
	return err
}

// SignInLimit is one throttle on sign-ins: at most Limit attempts under Key
// ("pair:…", "ip:…", "email:…") within the window. Limit 0 only counts.
type SignInLimit struct {
	Key   string
	Limit int
}

// SignInReservation is the outcome of ReserveSignIn: the rows that record
// this attempt (none when refused), the attempts under each key within the
// window with this one, and how long to wait when a limit was reached.
type SignInReservation struct {
	IDs    []int64
	Counts []int
	Wait   time.Duration
}

// signInLockSpace is the first key of PostgreSQL's two-key advisory locks
// taken per throttle key (a space apart from the one-key revision lock).
const signInLockSpace = 727276

// ReserveSignIn records one attempt under every key, before the password is
// checked, unless a key has reached its limit within the window: then it
// records nothing and says how long until the oldest attempt leaves it.
// Counting and recording are one transaction that holds each key, so that
// concurrent attempts cannot all see the count below the limit: SQLite has
// one writer; on PostgreSQL an advisory lock per key serialises them (READ
// COMMITTED alone would let each count miss the others' uncommitted rows).
// A verified attempt is forgiven with ForgiveSignIn.
func (db *DB) ReserveSignIn(ctx context.Context, limits []SignInLimit, window time.Duration) (SignInReservation, error) {
	var res SignInReservation
	err := db.writeTx(ctx, func(tx *sqlTx) error {
		res = SignInReservation{Counts: make([]int, len(limits))}
		now := db.now().UTC()
		if db.dialect == Postgres {
			// Locked in the order of the lock numbers themselves, so that two
			// attempts never wait for each other's locks, even when two keys
			// share a number.
			locks := make([]int32, len(limits))
			for i, l := range limits {
				h := fnv.New32a()
				h.Write([]byte(l.Key))
				locks[i] = int32(h.Sum32())
			}
			slices.Sort(locks)
			for _, k := range slices.Compact(locks) {
				if _, err := on(tx).exec(ctx, "SELECT pg_advisory_xact_lock($1, $2)", signInLockSpace, k); err != nil {
					return fmt.Errorf("store: sign-in lock: %w", err)
				}
			}
		}
		for i, l := range limits {
			var r struct {
				At time.Time `db:"at"`
				N  int       `db:"n"`
			}
			err := on(tx).get(ctx, &r, "SELECT at, count(*) OVER () AS n FROM login_failures WHERE key = ? AND at > ? ORDER BY at LIMIT 1",
				l.Key, now.Add(-window))
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: sign-in attempts: %w", err)
			}
			res.Counts[i] = r.N + 1
			if l.Limit > 0 && r.N >= l.Limit {
				res.Wait = max(res.Wait, r.At.UTC().Add(window).Sub(now), time.Second)
			}
		}
		if res.Wait > 0 {
			return nil
		}
		for _, l := range limits {
			var id int64
			if err := on(tx).queryRowx(ctx, "INSERT INTO login_failures (key, at) VALUES (?, ?) RETURNING id", l.Key, now).Scan(&id); err != nil {
				return fmt.Errorf("store: sign-in attempt: %w", err)
			}
			res.IDs = append(res.IDs, id)
		}
		return nil
	})
	return res, err
}

// ForgiveSignIn deletes the rows of a reservation: the attempt succeeded,
// or was never checked.
func (db *DB) ForgiveSignIn(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	q, args, err := sqlx.In("DELETE FROM login_failures WHERE id IN (?)", ids)
	if err != nil {
		return err
	}
	_, err = db.writer().exec(ctx, q, args...)
	return err
}

// ClearLoginFailures forgets the failures under key after a good sign-in.
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.writer().exec(ctx, "DELETE FROM login_failures WHERE key = ?", key)
	return err
}
