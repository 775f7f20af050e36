package charts

import (
	"time"

	"gonum.org/v1/plot"
)

// daySteps are the spacings of labelled day ticks, in days of the month,
// tried from the finest: every day, odd days, 1-6-11-…, 1-11-21, 1 and 16.
var daySteps = []int{1, 2, 5, 10, 15}

// dayTicks labels days of the month when a window is too short for month
// labels: "3 Jun 2024", "8 Jun", … The year is written on the first label and
// on 1 January. It returns nil when even the coarsest step has too many
// labels, and the caller falls back to months.
func dayTicks(lo, hi time.Time, limit int) []plot.Tick {
	for _, step := range daySteps {
		days := stepDays(lo, hi, step)
		if len(days) > limit {
			continue
		}
		var ticks []plot.Tick
		if step > 1 && len(days)*step <= 62 {
			for _, d := range stepDays(lo, hi, 1) {
				ticks = append(ticks, plot.Tick{Value: unixSeconds(d)})
			}
		}
		for i, d := range days {
			label := d.Format("2 Jan")
			if i == 0 || d.YearDay() == 1 {
				label = d.Format("2 Jan 2006")
			}
			ticks = append(ticks, plot.Tick{Value: unixSeconds(d), Label: label})
		}
		return ticks
	}
	return nil
}

// stepDays returns the midnights in [lo, hi] of the days of the month 1,
// 1+step, 1+2·step, …, leaving out a day too close to the next month's 1st
// (the 31st among odd days), so labels stay about evenly spaced.
func stepDays(lo, hi time.Time, step int) []time.Time {
	var out []time.Time
	d := dayOf(lo)
	if d.Before(lo) {
		d = d.AddDate(0, 0, 1)
	}
	for ; !d.After(hi) && len(out) < maxTicks; d = d.AddDate(0, 0, 1) {
		left := daysIn(d) - d.Day() + 1 // days to the next month's 1st
		if (d.Day()-1)%step == 0 && float64(left) >= 0.6*float64(step) {
			out = append(out, d)
		}
	}
	return out
}

func daysIn(t time.Time) int {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
