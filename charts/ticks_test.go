package charts

import (
	"math"
	"regexp"
	"strings"
	"testing"
	"time"
)

func day(s string) float64 {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return unixSeconds(t)
}

func TestTimeTicks(t *testing.T) {
	tests := []struct {
		from, to string
		max      int
		want     []string
	}{
		{"2023-09-05", "2025-07-01", 8, []string{"Oct 2023", "Jan 2024", "Apr 2024", "Jul 2024", "Oct 2024", "Jan 2025", "Apr 2025", "Jul 2025"}},
		{"2023-09-05", "2025-07-01", 5, []string{"Jan 2024", "Jul 2024", "Jan 2025", "Jul 2025"}},
		{"2025-02-19", "2025-06-19", 8, []string{"Mar 2025", "Apr 2025", "May 2025", "Jun 2025"}},
		{"2015-06-01", "2025-06-01", 8, []string{"2016", "2018", "2020", "2022", "2024"}},
		{"1950-01-01", "2025-01-01", 8, []string{"1950", "1960", "1970", "1980", "1990", "2000", "2010", "2020"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tick := range (timeTicker{maxLabels: tt.max}).Ticks(day(tt.from), day(tt.to)) {
			if !tick.IsMinor() {
				got = append(got, tick.Label)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s–%s: labels %q, want %q", tt.from, tt.to, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s–%s: labels %q, want %q", tt.from, tt.to, got, tt.want)
				break
			}
		}
	}
}

// Any span from a fortnight to a century gets at most eight labels, every
// one a calendar date: a day at midnight for spans of a few weeks (which have
// too few month starts), a month or a year on a month boundary from there on.
func TestTimeTicksAreCalendarLabels(t *testing.T) {
	monthLabel := regexp.MustCompile(`^([A-Z][a-z]{2} )?\d{4}$`)
	dayLabel := regexp.MustCompile(`^\d{1,2} [A-Z][a-z]{2}( \d{4})?$`)
	start := day("2023-10-21")
	for _, days := range []float64{1, 14, 45, 120, 365, 700, 1500, 4000, 20000, 36500} {
		byDay := days < 60
		n := 0
		for _, tick := range (timeTicker{maxLabels: 8}).Ticks(start, start+days*86400) {
			tm := unixTime(tick.Value)
			if tm.Hour() != 0 || !byDay && tm.Day() != 1 {
				t.Errorf("%v days: tick at %v is not the first of a month", days, tm)
			}
			if tick.IsMinor() {
				continue
			}
			n++
			if label := map[bool]*regexp.Regexp{true: dayLabel, false: monthLabel}[byDay]; !label.MatchString(tick.Label) {
				t.Errorf("%v days: label %q does not match %s", days, tick.Label, label)
			}
		}
		if n > 8 || days >= 14 && n < 3 {
			t.Errorf("%v days: %d labels, want 3 to 8", days, n)
		}
	}
}

// A window of a few weeks is labelled by days of the month, evenly spaced,
// with the year on the first label and on 1 January.
func TestDayTicks(t *testing.T) {
	tests := []struct {
		from, to string
		max      int
		want     []string
	}{
		{"2024-06-01", "2024-06-05", 8, []string{"1 Jun 2024", "2 Jun", "3 Jun", "4 Jun", "5 Jun"}},
		{"2024-06-01", "2024-06-30", 8, []string{"1 Jun 2024", "6 Jun", "11 Jun", "16 Jun", "21 Jun", "26 Jun"}},
		{"2024-12-20", "2025-01-20", 5, []string{"21 Dec 2024", "1 Jan 2025", "11 Jan"}},
		{"2024-01-25", "2024-02-29", 8, []string{"26 Jan 2024", "1 Feb", "6 Feb", "11 Feb", "16 Feb", "21 Feb", "26 Feb"}},
		{"2024-01-27", "2024-02-08", 8, []string{"27 Jan 2024", "29 Jan", "1 Feb", "3 Feb", "5 Feb", "7 Feb"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tick := range (timeTicker{maxLabels: tt.max}).Ticks(day(tt.from), day(tt.to)) {
			if !tick.IsMinor() {
				got = append(got, tick.Label)
			}
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s–%s: labels %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestTickersRefuseBadRanges(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, r := range [][2]float64{{nan, 1}, {0, nan}, {0, inf}, {5, 1}} {
		if ticks := (timeTicker{maxLabels: 8}).Ticks(r[0], r[1]); len(ticks) != 0 {
			t.Errorf("time ticks for %v: %v, want none", r, ticks)
		}
		if ticks := (countTicker{step: 1}).Ticks(r[0], r[1]); len(ticks) != 0 {
			t.Errorf("count ticks for %v: %v, want none", r, ticks)
		}
	}
}

// The count axis starts at zero, leaves at least 10% headroom, ends on a
// tick, and labels it compactly: never "2500000.00".
func TestCountAxis(t *testing.T) {
	bad := regexp.MustCompile(`\.\d\d$|e\+`)
	tests := []struct {
		top  float64
		max  float64
		want []string
	}{
		{1000000, 1250000, []string{"0", "250k", "500k", "750k", "1M", "1.25M"}},
		{2300000, 3000000, []string{"0", "500k", "1M", "1.5M", "2M", "2.5M", "3M"}},
		{685, 800, []string{"0", "200", "400", "600", "800"}},
		{3, 5, []string{"0", "1", "2", "3", "4", "5"}},
		{0, 5, []string{"0", "1", "2", "3", "4", "5"}},
	}
	for _, tt := range tests {
		max, tk := countAxis(tt.top, 5)
		if max != tt.max || max < tt.top*1.1 {
			t.Errorf("countAxis(%v): top %v, want %v", tt.top, max, tt.max)
		}
		var got []string
		for _, tick := range tk.Ticks(0, max) {
			got = append(got, tick.Label)
			if bad.MatchString(tick.Label) {
				t.Errorf("countAxis(%v): label %q", tt.top, tick.Label)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("countAxis(%v): labels %q, want %q", tt.top, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("countAxis(%v): labels %q, want %q", tt.top, got, tt.want)
				break
			}
		}
	}
}
