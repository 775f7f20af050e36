package charts

import (
	"context"
	"image/color"
	"math"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// figuresPlotter draws every publisher's line and markers. Flow columns go
// first, then lines, so that no publisher's line hides another's figure.
type figuresPlotter struct {
	ctx    context.Context // a write stops drawing when it is done
	pubs   []publisher
	radius vg.Length  // marker radius where points are sparse
	width  vg.Length  // line width
	label  text.Style // for the value of a lone figure
	// numbered writes a compare chart's series number (dash+1) beside
	// each figure no line passes through: a dash pattern needs a line.
	numbered bool
	dx       [][]vg.Length // coinciding markers moved sideways (dodges)
	lo, hi   vg.Length     // the plot's sides, for spans a date window cuts (centre)
}

// Plot implements plot.Plotter.
func (f figuresPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	f.lo, f.hi = c.Min.X, c.Max.X
	f.dx = f.dodges(trX, trY, c.Min.X, c.Max.X)
	f.drawColumns(c, trX, trY)
	f.drawLines(c, trX, trY)
	f.drawSteps(c, trX, trY)
	f.drawMarkers(c, trX, trY)
	f.labelSingle(c, trX, trY)
	if f.numbered {
		f.numberLone(c, trX, trY)
	}
}

// lineGap is the longest silence a line bridges: two figures of one
// publisher more than four months apart stay unjoined, so that a straight
// line does not suggest figures nobody reported.
const lineGap = 122 * 24 * 60 * 60 // seconds

// drawLines joins each publisher's own figures in date order, through
// their markers, broken where the publisher reported nothing for longer
// than lineGap. Deprecated claims are left out of the line (marks.go), and
// so are flows over a period, which drawSteps draws.
func (f figuresPlotter) drawLines(c draw.Canvas, trX, trY func(float64) vg.Length) {
	for i, pub := range f.pubs {
		var lines [][]vg.Point
		var line []vg.Point
		prev := -1
		for j, pt := range pub.pts {
			if stopped(f.ctx, j) {
				return
			}
			if deprecated(pt) || pt.flow && pt.spanned() {
				continue
			}
			at := f.at(i, j, trX, trY)
			if prev >= 0 && pt.x-pub.pts[prev].x > lineGap {
				lines, line = append(lines, line), nil
			}
			prev = j
			// In a dense series many vertices fall within a fraction of a
			// pixel of the last: they only slow the drawing and swell the SVG.
			if len(line) > 0 && j < len(pub.pts)-1 && near(at, line[len(line)-1], 0.25) {
				continue
			}
			line = append(line, at)
		}
		lines = append(lines, line)
		for _, l := range lines {
			if len(l) >= 2 {
				c.StrokeLines(draw.LineStyle{Color: pub.color, Width: f.width, Dashes: dashes(pub.dash, f.width)}, l)
			}
		}
	}
}

// drawMarkers draws deprecated claims under everything else (marks.go),
// then the spans of dates known to a month or a year, range bars, the
// rings of preferred claims, exact markers, and qualified markers on top:
// their shape is what tells a bound from a count. Coinciding markers of
// different publishers are spread sideways (dodges); eachMarker says in
// which order they are drawn.
func (f figuresPlotter) drawMarkers(c draw.Canvas, trX, trY func(float64) vg.Length) {
	for i, pub := range f.pubs {
		r := f.markerRadius(pub, trX)
		for j, pt := range pub.pts {
			if stopped(f.ctx, j) {
				return
			}
			if deprecated(pt) && pt.spanned() {
				drawWhisker(&c, trX(pt.x0), trX(pt.x1), trY(pt.y), r, inkDeprecated)
			}
			if deprecated(pt) {
				drawDeprecated(&c, pt, f.at(i, j, trX, trY), trY, r, pub.shape)
			}
		}
	}
	for i, pub := range f.pubs {
		r := f.markerRadius(pub, trX)
		for j, pt := range pub.pts {
			if stopped(f.ctx, j) {
				return
			}
			if deprecated(pt) {
				continue
			}
			if pt.spanned() && !pt.flow {
				drawWhisker(&c, trX(pt.x0), trX(pt.x1), trY(pt.y), r, pub.color)
			}
			at := f.at(i, j, trX, trY)
			if pt.q == domain.Range {
				drawRangeBar(&c, at.X, trY(pt.lo), trY(pt.hi), r, pub.color)
			}
			if preferred(pt) {
				drawRing(&c, at, r, pub.color)
			}
		}
	}
	f.eachMarker(trX, trY, func(m drawnMarker) bool {
		pt, pub := f.pubs[m.pub].pts[m.idx], f.pubs[m.pub]
		if !deprecated(pt) {
			drawMarker(&c, m.at, m.r, pub.shape, pt.q, pub.color)
		}
		return true
	})
}

// stopped reports, every 1024th point, whether ctx is done: a cancelled
// write of 100,000 figures stops within a millisecond, and checking every
// point would cost more than drawing it.
func stopped(ctx context.Context, i int) bool { return i%1024 == 0 && ctx.Err() != nil }

// near reports whether a and b are within d of each other on both axes.
func near(a, b vg.Point, d vg.Length) bool {
	return max(a.X-b.X, b.X-a.X) <= d && max(a.Y-b.Y, b.Y-a.Y) <= d
}

func qualified(q domain.Qualifier) bool { return q != domain.Exact && q != domain.Range && q != "" }

// labelSingle writes the value beside the only figure of a chart, which
// otherwise floats unexplained in an empty plot.
func (f figuresPlotter) labelSingle(c draw.Canvas, trX, trY func(float64) vg.Length) {
	if len(f.pubs) != 1 || len(f.pubs[0].pts) != 1 {
		return
	}
	pt := f.pubs[0].pts[0]
	label := valueWords(pt)
	sty := f.label
	// Beside the marker, or beside its span when it has one.
	right, left := trX(max(pt.x, pt.x1)), trX(min(pt.x, pt.x0))
	if pt.flow {
		right, left = f.centre(pt, trX), f.centre(pt, trX) // over the column, beside the marker
	}
	x, y := right+f.radius*2.2, trY(pt.y)
	if x+sty.Width(label) > c.Max.X {
		x = left - f.radius*2.2 - sty.Width(label)
	}
	// A white ground keeps the grid line at a round value from striking it through.
	pad := sty.Font.Size * 0.2
	e := sty.FontExtents()
	base := y - sty.Font.Size*0.36
	c.FillPolygon(color.White, []vg.Point{
		{X: x - pad, Y: base - e.Descent}, {X: x + sty.Width(label) + pad, Y: base - e.Descent},
		{X: x + sty.Width(label) + pad, Y: base + e.Ascent}, {X: x - pad, Y: base + e.Ascent},
	})
	fillBaseline(c, sty, x, base, label)
}

// numberLone writes the series number at the upper right of every figure
// that drawLines joined to no other (a deprecated claim is never joined), so that a reader can tell which
// series of a comparison a lone marker belongs to.
func (f figuresPlotter) numberLone(c draw.Canvas, trX, trY func(float64) vg.Length) {
	sty := f.label
	sty.Font.Size *= 0.8
	sty.Color = inkBody
	for i, pub := range f.pubs {
		r := f.markerRadius(pub, trX)
		prev := -1 // the last point on the line
		for j, pt := range pub.pts {
			if stopped(f.ctx, j) {
				return
			}
			lined := !deprecated(pt) && !(pt.flow && pt.spanned())
			joined := false
			if lined {
				joined = prev >= 0 && pt.x-pub.pts[prev].x <= lineGap
				for k := j + 1; k < len(pub.pts) && !joined; k++ {
					if q := pub.pts[k]; !deprecated(q) && !(q.flow && q.spanned()) {
						joined = q.x-pt.x <= lineGap
						break
					}
				}
				prev = j
			}
			if pt.flow && pt.spanned() && !deprecated(pt) {
				joined = true // its step carries the dash
			}
			if !joined { // a deprecated claim is never on a line
				at := f.at(i, j, trX, trY)
				fillBaseline(c, sty, at.X+r*1.2, at.Y+r*0.5, itoa(pub.dash+1))
			}
		}
	}
}

// markerRadius shrinks markers of a dense series so they do not merge into
// a thick band; the line carries the shape of the data then.
func (f figuresPlotter) markerRadius(pub publisher, trX func(float64) vg.Length) vg.Length {
	n := len(pub.pts)
	if n < 2 {
		return f.radius
	}
	spacing := (trX(pub.pts[n-1].x) - trX(pub.pts[0].x)) / vg.Length(n-1)
	return min(f.radius, max(spacing*0.45, 1.5))
}

// DataRange implements plot.DataRanger over the finite values only: a NaN
// here would make gonum's tick search loop forever.
func (f figuresPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, pub := range f.pubs {
		for _, pt := range pub.pts {
			if !finite(pt.x) || !finite(pt.lo) || !finite(pt.hi) {
				continue
			}
			xmin, xmax = math.Min(xmin, pt.x), math.Max(xmax, pt.x)
			if finite(pt.x0) && finite(pt.x1) {
				xmin, xmax = math.Min(xmin, pt.x0), math.Max(xmax, pt.x1)
			}
			ymin, ymax = math.Min(ymin, pt.lo), math.Max(ymax, pt.hi)
		}
	}
	return xmin, xmax, ymin, ymax
}

// eventsPlotter draws events as dashed vertical lines (shaded bands when they
// last) numbered in a strip above the data, where the numbers cannot cover a
// figure. The numbers are explained in a key under the chart. Events too
// dense to number in maxRows rows are drawn as lines only (see placeMarkers).
type eventsPlotter struct {
	ctx     context.Context
	events  []eventMark
	d, gap  vg.Length // marker diameter and spacing
	maxRows int
	num     text.Style
}

// Plot implements plot.Plotter.
func (e eventsPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, ev := range e.events {
		if ev.end > ev.x {
			x0, x1 := max(trX(ev.x), c.Min.X), min(trX(ev.end), c.Max.X)
			c.FillPolygon(inkBand, []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}})
		}
	}
	xs := e.xs(trX)
	placed, rows, numbered := placeMarkers(xs, e.d+e.gap, c.Min.X, c.Max.X, e.maxRows)
	dash := draw.LineStyle{Color: inkEvent, Width: 1, Dashes: []vg.Length{3, 3}}
	for i, x := range xs {
		if e.ctx.Err() != nil {
			return
		}
		line := []vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: c.Max.Y}}
		if numbered {
			// Straight up through the data, then a short leader to the disc,
			// which may sit to one side when events are close together.
			line = append(line, vg.Point{X: placed[i], Y: e.markerY(c, rows[i])})
		}
		c.StrokeLines(dash, line)
	}
	for i, ev := range e.events {
		if !numbered || e.ctx.Err() != nil {
			return
		}
		drawNumber(c, vg.Point{X: placed[i], Y: e.markerY(c, rows[i])}, e.d, ev.n, e.num)
	}
}

