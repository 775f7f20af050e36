package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Every public request keys its cache and ETag by the dataset version. On
// SQLite reading it is a local read of microseconds; on PostgreSQL it is a
// round trip per request. So a PostgreSQL server without a read replica
// keeps the version in memory instead, and learns of changes as PostgreSQL
// tells it: every transaction that bumps the version also runs
// pg_notify('dataset_version', <new value>), which PostgreSQL delivers at
// commit, to every server LISTENing, and never for a rolled-back
// transaction. The writing server also takes its own new value as soon as
// its commit returns (see InTx).
//
// Whenever the listening connection is down — before it first connects,
// after it is lost, until it has LISTENed and read the counter again —
// DatasetVersion queries the counter as it always did, so a change is
// never missed, only learned a few milliseconds later than the query would.
//
// With a read replica there is no listener: a hot standby delivers no
// notifications, and the version must come from the same replica as the
// data (see replica.go).

// versionChannel is the NOTIFY channel that carries new dataset versions.
const versionChannel = "dataset_version"

// How the listener waits: after a quiet idleCheck it reads the counter on
// its own connection, which proves the connection alive (a silently dropped
// connection would otherwise wait forever while notifications are lost)
// and bounds how stale the value can be to about idleCheck+queryTimeout.
// A lost connection is retried after minBackoff, doubling to maxBackoff.
const (
	idleCheck    = 15 * time.Second
	queryTimeout = 5 * time.Second
	minBackoff   = 50 * time.Millisecond
	maxBackoff   = 5 * time.Second
)

// versionListener holds one dedicated connection (not from the pool) that
// LISTENs for new dataset versions, and the newest version it has seen.
type versionListener struct {
	dsn    string
	value  atomic.Int64  // the newest version seen; only ever grows
	live   atomic.Bool   // LISTENing, and value read since connecting
	pid    atomic.Uint32 // the listening backend, for tests
	hold   atomic.Pointer[chan struct{}]
	cancel context.CancelFunc
	done   chan struct{}
}

// startVersionListener starts listening in the background; stop ends it.
func startVersionListener(dsn string) *versionListener {
	ctx, cancel := context.WithCancel(context.Background())
	l := &versionListener{dsn: dsn, cancel: cancel, done: make(chan struct{})}
	go l.run(ctx)
	return l
}

// stop ends the listener and waits for its goroutine to return.
func (l *versionListener) stop() {
	l.cancel()
	<-l.done
}

// current returns the version when the listener is live; false means ask
// the database.
func (l *versionListener) current() (int64, bool) {
	if !l.live.Load() {
		return 0, false
	}
	return l.value.Load(), true
}

// observe records a version read or announced, keeping the largest, and
// returns the largest. Notifications can arrive after a read that already
// saw them, and a read can finish after a newer notification: taking the
// maximum keeps the version from ever going backwards.
func (l *versionListener) observe(v int64) int64 {
	for {
		cur := l.value.Load()
		if v <= cur {
			return cur
		}
		if l.value.CompareAndSwap(cur, v) {
			return v
		}
	}
}

func (l *versionListener) run(ctx context.Context) {
	defer close(l.done)
	backoff := minBackoff
	for {
		wasLive := l.session(ctx)
		l.live.Store(false)
		if wasLive {
			backoff = minBackoff
		}
		// Jitter, so that servers that lost the database together do not
		// come back in step.
		wait := backoff/2 + rand.N(backoff/2+1)
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// session connects, LISTENs, reads the counter and then follows
// notifications until the connection fails or ctx ends. It reports whether
// it went live.
func (l *versionListener) session(ctx context.Context) (wasLive bool) {
	if h := l.hold.Load(); h != nil {
		select {
		case <-*h:
		case <-ctx.Done():
			return false
		}
	}
	cctx, cancel := context.WithTimeout(ctx, queryTimeout)
	conn, err := pgx.Connect(cctx, l.dsn)
	cancel()
	if err != nil {
		return false
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn.Close(cctx)
		cancel()
	}()
	l.pid.Store(conn.PgConn().PID())

	// LISTEN first, then read. A transaction that commits after LISTEN
	// returns is announced to this connection; one that committed before
	// is seen by the read that follows. Reading first would lose a commit
	// that lands between the read and the LISTEN: not yet in the value
	// read, and announced before anyone listened.
	qctx, cancel := context.WithTimeout(ctx, queryTimeout)
	_, err = conn.Exec(qctx, "LISTEN "+versionChannel)
	cancel()
	if err != nil || l.read(ctx, conn) != nil {
		return false
	}
	l.live.Store(true)
	for {
		wctx, cancel := context.WithTimeout(ctx, idleCheck)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return true
		case err == nil && n.Channel == versionChannel:
			if v, perr := strconv.ParseInt(n.Payload, 10, 64); perr == nil {
				l.observe(v)
			} else { // not a version: read the counter rather than guess
				err = l.read(ctx, conn)
			}
		case err == nil: // another channel: not ours
		case pgconn.Timeout(err) || errors.Is(err, context.DeadlineExceeded):
			err = l.read(ctx, conn)
		}
		if err != nil {
			return true
		}
	}
}

// read reads the counter on the listening connection.
func (l *versionListener) read(ctx context.Context, conn *pgx.Conn) error {
	ctx, cancel := context.WithTimeout(ctx, queryTimeout)
	defer cancel()
	var v int64
	if err := conn.QueryRow(ctx, datasetVersionQuery).Scan(&v); err != nil {
		return err
	}
	l.observe(v)
	return nil
}

// listening returns the running listener, starting it on first use; nil
// means query the database (SQLite, a read replica, a closed DB).
func (db *DB) listening() *versionListener {
	if db.dialect != Postgres {
		return nil
	}
	if l := db.listener.Load(); l != nil {
		return l
	}
	db.listenMu.Lock()
	defer db.listenMu.Unlock()
	if db.listenOff {
		return nil
	}
	if l := db.listener.Load(); l != nil {
		return l
	}
	l := startVersionListener(db.dsn)
	db.listener.Store(l)
	return l
}

// stopVersionListener stops the listener, if one runs, for good: the DB is
// closing, or its public reads move to a replica.
func (db *DB) stopVersionListener() {
	db.listenMu.Lock()
	defer db.listenMu.Unlock()
	db.listenOff = true
	if l := db.listener.Swap(nil); l != nil {
		l.stop()
	}
}
