package charts

import (
	"strings"
	"testing"
	"time"
)

// A windowed image (?from/?to) numbers its events from 1 within the window;
// where it sends the reader for the rest carries the window, whose page
// numbers them the same way. (Found in review.)
func TestWindowedKeyPointsToTheSameNumbering(t *testing.T) {
	in := worstInput()
	in.From = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	in.To = time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)
	c, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	link := in.Permalink + "?from=2024-06-01&to=2025-06-30"
	more := strings.Join(c.lay.keyMore.lines, " ")
	if !strings.Contains(nospace(more), nospace("listed at "+link)) {
		t.Fatalf("the key ends %q, not with a link to the window's page %s", more, link)
	}
	// The page at link has the window: it numbers EventsAround of it.
	_, shown, _ := in.EventsAround()
	key := c.EventKey()
	if len(key) != len(shown) {
		t.Fatalf("the image numbers %d events, the page %d", len(key), len(shown))
	}
	for i, k := range key {
		if !strings.Contains(k, shown[i].Title) {
			t.Errorf("image: %q; the page at %s numbers %d as %q", k, link, i+1, shown[i].Title)
		}
	}
}

// (Found in review.) With a date window, CompareEventsAround lost every event
// outside it (compare() keeps only InWindow's events), where EventsAround
// lists them as before and after the period shown.
func TestCompareWindowKeepsEventsAround(t *testing.T) {
	ins := worstCompare()
	for i := range ins {
		ins[i].From = time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
		ins[i].To = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	before, _, after := ins[0].EventsAround()
	cb, _, ca := CompareEventsAround(ins)
	if len(cb) != len(before) || len(ca) != len(after) {
		t.Errorf("compare lists %d before and %d after the window; the series page lists %d and %d", len(cb), len(ca), len(before), len(after))
	}
}
