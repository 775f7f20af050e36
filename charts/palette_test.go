package charts

import (
	"image/color"
	"math"
	"testing"
)

// linear is an sRGB channel in linear light.
func linear(v uint8) float64 {
	s := float64(v) / 255
	if s <= 0.04045 {
		return s / 12.92
	}
	return math.Pow((s+0.055)/1.055, 2.4)
}

func luminance(c color.RGBA) float64 {
	return 0.2126*linear(c.R) + 0.7152*linear(c.G) + 0.0722*linear(c.B)
}

// Lines and markers are what a reader tells publishers apart by: WCAG asks
// 3:1 against the background of graphical objects needed to understand
// content (1.4.11).
func TestPaletteContrastOnWhite(t *testing.T) {
	for i, c := range palette {
		if ratio := 1.05 / (luminance(c) + 0.05); ratio < 3 {
			t.Errorf("palette colour %d (#%02X%02X%02X) has contrast %.2f:1 on white, want at least 3:1", i, c.R, c.G, c.B, ratio)
		}
	}
}

// An organisation's colour comes from its ID, so any two palette colours
// may meet in one chart, not only the first few: every pair must be told
// apart. CIE76 ΔE in Lab; 25 is well past "different colours" at a glance
// for lines 2 px wide (a dark amber and an olive were 22 apart).
func TestPaletteColoursApart(t *testing.T) {
	lab := func(c color.RGBA) [3]float64 {
		r, g, b := linear(c.R), linear(c.G), linear(c.B)
		x := (0.4124*r + 0.3576*g + 0.1805*b) / 0.9505
		y := 0.2126*r + 0.7152*g + 0.0722*b
		z := (0.0193*r + 0.1192*g + 0.9505*b) / 1.089
		f := func(t float64) float64 {
			if t > 0.008856 {
				return math.Cbrt(t)
			}
			return 7.787*t + 16.0/116
		}
		return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
	}
	for i, a := range palette {
		for j, b := range palette[i+1:] {
			la, lb := lab(a), lab(b)
			if d := math.Hypot(math.Hypot(la[0]-lb[0], la[1]-lb[1]), la[2]-lb[2]); d < 25 {
				t.Errorf("palette colours %d (#%02X%02X%02X) and %d (#%02X%02X%02X) are ΔE %.0f apart, want at least 25",
					i, a.R, a.G, a.B, i+1+j, b.R, b.G, b.B, d)
			}
		}
	}
}
