package charts

import (
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// window is the period a chart shows; a zero end is open. Membership is
// decided by calendar day in UTC, because figures and events are dated by
// day: a window from 1 Jan 09:00 still holds a figure as of 1 Jan.
type window struct{ from, to time.Time }

func windowOf(in Input) window { return window{from: in.From, to: in.To} }

func (w window) open() bool { return w.from.IsZero() && w.to.IsZero() }

// check refuses a window that ends before it starts.
func (w window) check() error {
	if !w.from.IsZero() && !w.to.IsZero() && w.from.After(w.to) {
		return domain.FieldErrorf(domain.EINVALID, "from", "the period starts on %s, after it ends on %s",
			humanDay(w.from), humanDay(w.to))
	}
	return nil
}

// holds reports whether the day of t lies in the window.
func (w window) holds(t time.Time) bool { return w.overlaps(t, t) }

// overlaps reports whether the days from start to end touch the window.
func (w window) overlaps(start, end time.Time) bool {
	return (w.from.IsZero() || !end.Before(dayOf(w.from))) && (w.to.IsZero() || !start.After(w.to))
}

func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// InWindow returns in with only the figures and events its date window
// (From, To) shows: exactly what the chart draws, cites and describes. A
// stock or running total is shown when its as-of date (PeriodEnd.Last)
// lies in the window; a flow when any day of the period it counts over
// (spanOf) does, so that a window inside a year's count still shows it,
// drawn over the part of its period the window holds; an event when any
// of its days does.
func (in Input) InWindow() Input {
	w := windowOf(in)
	if w.open() {
		return in
	}
	var figs []domain.Figure
	for _, f := range in.Figures {
		if w.shows(f, in.Series.Measure) {
			figs = append(figs, f)
		}
	}
	var events []domain.Event
	for _, e := range in.Events {
		if w.overlaps(e.Date.First(), eventEnd(e)) {
			events = append(events, e)
		}
	}
	in.Figures, in.Events = figs, events
	return in
}

// shows reports whether the window shows figure f of a series of measure
// m (InWindow).
func (w window) shows(f domain.Figure, m domain.Measure) bool {
	if m != domain.MeasureFlow {
		return w.holds(f.PeriodEnd.Last())
	}
	t0, t1 := spanOf(m, f.PeriodStart, f.PeriodEnd)
	if t1.After(t0) {
		t1 = t1.AddDate(0, 0, -1) // spanOf ends after the last day
	}
	return w.overlaps(t0, t1)
}

// clamp keeps an event that began before the window, or ends after it, on
// the axis: its line at the window's edge, its band inside. The key still
// gives its own dates.
func (w window) clamp(x, end float64) (float64, float64) {
	if !w.from.IsZero() {
		x, end = max(x, unixSeconds(w.from)), max(end, unixSeconds(w.from))
	}
	if !w.to.IsZero() {
		x, end = min(x, unixSeconds(w.to)), min(end, unixSeconds(w.to))
	}
	return x, end
}

// words says which period a windowed chart shows, for its subtitle: a
// reader of a downloaded image must know that figures outside were left out.
func (w window) words() string {
	switch {
	case w.open():
		return ""
	case w.to.IsZero():
		return "from " + humanDay(w.from)
	case w.from.IsZero():
		return "until " + humanDay(w.to)
	}
	return humanDay(w.from) + " to " + humanDay(w.to)
}

func humanDay(t time.Time) string { return t.UTC().Format("2 Jan 2006") }

// axis returns the time axis of a windowed chart: the window itself where
// it is closed, the padded data range (lo, hi) where it is open. A window of
// less than a day is widened to the day around it, so the axis never has
// zero length.
func (w window) axis(lo, hi float64) (float64, float64) {
	if !w.from.IsZero() {
		lo = unixSeconds(w.from)
	}
	if !w.to.IsZero() {
		hi = unixSeconds(w.to)
	}
	const day = 24 * 60 * 60
	if hi-lo < day {
		mid := (lo + hi) / 2
		lo, hi = mid-day/2, mid+day/2
	}
	return lo, hi
}

// emptyMessage is what a chart without drawn figures says: nothing was
// published yet, or nothing in the window.
func emptyMessage(hasFigures bool) string {
	if hasFigures {
		return "No published figures in this period"
	}
	return "No published figures yet"
}

// windowLink is permalink with the window's period as its query (from=,
// to=, as the web pages take them): where a date-windowed image sends its
// reader for what it leaves out must number the events as the image does,
// inside the window. A permalink that is empty, or a chart of all dates,
// is left as it is.
func windowLink(permalink string, w window) string {
	if permalink == "" || w.open() {
		return permalink
	}
	var q []string
	if !w.from.IsZero() {
		q = append(q, "from="+w.from.UTC().Format("2006-01-02"))
	}
	if !w.to.IsZero() {
		q = append(q, "to="+w.to.UTC().Format("2006-01-02"))
	}
	sep := "?"
	if strings.Contains(permalink, "?") {
		sep = "&"
	}
	return permalink + sep + strings.Join(q, "&")
}
