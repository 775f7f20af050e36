package charts

import (
	"image/color"
	"math"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// palette starts from Okabe–Ito, which readers with colour-vision
// deficiencies can tell apart, ordered so the lowest organisation IDs get the
// strongest contrast on white. Its orange, sky blue and yellow are below
// the 3:1 that WCAG asks of lines and markers on white (2.3, 2.3, 1.3), so
// they are replaced by a dark amber, a violet and a wine (3.8, 5.2, 8.7);
// every colour here has at least 3:1. An organisation's colour and marker
// come from its ID (orgs.go), so any two colours may meet in one chart: the
// wine replaced an olive that was the amber's twin (TestPaletteColoursApart),
// and neighbouring IDs differ in marker as well as colour.
var palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xff}, {0xD5, 0x5E, 0x00, 0xff}, {0x00, 0x9E, 0x73, 0xff}, {0xCC, 0x79, 0xA7, 0xff},
	{0xB0, 0x78, 0x00, 0xff}, {0x7E, 0x57, 0xC2, 0xff}, {0x00, 0x00, 0x00, 0xff}, {0x88, 0x22, 0x55, 0xff},
}

// shape is an organisation's marker. Triangles are not among them: they mean
// "at least" and "at most".
type shape int

const (
	shapeCircle shape = iota
	shapeSquare
	shapeDiamond
	shapePlus
)

// orgShapes are the organisations' markers. With the palette they make
// N×M = 32 (colour, marker) pairs (see slotShape); two organisations of
// one chart that share a colour differ in marker, so the markers must be
// told apart at a glance at 7 px: circle, square, diamond and a plus (a
// hexagon, tried first, reads as a circle that small). Stars and bowties
// are not used: they drew SVG paths twice as long, and pages that inline
// two charts of hundreds of figures felt it.
var orgShapes = []shape{shapeCircle, shapeSquare, shapeDiamond, shapePlus}

// shapePath outlines a shape of about the area of a circle of radius r.
func shapePath(sh shape, c vg.Point, r vg.Length) vg.Path {
	switch sh {
	case shapeSquare:
		return polygon(c, r*1.25, 4, math.Pi/4)
	case shapeDiamond:
		return polygon(c, r*1.3, 4, math.Pi/2)
	case shapePlus:
		// Arms a third of the width: the area of a circle of radius r.
		a, b := r*1.2, r*0.4
		return closed([]vg.Point{
			{X: c.X - b, Y: c.Y - a}, {X: c.X + b, Y: c.Y - a}, {X: c.X + b, Y: c.Y - b}, {X: c.X + a, Y: c.Y - b},
			{X: c.X + a, Y: c.Y + b}, {X: c.X + b, Y: c.Y + b}, {X: c.X + b, Y: c.Y + a}, {X: c.X - b, Y: c.Y + a},
			{X: c.X - b, Y: c.Y + b}, {X: c.X - a, Y: c.Y + b}, {X: c.X - a, Y: c.Y - b}, {X: c.X - b, Y: c.Y - b},
		})
	}
	var p vg.Path
	p.Move(vg.Point{X: c.X + r, Y: c.Y})
	p.Arc(c, r, 0, 2*math.Pi)
	p.Close()
	return p
}

// polygon is a regular n-gon with circumradius r, first corner at angle a.
func polygon(c vg.Point, r vg.Length, n int, a float64) vg.Path {
	pts := make([]vg.Point, n)
	for i := range pts {
		s, co := math.Sincos(a + 2*math.Pi*float64(i)/float64(n))
		pts[i] = vg.Point{X: c.X + r*vg.Length(co), Y: c.Y + r*vg.Length(s)}
	}
	return closed(pts)
}

func closed(pts []vg.Point) vg.Path {
	var p vg.Path
	for i, pt := range pts {
		if i == 0 {
			p.Move(pt)
		} else {
			p.Line(pt)
		}
	}
	p.Close()
	return p
}

// drawMarker draws one figure's marker: the publisher's shape filled for an
// exact figure, hollow for an approximate one, a triangle pointing the way
// the true value may lie for a bound.
func drawMarker(c *draw.Canvas, pt vg.Point, r vg.Length, sh shape, q domain.Qualifier, col color.Color) {
	path := markerPath(sh, pt, r, q)
	switch q {
	case domain.Approx:
		c.SetColor(color.White)
		c.Fill(path)
		c.SetLineStyle(draw.LineStyle{Color: col, Width: max(r*0.42, 1.2)})
		c.Stroke(path)
		return
	}
	c.SetColor(col)
	c.Fill(path)
	if r < 2 {
		return // dense markers: a halo would only add noise
	}
	// A white halo keeps touching markers of different publishers apart.
	c.SetLineStyle(draw.LineStyle{Color: color.White, Width: max(r*0.22, 0.75)})
	c.Stroke(path)
}

// markerPath outlines a figure's marker: a triangle pointing the way the
// true value may lie for a bound, the publisher's shape otherwise.
func markerPath(sh shape, pt vg.Point, r vg.Length, q domain.Qualifier) vg.Path {
	switch q {
	case domain.AtLeast, domain.MoreThan:
		return polygon(pt, r*1.45, 3, math.Pi/2)
	case domain.AtMost, domain.LessThan:
		return polygon(pt, r*1.45, 3, -math.Pi/2)
	}
	return shapePath(sh, pt, r)
}

// drawRangeBar draws the vertical bar of a range figure, with end caps.
func drawRangeBar(c *draw.Canvas, x, lo, hi, r vg.Length, col color.Color) {
	sty := draw.LineStyle{Color: col, Width: max(r*0.4, 1.2)}
	c.StrokeLine2(sty, x, lo, x, hi)
	c.StrokeLine2(sty, x-r, lo, x+r, lo)
	c.StrokeLine2(sty, x-r, hi, x+r, hi)
}

// dashPatterns tell a compare chart's series apart, in multiples of the
// line width: solid, dashed, dotted, dash-dot, wide-spaced dash,
// dash-dot-dot. Colour cannot: it is the organisation's. Six, as
// MaxCompare series.
var dashPatterns = [][]float64{
	nil,
	{4, 2.5},
	{1, 1.6},
	{5, 2, 1, 2},
	{7, 5},
	{5, 2, 1, 2, 1, 2},
}

// dashes is pattern k for a line of width w; nil draws a solid line.
func dashes(k int, w vg.Length) []vg.Length {
	p := dashPatterns[k%len(dashPatterns)]
	if p == nil {
		return nil
	}
	d := make([]vg.Length, len(p))
	for i, v := range p {
		d[i] = vg.Length(v) * w
	}
	return d
}
