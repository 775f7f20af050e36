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
	rc = newRenderCache(100, 10)
	rc.put("a", make([]byte, 6))
	rc.put("b", make([]byte, 6))
	if _, ok := rc.get("a"); ok || rc.bytes != 6 {
		t.Errorf("byte bound not kept: %d bytes", rc.bytes)
	}
}
