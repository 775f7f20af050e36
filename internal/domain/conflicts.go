package domain

import (
	"math"
	"sort"
	"time"
)

// Conflict is a pair of figures in one series that cannot both be the whole
// truth: from different organisations (sameProducer), periods ending within a
// month of each other, and values more than 5% apart or qualifiers that
// exclude each other.
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
			if sameProducer(a, b) {
				continue
			}
			if differ(a, b) {
				out = append(out, Conflict{A: a, B: b})
			}
		}
	}
	return out
}

// sameProducer reports whether two figures come from one producer of
// numbers, whose differing figures are a revision, not a disagreement:
// they share an organisation (a joint report shares one with each of its
// authors). A figure whose words were not resolved to organisations (one
// built outside the store) is compared by its words, folded as aliases are
// (OrgKey) and without a trailing remark, so that "UNHCR" and "UNHCR (post
// on X)" are one producer; words that are only a remark ("(not stated)")
// are compared whole.
func sameProducer(a, b Figure) bool {
	if len(a.Orgs) > 0 && len(b.Orgs) > 0 {
		for _, x := range a.Orgs {
			for _, y := range b.Orgs {
				if x.ID == y.ID {
					return true
				}
			}
		}
		return false
	}
	return producerKey(a.AttributedTo) == producerKey(b.AttributedTo)
}

// producerKey is the attribution words as sameProducer compares them.
func producerKey(words string) string {
	if rest, _ := StripRemark(words); OrgKey(rest) != "" {
		return OrgKey(rest)
	}
	return OrgKey(words)
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
