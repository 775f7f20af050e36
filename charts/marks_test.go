package charts

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

// marked sets a reviewer's mark and reason on a claim.
func marked(f domain.Figure, m domain.ClaimMark, reason string) domain.Figure {
	f.Mark, f.MarkReason = m, reason
	return f
}

// marksFigures are three organisations' running totals of returns from
// Pakistan, several claims per fact: UNHCR's May count superseded by its
// corrected one, a Pakistani count known to double-count, drawn apart;
// UNHCR's July count preferred.
func marksFigures() []domain.Figure {
	return []domain.Figure{
		attributed(fig("p1", "2024-01-31", 480000, domain.Exact, "Pakistan government", "Dawn", "2024-02-02"), orgPakGov),
		attributed(fig("u1", "2024-01-31", 470000, domain.Exact, "UNHCR", "UNHCR", "2024-02-05"), orgUNHCR),
		attributed(fig("u2", "2024-03-31", 560000, domain.Exact, "UNHCR", "UNHCR", "2024-04-04"), orgUNHCR),
		attributed(fig("p2", "2024-03-31", 540000, domain.Exact, "Pakistan government", "Dawn", "2024-04-02"), orgPakGov),
		marked(attributed(fig("u3", "2024-05-31", 640000, domain.Exact, "UNHCR", "UNHCR", "2024-06-03"), orgUNHCR),
			domain.MarkDeprecated, "superseded by UNHCR's corrected count of 10 June"),
		attributed(fig("u4", "2024-05-31", 610000, domain.Exact, "UNHCR", "UNHCR", "2024-06-10"), orgUNHCR),
		attributed(fig("i1", "2024-05-31", 600000, domain.Approx, "IOM", "Bloomberg", "2024-06-05"), orgIOM),
		marked(attributed(fig("p3", "2024-06-15", 900000, domain.Exact, "Pakistan government", "Dawn", "2024-06-16"), orgPakGov),
			domain.MarkDeprecated, "counts each crossing twice (the ministry's correction of 20 June)"),
		attributed(fig("p4", "2024-07-31", 720000, domain.Exact, "Pakistan government", "Dawn", "2024-08-02"), orgPakGov),
		marked(attributed(fig("u5", "2024-07-31", 700000, domain.Exact, "UNHCR", "UNHCR", "2024-08-05"), orgUNHCR),
			domain.MarkPreferred, "UNHCR's border monitoring covers all crossings"),
		attributed(fig("i2", "2024-07-31", 690000, domain.Approx, "IOM", "Bloomberg", "2024-08-06"), orgIOM),
	}
}

// marksInput is marksFigures with the headline the web gives it: that of
// the latest fact, from domain.Analyse.
func marksInput() Input {
	figs := marksFigures()
	in := Input{Series: iomSeries, Figures: figs, AsOf: asOf, Permalink: "https://example.org/series/" + iomSeries.Slug, Licence: "CC-BY-4.0"}
	if h, ok := domain.Analyse(iomSeries.Measure, figs, nil).Headline(); ok {
		in.Headline = "Latest, " + h.Fact.PeriodWords() + ": " + h.Words()
	}
	return in
}

func svgString(t *testing.T, c *Chart) string {
	t.Helper()
	var b bytes.Buffer
	if err := c.WriteSVG(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// A deprecated claim is drawn apart, hollow and grey, and keyed; a
// preferred one is keyed too. A chart without marks keys neither.
func TestMarkedClaimsAreDrawnAndKeyed(t *testing.T) {
	grey := "stroke:#8A8A8A"
	for _, size := range []Size{SizeSmall, SizeMedium, SizeLarge, SizeSocial, SizePhone} {
		c, svg := render(t, marksInput(), size)
		text := svgText(t, svg)
		checkDrawn(t, "marks "+string(size), svg, c.width, c.height)
		for _, want := range []string{keyDeprecated, keyPreferred} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: no key %q", size, want)
			}
		}
		if !strings.Contains(svg, grey) {
			t.Errorf("%s: no deprecated claim drawn in grey", size)
		}
		cmp, err := CompareChart([]Input{marksInput(), resolvedPakInput()}, size, compareLink)
		if err != nil {
			t.Fatal(err)
		}
		csvg := svgString(t, cmp)
		checkDrawn(t, "marks compare "+string(size), csvg, cmp.width, cmp.height)
		if ct := svgText(t, csvg); !strings.Contains(ct, keyDeprecated) || !strings.Contains(ct, keyPreferred) || !strings.Contains(csvg, grey) {
			t.Errorf("%s compare: deprecated and preferred claims not drawn and keyed", size)
		}
	}
	_, svg := render(t, demoInput(), SizeMedium)
	if text := svgText(t, svg); strings.Contains(text, "(see page)") || strings.Contains(svg, grey) {
		t.Error("a chart without marks keys or draws them")
	}
}

