package charts

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

// hiddenMarkers returns the markers of c that those drawn after them cover
// wholly, by TestNoMarkerHidden's rule: a marker counts as covered when no
// point of the inner half of its box is outside the boxes of the markers
// drawn after it.
func hiddenMarkers(c *Chart) []drawnMarker {
	ms := c.markersDrawn()
	box := func(m drawnMarker) (vg.Point, vg.Point) {
		p := c.pubs[m.pub]
		h := markerHalf(p.shape, p.pts[m.idx].q, m.r)
		return vg.Point{X: m.at.X - h, Y: m.at.Y - h}, vg.Point{X: m.at.X + h, Y: m.at.Y + h}
	}
	var hidden []drawnMarker
	for i, m := range ms {
		lo, hi := box(m)
		visible := false
		const n = 9
		for a := 1; a < n && !visible; a++ {
			for b := 1; b < n && !visible; b++ {
				pt := vg.Point{X: m.at.X + (lo.X-m.at.X)/2 + (hi.X-lo.X)/2*vg.Length(a)/n, Y: m.at.Y + (lo.Y-m.at.Y)/2 + (hi.Y-lo.Y)/2*vg.Length(b)/n}
				covered := false
				for _, later := range ms[i+1:] {
					l, h := box(later)
					if pt.X >= l.X && pt.X <= h.X && pt.Y >= l.Y && pt.Y <= h.Y {
						covered = true
						break
					}
				}
				visible = !covered
			}
		}
		if !visible {
			hidden = append(hidden, m)
		}
	}
	return hidden
}

// orgFigure is an exact figure of one organisation, ending on end.
func orgFigure(id, end string, v float64, o domain.OrgRef) domain.Figure {
	return attributed(fig(id, end, v, domain.Exact, o.Label(), o.Label(), ""), o)
}

// reportHidden fails t for each marker of c that is wholly covered.
func reportHidden(t *testing.T, c *Chart) {
	t.Helper()
	for _, m := range hiddenMarkers(c) {
		p := c.pubs[m.pub]
		t.Errorf("%s's marker of %v (%s) at %v r=%.1f is wholly covered by markers drawn after it", p.name, p.pts[m.idx].y, p.pts[m.idx].when, m.at, m.r)
	}
}

