package evidence

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Excerpt checks are kept, not computed where they are shown: downloads
// stream up to millions of figures and join the kept status (migration
// 0013). They are made here, from the saved text alone (no fetch): every
// excerpt of a source when a new copy of it is saved, and in each Round a
// bounded batch of the excerpts that have no check against their source's
// latest copy (a new figure or event, an edited excerpt).

// checkBatch is how many unchecked excerpts one Round checks. A check is
// CPU only (domain.CheckExcerpt over at most store.MaxCopyText of text).
const checkBatch = 500

// CheckedExcerpt is an excerpt read from a source and its check against a
// copy of it, as kept.
type CheckedExcerpt struct {
	store.SourceExcerpt
	Check store.KeptExcerptCheck
}

// CheckCopy checks every excerpt read from cp's source against cp's text,
// keeps the results, and returns them.
func (s *Saver) CheckCopy(ctx context.Context, cp domain.SourceCopy) ([]CheckedExcerpt, error) {
	excerpts, err := s.DB.SourceExcerpts(ctx, cp.SourceID)
	if err != nil {
		return nil, err
	}
	out := make([]CheckedExcerpt, 0, len(excerpts))
	checks := make([]store.KeptExcerptCheck, 0, len(excerpts))
	for _, e := range excerpts {
		c := s.check(e.Kind, e.ID, e.Excerpt, cp)
		out = append(out, CheckedExcerpt{SourceExcerpt: e, Check: c})
		checks = append(checks, c)
	}
	if _, err := s.DB.RecordExcerptChecks(ctx, checks); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Saver) checkCopy(ctx context.Context, cp domain.SourceCopy) error {
	_, err := s.CheckCopy(ctx, cp)
	return err
}

// CheckPending checks a bounded batch of the excerpts that have no check
// against their source's latest copy, keeps the results, and returns how
// many it checked. The batch is checked source by source, so that one
// source's text at a time (at most store.MaxCopyText) is held.
func (s *Saver) CheckPending(ctx context.Context) (int, error) {
	pending, err := s.DB.PendingExcerpts(ctx, checkBatch)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	slices.SortStableFunc(pending, func(a, b store.PendingExcerpt) int { return cmp.Compare(a.SourceID, b.SourceID) })
	var cp domain.SourceCopy
	checks := make([]store.KeptExcerptCheck, 0, len(pending))
	for i, p := range pending {
		if i == 0 || p.SourceID != pending[i-1].SourceID {
			if cp, err = s.DB.LatestSourceText(ctx, p.SourceID); err != nil {
				return 0, err
			}
		}
		if cp.ID != p.CopyID {
			continue // a newer copy came since the list was read; next round
		}
		checks = append(checks, s.check(p.Kind, p.ItemID, p.Excerpt, cp))
	}
	if _, err := s.DB.RecordExcerptChecks(ctx, checks); err != nil {
		return 0, err
	}
	return len(checks), nil
}

// pendingEvery is how often a Round looks for unchecked excerpts when
// nothing public has changed since it last found none: finding them reads
// every figure, about a second at a million figures. A published change
// (a new version) is looked at by the next Round; a draft's new excerpt
// waits at most this long for its kept check (the staff pages check it as
// they show it).
const pendingEvery = 15 * time.Minute

// pendingPass is when CheckPending last ran and what it found.
type pendingPass struct {
	mu      sync.Mutex
	at      time.Time
	version int64 // the dataset version it saw
	more    bool  // it checked some: there may be more
}

// checkPendingIfDue runs CheckPending unless the last pass found nothing,
// the dataset version has not changed since, and pendingEvery has not
// passed.
func (s *Saver) checkPendingIfDue(ctx context.Context) error {
	v, err := s.DB.DatasetVersion(ctx)
	if err != nil {
		return err
	}
	now := s.now()
	s.pending.mu.Lock()
	idle := !s.pending.at.IsZero() && !s.pending.more && s.pending.version == v && now.Before(s.pending.at.Add(pendingEvery))
	s.pending.mu.Unlock()
	if idle {
		return nil
	}
	n, err := s.CheckPending(ctx)
	if err != nil {
		return err
	}
	s.pending.mu.Lock()
	s.pending.at, s.pending.version, s.pending.more = now, v, n > 0
	s.pending.mu.Unlock()
	return nil
}

func (s *Saver) check(kind, id, excerpt string, cp domain.SourceCopy) store.KeptExcerptCheck {
	r := domain.CheckExcerpt(excerpt, cp.Text)
	return store.KeptExcerptCheck{Kind: kind, ItemID: id, CopyID: cp.ID, Excerpt: excerpt,
		Status: r.Status, Differences: r.Differences, CheckedAt: s.now()}
}