// The line of an organisation joins its live claims only: UNHCR's line
// has four vertices (January, March, corrected May, July), not five.
func TestDeprecatedClaimIsNotJoined(t *testing.T) {
	in := marksInput()
	c, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	unhcr := styleOf(t, c, "UNHCR")
	if n := len(livePoints(unhcr.pts)); n != 4 || len(unhcr.pts) != 5 {
		t.Fatalf("UNHCR: %d live of %d points, want 4 of 5", n, len(unhcr.pts))
	}
	svg := svgString(t, c)
	col := fmt.Sprintf("#%02X%02X%02X", unhcr.color.R, unhcr.color.G, unhcr.color.B)
	stroke := regexp.MustCompile(`<path d="([^"]*)" style="fill:none;stroke:` + col + `;stroke-width:[^"]*"`)
	lines := 0
	for _, m := range stroke.FindAllStringSubmatch(svg, -1) {
		if strings.Count(m[1], "L") >= 2 && !strings.Contains(m[1], "A") && !strings.Contains(m[1], "Z") {
			lines++
			if n := strings.Count(m[1], "L") + 1; n != 4 {
				t.Errorf("UNHCR's line has %d vertices, want 4: %s", n, m[1])
			}
		}
	}
	if lines != 1 {
		t.Errorf("found %d UNHCR lines, want 1", lines)
	}
}

// The text alternative never begins or ends an organisation's reports with
// a deprecated claim, and says which claims are marked and how they look.
func TestDescribeMarks(t *testing.T) {
	got := Describe(marksInput())
	want := "Line chart: UNHCR reported 470,000 as of 31 Jan 2024 rising to 700,000 as of 31 Jul 2024; " +
		"Government of Pakistan (stated as “Pakistan government”) reported 480,000 as of 31 Jan 2024 rising to 720,000 as of 31 Jul 2024; " +
		"IOM reported about 600,000 as of 31 May 2024 rising to about 690,000 as of 31 Jul 2024. " +
		"2 deprecated claims are drawn hollow and grey, apart from the lines: UNHCR, 640,000 as of 31 May 2024; Government of Pakistan, 900,000 as of 15 Jun 2024. " +
		"1 preferred claim is ringed: UNHCR, 700,000 as of 31 Jul 2024."
	if got != want {
		t.Errorf("Describe:\n got %q\nwant %q", got, want)
	}
	// A deprecated last report does not end the organisation's reports.
	figs := []domain.Figure{
		attributed(fig("a", "2024-01-31", 100, domain.Exact, "UNHCR", "UNHCR", ""), orgUNHCR),
		marked(attributed(fig("b", "2024-02-29", 900, domain.Exact, "UNHCR", "UNHCR", ""), orgUNHCR), domain.MarkDeprecated, "typo"),
	}
	got = Describe(Input{Series: iomSeries, Figures: figs})
	want = "Line chart: UNHCR reported 100 as of 31 Jan 2024. 1 deprecated claim is drawn hollow and grey, apart from the lines: UNHCR, 900 as of 29 Feb 2024."
	if got != want {
		t.Errorf("Describe, deprecated last:\n got %q\nwant %q", got, want)
	}
	// Every claim deprecated.
	got = Describe(Input{Series: iomSeries, Figures: figs[1:]})
	want = "Line chart. 1 deprecated claim is drawn hollow and grey, apart from the lines: UNHCR, 900 as of 29 Feb 2024."
	if got != want {
		t.Errorf("Describe, all deprecated:\n got %q\nwant %q", got, want)
	}
	// Many are counted, not listed.
	var many []domain.Figure
	for i, d := range []string{"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"} {
		many = append(many, marked(attributed(fig(itoa(i), d, 100, domain.Exact, "UNHCR", "UNHCR", ""), orgUNHCR), domain.MarkDeprecated, "x"))
	}
	many = append(many, attributed(fig("z", "2024-05-31", 100, domain.Exact, "UNHCR", "UNHCR", ""), orgUNHCR))
	if got := Describe(Input{Series: iomSeries, Figures: many}); !strings.HasSuffix(got, " 4 deprecated claims are drawn hollow and grey, apart from the lines.") {
		t.Errorf("Describe, many deprecated: %q", got)
	}
	if got := DescribeCompare([]Input{marksInput(), resolvedPakInput()}); !strings.Contains(got, "2 deprecated claims are drawn hollow and grey") {
		t.Errorf("DescribeCompare says nothing of the deprecated claims: %q", got)
	}
}

