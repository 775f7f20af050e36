package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"sync"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// StaleSources lists, at most limit, the sources that have a saved copy and
// whose latest visit (any outcome) was before before: first those whose
// latest visit saved their copy, never revisited since (newest source
// first), then the others, the longest unvisited first. A source with a
// copy and no visit recorded counts as never revisited. Each source's
// latest visit is read through source_checks_by_source.
func (db *DB) StaleSources(ctx context.Context, before time.Time, limit int) ([]int64, error) {
	var ids []int64
	err := db.selectAll(ctx, &ids, `SELECT id FROM (
			SELECT s.id,
				(SELECT c.checked_at FROM source_checks c WHERE c.source_id = s.id ORDER BY c.checked_at DESC, c.id DESC LIMIT 1) AS last_at,
				(SELECT c.outcome FROM source_checks c WHERE c.source_id = s.id ORDER BY c.checked_at DESC, c.id DESC LIMIT 1) AS last_outcome
			FROM sources s
			WHERE EXISTS (SELECT 1 FROM source_copies p WHERE p.source_id = s.id)
		) v
		WHERE last_at IS NULL OR last_at < ?
		ORDER BY CASE WHEN last_outcome IS NULL OR last_outcome IN (?, ?) THEN 0 ELSE 1 END,
			CASE WHEN last_outcome IS NULL OR last_outcome IN (?, ?) THEN id END DESC,
			last_at, id
		LIMIT ?`,
		before.UTC(), domain.OutcomeSaved, domain.OutcomeUnchanged, domain.OutcomeSaved, domain.OutcomeUnchanged, limit)
	if err != nil {
		return nil, fmt.Errorf("store: sources to revisit: %w", err)
	}
	return ids, nil
}

// claimLock is the first key of the PostgreSQL advisory locks that
// ClaimSource takes; the second is the source's ID.
const claimLock = 727217

// sqliteClaims are the sources claimed in this process on SQLite
// databases, by handle.
var sqliteClaims sync.Map // claimKey → struct{}

type claimKey struct {
	db *DB
	id int64
}

// ClaimSource claims source id for a visit to its URL, so that one server
// at a time visits it: ok is false when it is claimed elsewhere. Call
// release when the visit is over.
//
// On PostgreSQL the claim is a session advisory lock held on a connection
// of its own until release, so that every server on the database sees it,
// and a server that dies lets go of it. On SQLite the claim is kept in
// this process only: two servers on one SQLite file may both visit a
// source (each politely; they only double the visits).
func (db *DB) ClaimSource(ctx context.Context, id int64) (release func(), ok bool, err error) {
	if db.dialect != Postgres {
		k := claimKey{db, id}
		if _, taken := sqliteClaims.LoadOrStore(k, struct{}{}); taken {
			return func() {}, false, nil
		}
		return func() { sqliteClaims.Delete(k) }, true, nil
	}
	conn, err := db.write.Connx(ctx)
	if err != nil {
		return func() {}, false, fmt.Errorf("store: claim source %d: %w", id, err)
	}
	// Source IDs past 2³¹ share a lock with another source: at worst one
	// of the two waits a round.
	if err := connGet(ctx, conn, &ok, "SELECT pg_try_advisory_lock(CAST(? AS int4), CAST(? AS int4))", claimLock, int32(id)); err != nil || !ok {
		conn.Close()
		if err != nil {
			return func() {}, false, fmt.Errorf("store: claim source %d: %w", id, err)
		}
		return func() {}, false, nil
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			var unlocked bool
			if err := connGet(ctx, conn, &unlocked, "SELECT pg_advisory_unlock(CAST(? AS int4), CAST(? AS int4))", claimLock, int32(id)); err != nil || !unlocked {
				// The connection may still hold the lock: close it
				// rather than return it to the pool.
				_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			conn.Close()
		})
	}, true, nil
}
