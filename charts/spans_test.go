package charts

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

var (
	orgIDMC = domain.OrgRef{ID: 5, Slug: "idmc", Name: "Internal Displacement Monitoring Centre", Acronym: "IDMC"}
	orgOCHA = domain.OrgRef{ID: 6, Slug: "ocha", Name: "UN Office for the Coordination of Humanitarian Affairs", Acronym: "OCHA"}
	orgWFP  = domain.OrgRef{ID: 7, Slug: "wfp", Name: "World Food Programme", Acronym: "WFP"}
)

var flowSeries = domain.Series{
	Slug: "afg-returns-from-irn-monthly", Title: "Afghans returning from Iran each month",
	PopulationGroup: "returnees", Measure: domain.MeasureFlow, Unit: "persons", FromISO3: "IRN", ToISO3: "AFG",
}

var idpFlowSeries = domain.Series{
	Slug: "sdn-internal-displacements-flow", Title: "New internal displacements in Sudan per period",
	PopulationGroup: "idps", Measure: domain.MeasureFlow, Unit: "persons", FromISO3: "SDN",
}

// flowFig is a flow figure of start..end (start may be "").
func flowFig(id, start, end string, v float64, org domain.OrgRef) domain.Figure {
	f := attributed(fig(id, end, v, domain.Exact, org.Label(), org.Label(), ""), org)
	f.PeriodStart = domain.MustDate(start)
	return f
}

// flowsByMonthInput: UNHCR gives months by name, IOM by their first and
// last days and skips May (its steps break there), both give April (their
// columns overlap), IOM gives one week and one day alone (an instant).
func flowsByMonthInput() Input {
	return Input{Series: flowSeries, AsOf: asOf, Figures: []domain.Figure{
		flowFig("u1", "", "2025-01", 120000, orgUNHCR),
		flowFig("u2", "", "2025-02", 135000, orgUNHCR),
		flowFig("u3", "", "2025-03", 160000, orgUNHCR),
		flowFig("u4", "", "2025-04", 148200, orgUNHCR),
		flowFig("u5", "", "2025-05", 175000, orgUNHCR),
		flowFig("i3", "2025-03-01", "2025-03-31", 150000, orgIOM),
		flowFig("i4", "2025-04-01", "2025-04-30", 144500, orgIOM),
		flowFig("i6", "2025-06-01", "2025-06-30", 190000, orgIOM),
		flowFig("iw", "2025-06-03", "2025-06-09", 52000, orgIOM),
		flowFig("id", "", "2025-07-02", 9000, orgIOM),
	}}
}

// flowsByYearInput: IDMC's years, OCHA's 2023 given as its first and last
// days, and a half year.
func flowsByYearInput() Input {
	return Input{Series: idpFlowSeries, AsOf: asOf, Figures: []domain.Figure{
		flowFig("y22", "", "2022", 310000, orgIDMC),
		flowFig("y23", "2023-01-01", "2023-12-31", 6000000, orgIDMC),
		flowFig("o23", "2023", "2023", 5800000, orgOCHA),
		flowFig("h24", "2024-01-01", "2024-06-30", 2200000, orgIDMC),
	}}
}

// coincideInput is the worst case for hidden markers: six organisations
// with one value on one day, two a day later 1% apart, and a month-precise
// as-of date.
func coincideInput() Input {
	orgs := []domain.OrgRef{orgIOM, orgUNHCR, orgPakGov, orgAbbTak, orgIDMC, orgOCHA}
	var figs []domain.Figure
	for i, o := range orgs {
		figs = append(figs, attributed(fig("c"+itoa(i), "2025-03-31", 800000, domain.Exact, o.Label(), o.Label(), ""), o))
	}
	figs = append(figs,
		attributed(fig("a1", "2025-04-30", 1000000, domain.Exact, "UNHCR", "UNHCR", ""), orgUNHCR),
		attributed(fig("a2", "2025-04-30", 1010000, domain.Approx, "IOM", "IOM", ""), orgIOM),
		attributed(fig("m1", "2025-02", 700000, domain.Exact, "WFP", "WFP", ""), orgWFP),
		attributed(fig("m2", "2025-05-31", 1050000, domain.Exact, "WFP", "WFP", ""), orgWFP),
	)
	return Input{Series: iomSeries, Figures: figs, AsOf: asOf}
}

func init() {
	goldens["flows-month"] = func() (*Chart, error) { return SeriesChart(flowsByMonthInput(), SizeMedium) }
	goldens["flows-year"] = func() (*Chart, error) { return SeriesChart(flowsByYearInput(), SizeMedium) }
	goldens["coincide"] = func() (*Chart, error) { return SeriesChart(coincideInput(), SizeMedium) }
}

func dayX(s string) float64 { return unixSeconds(domain.MustDate(s).First()) }

