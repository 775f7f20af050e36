package web

import (
	"container/list"
	"context"
	"crypto/sha256"
	"fmt"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// provenanceView says whether a figure's excerpt is in the saved copy of
// its source (issue 17): "Excerpt found in the copy saved on 20 Apr 2025
// (SHA-256 …)", with the excerpt highlighted in its paragraph of the copy.
type provenanceView struct {
	Saved       bool // a copy of the source is saved
	Status      domain.ExcerptStatus
	SavedAt     time.Time
	SHA256      string
	Differences []string
	// The paragraph of the copy around the match, cut at it.
	Before, Match, After string
}

// Words is the status as the page says it: "found", "nearly found", "not
// found", "not checked" (a copy with no text: a scanned PDF).
func (p provenanceView) Words() string { return excerptStatusWords(p.Status) }

// In joins Words to "the copy of the source saved on …": "in", or for a
// copy with no text ": no text could be read from".
func (p provenanceView) In() string {
	if p.Status == domain.ExcerptUnchecked {
		return ": no text could be read from"
	}
	return "in"
}

// provenance checks excerpt against the latest saved copy of source id.
// A check reads the whole text (up to 2 MB: about 0.1 s and 50 MB of
// garbage), and the figure page, which any visitor opens, is not cached:
// so checks are remembered per copy and excerpt (provenanceCache), a check
// asked for by several requests at once is made once, and at most as many
// run at once as there are CPUs.
func (s *Server) provenance(ctx context.Context, sourceID int64, excerpt string) (provenanceView, error) {
	stamps, err := s.db.LatestCopyStamps(ctx, []int64{sourceID})
	if err != nil {
		return provenanceView{}, err
	}
	stamp, ok := stamps[sourceID]
	if !ok {
		return provenanceView{Status: domain.ExcerptUnchecked}, nil
	}
	key := provenanceKey{copyID: stamp.CopyID, excerpt: sha256.Sum256([]byte(excerpt))}
	if p, ok := s.provenances.get(key); ok {
		return p, nil
	}
	v, err, _ := s.provenances.group.Do(fmt.Sprintf("%d/%x", key.copyID, key.excerpt), func() (any, error) {
		// Shared by the requests waiting for it: one leaving does not
		// stop it for the others.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		leave, err := s.provenances.enter(ctx)
		if err != nil {
			return nil, err
		}
		defer leave()
		cp, err := s.db.LatestSourceText(ctx, sourceID)
		if err != nil {
			return nil, err
		}
		r := domain.CheckExcerpt(excerpt, cp.Text)
		p := provenanceView{Saved: true, Status: r.Status, SavedAt: cp.FetchedAt, SHA256: cp.SHA256, Differences: r.Differences}
		if r.Status == domain.ExcerptFound || r.Status == domain.ExcerptNearlyFound {
			p.Before, p.Match, p.After = cutParagraph(cp.Text, r)
		}
		s.provenances.put(provenanceKey{copyID: cp.ID, excerpt: key.excerpt}, p)
		return p, nil
	})
	if err != nil {
		return provenanceView{}, err
	}
	return v.(provenanceView), nil
}

// provenanceKey names a check: a copy and an excerpt's SHA-256.
type provenanceKey struct {
	copyID  int64
	excerpt [sha256.Size]byte
}

// provenanceCache remembers the latest provenanceEntries checks (a copy
// never changes, so a check of it never goes stale; a new copy has a new
// key), shares a check among requests asking for it at once, and bounds
// the checks running at once.
type provenanceCache struct {
	mu    sync.Mutex
	order *list.List // of provenanceKey, most recent first
	items map[provenanceKey]*list.Element
	views map[provenanceKey]provenanceView
	group singleflight.Group
	slots chan struct{}
}

// provenanceEntries bounds the cache: each entry holds a paragraph of the
// copy (at most about 6 KB beside its excerpt).
const provenanceEntries = 2048

func newProvenanceCache() *provenanceCache {
	return &provenanceCache{order: list.New(), items: map[provenanceKey]*list.Element{}, views: map[provenanceKey]provenanceView{},
		slots: make(chan struct{}, max(runtime.GOMAXPROCS(0), 2))}
}

func (c *provenanceCache) get(k provenanceKey) (provenanceView, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok {
		return provenanceView{}, false
	}
	c.order.MoveToFront(e)
	return c.views[k], true
}

func (c *provenanceCache) put(k provenanceKey, p provenanceView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		c.views[k] = p
		return
	}
	c.items[k] = c.order.PushFront(k)
	c.views[k] = p
	for c.order.Len() > provenanceEntries {
		old := c.order.Remove(c.order.Back()).(provenanceKey)
		delete(c.items, old)
		delete(c.views, old)
	}
}

// enter waits for a free slot to check in: at most 5 s, then the server is
// busy (503 with Retry-After).
func (c *provenanceCache) enter(ctx context.Context) (leave func(), err error) {
	return enterSlot(ctx, c.slots, 5*time.Second, busyError{retryAfter: 5, doing: "checking as many excerpts against saved copies as it can"})
}

// cutParagraph splits the check's paragraph of text around its match.
func cutParagraph(text string, r domain.ExcerptCheck) (before, match, after string) {
	if r.ParagraphStart > r.Start || r.End > r.ParagraphEnd || r.ParagraphEnd > len(text) {
		return "", "", ""
	}
	return text[r.ParagraphStart:r.Start], text[r.Start:r.End], text[r.End:r.ParagraphEnd]
}

// approveWhy says why approving needs a reason: the excerpt was not found
// in the copy of its source saved on that day; "" when it was found, nearly
// found, or no copy is saved.
func approveWhy(p provenanceView) string {
	if p.Status != domain.ExcerptNotFound {
		return ""
	}
	return "the excerpt was not found in the copy of its source saved on " + p.SavedAt.UTC().Format("2 Jan 2006") + "."
}
