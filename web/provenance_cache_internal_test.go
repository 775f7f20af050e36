package web

import (
	"crypto/sha256"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The cache of excerpt checks keeps the most recently used provenanceEntries
// and forgets the oldest.
func TestProvenanceCacheForgetsTheLeastRecentlyUsed(t *testing.T) {
	c := newProvenanceCache()
	key := func(i int) provenanceKey { return provenanceKey{copyID: int64(i), excerpt: sha256.Sum256([]byte("x"))} }
	for i := range provenanceEntries {
		c.put(key(i), provenanceView{Saved: true, Status: domain.ExcerptFound})
	}
	if _, ok := c.get(key(0)); !ok { // used: now the most recent
		t.Fatal("entry 0 missing before the cache is full")
	}
	c.put(key(provenanceEntries), provenanceView{Saved: true, Status: domain.ExcerptNotFound})
	if _, ok := c.get(key(1)); ok {
		t.Error("the least recently used entry is still there past the bound")
	}
	if p, ok := c.get(key(0)); !ok || p.Status != domain.ExcerptFound {
		t.Error("a recently used entry was forgotten")
	}
	if len(c.items) != provenanceEntries || c.order.Len() != provenanceEntries || len(c.views) != provenanceEntries {
		t.Errorf("sizes %d %d %d, want %d", len(c.items), c.order.Len(), len(c.views), provenanceEntries)
	}
}
