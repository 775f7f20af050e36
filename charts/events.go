package charts

import (
	"slices"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// eventMarks numbers events in date order, and keeps those that reach
// beyond the window on its edge.
func eventMarks(events []domain.Event, win window) []eventMark {
	s := slices.Clone(events)
	slices.SortStableFunc(s, EventOrder)
	out := make([]eventMark, len(s))
	for i, e := range s {
		m := eventMark{n: i + 1, x: unixSeconds(e.Date.First()), key: e.Date.Human()}
		m.end = unixSeconds(eventEnd(e))
		if m.end > m.x {
			m.key += " – " + e.EndDate.Human()
		}
		m.x, m.end = win.clamp(m.x, m.end)
		m.key = clean(m.key + ": " + strings.TrimSpace(e.Title))
		out[i] = m
	}
	return out
}

// eventEnd is an event's last day, or its first when it has no end.
func eventEnd(e domain.Event) time.Time {
	if !e.EndDate.IsZero() && e.EndDate.Last().After(e.Date.First()) {
		return e.EndDate.Last()
	}
	return e.Date.First()
}

// uniqueEvents keeps the first of events that share an ID; events without
// one are the same when they share date and title.
func uniqueEvents(events []domain.Event) []domain.Event {
	seen := map[string]bool{}
	var out []domain.Event
	for _, e := range events {
		key := "id:" + e.ID
		if e.ID == "" {
			key = "at:" + e.Date.String() + "|" + e.Title
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, e)
		}
	}
	return out
}