// xs are the events' positions on the time axis.
func (e eventsPlotter) xs(trX func(float64) vg.Length) []vg.Length {
	xs := make([]vg.Length, len(e.events))
	for i, ev := range e.events {
		xs[i] = trX(ev.x)
	}
	return xs
}

// markerY is the centre of a number disc in row k above the data, leaving
// room for the leader.
func (e eventsPlotter) markerY(c draw.Canvas, row int) vg.Length {
	return c.Max.Y + e.leader() + e.d/2 + vg.Length(row)*(e.d+e.gap)
}

func (e eventsPlotter) leader() vg.Length { return e.d * 0.55 }

// stripHeight is the room the discs need above the data.
func (e eventsPlotter) stripHeight(rows int) vg.Length {
	return e.leader() + vg.Length(rows)*(e.d+e.gap)
}

// DataRange implements plot.DataRanger. Events widen the time axis so they
// are visible, and have no y extent: ±Inf, never NaN, which would hang
// gonum's tick search.
func (e eventsPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = math.Inf(1), math.Inf(-1)
	for _, ev := range e.events {
		xmin, xmax = math.Min(xmin, ev.x), math.Max(xmax, ev.end)
	}
	return xmin, xmax, math.Inf(1), math.Inf(-1)
}

// placeMarkers places discs for events at xs (in order) at least step
// apart, in at most maxRows rows. Discs that would touch are spread sideways
// around their events in one row (dodge); when a row cannot hold them all,
// they are dealt to rows in turn, each row holding every k-th event across
// the whole axis, and dodged within their row. ok is false when maxRows
// rows cannot hold them: such events are drawn as lines only.
func placeMarkers(xs []vg.Length, step, lo, hi vg.Length, maxRows int) (placed []vg.Length, rows []int, ok bool) {
	rows = make([]int, len(xs))
	perRow := max(int((hi-lo)/step)+1, 1)
	n := (len(xs) + perRow - 1) / perRow
	if n <= 1 {
		return dodge(xs, step, lo, hi), rows, true
	}
	if n > maxRows {
		return nil, nil, false
	}
	placed = make([]vg.Length, len(xs))
	for r := range n {
		var idx []int
		var sub []vg.Length
		for i := r; i < len(xs); i += n {
			idx, sub = append(idx, i), append(sub, xs[i])
		}
		for k, x := range dodge(sub, step, lo, hi) {
			placed[idx[k]], rows[idx[k]] = x, r
		}
	}
	return placed, rows, true
}

