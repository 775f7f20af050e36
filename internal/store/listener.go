package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// On PostgreSQL the version watch (watch.go) also LISTENs: every
// transaction that bumps the version runs pg_notify('dataset_version',
// <new value>), which PostgreSQL delivers at commit, to every server
// LISTENing, and never for a rolled-back transaction. So the other servers
// hear of a publish within milliseconds, and the reads of the counter every
// pollEvery, on the same connection, bound the wait when a notification is
// lost (a writer that does not announce, a notification queue that
// overflowed).
//
// Whenever the listening connection is down — before it first connects,
// after it is lost, until it has LISTENed and read the counter again —
// DatasetVersion queries the counter as it always did, so a change is
// never missed.
//
// With a read replica there is no watch: a hot standby delivers no
// notifications, and the version must come from the same replica as the
// data (see replica.go).

// versionChannel is the NOTIFY channel that carries new dataset versions.
const versionChannel = "dataset_version"

// How the listener waits: a query on its connection is given queryTimeout;
// a lost connection is retried after minBackoff, doubling to maxBackoff.
const (
	queryTimeout = 5 * time.Second
	minBackoff   = 50 * time.Millisecond
	maxBackoff   = 5 * time.Second
)

// listen holds one dedicated connection (not from the pool) that LISTENs
// for new dataset versions, connecting again whenever it is lost, until
// ctx ends.
func (w *versionWatch) listen(ctx context.Context, dsn string) {
	backoff := minBackoff
	for {
		wasLive := w.session(ctx, dsn)
		w.live.Store(false)
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
// notifications, reading the counter again every poll, until the
// connection fails or ctx ends. It reports whether it went live.
func (w *versionWatch) session(ctx context.Context, dsn string) (wasLive bool) {
	if h := w.hold.Load(); h != nil {
		select {
		case <-*h:
		case <-ctx.Done():
			return false
		}
	}
	cctx, cancel := context.WithTimeout(ctx, queryTimeout)
	conn, err := pgx.Connect(cctx, dsn)
	cancel()
	if err != nil {
		return false
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn.Close(cctx)
		cancel()
	}()
	w.pid.Store(conn.PgConn().PID())

	// LISTEN first, then read. A transaction that commits after LISTEN
	// returns is announced to this connection; one that committed before
	// is seen by the read that follows. Reading first would lose a commit
	// that lands between the read and the LISTEN: not yet in the value
	// read, and announced before anyone listened.
	qctx, cancel := context.WithTimeout(ctx, queryTimeout)
	_, err = conn.Exec(qctx, "LISTEN "+versionChannel)
	cancel()
	if err != nil {
		return false
	}
	read := func() error {
		began := w.clock()
		qctx, cancel := context.WithTimeout(ctx, queryTimeout)
		defer cancel()
		var v int64
		if err := conn.QueryRow(qctx, datasetVersionQuery).Scan(&v); err != nil {
			return err
		}
		w.confirm(v, began)
		return nil
	}
	if read() != nil {
		return false
	}
	// lastRead is when the last read ended: the next begins poll after it,
	// so that a database slow to answer is not asked again back to back.
	lastRead := w.clock()
	w.live.Store(true)
	for {
		if wait := w.poll - (w.clock() - lastRead); wait > 0 {
			wctx, cancel := context.WithTimeout(ctx, wait)
			n, err := conn.WaitForNotification(wctx)
			cancel()
			switch {
			case ctx.Err() != nil:
				return true
			case err == nil && n.Channel == versionChannel:
				if v, perr := strconv.ParseInt(n.Payload, 10, 64); perr == nil {
					w.observe(v)
					continue
				}
				// not a version: read the counter rather than guess
			case err == nil: // another channel: not ours
				continue
			case !pgconn.Timeout(err) && !errors.Is(err, context.DeadlineExceeded):
				return true
			}
		}
		if read() != nil {
			return true
		}
		lastRead = w.clock()
	}
}
