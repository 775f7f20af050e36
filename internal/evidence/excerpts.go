package evidence

import (
	"context"

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

// checkCopy checks every excerpt read from cp's source against cp's text
// and keeps the results.
func (s *Saver) checkCopy(ctx context.Context, cp domain.SourceCopy) error {
	excerpts, err := s.DB.SourceExcerpts(ctx, cp.SourceID)
	if err != nil {
		return err
	}
	checks := make([]store.KeptExcerptCheck, 0, len(excerpts))
	for _, e := range excerpts {
		checks = append(checks, s.check(e.Kind, e.ID, e.Excerpt, cp))
	}
	_, err = s.DB.RecordExcerptChecks(ctx, checks)
	return err
}

// CheckPending checks a bounded batch of the excerpts that have no check
// against their source's latest copy, keeps the results, and returns how
// many it checked.
func (s *Saver) CheckPending(ctx context.Context) (int, error) {
	pending, err := s.DB.PendingExcerpts(ctx, checkBatch)
	if err != nil || len(pending) == 0 {
		return 0, err
	}
	copies := map[int64]domain.SourceCopy{} // by source: one read of each text
	checks := make([]store.KeptExcerptCheck, 0, len(pending))
	for _, p := range pending {
		cp, ok := copies[p.SourceID]
		if !ok {
			if cp, err = s.DB.LatestSourceText(ctx, p.SourceID); err != nil {
				return 0, err
			}
			copies[p.SourceID] = cp
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

func (s *Saver) check(kind, id, excerpt string, cp domain.SourceCopy) store.KeptExcerptCheck {
	r := domain.CheckExcerpt(excerpt, cp.Text)
	return store.KeptExcerptCheck{Kind: kind, ItemID: id, CopyID: cp.ID, Excerpt: excerpt,
		Status: r.Status, Differences: r.Differences, CheckedAt: s.now()}
}
