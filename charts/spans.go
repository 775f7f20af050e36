package charts

import (
	"image/color"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Figures that cover a span of time (point.spanned, spanOf) are drawn over
// it, so that no reader takes a monthly total for a count on the month's
// last day:
//
//   - a flow (a count during a period) is a step: a bold horizontal
//     segment at its value from the period's start to its end, over a
//     light column in its organisation's colour down to zero, its marker at
//     the segment's middle. The columns are translucent and have no
//     outline: where organisations report one period, their columns
//     overlap and the tint deepens, and each column's top is still drawn
//     by its own segment, so none hides another; side-by-side sub-columns
//     were not chosen because they would each claim a part of the period.
//   - a stock or running total whose as-of date is a month or a year is a
//     marker at the middle of that month or year on a thin whisker that
//     spans it, with short end ticks.
//
// One organisation's flows are joined as a step, segment to segment, only
// where one period ends the day before the next begins: a sloped line
// between two periods would claim counts for the days between them that
// nobody gave, and a riser across a gap would claim the periods touch.
// Flows of one day given alone are instants, markers joined as any line.

// Column tint: a fifth of the organisation's colour over white reads as
// a light column (contrast well under the 3:1 of the colour itself), so
// the step and the markers stay what the eye follows.
const columnAlpha = 0x30

// The symbol key's words for spans.
const (
	keyFlowSpan  = "count over a period (the bar spans it)"
	keyAsOfMonth = "as of a month or year (the line spans it)"
)

// spanKeys is the symbol key for the spans figures of measure m draw: a
// flow's column, an as-of month's whisker; none when every date is a day.
func spanKeys(figs []domain.Figure, m domain.Measure) []qualKey {
	for _, f := range figs {
		if t0, t1 := spanOf(m, f.PeriodStart, f.PeriodEnd); t1.After(t0) {
			if m == domain.MeasureFlow {
				return []qualKey{{q: domain.Exact, label: keyFlowSpan, span: spanColumn}}
			}
			return []qualKey{{q: domain.Exact, label: keyAsOfMonth, span: spanWhisker}}
		}
	}
	return nil
}

// spanKind is how a symbol key's swatch shows a span.
type spanKind int

const (
	spanNone spanKind = iota
	spanColumn
	spanWhisker
)

// tint is col as a translucent column fill.
func tint(col color.Color) color.Color {
	r, g, b, _ := col.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: columnAlpha}
}

// drawColumns draws under everything else the column of each flow over a
// period, from zero to its value, cut to the plot. A deprecated claim has
// none: it is not counted among its organisation's reports.
func (f figuresPlotter) drawColumns(c draw.Canvas, trX, trY func(float64) vg.Length) {
	for _, pub := range f.pubs {
		fill := tint(pub.color)
		for j, pt := range pub.pts {
			if stopped(f.ctx, j) {
				return
			}
			if !pt.flow || !pt.spanned() || deprecated(pt) {
				continue
			}
			x0, x1 := max(trX(pt.x0), c.Min.X), min(trX(pt.x1), c.Max.X)
			if x1 <= x0 {
				continue
			}
			y0, y1 := trY(0), trY(pt.y)
			c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		}
	}
}

// stepJoin is how close, in seconds, one period's end must be to the next
// one's start for their steps to join: periods given as days end at the
// start of the next day, so they touch exactly; an hour is room for
// rounding.
const stepJoin = 60 * 60

// drawSteps draws each flow over a period as a segment at its value from
// its start to its end, joining an organisation's abutting periods as a
// step. The segments are a little bolder than a line: they carry the
// value.
func (f figuresPlotter) drawSteps(c draw.Canvas, trX, trY func(float64) vg.Length) {
	for _, pub := range f.pubs {
		sty := draw.LineStyle{Color: pub.color, Width: f.width * 1.4, Dashes: dashes(pub.dash, f.width)}
		var line []vg.Point
		var prev *point
		flush := func() {
			if len(line) >= 2 {
				c.StrokeLines(sty, clipLine(line, c.Min.X, c.Max.X))
			}
			line = line[:0]
		}
		for j := range pub.pts {
			if stopped(f.ctx, j) {
				return
			}
			pt := &pub.pts[j]
			if !pt.flow || !pt.spanned() || deprecated(*pt) {
				continue
			}
			if prev == nil || abs(pt.x0-prev.x1) > stepJoin {
				flush()
			}
			line = append(line, vg.Point{X: trX(pt.x0), Y: trY(pt.y)}, vg.Point{X: trX(pt.x1), Y: trY(pt.y)})
			prev = pt
		}
		flush()
	}
}

// clipLine keeps a horizontal step's ends inside [lo, hi]: a window may
// cut a period.
func clipLine(l []vg.Point, lo, hi vg.Length) []vg.Point {
	for i := range l {
		l[i].X = min(max(l[i].X, lo), hi)
	}
	return l
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

// drawWhisker draws the span x0..x1 of a date known to a month or a year
// at height y: a thin line with short end ticks, under the marker.
func drawWhisker(c *draw.Canvas, x0, x1, y, r vg.Length, col color.Color) {
	x0, x1 = max(x0, c.Min.X), min(x1, c.Max.X)
	if x1 <= x0 {
		return
	}
	tick := max(r*0.7, 2)
	// One path, not three lines: a page inlines charts of hundreds of
	// figures.
	var p vg.Path
	p.Move(vg.Point{X: x0, Y: y - tick})
	p.Line(vg.Point{X: x0, Y: y + tick})
	p.Move(vg.Point{X: x0, Y: y})
	p.Line(vg.Point{X: x1, Y: y})
	p.Move(vg.Point{X: x1, Y: y - tick})
	p.Line(vg.Point{X: x1, Y: y + tick})
	c.SetLineStyle(draw.LineStyle{Color: col, Width: max(r*0.3, 1)})
	c.Stroke(p)
}

// drawSpanSwatch draws a span's key: a column under a step, or a whisker,
// w wide, with a marker at its middle.
func drawSpanSwatch(c *draw.Canvas, th theme, it legendItem, ctr vg.Point, w vg.Length) {
	r := th.radius * 1.1
	switch it.span {
	case spanColumn:
		top, bottom := ctr.Y+r*0.2, ctr.Y-r*2.2
		c.FillPolygon(tint(it.marker), []vg.Point{{X: ctr.X - w/2, Y: bottom}, {X: ctr.X + w/2, Y: bottom}, {X: ctr.X + w/2, Y: top}, {X: ctr.X - w/2, Y: top}})
		c.StrokeLine2(draw.LineStyle{Color: it.marker, Width: th.line * 1.4}, ctr.X-w/2, top, ctr.X+w/2, top)
		drawMarker(c, vg.Point{X: ctr.X, Y: top}, r, it.shape, domain.Exact, it.marker)
	case spanWhisker:
		drawWhisker(c, ctr.X-w/2, ctr.X+w/2, ctr.Y, r, it.marker)
		drawMarker(c, ctr, r, it.shape, domain.Exact, it.marker)
	}
}
