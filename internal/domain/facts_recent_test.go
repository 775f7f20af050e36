package domain

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestSinceGap(t *testing.T) {
	reach := int(FactReach / (24 * time.Hour))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	on := func(days int) string { return base.AddDate(0, 0, days).Format(time.DateOnly) }
	claim := func(id, end string) Figure {
		return Figure{ID: id, Value: 100, PeriodEnd: MustDate(end), AttributedTo: id}
	}
	deprecated := func(f Figure) Figure { f.Mark = MarkDeprecated; return f }
	ids := func(figs []Figure) []string {
		var out []string
		for _, f := range figs {
			out = append(out, f.ID)
		}
		return out
	}
	for _, c := range []struct {
		why    string
		claims []Figure
		want   []string
	}{
		{"no claims", nil, nil},
		{"one claim", []Figure{claim("a", on(0))}, []string{"a"}},
		{"a day more than FactReach apart: a gap", []Figure{claim("b", on(reach+1)), claim("a", on(0))}, []string{"b"}},
		{"FactReach apart is within reach: no gap", []Figure{claim("a", on(0)), claim("b", on(reach))}, []string{"a", "b"}},
		{"the latest gap counts", []Figure{claim("a", on(0)), claim("b", on(2*reach)), claim("c", on(2*reach+3)), claim("d", on(4*reach)), claim("e", on(4*reach+2))}, []string{"d", "e"}},
		{"a gap with only deprecated claims after it does not count: the headline passes over them",
			[]Figure{claim("a", on(0)), claim("b", on(2*reach)), deprecated(claim("c", on(4*reach)))}, []string{"b", "c"}},
		{"a month-precision claim covers from its first day: May 2025 is 1 day from 30 Apr",
			[]Figure{claim("a", "2025-04-20"), claim("b", "2025-04-30"), claim("c", "2025-05")}, []string{"a", "b", "c"}},
		{"a year-precision claim sorts by its last day but reaches back to January",
			[]Figure{claim("a", "2025-01-10"), claim("b", "2025-11-30"), claim("c", "2025")}, []string{"a", "b", "c"}},
	} {
		if got := ids(SinceGap(c.claims)); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.why, got, c.want)
		}
	}
}

// Whatever tail of a series is read, the claims from its latest gap give
// the whole series' latest fact (its claims and headline).
func TestSinceGapKeepsTheLatestFact(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 2))
	orgs := []string{"UNHCR", "IOM", "OCHA"}
	for _, m := range []Measure{MeasureStock, MeasureFlow, MeasureCumulative} {
		for run := range 300 {
			var claims []Figure
			day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			for i := range 2 + r.IntN(30) {
				day = day.Add(time.Duration(r.IntN(int(FactReach/(24*time.Hour))*3/2)) * 24 * time.Hour)
				end := DateOf(day)
				f := Figure{ID: fmt.Sprintf("f%03d", i), Value: float64(1000 + r.IntN(300)), PeriodEnd: end, AttributedTo: orgs[r.IntN(len(orgs))]}
				if m == MeasureFlow {
					f.PeriodStart = DateOf(day.AddDate(0, -1, 0))
				}
				if r.IntN(5) == 0 {
					f.PeriodEnd = Date{Year: day.Year(), Month: day.Month(), Precision: PrecisionMonth}
				}
				switch r.IntN(7) {
				case 0:
					f.Mark = MarkPreferred
				case 1:
					f.Mark = MarkDeprecated
				}
				claims = append(claims, f)
			}
			whole, _ := Analyse(m, claims, nil).Headline()
			// A store reads a series' latest claims by as-of date (their last day).
			slices.SortStableFunc(claims, func(a, b Figure) int { return a.PeriodEnd.Last().Compare(b.PeriodEnd.Last()) })
			for cut := range claims {
				tail := claims[cut:]
				recent := SinceGap(tail)
				if len(recent) == len(tail) && cut > 0 {
					continue // no gap in what was read: not promised
				}
				got, _ := Analyse(m, recent, nil).Headline()
				if fmt.Sprint(got.Words(), sinceGapFactIDs(got.Fact)) != fmt.Sprint(whole.Words(), sinceGapFactIDs(whole.Fact)) {
					t.Fatalf("%s run %d, read from claim %d: headline %q of %v, whole series %q of %v",
						m, run, cut, got.Words(), sinceGapFactIDs(got.Fact), whole.Words(), sinceGapFactIDs(whole.Fact))
				}
			}
		}
	}
}

func sinceGapFactIDs(f *Fact) []string {
	if f == nil {
		return nil
	}
	var out []string
	for _, c := range f.Claims {
		out = append(out, c.ID)
	}
	return out
}
