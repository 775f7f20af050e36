package charts

import (
	"slices"
	"testing"
	"time"
)

// A period the reader picks past every figure (?from=2026) has no axis;
// the earlier events are before it, not after. (Found in review.)
func TestEventsBeforeAPeriodPastTheData(t *testing.T) {
	in := aroundInput()
	in.From = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	before, shown, after := in.EventsAround()
	if got := eventTitles(before); !slices.Contains(got, "before") || !slices.Contains(got, "inside") || len(shown) != 0 {
		t.Errorf("from 2026: before = %q / shown = %q / after = %q; want the 2023-2025 events before the period", got, eventTitles(shown), eventTitles(after))
	}
	in = aroundInput()
	in.To = time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
	before, shown, after = in.EventsAround()
	if len(shown) != 0 || len(after) != len(in.Events)-len(before) || slices.Contains(eventTitles(before), "inside") {
		t.Errorf("until 2022: before = %q / shown = %q / after = %q", eventTitles(before), eventTitles(shown), eventTitles(after))
	}
}