// The headline is drawn under the subtitle of the social card and the
// phone chart, the images that circulate without their page, and not on
// the others.
func TestHeadlineDrawnOnSocialAndPhone(t *testing.T) {
	in := marksInput()
	if !strings.Contains(in.Headline, "700,000 (UNHCR; preferred: UNHCR's border monitoring covers all crossings); 2 other sources: 690,000–720,000") {
		t.Fatalf("fixture headline: %q", in.Headline)
	}
	for _, size := range []Size{SizeSmall, SizeMedium, SizeLarge, SizeSocial, SizePhone} {
		c, svg := render(t, in, size)
		text := strings.Join(strings.Fields(svgText(t, svg)), " ")
		drawn := strings.Contains(text, "Latest, as of 31 Jul 2024:")
		if want := size == SizeSocial || size == SizePhone; drawn != want {
			t.Errorf("%s: headline drawn %v, want %v", size, drawn, want)
		}
		if drawn && !strings.Contains(text, "700,000 (UNHCR;") {
			t.Errorf("%s: headline lacks its lead claim: %q", size, text)
		}
		if drawn && c.lay.headline.lines[0] == "" {
			t.Errorf("%s: empty first headline line", size)
		}
	}
}

// A headline of 300 characters is wrapped to the lines its size allows and
// cut with "…", never drawn off the canvas.
func TestLongHeadlineIsCut(t *testing.T) {
	in := marksInput()
	in.Headline = strings.Repeat("930,000 (UNHCR; preferred: its border monitoring covers all crossings) ", 5)[:300]
	for _, size := range []Size{SizeSocial, SizePhone} {
		c, svg := render(t, in, size)
		checkDrawn(t, "long headline "+string(size), svg, c.width, c.height)
		l := c.lay
		lines := l.headline.lines
		if len(lines) == 0 || len(lines) > headlineLines[size] {
			t.Fatalf("%s: %d headline lines, want 1 to %d", size, len(lines), headlineLines[size])
		}
		cut := strings.Join(lines, " ") != strings.TrimSpace(in.Headline)
		if cut != strings.HasSuffix(lines[len(lines)-1], "…") || size == SizePhone && !cut {
			t.Errorf("%s: cut %v, the headline ends in %q", size, cut, lines[len(lines)-1])
		}
		inner := vg.Length(c.width) - 2*l.th.margin
		for _, line := range lines {
			if w := l.th.headline.Width(line); w > inner {
				t.Errorf("%s: headline line %.0f wide in %.0f: %q", size, w, inner, line)
			}
		}
		if l.plot.Size().Y < vg.Length(c.height)*0.25 {
			t.Errorf("%s: the headline leaves the plot %.0f of %d", size, l.plot.Size().Y, c.height)
		}
	}
}

// An organisation whose every claim shown is deprecated is keyed by its
// marker as drawn, grey and struck through, not by a colour the plot
// does not show.
func TestLegendOfAnOrganisationWithDeprecatedClaimsOnly(t *testing.T) {
	in := marksInput()
	in.Figures = append(in.Figures, marked(attributed(fig("d1", "2024-06-20", 650000, domain.Exact, "Darfur24", "Darfur24", ""), domain.OrgRef{ID: 9, Name: "Darfur24"}), domain.MarkDeprecated, "unattributed"))
	c, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range c.items {
		struck := it.mark == domain.MarkDeprecated && it.line == nil
		if want := it.label == "Darfur24"; struck != want {
			t.Errorf("%s: keyed as deprecated %v, want %v", it.label, struck, want)
		}
	}
	cmp, err := CompareChart([]Input{in, resolvedPakInput()}, SizeMedium, compareLink)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range cmp.items {
		if it.label == "Darfur24" && it.mark != domain.MarkDeprecated {
			t.Error("compare: Darfur24 keyed in a colour the plot does not show")
		}
	}
}