// TestDodgeAcrossNeighbouringDays: on a ten-year series a day is a fifth
// of a pixel. A marker one day later with a low value must not cut the
// cluster of two organisations' equal values a day apart: IOM's 800,000
// on 30 Mar 2025 stays visible beside WFP's 800,000 on 31 Mar 2025.
func TestDodgeAcrossNeighbouringDays(t *testing.T) {
	figs := []domain.Figure{
		orgFigure("c1a", "2015-01-31", 300000, orgUNHCR), // UNHCR first in the legend
		orgFigure("aa", "2015-02-28", 400000, orgIOM),
		orgFigure("c2a", "2015-03-31", 500000, orgIDMC),
		orgFigure("ba", "2015-04-30", 600000, orgWFP),
		orgFigure("A", "2025-03-30", 800000, orgIOM),
		orgFigure("C1", "2025-03-31", 100000, orgUNHCR),
		orgFigure("C2", "2025-03-31", 100000, orgIDMC),
		orgFigure("B", "2025-03-31", 800000, orgWFP),
	}
	c, err := SeriesChart(Input{Series: iomSeries, Figures: figs, AsOf: asOf}, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	reportHidden(t, c)
}

// TestDodgeMarkersAPixelApart: on a ten-year chart two organisations
// giving one value five days apart (about a pixel) are spread, not drawn
// one over all but a sliver of the other.
func TestDodgeMarkersAPixelApart(t *testing.T) {
	figs := []domain.Figure{
		orgFigure("a0", "2015-01-31", 300000, orgIOM),
		orgFigure("b0", "2015-06-30", 400000, orgUNHCR),
		orgFigure("a1", "2025-03-26", 800000, orgIOM),
		orgFigure("b1", "2025-03-31", 800000, orgUNHCR),
	}
	c, err := SeriesChart(Input{Series: iomSeries, Figures: figs, AsOf: asOf}, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	reportHidden(t, c)
}

// TestDenseSeriesMarkerNotHidden: an organisation whose markers shrink (a
// dense series) is not spread; its small markers are drawn after the
// full-size ones, so another organisation's marker at the same date and
// value does not cover its figure, and the full-size marker under it
// still shows most of itself around it. The boxes of hiddenMarkers would
// count a full-size marker under a small one at its centre as hidden (they
// look at the inner half of a marker only), so this test looks at the
// markers' true outlines, with the white halo drawn around each.
func TestDenseSeriesMarkerNotHidden(t *testing.T) {
	var figs []domain.Figure
	d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 200 {
		figs = append(figs, orgFigure("u"+itoa(i), d.AddDate(0, 0, i).Format("2006-01-02"), 500000+float64(i)*1000, orgUNHCR))
	}
	figs = append(figs, orgFigure("i1", "2024-03-01", 560000, orgIOM), orgFigure("i2", "2024-06-01", 652000, orgIOM))
	c, err := SeriesChart(Input{Series: iomSeries, Figures: figs, AsOf: asOf}, SizeMedium)
	if err != nil {
		t.Fatal(err)
	}
	small := 0
	for _, m := range c.markersDrawn() {
		if m.r < 2 {
			small++
		}
	}
	if small < 150 {
		t.Fatalf("%d small markers: the series is not dense", small)
	}
	ms := c.markersDrawn()
	for i, m := range ms {
		p := c.pubs[m.pub]
		if share := visibleShare(c, ms, i); share < 0.25 {
			t.Errorf("%s's marker of %v (%s) r=%.1f shows %.0f%% of itself", p.name, p.pts[m.idx].y, p.pts[m.idx].when, m.r, share*100)
		}
	}
}

// outline is the polygon of a drawn marker, arcs flattened, and how far
// its stroke (a white halo, or an approximate figure's ring) reaches past
// it.
func outline(c *Chart, m drawnMarker) ([]vg.Point, vg.Length) {
	p := c.pubs[m.pub]
	q := p.pts[m.idx].q
	var poly []vg.Point
	for _, comp := range markerPath(p.shape, m.at, m.r, q) {
		switch comp.Type {
		case vg.MoveComp, vg.LineComp:
			poly = append(poly, comp.Pos)
		case vg.ArcComp:
			for k := range 64 {
				s, co := math.Sincos(comp.Start + comp.Angle*float64(k)/64)
				poly = append(poly, vg.Point{X: comp.Pos.X + comp.Radius*vg.Length(co), Y: comp.Pos.Y + comp.Radius*vg.Length(s)})
			}
		}
	}
	switch {
	case q == domain.Approx:
		return poly, max(m.r*0.42, 1.2) / 2
	case m.r < 2:
		return poly, 0
	}
	return poly, max(m.r*0.22, 0.75) / 2
}

// inside reports whether pt lies in poly or within d of its edges.
func inside(poly []vg.Point, d vg.Length, pt vg.Point) bool {
	in := false
	for k := range poly {
		a, b := poly[k], poly[(k+1)%len(poly)]
		if (a.Y > pt.Y) != (b.Y > pt.Y) && pt.X < a.X+(pt.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y) {
			in = !in
		}
		// The distance from pt to the edge a–b.
		ex, ey := float64(b.X-a.X), float64(b.Y-a.Y)
		u := 0.0
		if l := ex*ex + ey*ey; l > 0 {
			u = min(1, max(0, (float64(pt.X-a.X)*ex+float64(pt.Y-a.Y)*ey)/l))
		}
		if math.Hypot(float64(pt.X-a.X)-u*ex, float64(pt.Y-a.Y)-u*ey) <= float64(d) {
			return true
		}
	}
	return in
}

// visibleShare is the share of ms[i]'s area, on a grid a tenth of a
// point apart, that no marker drawn after it (with its stroke) covers.
func visibleShare(c *Chart, ms []drawnMarker, i int) float64 {
	poly, _ := outline(c, ms[i])
	lo, hi := poly[0], poly[0]
	for _, p := range poly {
		lo = vg.Point{X: min(lo.X, p.X), Y: min(lo.Y, p.Y)}
		hi = vg.Point{X: max(hi.X, p.X), Y: max(hi.Y, p.Y)}
	}
	type later struct {
		poly []vg.Point
		d    vg.Length
	}
	var over []later
	for _, m := range ms[i+1:] {
		lp, d := outline(c, m)
		if max(m.at.X-hi.X, lo.X-m.at.X, m.at.Y-hi.Y, lo.Y-m.at.Y) < 2*m.r+d+1 {
			over = append(over, later{lp, d})
		}
	}
	area, seen := 0, 0
	for x := lo.X; x <= hi.X; x += 0.1 {
		for y := lo.Y; y <= hi.Y; y += 0.1 {
			pt := vg.Point{X: x, Y: y}
			if !inside(poly, 0, pt) {
				continue
			}
			area++
			if !slices.ContainsFunc(over, func(l later) bool { return inside(l.poly, l.d, pt) }) {
				seen++
			}
		}
	}
	if area == 0 {
		return 0
	}
	return float64(seen) / float64(area)
}

// TestOverlapClustersMatchPairs: the sweep joins exactly the markers that
// checking every pair joins, for random markers on a small grid (many
// ties in x and in y) and on a wide one.
func TestOverlapClustersMatchPairs(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 1))
	for trial := range 300 {
		n := 1 + rng.IntN(60)
		span := []float64{6, 40, 400}[trial%3]
		ms := make([]dodgeMarker, n)
		for k := range ms {
			ms[k] = dodgeMarker{x: vg.Length(math.Round(rng.Float64()*span*2) / 2), y: vg.Length(math.Round(rng.Float64()*span*2) / 2), idx: k}
		}
		slices.SortFunc(ms, func(a, b dodgeMarker) int {
			return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.y, b.y), cmp.Compare(a.idx, b.idx))
		})
		const w = 9
		root := overlapClusters(ms, w)
		// Every pair, joined by a plain union-find.
		parent := make([]int, n)
		for k := range parent {
			parent[k] = k
		}
		var find func(int) int
		find = func(k int) int {
			if parent[k] != k {
				parent[k] = find(parent[k])
			}
			return parent[k]
		}
		for a := range ms {
			for b := a + 1; b < n; b++ {
				if math.Abs(float64(ms[a].x-ms[b].x)) < w && math.Abs(float64(ms[a].y-ms[b].y)) < w {
					parent[find(a)] = find(b)
				}
			}
		}
		for a := range ms {
			for b := a + 1; b < n; b++ {
				if (root(a) == root(b)) != (find(a) == find(b)) {
					t.Fatalf("trial %d: markers %v and %v joined %v by the sweep, %v by every pair", trial, ms[a], ms[b], root(a) == root(b), find(a) == find(b))
				}
			}
		}
	}
}

