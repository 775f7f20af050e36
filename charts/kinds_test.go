package charts

import (
	"strings"
	"testing"
)

// Every kind of chart carries, as text a reader can select and a search
// engine can index, its whole source line, its legend and its events.
func TestEachKindCarriesItsText(t *testing.T) {
	tests := map[string][]string{
		"series": {
			"Pakistani officials", "Pakistan Minister of State for Interior Talal Chaudhry",
			"3 Oct 2023: Pakistan announces plan to repatriate 'illegal foreigners'",
			"30 Apr 2025: Deadline for undocumented Afghans to leave Pakistan",
		},
		"compare": {
			"Comparison of 3 series", "persons, cumulative total",
			pakSeries.Title, iomSeries.Title, iranSeries.Title,
			"Attributed to:", "Pakistani officials", "IOM", "UNHCR", "Pakistan Minister of State for Interior Talal Chaudhry",
			"3 Oct 2023: Pakistan announces plan to repatriate 'illegal foreigners'",
			"20 Mar 2025: Example: Iran's deadline for undocumented Afghans (test event)",
			"Data as of 28 Nov 2026 · Licence CC-BY-4.0 · https://example.org/series/" + pakSeries.Slug,
		},
		"empty":        {"No published figures yet", "Data as of 27 Nov 2026"},
		"one":          {"IOM", "about 1,000,000"},
		"window":       {"1 Oct 2023 to 30 Jun 2024", "Pakistan government", "1 Nov 2023: Deadline for undocumented foreigners"},
		"window-empty": {"No published figures in this period", "1 Jul 2024 to 31 Dec 2024"},
		"range":        {"UNHCR", "IOM DTM", "range (low to high)", "exact figure"},
	}
	for name, wants := range tests {
		c, err := goldens[name]()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		text := svgText(t, svgOf(t, goldens[name]))
		for _, want := range wants {
			if !strings.Contains(text, want) {
				t.Errorf("%s: SVG text lacks %q", name, want)
			}
		}
		// Wrapped text: every word of the source line is drawn, in order.
		flat := strings.Join(strings.Fields(text), " ")
		if want := strings.Join(strings.Fields(c.source), " "); !strings.Contains(flat, want) {
			t.Errorf("%s: SVG text lacks the whole source line %q", name, want)
		}
		if name != "empty" && name != "window-empty" && !strings.HasPrefix(c.source, "Source: ") {
			t.Errorf("%s: source line %q", name, c.source)
		}
	}
}
