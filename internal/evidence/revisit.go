package evidence

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Outcomes of a revisit, as recorded.
const (
	OK      = domain.OutcomeOK
	Moved   = domain.OutcomeMoved
	Changed = domain.OutcomeChanged
)

// defaultWorkers is how many hosts a round visits at once.
const defaultWorkers = 4

// Revisit visits the URL of source id, which has a saved copy, to watch
// the link (issue 17), and records what it found: gone (404, 410),
// throttled (429, 503: the host is left alone for a while), refused, too
// large or failed as for a first fetch; or, when the page served:
//
//   - changed, when an excerpt read from the source that the latest copy
//     holds is not on the live page; the live page is not kept, so the
//     copy that holds the excerpt stays the latest, and serves;
//   - moved, when the page is served from another address than the latest
//     copy's (a redirect); the detail is the new address;
//   - ok otherwise.
//
// A moved or ok page whose bytes are not the latest copy's is kept as a
// new copy. A source without a copy is fetched as Fetch does. A source
// another server is visiting, or whose host asked to be left alone, is
// skipped (Result.Skipped) and nothing is recorded.
func (s *Saver) Revisit(ctx context.Context, id int64) (Result, error) {
	return s.visit(ctx, id, s.revisit)
}

// visit claims source id for this server, waits its turn on the source's
// host, and calls fn.
func (s *Saver) visit(ctx context.Context, id int64, fn func(context.Context, domain.Source) (Result, error)) (Result, error) {
	src, err := s.DB.Source(ctx, id)
	if err != nil {
		return Result{}, err
	}
	r := Result{Source: src}
	release, ok, err := s.DB.ClaimSource(ctx, id)
	if err != nil {
		return r, err
	}
	if !ok {
		r.Skipped = "another server is visiting it"
		return r, nil
	}
	defer release()
	host := hostOf(src.URL)
	done, ok, until, err := s.hosts.take(ctx, host, s.gap(), s.now)
	if err != nil {
		return r, err
	}
	if !ok {
		r.Skipped = fmt.Sprintf("%s asked to be left alone until %s", host, until.UTC().Format("2 Jan 2006 15:04 MST"))
		return r, nil
	}
	r, err = fn(ctx, src)
	var herr *fetch.HTTPError
	var retryAfter time.Duration
	if errors.As(r.Why, &herr) {
		retryAfter = herr.RetryAfter
	}
	done(r.Outcome == Throttled, retryAfter)
	return r, err
}

func (s *Saver) revisit(ctx context.Context, src domain.Source) (Result, error) {
	latest, err := s.DB.LatestSourceText(ctx, src.ID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return s.save(ctx, src)
	}
	if err != nil {
		return Result{Source: src}, err
	}
	cp, xerr, r, ok, err := s.fetchPage(ctx, src)
	if !ok {
		return r, err
	}
	status := cp.Status
	r.Copy = latest
	if xerr != nil {
		// No text to look for the excerpts in: the page cannot be said
		// to have dropped them.
		r.Why = xerr
	} else {
		named, unpublished, err := s.dropped(ctx, src.ID, latest.Text, cp.Text)
		if err != nil {
			return r, err
		}
		if len(named) > 0 {
			// A published excerpt is gone from the page: changed, and the
			// copy that holds it stays the latest.
			r.Outcome, r.Detail = Changed, domain.DroppedDetail(named, unpublished)
			return r, s.record(ctx, src.ID, r.Outcome, status, r.Detail)
		}
		if unpublished > 0 {
			// Only excerpts not yet published are gone: the public is told
			// nothing (that would say a draft cites the source), the copy
			// that holds them stays the latest, and the visit's detail
			// says it for staff. Published, they read changed at the next
			// visit.
			r.Outcome, r.Detail = OK, domain.DroppedDetail(nil, unpublished)
			return r, s.record(ctx, src.ID, r.Outcome, status, r.Detail)
		}
	}
	r.Outcome = OK
	was, err := s.firstAddress(ctx, src)
	if err != nil {
		return r, err
	}
	if cp.FinalURL != "" && cp.FinalURL != was {
		r.Outcome = Moved
	}
	var note string
	switch {
	case xerr != nil:
		// The page serves, but no text could be read from it (a damaged
		// or scanned PDF): the copy that holds the text stays the latest.
		note = "; its text could not be read, the copy of " + latest.FetchedAt.Format("2 Jan 2006") + " is kept"
	case cp.Text == latest.Text:
		// The same text in other bytes (a page that stamps each response
		// with a time or a token): nothing new to keep.
	default:
		saved, created, err := s.DB.SaveSourceCopy(ctx, copyOf(src.ID, cp), s.Limits)
		switch {
		case domain.ErrorCode(err) == domain.ECONFLICT:
			r.Why = err
			note = "; the new copy was not kept: " + err.Error()
		case err != nil:
			return r, err
		default:
			r.Copy, r.NewCopy = saved, created
		}
	}
	r.Detail = r.Copy.SHA256 + note
	if r.Outcome == Moved {
		r.Detail = cp.FinalURL
	}
	if err := s.record(ctx, src.ID, r.Outcome, status, r.Detail); err != nil || !r.NewCopy {
		return r, err
	}
	return r, s.checkCopy(ctx, r.Copy) // the new latest copy: every excerpt of the source against it
}

