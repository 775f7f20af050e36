package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// TestReviewDocumentCostOfHostileText: the web form takes 512 KB "read in
// a few tens of milliseconds", and a situation report of that size is. Text
// of the same size made to be read slowly — numbers run into letters with
// no space or sentence end, numbers one per word — costs 10 to 50 times
// as much (1–3 s and 200–400 MB allocated a paste on this machine), with
// no slot limiting how many run at once. The times are compared with
// the report's on the same machine, so load does not decide the result.
func TestReviewDocumentCostOfHostileText(t *testing.T) {
	o := Options{Published: domain.MustDate("2024-05-14"), Organizations: []domain.Organization{
		{Name: "International Organization for Migration", Acronym: "IOM"}}}
	const size = 512 << 10
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)+1)[:size] }
	cost := func(text string) time.Duration {
		best := time.Duration(1 << 62)
		for range 2 {
			start := time.Now()
			Document(text, o)
			best = min(best, time.Since(start))
		}
		return best
	}
	report := cost(fill(sitrep(t) + "\n\n"))
	for _, unit := range []string{"a1", "ا١", "1 ", "x1,", "1,200-"} {
		if c := cost(fill(unit)); c > 5*report {
			t.Errorf("%q to 512 KB: %v, %.0f× the %v of a situation report of the same size", unit, c, float64(c)/float64(report), report)
		}
	}
}
