package charts

import (
	"strings"
	"testing"
)

// Every kind of chart carries, as text a reader can select and a search
// engine can index, its source line, its legend and its events: whole, or
// the first of them and where the rest are listed.
func TestEachKindCarriesItsText(t *testing.T) {
	tests := map[string][]string{
		"series": {
			"Pakistani officials", "Pakistan Minister of State for Interior Talal Chaudhry",
		},
		"compare": {
			"Comparison of 3 series", "persons, cumulative total",
			pakSeries.Title, iomSeries.Title, iranSeries.Title,
			"Attributed to:", "Pakistani officials", "IOM", "UNHCR", "Pakistan Minister of State for Interior Talal Chaudhry",
			"Data as of 28 Nov 2026 · Licence CC-BY-4.0", compareLink,
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
		// Wrapped text: every word of the source line is drawn, in order,
		// or its first entries and where the rest are; so are the events.
		checkListed(t, name, text, c)
		if name != "empty" && name != "window-empty" && !strings.HasPrefix(c.source, "Source: ") {
			t.Errorf("%s: source line %q", name, c.source)
		}
	}
}