// dodge merges overlapping discs into clusters centred on the mean of their
// events, until no clusters overlap; clusters are kept inside [lo, hi].
func dodge(xs []vg.Length, step, lo, hi vg.Length) []vg.Length {
	type cluster struct {
		first, n int
		sum      vg.Length // of the wanted positions
	}
	left := func(c cluster) vg.Length {
		l := c.sum/vg.Length(c.n) - vg.Length(c.n-1)*step/2
		return max(lo, min(l, hi-vg.Length(c.n-1)*step))
	}
	var cs []cluster
	for i, x := range xs {
		cs = append(cs, cluster{first: i, n: 1, sum: x})
		for len(cs) > 1 {
			a, b := cs[len(cs)-2], cs[len(cs)-1]
			if left(b) >= left(a)+vg.Length(a.n)*step {
				break
			}
			cs = append(cs[:len(cs)-2], cluster{first: a.first, n: a.n + b.n, sum: a.sum + b.sum})
		}
	}
	out := make([]vg.Length, len(xs))
	for _, c := range cs {
		for k := range c.n {
			out[c.first+k] = left(c) + vg.Length(k)*step
		}
	}
	return out
}

func rowCount(rows []int) int {
	n := 0
	for _, r := range rows {
		n = max(n, r+1)
	}
	return n
}

// drawNumber draws an event number: white figures on a dark disc.
func drawNumber(c draw.Canvas, ctr vg.Point, d vg.Length, n int, sty text.Style) {
	var disc vg.Path
	disc.Move(vg.Point{X: ctr.X + d/2, Y: ctr.Y})
	disc.Arc(ctr, d/2, 0, 2*math.Pi)
	disc.Close()
	c.SetColor(inkNumber)
	c.Fill(disc)
	label := itoa(n)
	if w := sty.Width(label); w > d*0.78 {
		sty.Font.Size *= d * 0.78 / w
	}
	sty.Color = color.White
	sty.XAlign = draw.XCenter
	// Centre the digits' cap height (about 0.72 em in Liberation Sans) on the disc.
	fillBaseline(c, sty, ctr.X, ctr.Y-sty.Font.Size*0.36, label)
}
