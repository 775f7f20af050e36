package charts

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func fieldOf(err error) string {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// named is a copy of in counting measure in unit, under slug.
func named(in Input, slug string, measure domain.Measure, unit domain.Unit) Input {
	in.Series.Slug, in.Series.Measure, in.Series.Unit = slug, measure, unit
	return in
}

// Stocks, flows and cumulative totals are never mixed on one axis, nor
// persons with deaths; a comparison has 2 to MaxCompare series.
func TestCompareRefuses(t *testing.T) {
	cum, flow := domain.MeasureCumulative, domain.MeasureFlow
	seven := make([]Input, 7)
	for i := range seven {
		seven[i] = named(iranInput(), "s"+itoa(i), cum, "persons")
	}
	tests := []struct {
		name      string
		ins       []Input
		field     string
		wantInMsg string
	}{
		{"none", nil, "series", "at least 2"},
		{"one", compareInputs()[:1], "series", "at least 2"},
		{"seven", seven, "series", "at most 6"},
		{"twice", []Input{demoInput(), demoInput()}, "series", "listed twice"},
		{"measures", []Input{named(demoInput(), "afg-x", cum, "persons"), named(oneInput(), "pak-y", flow, "persons")},
			"series", "series afg-x is cumulative, pak-y is a flow: they cannot share an axis"},
		{"three measures", []Input{
			named(demoInput(), "a", cum, "persons"), named(oneInput(), "b", domain.MeasureStock, "persons"), named(iranInput(), "c", cum, "persons"),
		}, "series", "series a and c are cumulative, b is a stock: they cannot share an axis"},
		{"units", []Input{named(demoInput(), "afg-x", cum, "persons"), named(oneInput(), "pak-deaths", cum, "deaths")},
			"series", "series afg-x counts persons, pak-deaths counts deaths: they cannot share an axis"},
	}
	for _, tt := range tests {
		c, err := CompareChart(tt.ins, SizeMedium, compareLink)
		if err == nil || c != nil {
			t.Errorf("%s: got a chart, want an error", tt.name)
			continue
		}
		if domain.ErrorCode(err) != domain.EINVALID || fieldOf(err) != tt.field || !strings.Contains(err.Error(), tt.wantInMsg) {
			t.Errorf("%s: error %q (%s, field %q), want EINVALID on %q saying %q", tt.name, err, domain.ErrorCode(err), fieldOf(err), tt.field, tt.wantInMsg)
		}
	}
	if _, err := CompareChart(seven[:MaxCompare], SizeMedium, compareLink); err != nil {
		t.Errorf("%d series: %v", MaxCompare, err)
	}
}

// The series of a comparison share one period, which must not end before it
// starts; bad data is refused naming its series.
func TestCompareRefusesBadPeriodsAndData(t *testing.T) {
	ins := compareInputs()
	ins[1].From = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := CompareChart(ins, SizeMedium, compareLink); fieldOf(err) != "from" {
		t.Errorf("different periods: err %v, want one on from", err)
	}
	ins = compareInputs()
	for i := range ins {
		ins[i].From, ins[i].To = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if _, err := CompareChart(ins, SizeMedium, compareLink); fieldOf(err) != "from" || domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("From after To: err %v, want EINVALID on from", err)
	}
	ins = compareInputs()
	ins[2].Figures[1].Value = -1
	if _, err := CompareChart(ins, SizeMedium, compareLink); fieldOf(err) != "value" || !strings.Contains(err.Error(), iranSeries.Slug) {
		t.Errorf("negative value: err %v, want one on value naming %s", err, iranSeries.Slug)
	}
}

// An organisation has one colour and marker in every series, and one line
// per series it published in; lines never join two series or two
// organisations; organisations of one chart never share colour and marker.
func TestCompareColoursOrganisations(t *testing.T) {
	c, err := CompareChart(compareInputs(), SizeMedium, compareLink)
	if err != nil {
		t.Fatal(err)
	}
	styles := map[string]string{}
	lines := map[string]bool{}
	for _, p := range c.pubs {
		style := fmtColour(p) + itoa(int(p.shape))
		if s, ok := styles[p.name]; ok && s != style {
			t.Errorf("%s has two styles", p.name)
		}
		styles[p.name] = style
		key := p.name + itoa(p.dash)
		if lines[key] {
			t.Errorf("%s has two lines in one series", p.name)
		}
		lines[key] = true
	}
	iom := 0
	for _, p := range c.pubs {
		if p.name == "IOM" {
			iom++
		}
	}
	if iom != 2 {
		t.Errorf("IOM has %d lines, want 2 (one per series it published in)", iom)
	}
	seen := map[string]string{}
	for name, s := range styles {
		if other, ok := seen[s]; ok {
			t.Errorf("%s and %s share a colour and marker", name, other)
		}
		seen[s] = name
	}
	// The demo events come with all three series and are drawn once.
	if len(c.events) != 5 {
		t.Errorf("%d events, want 4 shared + 1 of Iran", len(c.events))
	}
}

func fmtColour(p publisher) string { return string([]byte{p.color.R, p.color.G, p.color.B}) }

func TestCompareEmpty(t *testing.T) {
	ins := compareInputs()
	for i := range ins {
		ins[i].Figures = nil
	}
	c, err := CompareChart(ins, SizeSmall, compareLink)
	if err != nil {
		t.Fatal(err)
	}
	if svg := svgOf(t, func() (*Chart, error) { return c, nil }); !strings.Contains(svg, "No published figures yet") {
		t.Error("empty comparison does not say so")
	}
	if got := DescribeCompare(ins); got != "No published figures yet." {
		t.Errorf("DescribeCompare = %q", got)
	}
}

func TestDescribeCompare(t *testing.T) {
	ins := compareInputs()[1:]
	ins[1].From = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	ins[0].From = ins[1].From
	ins[1].To = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
	ins[0].To = ins[1].To
	want := "Line chart comparing 2 series. " + iomSeries.Title + ": no published figures in this period. " +
		iranSeries.Title + ": UNHCR reported about 620,000 as of 30 Jun 2024; IOM reported 900,000 as of 31 Dec 2024."
	if got := DescribeCompare(ins); got != want {
		t.Errorf("DescribeCompare:\n got %q\nwant %q", got, want)
	}
	c, err := CompareChart(ins, SizeMedium, compareLink)
	if err != nil {
		t.Fatal(err)
	}
	if c.describe != want {
		t.Errorf("chart description %q, want DescribeCompare's", c.describe)
	}
	if c.items[0].label != "1 · "+iomSeries.Title+" (no published figures in this period)" {
		t.Errorf("legend says %q for a series with nothing in the period", c.items[0].label)
	}
}

func TestCompareInlineSVG(t *testing.T) {
	c, err := CompareChart(compareInputs(), SizeMedium, compareLink)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.WriteInlineSVG(&b, "", ""); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	svgText(t, svg)
	id := "chart-compare-" + pakSeries.Slug + "--" + iomSeries.Slug + "--" + iranSeries.Slug
	for _, want := range []string{
		`aria-labelledby="` + id + `-title ` + id + `-desc"`,
		`<title id="` + id + `-title">Comparison of 3 series</title>`,
		`<desc id="` + id + `-desc">Line chart comparing 3 series.`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("inline compare SVG lacks %s", want)
		}
	}
}

