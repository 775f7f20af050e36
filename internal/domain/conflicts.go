package domain

import (
	"math"
	"sort"
	"time"
)

// Conflict is a pair of figures in one series that cannot both be the whole
// truth: different organizations, periods ending within a month of each
// other, and values more than 5% apart or qualifiers that exclude each other.
// Both are kept and shown side by side; nothing is averaged or picked.
type Conflict struct {
	A, B Figure
}

// conflictWindow is how close two as-of dates must be to be compared.
const conflictWindow = 31 * 24 * time.Hour

// FindConflicts returns the conflicting pairs among figs, the earlier figure
// first, ordered by date.
func FindConflicts(figs []Figure) []Conflict {
	sorted := append([]Figure(nil), figs...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].PeriodEnd.Last().Before(sorted[j].PeriodEnd.Last())
	})
	var out []Conflict
	for i := range sorted {
		for j := i + 1; j < len(sorted); j++ {
			a, b := sorted[i], sorted[j]
			if b.PeriodEnd.Last().Sub(a.PeriodEnd.Last()) > conflictWindow {
				break
			}
			if a.AttributedTo == b.AttributedTo {
				continue
			}
			if differ(a, b) {
				out = append(out, Conflict{A: a, B: b})
			}
		}
	}
	return out
}

// differ reports whether two figures disagree: their values are more than 5%
// apart, or their qualifiers cannot both be true.
func differ(a, b Figure) bool {
	if exclusive(a, b) || exclusive(b, a) {
		return true
	}
	hi := math.Max(a.Value, b.Value)
	return hi > 0 && math.Abs(a.Value-b.Value)/hi > 0.05
}

// exclusive reports whether a's bound rules out b's value: "more than 1,000,000"
// and "at most 900,000" cannot both hold.
func exclusive(a, b Figure) bool {
	lo, hi := bounds(b)
	switch a.Qualifier {
	case AtLeast:
		return hi < a.Value
	case MoreThan:
		return hi <= a.Value
	case AtMost:
		return lo > a.Value
	case LessThan:
		return lo >= a.Value
	}
	return false
}

// bounds is the interval a figure's value claims.
func bounds(f Figure) (lo, hi float64) {
	switch f.Qualifier {
	case Range:
		if f.ValueLow != nil && f.ValueHigh != nil {
			return *f.ValueLow, *f.ValueHigh
		}
	case AtLeast, MoreThan:
		return f.Value, math.Inf(1)
	case AtMost, LessThan:
		return 0, f.Value
	}
	return f.Value, f.Value
}
