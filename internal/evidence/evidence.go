// Package evidence keeps a copy of every source (issue 17): it fetches a
// source's URL through internal/fetch, saves what it serves in the store,
// and records each attempt, so that a source that could not be fetched is
// tried again later, less often after each failure, and the log is not
// filled by a machine without network.
//
// It sits between the fetcher and the store; the serve command runs it in
// the background (Saver.Run) and "tracker sources check" calls it for each
// source (Saver.Fetch).
package evidence

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Outcomes of a fetch, as recorded (domain.SourceCheck.Outcome).
const (
	Saved     = domain.OutcomeSaved
	Unchanged = domain.OutcomeUnchanged
	Gone      = domain.OutcomeGone
	Throttled = domain.OutcomeThrottled
	Refused   = domain.OutcomeRefused
	TooLarge  = domain.OutcomeTooLarge
	Failed    = domain.OutcomeFailed
)

// Saver fetches sources and keeps their copies, and revisits them to
// watch their links (revisit.go). It is safe for concurrent use; it makes
// one request at a time to a host (hosts.go). It must not be copied.
type Saver struct {
	DB      *store.DB
	Fetcher *fetch.Fetcher
	Limits  domain.CopyLimits
	Log     *slog.Logger // nil: slog.Default()
	Now     func() time.Time
	// RevisitAfter is how long after its latest visit Run revisits a
	// source with a copy; 0: never.
	RevisitAfter time.Duration
	// Gap is the least time between two requests to one host: a second
	// when 0, none when negative. Workers is how many hosts a round
	// visits at once: 4 when 0.
	Gap     time.Duration
	Workers int

	hosts   hosts
	pending pendingPass       // excerpts.go
	fetches [16]atomic.Uint64 // by index in domain.CheckOutcomes

	wake wakeup // Wake: a round now (wake.go)
}

// Result is what one fetch of a source came to.
type Result struct {
	Source  domain.Source
	Outcome domain.CheckOutcome
	Copy    domain.SourceCopy // the copy kept or found unchanged; zero otherwise
	Why     error             // why no copy was kept, or why the copy has no text
	NewCopy bool              // a revisit kept a new copy
	Detail  string            // a revisit's recorded detail: the new address, the excerpts dropped
	// Skipped says why the source was not visited (another server is
	// visiting it, its host asked to be left alone); nothing was recorded.
	Skipped string
}

// Fetch fetches source id, keeps its copy, and records the attempt. Its
// error is a fault of the store or ctx's end; a source that could not be
// fetched is a Result with its outcome and Why; one visited elsewhere, or
// on a host that asked to be left alone, is skipped (Result.Skipped).
func (s *Saver) Fetch(ctx context.Context, id int64) (Result, error) {
	return s.visit(ctx, id, s.save)
}

func (s *Saver) save(ctx context.Context, src domain.Source) (Result, error) {
	id := src.ID
	cp, xerr, r, ok, err := s.fetchPage(ctx, src)
	if !ok {
		return r, err
	}
	status := cp.Status
	saved, created, err := s.DB.SaveSourceCopy(ctx, copyOf(id, cp), s.Limits)
	switch {
	case domain.ErrorCode(err) == domain.ECONFLICT:
		r.Outcome, r.Why = TooLarge, err
		return r, s.record(ctx, id, r.Outcome, status, err.Error())
	case err != nil:
		return r, err
	case created:
		r.Outcome = Saved
	default:
		r.Outcome = Unchanged
	}
	r.Copy = saved
	detail := saved.SHA256
	if xerr != nil {
		r.Why = xerr
		detail += "; " + xerr.Error()
	}
	if err := s.record(ctx, id, r.Outcome, status, detail); err != nil || r.Outcome != Saved {
		return r, err
	}
	return r, s.checkCopy(ctx, saved) // a new copy: every excerpt of the source again
}

// fetchPage fetches src's URL. When nothing came of it (refused, gone,
// throttled, failed) ok is false, r holds the outcome, recorded, and err
// is any fault of the store or ctx's end. A document whose text could not
// be read comes with xerr.
func (s *Saver) fetchPage(ctx context.Context, src domain.Source) (cp *fetch.Copy, xerr *fetch.ExtractError, r Result, ok bool, err error) {
	r = Result{Source: src}
	cp, err = s.Fetcher.Fetch(ctx, src.URL)
	if ctx.Err() != nil {
		return nil, nil, r, false, ctx.Err()
	}
	if err != nil && !errors.As(err, &xerr) {
		status := 0
		if cp != nil {
			status = cp.Status
		}
		r.Outcome, r.Why = outcome(err), err
		return nil, nil, r, false, s.record(ctx, src.ID, r.Outcome, status, err.Error())
	}
	return cp, xerr, r, true, nil
}