// Titles short enough are the chart's title; the subtitle says what all the
// series count, and who and where only when they share it.
func TestCompareTitles(t *testing.T) {
	a, b := named(iranInput(), "a", domain.MeasureStock, "households"), named(iranInput(), "b", domain.MeasureStock, "households")
	a.Series.Title, b.Series.Title = "Returns from Iran", "Returns from Pakistan"
	b.Series.FromISO3 = "PAK"
	c, err := CompareChart([]Input{a, b}, SizeMedium, compareLink)
	if err != nil {
		t.Fatal(err)
	}
	if c.title != "Returns from Iran vs Returns from Pakistan" || c.subtitle != "households, number at each date" {
		t.Errorf("title %q, subtitle %q", c.title, c.subtitle)
	}
}

// The same series in another order of figures and events draw the same
// comparison; the order of the series themselves sets the colours.
func TestCompareIsDeterministic(t *testing.T) {
	a := svgOf(t, func() (*Chart, error) { return CompareChart(compareInputs(), SizeSmall, compareLink) })
	ins := compareInputs()
	for i := range ins {
		slices.Reverse(ins[i].Figures)
		slices.Reverse(ins[i].Events)
	}
	if b := svgOf(t, func() (*Chart, error) { return CompareChart(ins, SizeSmall, compareLink) }); a != b {
		t.Error("the same comparison drew two different SVGs")
	}
}