// TestSpreadClusterKeepsApartAndNear: two organisations' markers a pixel
// apart end up at least dodgeStep radii apart, each moved by under two
// radii; a run of two organisations' alternating markers already more
// than a radius apart does not move.
func TestSpreadClusterKeepsApartAndNear(t *testing.T) {
	const r = 4.5
	moved := spreadCluster([]dodgeMarker{{x: 100, y: 50, pub: 0, orders: 0}, {x: 101, y: 50, pub: 1, idx: 0, orders: 1}}, r, 0, 1000)
	if d := (101 + moved[1]) - (100 + moved[0]); d < r*dodgeStep-1e-9 {
		t.Errorf("markers a pixel apart end %v apart, want at least %v (moved %v)", d, r*dodgeStep, moved)
	}
	for _, m := range moved {
		if m > 2*r || m < -2*r {
			t.Errorf("a marker moved %v", m)
		}
	}
	var run []dodgeMarker
	for k := range 100 {
		run = append(run, dodgeMarker{x: vg.Length(5 * k), y: 50, pub: k % 2, idx: k / 2, orders: k % 2})
	}
	for k, m := range spreadCluster(run, r, -10, 1000) {
		if m != 0 {
			t.Errorf("alternating marker %d moved %v", k, m)
		}
	}
}
