package charts

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"strings"
	"sync"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func render(t *testing.T, in Input, size Size) (*Chart, string) {
	t.Helper()
	c, err := SeriesChart(in, size)
	if err != nil {
		t.Fatalf("SeriesChart: %v", err)
	}
	var b bytes.Buffer
	if err := c.WriteSVG(&b); err != nil {
		t.Fatalf("WriteSVG: %v", err)
	}
	return c, b.String()
}

func TestOutputIsDeterministic(t *testing.T) {
	in := demoInput()
	_, a := render(t, in, SizeSmall)
	// The same figures in another order draw the same chart.
	for i, j := 0, len(in.Figures)-1; i < j; i, j = i+1, j-1 {
		in.Figures[i], in.Figures[j] = in.Figures[j], in.Figures[i]
	}
	_, b := render(t, in, SizeSmall)
	if a != b {
		t.Error("the same input drew two different SVGs")
	}
}

// A downloaded chart must remain a citation: the source, the date of the
// data, the licence, the permalink and the events are in the image, or
// what the image has no room for is counted and pointed to the permalink.
func TestSVGCarriesTheCitation(t *testing.T) {
	in := demoInput()
	c, svg := render(t, in, SizeLarge)
	text := svgText(t, svg)
	for _, want := range []string{
		"Pakistani officials via Abb Takk (21 Oct 2023)",
		"Pakistan Ministry of Interior via AFP (A News) (4 Jun 2025)",
		"Data as of 27 Nov 2026 · Licence CC-BY-4.0",
		"https://example.org/series/" + pakSeries.Slug,
		"Returnees · Pakistan → Afghanistan · persons, cumulative total",
		"Pakistan Minister of State for Interior Talal Chaudhry",
		"at least / more than", "approximate",
		"Oct 2023", "1.25M", "250k",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("SVG text lacks %q", want)
		}
	}
	// Wrapped text: every word of the source line is drawn, in order, or
	// its first entries and where the others are; so are the events.
	checkListed(t, "large", text, c)
	for _, n := range []string{">1<", ">2<", ">3<", ">4<"} {
		if !strings.Contains(svg, n) {
			t.Errorf("SVG lacks event number %s", n)
		}
	}
	if strings.Contains(svg, "Liberation") || !strings.Contains(svg, "<use href=") {
		t.Error("SVG text is not drawn as glyphs: it depends on the reader's fonts")
	}
}

func TestEmptySeriesDrawsAMessage(t *testing.T) {
	c, svg := render(t, emptyInput(), SizeMedium)
	if !strings.Contains(svg, "No published figures yet") {
		t.Error("empty chart does not say so")
	}
	if !strings.Contains(svg, "Data as of 27 Nov 2026") {
		t.Error("empty chart lacks its footer")
	}
	var b bytes.Buffer
	if err := c.WritePNG(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got.X != 960 || got.Y != 540 {
		t.Errorf("PNG is %v, want 960x540", got)
	}
}

func TestBadDataIsAnError(t *testing.T) {
	nanRange := fig("r", "2024-09", 3, domain.Range, "UNHCR", "UNHCR", "")
	nanRange.ValueLow, nanRange.ValueHigh = ptr(math.NaN()), ptr(4)
	tests := map[string]func(*Input){
		"NaN value":       func(in *Input) { in.Figures[0].Value = math.NaN() },
		"infinite value":  func(in *Input) { in.Figures[3].Value = math.Inf(1) },
		"negative value":  func(in *Input) { in.Figures[1].Value = -5 },
		"NaN range bound": func(in *Input) { in.Figures = append(in.Figures, nanRange) },
		"range no bounds": func(in *Input) { in.Figures[2].Qualifier = domain.Range },
		"no as-of date":   func(in *Input) { in.Figures[4].PeriodEnd = domain.Date{} },
		"event no date":   func(in *Input) { in.Events[1].Date = domain.Date{} },
	}
	for name, spoil := range tests {
		in := demoInput()
		spoil(&in)
		c, err := SeriesChart(in, SizeMedium)
		if err == nil || c != nil {
			t.Errorf("%s: got a chart, want an error", name)
			continue
		}
		if domain.ErrorCode(err) != domain.EINVALID {
			t.Errorf("%s: error %v is not EINVALID", name, err)
		}
	}
	if _, err := SeriesChart(demoInput(), "huge"); domain.ErrorCode(err) != domain.EINVALID {
		t.Errorf("unknown size: err %v, want EINVALID", err)
	}
}

// gonum loops forever on a NaN data range; the plotters must never give one.
func TestDataRangesAreNeverNaN(t *testing.T) {
	f := figuresPlotter{pubs: []publisher{{pts: []point{{x: math.NaN(), y: 1, lo: 1, hi: 1}, {x: 5, y: math.NaN(), lo: math.NaN(), hi: math.NaN()}}}}}
	e := eventsPlotter{events: []eventMark{{x: 10, end: 20}}}
	for name, r := range map[string][4]float64{"figures": rangeOf(f), "events": rangeOf(e), "no events": rangeOf(eventsPlotter{})} {
		for _, v := range r {
			if math.IsNaN(v) {
				t.Errorf("%s: DataRange %v has NaN", name, r)
			}
		}
	}
	if r := rangeOf(e); !math.IsInf(r[2], 1) || !math.IsInf(r[3], -1) {
		t.Errorf("events y range %v, want +Inf, -Inf", r)
	}
}

func rangeOf(d interface {
	DataRange() (float64, float64, float64, float64)
}) [4]float64 {
	a, b, c, e := d.DataRange()
	return [4]float64{a, b, c, e}
}

func TestSizes(t *testing.T) {
	want := map[Size][2]int{SizeSmall: {640, 400}, SizeMedium: {960, 540}, SizeLarge: {1280, 720}, SizeSocial: {1200, 675}}
	for s, wh := range want {
		w, h, err := Sizes(s)
		if err != nil || w != wh[0] || h != wh[1] {
			t.Errorf("Sizes(%q) = %d, %d, %v; want %v", s, w, h, err, wh)
		}
	}
	if _, _, err := Sizes("poster"); err == nil {
		t.Error("Sizes(poster) gave no error")
	}
}

// Any text, in any script, draws without a panic, in every size and format.
func TestAnyTextDraws(t *testing.T) {
	in := unicodeInput()
	for _, size := range []Size{SizeSmall, SizeMedium, SizeLarge, SizeSocial} {
		c, svg := render(t, in, size)
		svgText(t, svg) // well-formed XML
		if err := c.WritePNG(new(bytes.Buffer)); err != nil {
			t.Errorf("%s: WritePNG: %v", size, err)
		}
	}
}

// A cached Chart is written by many requests at once (run with -race).
func TestConcurrentWrites(t *testing.T) {
	c, want := render(t, demoInput(), SizeSmall)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Go(func() {
			var b bytes.Buffer
			if i%2 == 0 {
				errs <- c.WritePNG(&b)
				return
			}
			if err := c.WriteSVG(&b); err != nil || b.String() != want {
				errs <- errors.Join(err, errors.New("concurrent SVG differs"))
				return
			}
			errs <- nil
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
