package charts

import (
	"bytes"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// TestLinesBreakAtSilences: a publisher's figures months apart are not
// joined by a line that would suggest figures nobody reported.
func TestLinesBreakAtSilences(t *testing.T) {
	paths := func(ends ...string) int {
		in := demoInput()
		in.Events, in.Figures = nil, nil
		// The same axis for both, so that only the lines differ.
		in.From, in.To = domain.MustDate("2023-12").First(), domain.MustDate("2025-06").Last()
		for i, end := range ends {
			in.Figures = append(in.Figures, fig(string(rune('a'+i)), end, float64(100000*(i+1)), domain.Exact, "UNHCR", "UNHCR", ""))
		}
		ch, err := SeriesChart(in, SizeMedium)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := ch.WriteSVG(&b); err != nil {
			t.Fatal(err)
		}
		return strings.Count(b.String(), "<path")
	}
	monthly := paths("2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30")
	silent := paths("2024-01-31", "2024-02-29", "2025-03-31", "2025-04-30")
	if silent != monthly+1 {
		t.Errorf("%d paths with a year of silence, %d without: the line should break once", silent, monthly)
	}
}
