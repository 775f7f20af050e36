package charts

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

// Coinciding markers. Two organisations that report one date with the same
// or nearly the same value would draw one marker over the other, and the
// reader would never learn that a second organisation agrees, or nearly
// disagrees. Markers overlap when they are closer than a marker's width
// both across and up (|dx| < r1+r2 and |dy| < r1+r2): on a ten-year chart
// a day is a fifth of a pixel, so figures a day or a few days apart
// overlap as surely as those of one date. Overlapping markers are joined
// into clusters (overlap is followed from marker to marker), and the
// markers of a cluster are spread sideways, as little as will do: in the
// order of their x and, on one x, in the order they are drawn, every
// later marker sits at least one and a half radii to the right of one of
// another organisation before it, so a strip of each stays uncovered
// however many coincide. Markers already at least a radius apart keep
// their distance and are not pushed further, so a long run of two
// organisations' alternating figures is not stretched along the axis.
// A few pixels sideways misplaces no date a reader can read off the axis;
// hiding a figure misleads. Figures of one organisation are not spread
// apart: they share a colour and a shape. Nor are those of a series so
// dense that its markers shrink (markerRadius): its line carries it, and
// spreading would make the line jitter; its small markers are drawn after
// the full-size ones instead (eachMarker), so none of those covers them.

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

// dodgeMarker is one full-size marker that dodges may move.
type dodgeMarker struct {
	x, y   vg.Length
	pub    int
	idx    int
	orders int // the order drawn: drawPass*len(pubs) + pub
}

// dodges is how far each marker is moved sideways (f.pubs[i].pts[j] by
// dx[i][j]); nil when none is. A spread cluster is kept between lo and hi,
// the plot's sides (or where its markers already reach past them). It
// sorts the markers, sweeps over x with a window a marker's width wide,
// and lays each cluster out in one pass: O(n log n).
func (f figuresPlotter) dodges(trX, trY func(float64) vg.Length, lo, hi vg.Length) [][]vg.Length {
	if len(f.pubs) < 2 {
		return nil
	}
	var ms []dodgeMarker
	for i, p := range f.pubs {
		if f.markerRadius(p, trX) < f.radius {
			continue // dense: its line carries it (markerRadius)
		}
		for j, pt := range p.pts {
			if !finite(pt.x) || !finite(pt.y) {
				continue
			}
			ms = append(ms, dodgeMarker{x: f.centre(pt, trX), y: trY(pt.y), pub: i, idx: j, orders: drawPass(pt)*len(f.pubs) + i})
		}
	}
	if len(ms) < 2 {
		return nil
	}
	// Every marker here has the full radius, so two overlap when both
	// |dx| and |dy| are under twice that.
	r := f.radius
	w := 2 * r
	slices.SortFunc(ms, func(a, b dodgeMarker) int {
		return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y), cmp.Compare(a.pub, b.pub), cmp.Compare(a.idx, b.idx))
	})
	root := overlapClusters(ms, w)

	// The clusters, each in the order of its first marker.
	members := map[int][]int{}
	var firsts []int
	for k := range ms {
		c := root(k)
		if _, ok := members[c]; !ok {
			firsts = append(firsts, c)
		}
		members[c] = append(members[c], k)
	}
	var dx [][]vg.Length
	for _, c := range firsts {
		ks := members[c]
		if len(ks) < 2 {
			continue
		}
		cl := make([]dodgeMarker, len(ks))
		for n, k := range ks {
			cl[n] = ms[k]
		}
		moved := spreadCluster(cl, r, lo, hi)
		for n, e := range cl {
			if moved[n] == 0 {
				continue
			}
			if dx == nil {
				dx = make([][]vg.Length, len(f.pubs))
			}
			if dx[e.pub] == nil {
				dx[e.pub] = make([]vg.Length, len(f.pubs[e.pub].pts))
			}
			dx[e.pub][e.idx] = moved[n]
		}
	}
	return dx
}

