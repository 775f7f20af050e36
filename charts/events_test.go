package charts

import (
	"slices"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func eventTitles(events []domain.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Title)
	}
	return out
}

// aroundInput is a year of figures (2024) with events before, inside, just
// after and long after it.
func aroundInput() Input {
	in := Input{Series: pakSeries, Figures: []domain.Figure{
		fig("a", "2024-01-01", 100, domain.Exact, "IOM", "IOM", ""),
		fig("b", "2024-12-31", 200, domain.Exact, "IOM", "IOM", ""),
	}}
	long := event("2023-11-01", "long, into the data", "operation")
	long.EndDate = domain.MustDate("2024-02-01")
	in.Events = []domain.Event{
		event("2025-06-01", "long after", "deadline"),
		event("2024-06-01", "inside", "policy"),
		event("2023-06-01", "before", "deadline"),
		event("2025-01-05", "just after, in the margin", "deadline"),
		long,
	}
	return in
}

func TestEventsAround(t *testing.T) {
	in := aroundInput()
	before, shown, after := in.EventsAround()
	if got, want := eventTitles(before), []string{"before"}; !slices.Equal(got, want) {
		t.Errorf("before = %q, want %q", got, want)
	}
	if got, want := eventTitles(shown), []string{"long, into the data", "inside", "just after, in the margin"}; !slices.Equal(got, want) {
		t.Errorf("shown = %q, want %q (in date order)", got, want)
	}
	if got, want := eventTitles(after), []string{"long after"}; !slices.Equal(got, want) {
		t.Errorf("after = %q, want %q", got, want)
	}

	// A window: the axis is the window, and events outside it are before
	// or after it.
	in.From, in.To = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 9, 30, 23, 59, 59, 0, time.UTC)
	before, shown, after = in.EventsAround()
	if len(before) != 2 || !slices.Equal(eventTitles(shown), []string{"inside"}) || len(after) != 2 {
		t.Errorf("in a window from March to September 2024: %q / %q / %q; want 2 before, only \"inside\", 2 after",
			eventTitles(before), eventTitles(shown), eventTitles(after))
	}

	in = aroundInput()
	in.Figures = nil
	if before, shown, after := in.EventsAround(); len(before)+len(shown) != 0 || len(after) != len(in.Events) {
		t.Errorf("without figures: %d before, %d shown, %d after; want every event after", len(before), len(shown), len(after))
	}
}

// TestEventsNeverStretchTheAxis draws a series with and without far-off
// events: the time axis is the same, and only the events near the data are
// numbered on the chart.
func TestEventsNeverStretchTheAxis(t *testing.T) {
	in := aroundInput()
	with, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	in.Events = nil
	without, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	if with.xmin != without.xmin || with.xmax != without.xmax {
		t.Errorf("axis with events %v–%v, without %v–%v; events must not widen it",
			time.Unix(int64(with.xmin), 0), time.Unix(int64(with.xmax), 0), time.Unix(int64(without.xmin), 0), time.Unix(int64(without.xmax), 0))
	}
	if len(with.events) != 3 {
		t.Fatalf("the chart draws %d events, want the 3 around the data", len(with.events))
	}
	for _, e := range with.events {
		if e.x < with.xmin || e.end > with.xmax {
			t.Errorf("event %q drawn from %v to %v, off the axis %v–%v", e.key, e.x, e.end, with.xmin, with.xmax)
		}
	}
}