// copyOf is what the fetcher brought of source id, to save.
func copyOf(id int64, cp *fetch.Copy) domain.SourceCopy {
	return domain.SourceCopy{SourceID: id, URL: cp.URL, FinalURL: cp.FinalURL, Status: cp.Status, ContentType: cp.ContentType,
		Charset: cp.Charset, Body: cp.Body, Text: cp.Text, FetchedAt: cp.FetchedAt}
}

func (s *Saver) record(ctx context.Context, id int64, outcome domain.CheckOutcome, status int, detail string) error {
	s.count(outcome)
	return s.DB.RecordSourceCheck(ctx, domain.SourceCheck{SourceID: id, CheckedAt: s.now(), Outcome: outcome, Status: status, Detail: detail})
}

func (s *Saver) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// outcome names what a fetch error means for the source.
func outcome(err error) domain.CheckOutcome {
	var herr *fetch.HTTPError
	switch {
	case errors.Is(err, fetch.ErrRefused):
		return Refused
	case errors.Is(err, fetch.ErrTooLarge):
		return TooLarge
	case errors.As(err, &herr) && (herr.Status == http.StatusNotFound || herr.Status == http.StatusGone):
		return Gone
	case errors.As(err, &herr) && (herr.Status == http.StatusTooManyRequests || herr.Status == http.StatusServiceUnavailable):
		return Throttled
	}
	return Failed
}

// Retries: after n attempts in a row that kept nothing, the next waits
// retryBase·2^(n-1), at most retryMost; a refused URL is not retried by
// itself (an operator's --fetch-allow, or an edited URL, changes that:
// "tracker sources check" tries it again).
const (
	retryBase = 10 * time.Minute
	retryMost = 24 * time.Hour
)

// due reports whether a source whose latest checks are checks (newest
// first) should be tried at now.
func due(checks []domain.SourceCheck, now time.Time) bool {
	if len(checks) == 0 {
		return true
	}
	if checks[0].Outcome == Refused {
		return false
	}
	failed := 0
	for _, c := range checks {
		if c.Outcome == Saved || c.Outcome == Unchanged {
			break
		}
		failed++
	}
	wait := retryMost
	if failed > 0 && failed < 20 {
		wait = min(retryBase<<(failed-1), retryMost)
	}
	return !now.Before(checks[0].CheckedAt.Add(wait))
}

// batch is how many sources one round of Run looks at.
const batch = 100

// Run saves a copy of every source that has none, newest first, one fetch
// at a time, then revisits the sources whose latest visit is older than
// RevisitAfter (RevisitRound), a round every interval or at once after
// Wake, until ctx ends. A source that could not be fetched is tried again
// later (due). Failures are logged at debug
// level: on a machine without network every fetch fails, and that is
// normal; a round that saved something says so at info level.
func (s *Saver) Run(ctx context.Context, every time.Duration) {
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.wake.c():
		}
		saved, failed, err := s.Round(ctx)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Warn("saving copies of sources", "err", err)
		case saved > 0:
			log.Info("saved copies of sources", "saved", saved, "not fetched", failed)
		case failed > 0:
			log.Debug("could not fetch sources", "sources", failed)
		}
		s.revisitTick(ctx, log)
		t.Reset(every)
	}
}

// Round fetches each source that has no copy and is due, and returns how
// many copies it saved and how many sources it could not fetch. It first
// checks a bounded batch of excerpts that have no check against their
// source's latest copy (CheckPending, when due): no fetch, so it runs
// offline too.
func (s *Saver) Round(ctx context.Context) (saved, failed int, err error) {
	if err := s.checkPendingIfDue(ctx); err != nil {
		return 0, 0, err
	}
	ids, err := s.DB.UnsavedSources(ctx, batch)
	if err != nil {
		return 0, 0, err
	}
	for _, id := range ids {
		checks, err := s.DB.SourceChecks(ctx, id, 20)
		if err != nil {
			return saved, failed, err
		}
		if !due(checks, s.now()) {
			continue
		}
		r, err := s.Fetch(ctx, id)
		if err != nil {
			return saved, failed, err
		}
		switch {
		case r.Skipped != "":
		case r.Outcome == Saved || r.Outcome == Unchanged:
			saved++
		default:
			failed++
		}
	}
	return saved, failed, nil
}
