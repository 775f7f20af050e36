package web

import (
	"fmt"
	"testing"
)

func TestRenderCacheEvictsLeastRecentlyUsed(t *testing.T) {
	rc := newRenderCache(3, 1<<20)
	for i := range 3 {
		rc.put(fmt.Sprint(i), []byte{byte(i)})
	}
	rc.get("0") // 0 is now the most recently used
	rc.put("3", []byte{3})
	if _, ok := rc.get("1"); ok {
		t.Error("the least recently used entry was kept")
	}
	for _, k := range []string{"0", "2", "3"} {
		if _, ok := rc.get(k); !ok {
			t.Errorf("entry %s was evicted", k)
		}
	}
	// The byte bound holds too.
	rc = newRenderCache(100, 2*entrySize("a", make([]byte, 6))-1)
	rc.put("a", make([]byte, 6))
	rc.put("b", make([]byte, 6))
	if _, ok := rc.get("a"); ok || rc.bytes != entrySize("b", make([]byte, 6)) {
		t.Errorf("byte bound not kept: %d bytes", rc.bytes)
	}
}

// The byte bound counts what an entry holds: its key (which carries a
// visitor's query), the capacity of its value — a mark with no value too —
// and the bookkeeping, so that entries of long keys and small values
// cannot hold many times the bound.
func TestRenderCacheCountsKeysAndCapacity(t *testing.T) {
	const bound = 1 << 20
	rc := newRenderCache(1<<20, bound)
	long := string(make([]byte, 40<<10))
	for i := range 100 {
		rc.put(fmt.Sprint(i, long), nil) // a mark: a key and no value
	}
	n, b := rc.held()
	if b > bound || n*(40<<10) > bound {
		t.Errorf("%d marks of 40 KB keys count %d bytes against a bound of %d", n, b, bound)
	}
	rc = newRenderCache(1<<20, bound)
	for i := range 100 {
		rc.put(fmt.Sprint(i), make([]byte, 1, 40<<10)) // one byte, in 40 KB
	}
	if n, b := rc.held(); b > bound || n*(40<<10) > bound {
		t.Errorf("%d values of 40 KB capacity count %d bytes against a bound of %d", n, b, bound)
	}
}
