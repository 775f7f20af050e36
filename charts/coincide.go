package charts

import (
	"cmp"
	"slices"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

// Coinciding markers. Two organisations that report one date with the same
// or nearly the same value would draw one marker over the other, and the
// reader would never learn that a second organisation agrees, or nearly
// disagrees. Markers of different organisations at one x (the same day,
// or within half a pixel) whose values are closer than a marker's width
// are spread sideways around their date, one and a half radii apart, in
// the order they are drawn: every later marker sits to the right of the
// earlier ones, so a strip of each stays uncovered however many coincide.
// A few pixels sideways misplaces no date a reader can read off the axis;
// hiding a figure misleads. Figures of one organisation are not spread:
// they share a colour and a shape. Nor are those of a series so dense that
// its markers shrink (markerRadius): its line carries it, and spreading
// would make the line jitter.

// dodgeStep is how far apart, in marker radii, coinciding markers are
// spread.
const dodgeStep = 1.5

// drawnMarker is one figure's marker where the plotter draws it.
type drawnMarker struct {
	pub, idx int // f.pubs[pub].pts[idx]
	at       vg.Point
	r        vg.Length
}

// drawPass is when a marker is drawn (drawMarkers): deprecated claims
// first, then exact figures and ranges, then bounds and approximate
// figures, whose shape is what tells them apart.
func drawPass(pt point) int {
	switch {
	case deprecated(pt):
		return 0
	case qualified(pt.q):
		return 2
	}
	return 1
}

// dodges is how far each marker is moved sideways (f.pubs[i].pts[j] by
// dx[i][j]); nil when none is. A spread cluster is kept between lo and hi,
// the plot's sides. It sorts the markers once: O(n log n).
func (f figuresPlotter) dodges(trX, trY func(float64) vg.Length, lo, hi vg.Length) [][]vg.Length {
	if len(f.pubs) < 2 {
		return nil
	}
	type m struct {
		x, y   vg.Length
		pub    int
		idx    int
		r      vg.Length
		orders int // drawPass*len(pubs) + pub: the order drawn
	}
	var ms []m
	for i, p := range f.pubs {
		r := f.markerRadius(p, trX)
		if r < f.radius {
			continue // dense: its line carries it (markerRadius)
		}
		for j, pt := range p.pts {
			if !finite(pt.x) || !finite(pt.y) {
				continue
			}
			ms = append(ms, m{x: f.centre(pt, trX), y: trY(pt.y), pub: i, idx: j, r: r, orders: drawPass(pt)*len(f.pubs) + i})
		}
	}
	slices.SortFunc(ms, func(a, b m) int {
		return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y), cmp.Compare(a.pub, b.pub), cmp.Compare(a.idx, b.idx))
	})
	var dx [][]vg.Length
	var slots []int // the draw orders of one cluster, each once
	spread := func(c []m) {
		slots = slots[:0]
		rmax := vg.Length(0)
		for _, e := range c {
			rmax = max(rmax, e.r)
			// A publisher takes the slot of its first-drawn marker here.
			if k := slices.IndexFunc(slots, func(o int) bool { return o%len(f.pubs) == e.pub }); k >= 0 {
				slots[k] = min(slots[k], e.orders)
			} else {
				slots = append(slots, e.orders)
			}
		}
		if len(slots) < 2 {
			return
		}
		slices.Sort(slots)
		if dx == nil {
			dx = make([][]vg.Length, len(f.pubs))
		}
		step := rmax * dodgeStep
		mid := vg.Length(len(slots)-1) / 2
		shift := vg.Length(0)
		if left := c[0].x - mid*step - rmax; left < lo {
			shift = lo - left
		} else if right := c[0].x + mid*step + rmax; right > hi {
			shift = hi - right
		}
		for _, e := range c {
			k := slices.IndexFunc(slots, func(o int) bool { return o%len(f.pubs) == e.pub })
			if dx[e.pub] == nil {
				dx[e.pub] = make([]vg.Length, len(f.pubs[e.pub].pts))
			}
			dx[e.pub][e.idx] = (vg.Length(k)-mid)*step + shift
		}
	}
	for a := 0; a < len(ms); {
		b := a + 1
		for b < len(ms) && ms[b].x-ms[a].x <= 0.5 {
			b++
		}
		// ms[a:b] share an x, in value order: chain those closer than a
		// marker's width into clusters.
		start := a
		for k := a + 1; k <= b; k++ {
			if k == b || ms[k].y-ms[k-1].y >= ms[k].r+ms[k-1].r {
				if k-start > 1 {
					spread(ms[start:k])
				}
				start = k
			}
		}
		a = b
	}
	return dx
}

// centre is where a point's marker goes before any dodge: at its x, or,
// for a span a date window cuts, at the middle of the part the plot
// shows, so that the marker stays on the plot and on its span.
func (f figuresPlotter) centre(pt point, trX func(float64) vg.Length) vg.Length {
	x := trX(pt.x)
	if !pt.spanned() || f.hi <= f.lo {
		return x
	}
	x0, x1 := trX(pt.x0), trX(pt.x1)
	if x0 >= f.lo && x1 <= f.hi {
		return x
	}
	x0, x1 = max(x0, f.lo), min(x1, f.hi)
	return (x0 + x1) / 2
}

// at is where the marker of f.pubs[i].pts[j] is drawn.
func (f figuresPlotter) at(i, j int, trX, trY func(float64) vg.Length) vg.Point {
	pt := f.pubs[i].pts[j]
	p := vg.Point{X: f.centre(pt, trX), Y: trY(pt.y)}
	if f.dx != nil && f.dx[i] != nil {
		p.X += f.dx[i][j]
	}
	return p
}

// eachMarker yields the markers in the order drawMarkers draws them:
// deprecated claims, then exact figures and ranges, then qualified ones,
// each pass publisher by publisher. A marker within half a pixel of the
// publisher's previous one of the same kind would only paint over it,
// and is skipped: 100,000 figures draw in a fraction of the time.
func (f figuresPlotter) eachMarker(trX, trY func(float64) vg.Length, yield func(drawnMarker) bool) {
	for pass := range 3 {
		for i, pub := range f.pubs {
			r := f.markerRadius(pub, trX)
			var last vg.Point
			var lastQ domain.Qualifier = "none"
			for j, pt := range pub.pts {
				if stopped(f.ctx, j) {
					return
				}
				if drawPass(pt) != pass {
					continue
				}
				at := f.at(i, j, trX, trY)
				if pass > 0 && pt.q == lastQ && near(at, last, 0.5) {
					continue
				}
				if !yield(drawnMarker{pub: i, idx: j, at: at, r: r}) {
					return
				}
				last, lastQ = at, pt.q
			}
		}
	}
}

// markersDrawn is where the chart draws each figure's marker, in the order
// drawn, on its plot area: for tests that check that none is hidden.
func (c *Chart) markersDrawn() []drawnMarker {
	if len(c.pubs) == 0 {
		return nil
	}
	f, dc, trX, trY := c.plotGeometry()
	f.lo, f.hi = dc.Min.X, dc.Max.X
	f.dx = f.dodges(trX, trY, dc.Min.X, dc.Max.X)
	var out []drawnMarker
	f.eachMarker(trX, trY, func(m drawnMarker) bool {
		out = append(out, m)
		return true
	})
	return out
}
