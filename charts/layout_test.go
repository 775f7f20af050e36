package charts

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

// hostileEvents makes n events: spread one a week from October 2023, all
// on one day, or each lasting the whole period; titles short or of 400
// characters.
func hostileEvents(n int, dates string, long bool) []domain.Event {
	start := time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	out := make([]domain.Event, n)
	for i := range out {
		title := fmt.Sprintf("Event %d", i+1)
		if long {
			title += " " + strings.Repeat("a long title about a border closure ", 12)
		}
		e := domain.Event{Title: title, Kind: "other", Date: domain.DateOf(start.AddDate(0, 0, 7*i))}
		switch dates {
		case "same":
			e.Date = domain.DateOf(start)
		case "lasting":
			e.Date, e.EndDate = domain.DateOf(start), domain.MustDate("2025-06-30")
		}
		out[i] = e
	}
	return out
}

// hostileFigures are one figure, the demo's, and the extremes 0 and 1e12.
var hostileFigures = map[string]func() []domain.Figure{
	"one":  func() []domain.Figure { return []domain.Figure{iomFigure()} },
	"demo": pakFigures,
	"extremes": func() []domain.Figure {
		return []domain.Figure{
			fig("x1", "2023-10-21", 0, domain.Exact, "A", "A", ""),
			fig("x2", "2024-10-21", 1e12, domain.Exact, "B", "B", ""),
			fig("x3", "2024-10-22", 0, domain.AtLeast, "A", "A", ""),
		}
	},
}

var svgNumber = regexp.MustCompile(`-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?|NaN|[-+]?Inf`)

// checkDrawn asserts that every coordinate in svg is a finite number on a
// width×height canvas: no NaN (which hangs the PNG rasteriser), nothing
// pushed off the canvas by text the layout failed to make room for.
func checkDrawn(t *testing.T, name, svg string, width, height int) {
	t.Helper()
	if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Errorf("%s: %d NaN and %d Inf in the SVG", name, strings.Count(svg, "NaN"), strings.Count(svg, "Inf"))
		return
	}
	const slack = 2 // strokes and disc edges may touch the border
	// The value axis's label is drawn turned: its x is a height.
	// Glyph outlines and their places in a line are in font units; where a
	// line starts is checked in its transparent <text>, which every line has.
	svg = regexp.MustCompile(`(?s)<defs>.*?</defs>|<g transform="matrix[^>]*>.*?</g>`).ReplaceAllString(svg, "")
	svg = regexp.MustCompile(`(?s)<g transform="rotate\([^)]*\)">.*?</g>`).ReplaceAllString(svg, "")
	for _, m := range regexp.MustCompile(`\b(d|x|y)="([^"]*)"`).FindAllStringSubmatch(svg, -1) {
		for _, num := range svgNumber.FindAllString(m[2], -1) {
			v, err := strconv.ParseFloat(num, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				t.Errorf("%s: %s=%q holds %q", name, m[1], m[2], num)
				return
			}
			limit := float64(max(width, height))
			if m[1] == "x" {
				limit = float64(width)
			}
			if m[1] == "y" {
				limit = float64(height) // text y is negated in vgsvg's flipped frame
			}
			if math.Abs(v) > limit+slack || (m[1] != "y" && v < -slack) {
				t.Errorf("%s: %s=%q: %v is off the %dx%d canvas", name, m[1], m[2], v, width, height)
				return
			}
		}
	}
}

