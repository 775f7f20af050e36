package domain

import (
	"cmp"
	"slices"
	"time"
)

// FactReach is the widest time between the as-of dates of two claims about
// one fact, whatever the measure: no claim joins a fact whose first claim
// is further away (groupFacts looks no further back).
const FactReach = StockWindow + FlowEdgeSlack

// SinceGap returns claims (in any order) from their latest gap: the first
// claim, in date order, after which every claim's as-of date begins more
// than FactReach after every earlier claim's ends. Claims on each side of
// such a gap are never about one fact, so Analyse groups the claims after
// it into the same facts as it does the whole series: a summary that reads
// only a series' latest claims (the home page's) finds the series' latest
// fact from them. Without such a gap all claims are returned; their first
// may then anchor a fact that a claim read before it anchors in the whole
// series, when a series has claims closer together than FactReach for
// longer than was read.
func SinceGap(claims []Figure) []Figure {
	sorted := slices.Clone(claims)
	slices.SortStableFunc(sorted, func(a, b Figure) int {
		return cmp.Or(a.PeriodEnd.Last().Compare(b.PeriodEnd.Last()), cmp.Compare(a.ID, b.ID))
	})
	// firstAfter[i] is the earliest day the as-of dates of sorted[i:] cover
	// (a year-precision "2024" sorts by its last day and begins in January).
	firstAfter := make([]time.Time, len(sorted)+1)
	for i := len(sorted) - 1; i >= 0; i-- {
		firstAfter[i] = sorted[i].PeriodEnd.First()
		if i+1 < len(sorted) && firstAfter[i+1].Before(firstAfter[i]) {
			firstAfter[i] = firstAfter[i+1]
		}
	}
	from := 0
	var lastBefore time.Time // the latest day the as-of dates of sorted[:i] cover
	for i := range sorted {
		if i > 0 && firstAfter[i].Sub(lastBefore) > FactReach {
			from = i
		}
		if l := sorted[i].PeriodEnd.Last(); l.After(lastBefore) {
			lastBefore = l
		}
	}
	return sorted[from:]
}
