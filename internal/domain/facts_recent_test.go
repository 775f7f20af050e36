package domain

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestSinceGap(t *testing.T) {
	claim := func(id, end string) Figure {
		return Figure{ID: id, Value: 100, PeriodEnd: MustDate(end), AttributedTo: id}
	}
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
		{"one claim", []Figure{claim("a", "2025-04-19")}, []string{"a"}},
		{"18 days apart is more than FactReach (17 days): a gap", []Figure{claim("b", "2025-05-07"), claim("a", "2025-04-19")}, []string{"b"}},
		{"17 days apart is within reach: no gap", []Figure{claim("a", "2025-04-19"), claim("b", "2025-05-06")}, []string{"a", "b"}},
		{"the latest gap counts", []Figure{claim("a", "2025-01-01"), claim("b", "2025-03-01"), claim("c", "2025-03-10"), claim("d", "2025-06-01"), claim("e", "2025-06-05")}, []string{"d", "e"}},
		{"a month-precision claim covers from its first day: May 2025 is 0 days from 30 Apr",
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
				day = day.Add(time.Duration(r.IntN(25)) * 24 * time.Hour)
				end := DateOf(day)
				f := Figure{ID: fmt.Sprintf("f%03d", i), Value: float64(1000 + r.IntN(300)), PeriodEnd: end, AttributedTo: orgs[r.IntN(len(orgs))]}
				if m == MeasureFlow {
					f.PeriodStart = DateOf(day.AddDate(0, -1, 0))
				}
				if r.IntN(5) == 0 {
					f.PeriodEnd = Date{Year: day.Year(), Month: day.Month(), Precision: PrecisionMonth}
				}
				if r.IntN(7) == 0 {
					f.Mark = MarkPreferred
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
