package domain

import (
	"testing"
	"time"
)

// Ids made later sort later, to the second, across the whole range of
// dates a database will see; that is what keeps large imports appending.
func TestNewIDSortsByTime(t *testing.T) {
	prev := ""
	for _, at := range []time.Time{
		time.Unix(0, 0), time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 9, 1, 0, 0, 1, 0, time.UTC),
		time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), time.Date(2999, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		id := newID(at)
		if !ValidID(id) || id <= prev {
			t.Fatalf("newID(%v) = %q, not valid or not after %q", at, id, prev)
		}
		prev = id
	}
	if a, b := newID(time.Unix(1e9, 0)), newID(time.Unix(1e9, 0)); a == b || a[:7] != b[:7] {
		t.Errorf("same second: %q and %q should share the time prefix and differ after it", a, b)
	}
}