func TestSpans(t *testing.T) {
	tests := []struct {
		m          domain.Measure
		start, end string
		x0, x1     string // the span, first day and the day after it
	}{
		{domain.MeasureFlow, "", "2025-04", "2025-04-01", "2025-05-01"},
		{domain.MeasureFlow, "", "2024", "2024-01-01", "2025-01-01"},
		{domain.MeasureFlow, "2025-06-03", "2025-06-09", "2025-06-03", "2025-06-10"},
		{domain.MeasureFlow, "2023-09-15", "2024-11-30", "2023-09-15", "2024-12-01"},
		{domain.MeasureFlow, "", "2025-06-03", "2025-06-03", "2025-06-03"}, // an instant
		{domain.MeasureStock, "", "2025-04-19", "2025-04-19", "2025-04-19"},
		{domain.MeasureStock, "", "2025-04", "2025-04-01", "2025-05-01"},
		{domain.MeasureCumulative, "2023-04-15", "2024", "2024-01-01", "2025-01-01"}, // a running total's start is not its span
	}
	for _, tc := range tests {
		f := domain.Figure{Value: 1, Qualifier: domain.Exact, PeriodStart: domain.MustDate(tc.start), PeriodEnd: domain.MustDate(tc.end)}
		p := pointOf(&f, tc.m)
		if p.x0 != dayX(tc.x0) || p.x1 != dayX(tc.x1) || p.x != (p.x0+p.x1)/2 {
			t.Errorf("%s %q–%q: span %v–%v marker %v, want %s–%s, marker in the middle", tc.m, tc.start, tc.end,
				time.Unix(int64(p.x0), 0).UTC(), time.Unix(int64(p.x1), 0).UTC(), p.x, tc.x0, tc.x1)
		}
		if p.flow != (tc.m == domain.MeasureFlow) {
			t.Errorf("%s %q–%q: flow = %v", tc.m, tc.start, tc.end, p.flow)
		}
	}
}

