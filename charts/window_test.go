package charts

import (
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestWindowEndingBeforeItStartsIsRefused(t *testing.T) {
	in := demoInput()
	in.From, in.To = utc("2024-07-01T00:00:00Z"), utc("2024-06-30T00:00:00Z")
	c, err := SeriesChart(in, SizeMedium)
	if c != nil || domain.ErrorCode(err) != domain.EINVALID || fieldOf(err) != "from" {
		t.Errorf("From after To: chart %v, err %v; want EINVALID on from", c != nil, err)
	}
	in.From = in.To // one day is a period
	if _, err := SeriesChart(in, SizeMedium); err != nil {
		t.Errorf("From equal to To: %v", err)
	}
}

// Only what the window shows is drawn, cited, described and keyed.
func TestWindowLeavesOutsideFiguresOut(t *testing.T) {
	in := windowInput()
	c, svg := render(t, in, SizeMedium)
	text := svgText(t, svg)
	for _, gone := range []string{"Talal Chaudhry", "AFP (A News)", "Ishaq Dar", "30 Apr 2025", "1M"} {
		if strings.Contains(c.source, gone) || strings.Contains(text, gone) {
			t.Errorf("the chart of Oct 2023 to Jun 2024 mentions %q", gone)
		}
	}
	for _, kept := range []string{"Pakistani officials via Abb Takk (21 Oct 2023)", "Pakistan government via The Nation (22 Jun 2024)"} {
		if !strings.Contains(c.source, kept) {
			t.Errorf("source line %q lacks %q", c.source, kept)
		}
	}
	if want := SourceLine(in.InWindow().Figures); c.source != want {
		t.Errorf("source line %q, want SourceLine of InWindow %q", c.source, want)
	}
	desc := Describe(in)
	if strings.Contains(desc, "2025") || !strings.Contains(desc, "rising to 620,981 as of 21 Jun 2024") {
		t.Errorf("Describe of the window: %q", desc)
	}
	if c.describe != desc {
		t.Errorf("chart description %q, want Describe's %q", c.describe, desc)
	}
	if len(c.pubs) != 5 || len(c.events) != 2 {
		t.Errorf("%d publishers and %d events drawn, want 5 and 2", len(c.pubs), len(c.events))
	}
}

// A closed window is the axis, exactly; an open end follows the data.
func TestWindowIsTheAxis(t *testing.T) {
	in := windowInput()
	c, _ := render(t, in, SizeMedium)
	if c.xmin != unixSeconds(in.From) || c.xmax != unixSeconds(in.To) {
		t.Errorf("axis %v to %v, want %v to %v", unixTime(c.xmin), unixTime(c.xmax), in.From, in.To)
	}
	in.To = time.Time{}
	c, _ = render(t, in, SizeMedium)
	last := unixSeconds(utc("2025-06-02T00:00:00Z"))
	if c.xmin != unixSeconds(in.From) || c.xmax <= last {
		t.Errorf("open window: axis %v to %v", unixTime(c.xmin), unixTime(c.xmax))
	}
	if !strings.Contains(c.subtitle, "from 1 Oct 2023") {
		t.Errorf("subtitle %q does not give the period", c.subtitle)
	}
}

// Figures count by their as-of day, whatever the window's time of day; a
// month-precision figure is as of the month's last day. A lasting event that
// began before the window is kept, on the window's edge.
func TestWindowBoundaries(t *testing.T) {
	long := event("2023-09-15", "Long operation", "operation")
	long.EndDate = domain.MustDate("2023-10-10")
	in := Input{
		Series: pakSeries,
		Figures: []domain.Figure{
			fig("a", "2023-10-01", 1, domain.Exact, "X", "X", ""),
			fig("b", "2023-10", 2, domain.Exact, "X", "X", ""), // as of 31 Oct
			fig("c", "2023-10-30", 3, domain.Exact, "X", "X", ""),
			fig("d", "2023-09-30", 4, domain.Exact, "X", "X", ""),
		},
		Events: []domain.Event{long, event("2023-09-20", "Before", "other"), event("2023-10-30", "Last day", "other")},
		From:   utc("2023-10-01T09:30:00Z"),
		To:     utc("2023-10-30T00:00:00Z"),
	}
	shown := in.InWindow()
	var ids []string
	for _, f := range shown.Figures {
		ids = append(ids, f.ID)
	}
	if got := strings.Join(ids, ","); got != "a,c" {
		t.Errorf("figures in the window: %s, want a,c", got)
	}
	if len(shown.Events) != 2 || shown.Events[0].Title != "Long operation" {
		t.Errorf("events in the window: %+v", shown.Events)
	}
	c, err := SeriesChart(in, SizeSmall)
	if err != nil {
		t.Fatal(err)
	}
	if e := c.events[0]; e.x != unixSeconds(in.From) || e.end != unixSeconds(utc("2023-10-10T00:00:00Z")) || !strings.HasPrefix(e.key, "15 Sep 2023 – 10 Oct 2023") {
		t.Errorf("lasting event %+v, want clamped to the window with its own dates in the key", e)
	}
}

func TestEmptyWindowDrawsAMessage(t *testing.T) {
	in := demoInput()
	in.From = utc("2030-01-01T00:00:00Z")
	_, svg := render(t, in, SizeSmall)
	if !strings.Contains(svg, "No published figures in this period") {
		t.Error("an empty window does not say so")
	}
	if got := Describe(in); got != "No published figures in this period." {
		t.Errorf("Describe = %q", got)
	}
}
