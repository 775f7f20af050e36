package charts

import (
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Fixtures for the compare, window and range charts. Series whose title
// says "test figures" are invented to exercise the code, not data.

// windowInput is the demo series from October 2023 to June 2024: the
// figures of 2025, their publishers and the events of 2025 are left out.
func windowInput() Input {
	in := demoInput()
	in.From = time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	in.To = time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	return in
}

var iranSeries = domain.Series{
	Slug:            "example-afg-returns-from-irn-cumulative",
	Title:           "Example: cumulative Afghans returned from Iran (test figures)",
	PopulationGroup: "returnees",
	Measure:         domain.MeasureCumulative,
	Unit:            "persons",
	FromISO3:        "IRN",
	ToISO3:          "AFG",
}

// iranInput shares IOM with the seed article's series, so a compare chart
// must give IOM one shape in two colours.
func iranInput() Input {
	return Input{
		Series: iranSeries,
		Figures: []domain.Figure{
			fig("i01", "2023-12-31", 350000, domain.Exact, "IOM", "IOM", "2024-01-15"),
			fig("i02", "2024-06-30", 620000, domain.Approx, "UNHCR", "UNHCR", "2024-07-10"),
			fig("i03", "2024-12-31", 900000, domain.Exact, "IOM", "IOM", "2025-01-20"),
			fig("i04", "2025-05-31", 1300000, domain.AtLeast, "IOM", "Reuters", "2025-06-03"),
		},
		Events:  []domain.Event{event("2025-03-20", "Example: Iran's deadline for undocumented Afghans (test event)", "deadline")},
		AsOf:    asOf.AddDate(0, 0, 1),
		Licence: "CC0-1.0",
	}
}

// compareInputs are the two demo series and the Iran example; each has the
// demo events, which the chart must draw once.
func compareInputs() []Input {
	pak, iom, irn := demoInput(), oneInput(), iranInput()
	for i := range pak.Events {
		pak.Events[i].ID = "e" + itoa(i+1)
	}
	iom.Events = pak.Events
	irn.Events = append(irn.Events, pak.Events...)
	return []Input{pak, iom, irn}
}

// rangeInput is a stock estimated as ranges by one publisher and counted
// exactly by another.
func rangeInput() Input {
	rng := func(id, end string, lo, v, hi float64) domain.Figure {
		f := fig(id, end, v, domain.Range, "UNHCR", "UNHCR", "")
		f.ValueLow, f.ValueHigh = ptr(lo), ptr(hi)
		return f
	}
	return Input{
		Series: domain.Series{
			Slug: "example-idps-nangarhar", Title: "Example: internally displaced people in Nangarhar (test figures)",
			PopulationGroup: "idps", Measure: domain.MeasureStock, Unit: "persons", ToISO3: "AFG", Location: "Nangarhar",
		},
		Figures: []domain.Figure{
			rng("r1", "2024-03", 80000, 95000, 110000),
			rng("r2", "2024-06", 120000, 140000, 170000),
			rng("r3", "2024-09", 150000, 160000, 185000),
			rng("r4", "2024-12", 130000, 150000, 160000),
			fig("d1", "2024-04-15", 101200, domain.Exact, "IOM DTM", "IOM", "2024-04-30"),
			fig("d2", "2024-08-15", 158300, domain.Exact, "IOM DTM", "IOM", "2024-08-31"),
			fig("d3", "2024-11-15", 149900, domain.Exact, "IOM DTM", "IOM", "2024-11-30"),
		},
		AsOf:      asOf,
		Permalink: "https://example.org/series/example-idps-nangarhar",
		Licence:   "CC-BY-4.0",
	}
}

// sixInputs is MaxCompare series with long titles, the most a compare
// chart's legend must hold.
func sixInputs() []Input {
	ins := compareInputs()
	for i := range 3 {
		in := iranInput()
		in.Series.Slug += "-" + itoa(i+2)
		in.Series.Title += " — variant " + itoa(i+2) + " with a title long enough to wrap in the legend of a medium chart"
		for j := range in.Figures {
			in.Figures[j].Value *= 1 + 0.15*float64(i+1)
			in.Figures[j].AttributedTo += []string{"", " DTM", " Afghanistan"}[i]
		}
		ins = append(ins, in)
	}
	return ins
}
