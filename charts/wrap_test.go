package charts

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// countingHandler measures as the chart's handler does, and counts the
// characters it was asked to measure.
type countingHandler struct {
	text.Plain
	chars *int
}

func (h countingHandler) Box(txt string, fnt font.Font) (w, ht, d vg.Length) {
	*h.chars += utf8.RuneCountInString(txt)
	return h.Plain.Box(txt, fnt)
}

// Wrapping measures each character a bounded number of times, however long
// the text: measuring each growing line whole made a 10,000 character name
// cost seconds a chart, and 100,000 characters never finish.
func TestWrapIsLinear(t *testing.T) {
	sty := newTheme(960, fits[0]).legend
	for _, kind := range []string{"words", "word"} {
		for _, n := range []int{1_000, 10_000, 100_000} {
			s := longText(kind, n)
			chars := 0
			counted := sty
			counted.Handler = countingHandler{handler.(text.Plain), &chars}
			lines := wrapAtMost(counted, s, 900, 1<<30)
			if chars > 4*n+100 {
				t.Errorf("%s of %d characters: %d characters measured, more than 4 per character", kind, n, chars)
			}
			// And the lines are right: each fits, and together they are the text.
			for _, l := range lines {
				if sty.Width(l) > 900 {
					t.Fatalf("%s of %d characters: line %q is %v wide", kind, n, l, sty.Width(l))
				}
			}
			sep := " "
			if kind == "word" {
				sep = ""
			}
			if got, want := strings.Join(lines, sep), strings.Join(strings.Fields(s), " "); got != want {
				t.Errorf("%s of %d characters: the lines do not join into the text", kind, n)
			}
		}
	}
}

// The widths wrap adds up are the widths gonum measures whole.
func TestWidthsMatchGonum(t *testing.T) {
	for _, sty := range []text.Style{newTheme(960, fits[0]).legend, newTheme(390, fits[len(fits)-1]).title} {
		m := newWidths(sty)
		for _, s := range []string{"AVAT Ta Yo", "Pakistan Ministry of Interior", "Türkiye — “quoted”", "W.A.V.E. ffi", "x"} {
			if got, want := m.of(s), sty.Width(s); math.Abs(float64(got-want)) > 1e-9 {
				t.Errorf("%q at %v pt: %v, gonum %v", s, sty.Font.Size, got, want)
			}
		}
	}
}

// Stored text of absurd length is cut on the chart, with "…", and the
// chart still draws: a 100,000 character attribution in the legend and
// the source line, and as an event's title.
func TestAbsurdTextIsCut(t *testing.T) {
	huge := longText("words", 100_000)
	in := demoInput()
	in.Figures[0].AttributedTo = huge
	in.Events[0].Title = longText("word", 100_000)
	for _, size := range []Size{SizeMedium, SizePhone} {
		c, svg := render(t, in, size)
		checkDrawn(t, "absurd "+string(size), svg, c.width, c.height)
		l := c.lay
		if n := len(l.source.lines); n > c.sourceLines()+2 || !strings.HasSuffix(l.source.lines[n-1], "…") && !strings.HasSuffix(l.source.lines[n-1], c.permalink) {
			t.Errorf("%s: the source line takes %d lines, the last %q", size, n, l.source.lines[n-1])
		}
		if len(l.legend) > maxLines+len(in.Figures) {
			t.Errorf("%s: the legend takes %d rows", size, len(l.legend))
		}
		if len(svg) > 1<<20 {
			t.Errorf("%s: the SVG is %d bytes", size, len(svg))
		}
	}
}