// No input may lay a chart out with a non-finite or off-canvas position:
// many events (60 made NaN coordinates, and a PNG that never finished),
// events on one day, lasting events, long titles, one figure, the extreme
// values, every size, series and compare charts.
func TestLayoutStaysFiniteAndOnTheCanvas(t *testing.T) {
	if testing.Short() {
		t.Skip("slow (every size of hundreds of charts): left out of -short")
	}
	before := nonFinite.Load()
	sizes := []Size{SizeSmall, SizeMedium, SizeLarge, SizeSocial, SizePhone}
	i := 0
	for _, n := range []int{0, 1, 12, 60, 400} {
		for _, dates := range []string{"spread", "same", "lasting"} {
			for _, long := range []bool{false, true} {
				for _, figs := range []string{"one", "demo", "extremes"} {
					in := demoInput()
					in.Figures, in.Events = hostileFigures[figs](), hostileEvents(n, dates, long)
					in.Series.Title = strings.Repeat("A very long series title ", 1+9*btoi(long))
					in.Headline = strings.Repeat("more than 844,000 (UNHCR; preferred: its count) ", 1+9*btoi(long))
					check := []Size{sizes[i%len(sizes)]}
					if n == 60 {
						check = sizes
					}
					i++
					for _, size := range check {
						name := fmt.Sprintf("%d events %s long=%v figures=%s %s", n, dates, long, figs, size)
						c, svg := render(t, in, size)
						checkDrawn(t, name, svg, c.width, c.height)
						// Whatever the events, the plot keeps its share; a title
						// of three lines and a headline at its cap, which keep
						// their room, may leave it a little less.
						share := vg.Length(plotShare)
						if long {
							share = 0.4
						}
						if l := c.lay; n > 0 && (l.plot.Min.Y < 0 || l.plot.Max.Y+l.stripH > vg.Length(c.height) || l.plot.Size().Y < vg.Length(c.height)*share) {
							t.Errorf("%s: plot %v and strip %v on a canvas %d high", name, l.plot, l.stripH, c.height)
						}
						other := in
						other.Series.Slug, other.Figures = "other", []domain.Figure{iomFigure()}
						cmp, err := CompareChart([]Input{in, other}, size, compareLink)
						if err != nil {
							t.Fatalf("%s: compare: %v", name, err)
						}
						var b bytes.Buffer
						if err := cmp.WriteSVG(&b); err != nil {
							t.Fatal(err)
						}
						checkDrawn(t, name+" compare", b.String(), cmp.width, cmp.height)
						if l := cmp.lay; n > 0 && l.plot.Size().Y < vg.Length(cmp.height)*share {
							t.Errorf("%s compare: plot %v on a canvas %d high", name, l.plot, cmp.height)
						}
					}
				}
			}
		}
	}
	if d := nonFinite.Load() - before; d > 0 {
		t.Errorf("%d shapes at non-finite positions were dropped while drawing", d)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A PNG of sixty events finishes, and keeps the events readable: numbered
// in rows above the data, the key pointing to the permalink's page, which
// lists them all, for those it has no room for.
func TestSixtyEventsPNG(t *testing.T) {
	in := demoInput()
	in.Events = hostileEvents(60, "spread", false)
	c, svg := render(t, in, SizeMedium)
	if err := c.WritePNG(io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{">60<", ": listed at https://example.org/series/" + pakSeries.Slug + "<"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	checkListed(t, "sixty events", svgText(t, svg), c)
	if !c.lay.numbered || c.lay.stripH > vg.Length(c.height)/8 {
		t.Errorf("numbered %v, strip %v high", c.lay.numbered, c.lay.stripH)
	}
}

// Many publishers with long names fill the legend: a chart of them with
// events still keeps its plot on the canvas, listing fewer events (or none)
// rather than all of them in full.
func TestCrowdedLegendWithEventsStaysOnTheCanvas(t *testing.T) {
	for _, pubs := range []int{8, 20} {
		in := demoInput()
		in.Figures = nil
		for p := range pubs {
			f := iomFigure()
			f.ID = fmt.Sprintf("f%d", p)
			f.AttributedTo = fmt.Sprintf("Publisher number %d with a rather long official name (regional office)", p)
			f.Value += float64(p) * 1000
			in.Figures = append(in.Figures, f)
		}
		in.Events = hostileEvents(12, "spread", true)
		in.Series.Title = strings.Repeat("A long series title ", 4)
		for _, size := range []Size{SizeSmall, SizePhone, SizeMedium} {
			name := fmt.Sprintf("%d publishers, 12 events, %s", pubs, size)
			c, svg := render(t, in, size)
			checkDrawn(t, name, svg, c.width, c.height)
			if l := c.lay; l.plot.Min.Y < 0 || l.plot.Max.Y+l.stripH > vg.Length(c.height) {
				t.Errorf("%s: plot %v and strip %v on a canvas %d high", name, l.plot, l.stripH, c.height)
			}
		}
	}
}
