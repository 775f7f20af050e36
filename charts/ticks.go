package charts

import (
	"math"
	"time"

	"gonum.org/v1/plot"
)

// maxTicks bounds the work of any ticker: gonum calls Ticks several times per
// draw, and a bad range must never turn into a long loop.
const maxTicks = 2000

// timeTicker puts labelled ticks on calendar boundaries (months, quarters,
// years) of an axis in Unix seconds. gonum's TimeTicks runs number ticks on
// seconds and lands on arbitrary days; readers expect "Jan 2024".
type timeTicker struct {
	maxLabels int // how many labels fit across the axis
}

// monthSteps are the spacings between labelled ticks, in months, tried from
// the finest to the coarsest.
var monthSteps = []int{1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200}

// Ticks returns the labelled ticks of the finest step that fits, and
// unlabelled minor ticks between them.
func (t timeTicker) Ticks(min, max float64) []plot.Tick {
	if !finite(min) || !finite(max) || max <= min {
		return nil
	}
	limit := t.maxLabels
	if limit < 2 {
		limit = 2
	}
	lo, hi := unixTime(min), unixTime(max)
	if countSteps(lo, hi, 1) < 3 {
		// A window of a few weeks has too few month starts to read.
		if ticks := dayTicks(lo, hi, limit); ticks != nil {
			return ticks
		}
	}
	step := monthSteps[len(monthSteps)-1]
	for _, s := range monthSteps {
		if countSteps(lo, hi, s) <= limit {
			step = s
			break
		}
	}
	ticks := minorTicks(lo, hi, minorStep(step))
	for _, m := range stepTimes(lo, hi, step) {
		ticks = append(ticks, plot.Tick{Value: float64(m.Unix()), Label: monthLabel(m, step)})
	}
	return ticks
}

// minorStep is the spacing of unlabelled ticks for a labelled step: months
// between quarters or half-years, quarters between years, years between decades.
func minorStep(step int) int {
	switch {
	case step == 1:
		return 0
	case step < 12:
		return 1
	case step == 12:
		return 3
	case step <= 120:
		return 12
	}
	return 0
}

func minorTicks(lo, hi time.Time, step int) []plot.Tick {
	if step == 0 || countSteps(lo, hi, step) > 60 {
		return nil
	}
	var ticks []plot.Tick
	for _, m := range stepTimes(lo, hi, step) {
		ticks = append(ticks, plot.Tick{Value: float64(m.Unix())})
	}
	return ticks
}

func monthLabel(m time.Time, step int) string {
	if step >= 12 {
		return m.Format("2006")
	}
	return m.Format("Jan 2006")
}

// stepTimes returns the first days of the months in [lo, hi] whose index is a
// multiple of step months, so quarters fall on Jan, Apr, Jul and Oct and
// five-year steps on years ending in 0 and 5.
func stepTimes(lo, hi time.Time, step int) []time.Time {
	var out []time.Time
	idx := monthIndex(lo)
	if !lo.Equal(monthStart(idx)) {
		idx++
	}
	if r := idx % step; r != 0 {
		idx += step - r
	}
	for ; len(out) < maxTicks; idx += step {
		m := monthStart(idx)
		if m.After(hi) {
			break
		}
		out = append(out, m)
	}
	return out
}

func countSteps(lo, hi time.Time, step int) int {
	return len(stepTimes(lo, hi, step))
}

// monthIndex counts months from year 0, so that alignment to a step is a
// plain remainder.
func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

func monthStart(idx int) time.Time {
	return time.Date(idx/12, time.Month(idx%12+1), 1, 0, 0, 0, 0, time.UTC)
}

func unixTime(v float64) time.Time { return time.Unix(int64(math.Floor(v)), 0).UTC() }

func unixSeconds(t time.Time) float64 { return float64(t.Unix()) }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// countTicker labels a count axis from zero at a nice step. The axis maximum
// is chosen by countAxis to land on a tick, so the top grid line closes the plot.
type countTicker struct {
	step float64
	from float64 // threshold for compact labels, shared by all labels
}

// Ticks returns a tick at every multiple of the step within [min, max].
func (t countTicker) Ticks(min, max float64) []plot.Tick {
	if !finite(min) || !finite(max) || max < min || !(t.step > 0) {
		return nil
	}
	first := math.Ceil(min/t.step - 1e-9)
	var ticks []plot.Tick
	for i := first; len(ticks) < maxTicks; i++ {
		v := i * t.step
		if v > max+t.step*1e-9 {
			break
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: formatWith(v, t.from)})
	}
	return ticks
}

// countAxis returns the top of a count axis starting at zero that leaves at
// least 10% headroom above top and ends on a tick, and the ticker for it. It
// takes the coarsest nice step with at most intervals steps, or one more
// step than that when the coarse axis would have fewer than four.
func countAxis(top float64, intervals int) (float64, countTicker) {
	want := math.Max(top*1.1, 5)
	step := niceStep(want, intervals)
	if steps(want, step) < 4 {
		if finer := niceStep(want, intervals+1); steps(want, finer) <= float64(intervals+1) {
			step = finer
		}
	}
	axisTop := steps(want, step) * step
	return axisTop, countTicker{step: step, from: axisFormat(axisTop)}
}

// steps is how many steps it takes to reach v.
func steps(v, step float64) float64 { return math.Ceil(v/step - 1e-9) }

// niceStep returns the smallest step of the form 1, 2, 2.5 or 5 × 10^k (and
// at least 1) that divides [0, span] into at most intervals steps.
func niceStep(span float64, intervals int) float64 {
	if intervals < 1 {
		intervals = 1
	}
	raw := span / float64(intervals)
	if !(raw > 1) {
		return 1
	}
	mag := math.Pow10(int(math.Floor(math.Log10(raw))))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m == 2.5 && mag < 10 {
			continue // 2.5 persons is not a count
		}
		if s := m * mag; s >= raw*(1-1e-9) {
			return s
		}
	}
	return 10 * mag
}
