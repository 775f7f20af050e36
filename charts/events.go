package charts

import (
	"slices"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// EventsAround splits in.Events by the chart's time axis: shown are the
// events with a day on the axis, which the chart draws; before and after
// are the others, which the page lists under the chart as "before" and
// "after the period shown". Each is in date order.
//
// The axis is the one SeriesChart draws: the window (From, To) where it is
// set, else the figures' dates padded by xRange's margin — a twenty-fifth
// of their span and at least 10 days, or two months either side of a span
// shorter than 120 days, so that an event just past the last figure (a
// deadline the day after a count) is still drawn. Events never stretch
// the axis: a deadline a year after the data would squeeze the data into
// a corner. With no figure to draw there is no axis: the events are split
// by the end of the period the reader chose, or are all after when none was.
func (in Input) EventsAround() (before, shown, after []domain.Event) {
	visible := in.InWindow()
	win := windowOf(in)
	if len(visible.Figures) == 0 && (win.from.IsZero() || win.to.IsZero()) {
		// No axis: split by the one end of the period the reader chose,
		// if any, so that a 2019 event is not "after" a period from 2026.
		for _, e := range sortedEvents(in.Events) {
			switch {
			case !win.from.IsZero() && eventEnd(e).Before(win.from):
				before = append(before, e)
			case !win.to.IsZero() && !e.Date.First().After(win.to):
				before = append(before, e)
			default:
				after = append(after, e)
			}
		}
		return before, nil, after
	}
	lo, hi := win.axis(xRange(visible))
	return splitByAxis(in.Events, lo, hi)
}

// splitByAxis sorts events and splits them into those that end before lo,
// those with a day from lo to hi, and those that start after hi.
func splitByAxis(events []domain.Event, lo, hi float64) (before, shown, after []domain.Event) {
	for _, e := range sortedEvents(events) {
		switch {
		case unixSeconds(eventEnd(e)) < lo:
			before = append(before, e)
		case unixSeconds(e.Date.First()) > hi:
			after = append(after, e)
		default:
			shown = append(shown, e)
		}
	}
	return before, shown, after
}

// axisWindow is the window of the time axis from lo to hi, to clamp the
// events drawn onto it.
func axisWindow(lo, hi float64) window {
	return window{from: time.Unix(int64(lo), 0).UTC(), to: time.Unix(int64(hi), 0).UTC()}
}

// sortedEvents is events in date order, then by title: the order they are
// numbered and listed in.
func sortedEvents(events []domain.Event) []domain.Event {
	s := slices.Clone(events)
	slices.SortStableFunc(s, EventOrder)
	return s
}

// eventMarks numbers events in date order, and keeps those that reach
// beyond the window on its edge.
func eventMarks(events []domain.Event, win window) []eventMark {
	s := sortedEvents(events)
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
