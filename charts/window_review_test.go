package charts

import (
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// TestWindowKeepsFlowsItOverlaps: a window keeps a flow whose period
// overlaps it, whether the period starts before the window, ends after
// it, or covers it whole: IDMC's first half of 2024 is drawn in a window
// of Apr–Jun 2024 and in one of Jan–Mar 2024, over the part shown, and
// the text alternative names it; a window after the period does not.
func TestWindowKeepsFlowsItOverlaps(t *testing.T) {
	day := func(s string) time.Time { return domain.MustDate(s).First() }
	for _, w := range [][2]time.Time{
		{day("2024-04-01"), day("2024-06-30")},
		{day("2024-01-01"), day("2024-03-31")},
		{day("2024-02-01"), day("2024-02-29")},
		{day("2024-06-30"), day("2024-09-30")}, // the period's last day
		{day("2024-01-01"), day("2024-01-01")}, // its first day alone, the day after 2023
	} {
		in := flowsByYearInput()
		in.From, in.To = w[0], w[1]
		c, err := SeriesChart(in, SizeMedium)
		if err != nil {
			t.Fatal(err)
		}
		name := w[0].Format("2 Jan") + "–" + w[1].Format("2 Jan 2006")
		ms := c.markersDrawn()
		if len(ms) != 1 {
			t.Errorf("window %s: %d markers, want IDMC's H1 2024 flow (%q)", name, len(ms), c.describe)
			continue
		}
		_, dc, _, _ := c.plotGeometry()
		if x := ms[0].at.X; x < dc.Min.X || x > dc.Max.X {
			t.Errorf("window %s: the marker at %v is off the plot %v–%v", name, x, dc.Min.X, dc.Max.X)
		}
		if !strings.Contains(c.describe, "IDMC reported 2,200,000 from 1 Jan 2024 to 30 Jun 2024") {
			t.Errorf("window %s: %q", name, c.describe)
		}
	}
	in := flowsByYearInput()
	in.From, in.To = day("2024-07-01"), day("2024-12-31")
	if got := in.InWindow().Figures; len(got) != 0 {
		t.Errorf("a window after every period keeps %d figures", len(got))
	}
}
