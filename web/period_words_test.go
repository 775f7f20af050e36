package web_test

import (
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// TestFigureDatesWordedByMeasure: a flow's date reads as its period ("in
// Apr 2025"), not as a span of two days or an as-of date, in the series
// table and on the figure's page, as the chart words it.
func TestFigureDatesWordedByMeasure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := factsSite(t, db)
		_, series := get(t, c.base+"/series/"+factsSeries)
		mustContain(t, "series table", series, `<td data-label="Period">in Apr 2025</td>`, `<td data-label="Period">in May 2025</td>`)
		for _, bad := range []string{"1 Apr 2025 – 30 Apr 2025", "as of 30 Apr 2025", "as of May 2025"} {
			if strings.Contains(series, bad) {
				t.Errorf("the series page says %q", bad)
			}
		}
		_, fig := get(t, c.base+"/figures/apr-unhcr")
		mustContain(t, "figure page", fig, `<p class="subtitle">in Apr 2025 · `, `<dt>Period</dt><dd>in Apr 2025</dd>`)
	})
}