// TestFlowsDrawnOverTheirPeriods: the axis holds every period, the key
// says what a bar is, and the text alternative words the periods.
func TestFlowsDrawnOverTheirPeriods(t *testing.T) {
	c, err := SeriesChart(flowsByYearInput(), SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	if c.xmin >= dayX("2022-01-01") || c.xmax <= dayX("2024-07-01") {
		t.Errorf("axis %v–%v does not hold 2022 to mid 2024", time.Unix(int64(c.xmin), 0), time.Unix(int64(c.xmax), 0))
	}
	if !slices.ContainsFunc(c.quals, func(k qualKey) bool { return k.span == spanColumn && k.label == keyFlowSpan }) {
		t.Errorf("symbol key %+v does not explain the bars", c.quals)
	}
	for _, want := range []string{"IDMC reported 310,000 during 2022 and 2,200,000 from 1 Jan 2024 to 30 Jun 2024",
		"OCHA reported 5,800,000 during 2023"} {
		if !strings.Contains(c.describe, want) {
			t.Errorf("text alternative lacks %q:\n%s", want, c.describe)
		}
	}
	m, err := SeriesChart(flowsByMonthInput(), SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"UNHCR reported 120,000 in Jan 2025", "rising to 175,000 in May 2025", "IOM reported 150,000 in Mar 2025 and 9,000 on 2 Jul 2025"} {
		if !strings.Contains(m.describe, want) {
			t.Errorf("text alternative lacks %q:\n%s", want, m.describe)
		}
	}
	svg := svgOf(t, func() (*Chart, error) { return m, nil })
	if !strings.Contains(svg, "fill-opacity:0.18824") {
		t.Error("the month flows draw no translucent column")
	}
}

// TestAsOfMonthSpansItsMonth: a stock as of a month is drawn at its middle
// with a whisker, explained in the key; a day-precise one is not.
func TestAsOfMonthSpansItsMonth(t *testing.T) {
	c, err := SeriesChart(coincideInput(), SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(c.quals, func(k qualKey) bool { return k.span == spanWhisker }) {
		t.Errorf("symbol key %+v does not explain the whisker", c.quals)
	}
	if !strings.Contains(c.describe, "WFP reported 700,000 as of Feb 2025") {
		t.Errorf("text alternative: %s", c.describe)
	}
	if k := symbolKeys(demoInput().Figures, domain.MeasureCumulative); slices.ContainsFunc(k, func(k qualKey) bool { return k.span != spanNone }) {
		t.Errorf("day-precise figures get a span key: %+v", k)
	}
}

// markerHalf is half the width and height of the box around a marker of
// radius r as markerPath outlines it.
func markerHalf(sh shape, q domain.Qualifier, r vg.Length) vg.Length {
	switch q {
	case domain.AtLeast, domain.MoreThan, domain.AtMost, domain.LessThan:
		return r * 1.45
	}
	switch sh {
	case shapeDiamond:
		return r * 1.3
	case shapePlus:
		return r * 1.2
	}
	return r
}

// TestNoMarkerHidden draws the worst case and checks, from where the
// chart draws each marker, that every marker keeps some area that no
// marker drawn after it covers (each marker taken as its whole bounding
// box when it covers, as the box's inner half when it is covered).
func TestNoMarkerHidden(t *testing.T) {
	for _, size := range []Size{SizeMedium, SizeSmall, SizePhone} {
		c, err := SeriesChart(coincideInput(), size)
		if err != nil {
			t.Fatal(err)
		}
		ms := c.markersDrawn()
		if len(ms) != len(coincideInput().Figures) {
			t.Fatalf("%s: %d markers drawn, want %d", size, len(ms), len(coincideInput().Figures))
		}
		box := func(m drawnMarker) (vg.Point, vg.Point) {
			p := c.pubs[m.pub]
			h := markerHalf(p.shape, p.pts[m.idx].q, m.r)
			return vg.Point{X: m.at.X - h, Y: m.at.Y - h}, vg.Point{X: m.at.X + h, Y: m.at.Y + h}
		}
		for i, m := range ms {
			lo, hi := box(m)
			visible := false
			const n = 9
			for a := 1; a < n && !visible; a++ {
				for b := 1; b < n && !visible; b++ {
					// The inner half of the box lies inside every shape.
					pt := vg.Point{X: m.at.X + (lo.X-m.at.X)/2 + (hi.X-lo.X)/2*vg.Length(a)/n, Y: m.at.Y + (lo.Y-m.at.Y)/2 + (hi.Y-lo.Y)/2*vg.Length(b)/n}
					covered := false
					for _, later := range ms[i+1:] {
						l, h := box(later)
						if pt.X >= l.X && pt.X <= h.X && pt.Y >= l.Y && pt.Y <= h.Y {
							covered = true
							break
						}
					}
					visible = !covered
				}
			}
			if !visible {
				p := c.pubs[m.pub]
				t.Errorf("%s: %s's marker of %v at %v is covered by those drawn after it", size, p.name, p.pts[m.idx].y, m.at)
			}
		}
	}
}

// TestDodgeKeepsDatesAndOrder: coinciding markers stay around their date,
// a few pixels apart, in an order that does not depend on the input's.
func TestDodgeKeepsDatesAndOrder(t *testing.T) {
	in := coincideInput()
	c, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	slices.Reverse(in.Figures)
	r, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	where := func(c *Chart) map[string]vg.Point {
		out := map[string]vg.Point{}
		for _, m := range c.markersDrawn() {
			out[c.pubs[m.pub].name+" "+domain.FormatNumber(c.pubs[m.pub].pts[m.idx].y)] = m.at
		}
		return out
	}
	a, b := where(c), where(r)
	if len(a) != len(b) {
		t.Fatalf("%d markers, reversed %d", len(a), len(b))
	}
	xs := map[vg.Length]bool{}
	for k, p := range a {
		if b[k] != p {
			t.Errorf("%s drawn at %v, at %v with the input reversed", k, p, b[k])
		}
		if strings.HasSuffix(k, " 800,000") {
			xs[p.X] = true
		}
	}
	if len(xs) != 6 {
		t.Errorf("the six coinciding markers share x: %v", xs)
	}
	f, _, trX, _ := c.plotGeometry()
	date := trX(dayX("2025-03-31"))
	for x := range xs {
		if d := x - date; d < -4*f.radius || d > 4*f.radius {
			t.Errorf("a coinciding marker is %v from its date", d)
		}
	}
}

// TestSpanPNGs renders the span and coincidence cases for a person to
// look at: go test ./charts -run SpanPNGs -png /tmp/out
func TestSpanPNGs(t *testing.T) {
	if *pngDir == "" {
		t.Skip("no -png directory")
	}
	for name, in := range map[string]Input{"flows-month": flowsByMonthInput(), "flows-year": flowsByYearInput(), "coincide": coincideInput()} {
		for _, size := range []Size{SizeMedium, SizePhone} {
			c, err := SeriesChart(in, size)
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(*pngDir, "chart-"+name+"-"+string(size)+".png"), c.WritePNG)
		}
	}
}

// TestWindowCutsASpan: a year's flow in a window of its last months is
// drawn over the part shown, its marker in the middle of that part, on
// the plot.
func TestWindowCutsASpan(t *testing.T) {
	in := flowsByYearInput()
	in.From, in.To = time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
	c, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	_, dc, trX, _ := c.plotGeometry()
	ms := c.markersDrawn()
	if len(ms) != 2 {
		t.Fatalf("%d markers drawn, want the two of 2023", len(ms))
	}
	mid := (trX(dayX("2023-10-01")) + trX(dayX("2024-01-01"))) / 2
	for _, m := range ms {
		if m.at.X < dc.Min.X || m.at.X > dc.Max.X {
			t.Errorf("a marker at %v is off the plot %v–%v", m.at.X, dc.Min.X, dc.Max.X)
		}
		if d := m.at.X - mid; d < -10 || d > 10 {
			t.Errorf("a marker is %v from the middle of the part of 2023 shown", d)
		}
	}
}