// overlapClusters joins markers, sorted by x, that overlap (|dx| < w and
// |dy| < w), and returns the cluster (a marker's index) of each. It sweeps
// over x keeping the markers less than w to the left in a window ordered
// by y: those of the window within w below a new marker all overlap one
// another, and so were joined already, and so were those within w above
// it; joining the new marker to the nearest below and the nearest above
// joins it to all it overlaps.
func overlapClusters(ms []dodgeMarker, w vg.Length) func(int) int {
	n := len(ms)
	parent := make([]int, n)
	for k := range parent {
		parent[k] = k
	}
	var find func(int) int
	find = func(k int) int {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	union := func(a, b int) {
		a, b = find(a), find(b)
		if a == b {
			return
		}
		if b < a {
			a, b = b, a
		}
		parent[b] = a // the first in x order names the cluster
	}
	// rank[k] is ms[k]'s place in y order; byRank the inverse.
	byRank := make([]int, n)
	for k := range byRank {
		byRank[k] = k
	}
	slices.SortFunc(byRank, func(a, b int) int { return cmp.Or(cmp.Compare(ms[a].y, ms[b].y), cmp.Compare(a, b)) })
	rank := make([]int, n)
	for r, k := range byRank {
		rank[k] = r
	}
	var window fenwick = make([]int, n+1)
	left := 0 // the first marker still in the window
	for k := range ms {
		for ms[k].x-ms[left].x >= w {
			window.add(rank[left], -1)
			left++
		}
		below := window.sum(rank[k]) // window markers lower in y order
		if below > 0 {
			if j := byRank[window.find(below)]; ms[k].y-ms[j].y < w {
				union(k, j)
			}
		}
		if below < k-left {
			if j := byRank[window.find(below+1)]; ms[j].y-ms[k].y < w {
				union(k, j)
			}
		}
		window.add(rank[k], 1)
	}
	return find
}

// fenwick counts the markers in the window by their y rank.
type fenwick []int

// add adds d at rank i.
func (t fenwick) add(i, d int) {
	for i++; i < len(t); i += i & -i {
		t[i] += d
	}
}

// sum is the count at ranks below i.
func (t fenwick) sum(i int) int {
	s := 0
	for ; i > 0; i -= i & -i {
		s += t[i]
	}
	return s
}

// find is the rank of the k-th counted marker (k from 1).
func (t fenwick) find(k int) int {
	pos := 0
	for step := 1 << bits.Len(uint(len(t)-1)); step > 0; step >>= 1 {
		if next := pos + step; next < len(t) && t[next] < k {
			pos = next
			k -= t[next]
		}
	}
	return pos // 1-based pos+1, so rank pos
}

// spreadCluster lays out one cluster of overlapping markers of radius r
// and returns how far each moves sideways. In order of x and, on one x,
// of drawing, a marker of another organisation less than a radius to the
// right of the one before is kept dodgeStep radii from it; others keep
// their distance (at most dodgeStep radii of it). Of the layouts that do
// so, it takes the one that moves the markers least (the sum of squares),
// found by pooling adjacent violators; a cluster pushed past the plot's
// sides by it is moved back in.
func spreadCluster(cl []dodgeMarker, r, lo, hi vg.Length) []vg.Length {
	order := make([]int, len(cl))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int {
		ea, eb := cl[a], cl[b]
		return cmp.Or(cmp.Compare(ea.x, eb.x), cmp.Compare(ea.orders, eb.orders), cmp.Compare(ea.y, eb.y), cmp.Compare(ea.pub, eb.pub), cmp.Compare(ea.idx, eb.idx))
	})
	step := r * dodgeStep
	// gaps[k] is the least distance from the marker before to the k-th;
	// t[k] is where the k-th would be less the gaps before it: the
	// layout's X[k]-G[k] must not fall, and is fitted to t.
	gaps := make([]vg.Length, len(order))
	t := make([]vg.Length, len(order))
	var g vg.Length
	for k, i := range order {
		if k > 0 {
			prev := cl[order[k-1]]
			d := cl[i].x - prev.x
			if cl[i].pub != prev.pub && d < r {
				gaps[k] = step
			} else {
				gaps[k] = min(d, step)
			}
		}
		g += gaps[k]
		t[k] = cl[i].x - g
	}
	// Pool adjacent violators: blocks of equal fitted value.
	type block struct {
		sum   vg.Length
		n     int
		start int
	}
	var bs []block
	for k, v := range t {
		bs = append(bs, block{sum: v, n: 1, start: k})
		for len(bs) > 1 {
			a, b := bs[len(bs)-2], bs[len(bs)-1]
			if a.sum/vg.Length(a.n) <= b.sum/vg.Length(b.n) {
				break
			}
			bs = append(bs[:len(bs)-2], block{sum: a.sum + b.sum, n: a.n + b.n, start: a.start})
		}
	}
	at := make([]vg.Length, len(order))
	g = 0
	for b, bl := range bs {
		end := len(order)
		if b+1 < len(bs) {
			end = bs[b+1].start
		}
		for k := bl.start; k < end; k++ {
			g += gaps[k]
			at[k] = bl.sum/vg.Length(bl.n) + g
		}
	}
	// Keep the cluster within the plot, or within where it already was.
	xlo, xhi := cl[order[0]].x, cl[order[len(order)-1]].x
	lo, hi = min(lo, xlo-r), max(hi, xhi+r)
	shift := vg.Length(0)
	if left := at[0] - r; left < lo {
		shift = lo - left
	} else if right := at[len(at)-1] + r; right > hi {
		shift = hi - right
	}
	moved := make([]vg.Length, len(cl))
	for k, i := range order {
		if d := at[k] + shift - cl[i].x; d > 1e-9 || d < -1e-9 {
			moved[i] = d
		}
	}
	return moved
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
// each pass publisher by publisher; the full-size markers first, then
// those of dense series (markerRadius), which dodges does not spread: a
// small marker drawn last cannot be covered by another organisation's
// full-size one at its date and value. A marker within half a pixel of the
// publisher's previous one of the same kind would only paint over it,
// and is skipped: 100,000 figures draw in a fraction of the time.
func (f figuresPlotter) eachMarker(trX, trY func(float64) vg.Length, yield func(drawnMarker) bool) {
	rs := make([]vg.Length, len(f.pubs))
	for i, pub := range f.pubs {
		rs[i] = f.markerRadius(pub, trX)
	}
	// Deprecated claims of every publisher (drawn under everything), then
	// the two other passes of the full-size publishers, then of the dense.
	for _, step := range [...]struct {
		pass  int
		dense int // 0 full-size, 1 dense, 2 either
	}{{0, 2}, {1, 0}, {2, 0}, {1, 1}, {2, 1}} {
		pass := step.pass
		for i, pub := range f.pubs {
			r := rs[i]
			if dense := r < f.radius; step.dense == 0 && dense || step.dense == 1 && !dense {
				continue
			}
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
