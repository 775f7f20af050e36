package charts

import (
	"image/color"
	"math"
	"testing"
)

// Lines and markers are what a reader tells publishers apart by: WCAG asks
// 3:1 against the background of graphical objects needed to understand
// content (1.4.11).
func TestPaletteContrastOnWhite(t *testing.T) {
	lum := func(c color.RGBA) float64 {
		ch := func(v uint8) float64 {
			s := float64(v) / 255
			if s <= 0.03928 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
	}
	for i, c := range palette {
		if ratio := 1.05 / (lum(c) + 0.05); ratio < 3 {
			t.Errorf("palette colour %d (#%02X%02X%02X) has contrast %.2f:1 on white, want at least 3:1", i, c.R, c.G, c.B, ratio)
		}
	}
}