// firstAddress is the address the source's document was first saved from:
// its oldest copy's final URL (after redirects), for the URL the source
// has now. A link whose page is served from elsewhere has moved, and stays
// moved while it redirects, whatever copies were kept since.
func (s *Saver) firstAddress(ctx context.Context, src domain.Source) (string, error) {
	copies, err := s.DB.SourceCopyList(ctx, src.ID) // newest first, without bodies
	if err != nil {
		return "", err
	}
	for i := len(copies) - 1; i >= 0; i-- {
		if c := copies[i]; c.URL == src.URL && c.FinalURL != "" {
			return c.FinalURL, nil
		}
	}
	return src.URL, nil
}

// dropped lists the published excerpts read from the source ("figure 12",
// "event 3") that the old text holds (found or nearly found) and the live
// text does not, and counts the unpublished ones that went the same way.
func (s *Saver) dropped(ctx context.Context, id int64, old, live string) (named []string, unpublished int, err error) {
	excerpts, err := s.DB.SourceExcerpts(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	for _, e := range excerpts {
		if st := domain.CheckExcerpt(e.Excerpt, old).Status; st != domain.ExcerptFound && st != domain.ExcerptNearlyFound {
			continue
		}
		if domain.CheckExcerpt(e.Excerpt, live).Status != domain.ExcerptNotFound {
			continue
		}
		if public(e) {
			named = append(named, e.Kind+" "+e.ID)
		} else {
			unpublished++
		}
	}
	return named, unpublished, nil
}

func public(e store.SourceExcerpt) bool {
	return e.Status == domain.StatusPublished || e.Status == domain.StatusRetracted
}

// RevisitRound revisits the sources with a copy whose latest visit is
// older than stale (store.StaleSources, a batch at a time), a few hosts
// at once, and returns how many visits came to each outcome.
func (s *Saver) RevisitRound(ctx context.Context, stale time.Duration) (map[domain.CheckOutcome]int, error) {
	ids, err := s.DB.StaleSources(ctx, s.now().Add(-stale), batch)
	if err != nil {
		return nil, err
	}
	counts := map[domain.CheckOutcome]int{}
	err = s.Visits(ctx, ids, s.Revisit, func(r Result) error {
		if r.Skipped == "" {
			counts[r.Outcome]++
		}
		return nil
	})
	return counts, err
}

// Visits calls visit (Fetch or Revisit) for each of ids, up to Workers
// hosts at once and one source at a time on each host, in the order of ids
// on each host, and each with every result, one at a time. The first
// error (of visit or each) stops it.
func (s *Saver) Visits(ctx context.Context, ids []int64, visit func(context.Context, int64) (Result, error), each func(Result) error) error {
	var order []string
	byHost := map[string][]int64{}
	for _, id := range ids {
		src, err := s.DB.Source(ctx, id)
		if err != nil {
			return err
		}
		h := hostOf(src.URL)
		if _, ok := byHost[h]; !ok {
			order = append(order, h)
		}
		byHost[h] = append(byHost[h], id)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	queue := make(chan []int64, len(order))
	for _, h := range order {
		queue <- byHost[h]
	}
	close(queue)
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if first == nil {
			first = err
		}
		mu.Unlock()
		cancel()
	}
	workers := s.Workers
	if workers <= 0 {
		workers = defaultWorkers
	}
	for range min(workers, len(order)) {
		wg.Go(func() {
			for group := range queue {
				for _, id := range group {
					if ctx.Err() != nil {
						return
					}
					r, err := visit(ctx, id)
					if err != nil {
						fail(err)
						return
					}
					mu.Lock()
					err = each(r)
					mu.Unlock()
					if err != nil {
						fail(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		// The caller's context ended (ours is only cancelled on an error).
		return ctx.Err()
	}
	return first
}

// revisitTick is Run's revisit round, logged as its save round is.
func (s *Saver) revisitTick(ctx context.Context, log *slog.Logger) {
	if s.RevisitAfter <= 0 {
		return
	}
	counts, err := s.RevisitRound(ctx, s.RevisitAfter)
	switch {
	case ctx.Err() != nil:
	case err != nil:
		log.Warn("revisiting sources", "err", err)
	case counts[Gone]+counts[Moved]+counts[Changed] > 0:
		log.Info("revisited sources", "ok", counts[OK], "moved", counts[Moved], "changed", counts[Changed], "gone", counts[Gone])
	case len(counts) > 0:
		log.Debug("revisited sources", "counts", counts)
	}
}

func (s *Saver) gap() time.Duration {
	if s.Gap == 0 {
		return defaultGap
	}
	return max(s.Gap, 0)
}

// Fetches is how many visits this Saver made came to outcome o, since it
// started (tracker_source_fetches_total).
func (s *Saver) Fetches(o domain.CheckOutcome) uint64 {
	for i, c := range domain.CheckOutcomes {
		if c == o && i < len(s.fetches) {
			return s.fetches[i].Load()
		}
	}
	return 0
}

func (s *Saver) count(o domain.CheckOutcome) {
	for i, c := range domain.CheckOutcomes {
		if c == o && i < len(s.fetches) {
			s.fetches[i].Add(1)
		}
	}
}
