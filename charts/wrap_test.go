package charts

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// Wrapping shapes each character a bounded number of times, however long
// the text: measuring each growing line whole made a 10,000 character name
// cost seconds a chart, and 100,000 characters never finish.
func TestWrapIsLinear(t *testing.T) {
	sty := newTheme(960, fits[0]).legend
	for _, kind := range []string{"words", "word"} {
		for _, n := range []int{1_000, 10_000, 100_000} {
			s := longText(kind, n)
			before := shapedRunes.Load()
			lines := wrapAtMost(sty, s, 900, 1<<30)
			if chars := shapedRunes.Load() - before; chars > 2*int64(n)+100 {
				t.Errorf("%s of %d characters: %d characters shaped, more than 2 per character", kind, n, chars)
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

// The widths a wrap adds up, word by word, are the widths of whole lines:
// the same for one word, and never narrower, by under 3%, for a line of
// words (wrap leaves out kerning across spaces, which only narrows).
func TestWidthsMatchWholeLines(t *testing.T) {
	for _, sty := range []text.Style{newTheme(960, fits[0]).legend, newTheme(390, fits[len(fits)-1]).title} {
		m := newWidths(sty)
		for _, s := range []string{"AVAT Ta Yo", "Pakistan Ministry of Interior", "Türkiye — “quoted”", "W.A.V.E. ffi", "x", "وزارت مهاجرین و عودت کنندگان", "472 ألفًا"} {
			var sum vg.Length
			for i, w := range strings.Fields(s) {
				if i > 0 {
					sum += m.rune(' ')
				}
				sum += m.of(w)
			}
			whole := sty.Width(s)
			if !strings.Contains(s, " ") && math.Abs(float64(sum-whole)) > 1e-6 {
				t.Errorf("%q at %v pt: %v, whole %v", s, sty.Font.Size, sum, whole)
			}
			if sum < whole-1e-6 || sum > whole*1.03 {
				t.Errorf("%q at %v pt: words add up to %v, the whole line is %v", s, sty.Font.Size, sum, whole)
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
