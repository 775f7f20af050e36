package charts

import (
	"strings"
	"testing"
)

// Found in review: digits are weak; invisible direction controls are not undrawn text.
func TestArabicDigitsAreWeak(t *testing.T) {
	for _, s := range []string{"۲۰۲۴ UNHCR report", "٢٠٢٤ UNHCR report"} {
		if rtlFirst(s) {
			t.Errorf("rtlFirst(%q) = true; its first strong character is Latin", s)
		}
	}
	l := shapeText("۲۰۲۴ UNHCR report", false)
	d := glyphXs(l, faceArabic, '۲')
	u := glyphXs(l, faceLatin, 'U')
	if d['۲'] > u['U'] {
		t.Errorf("the year is drawn right of UNHCR (x %v > %v): laid out right to left", d['۲'], u['U'])
	}
}
func TestDirectionControlsDraw(t *testing.T) {
	for _, s := range []string{"UNHCR \u2068وزارت مهاجرین\u2069", "\u2067کابل\u2069 returns", "\ufeffUNHCR"} {
		if got := clean(s); strings.Contains(got, undrawn) {
			t.Errorf("clean(%q) = %q", s, got)
		}
	}
	in := arabicInput()
	in.Figures[0].AttributedTo = "\u2068وزارت امور مهاجرین\u2069"
	c, err := SeriesChart(in, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(c.footer, undrawnNote) {
		t.Errorf("footer %q says text could not be drawn", c.footer)
	}
}
