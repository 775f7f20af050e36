package charts

import (
	"image/color"
	"math"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// A reviewer may mark a claim preferred among the others about its fact,
// or deprecated (superseded, known wrong), each with a reason the page
// shows (domain.ClaimMark). A deprecated claim stays on the chart, cited,
// but apart: hollow, grey and struck through, never joined into its
// organisation's line, and never an organisation's first or last report in
// the text alternative. A preferred claim gets a thin ring in its
// organisation's colour. The symbol key explains each mark a chart shows
// and points to the page for the reasons.

// inkDeprecated draws deprecated claims: 3.5:1 on white, readable but
// quieter than any organisation's colour.
var inkDeprecated = color.RGBA{0x8a, 0x8a, 0x8a, 0xff}

// The symbol key's words for the marks.
const (
	keyPreferred  = "preferred (see page)"
	keyDeprecated = "deprecated (see page)"
)

func deprecated(p point) bool { return p.mark == domain.MarkDeprecated }
func preferred(p point) bool  { return p.mark == domain.MarkPreferred }

// symbolKeys is the symbol key of figs, of a series of measure m: what
// the qualifiers' markers mean (qualifiersIn), how a span of time is drawn
// (spanKeys), then the marks that occur.
func symbolKeys(figs []domain.Figure, m domain.Measure) []qualKey {
	keys := append(qualifiersIn(figs), spanKeys(figs, m)...)
	var pref, dep bool
	for _, f := range figs {
		pref = pref || f.Mark == domain.MarkPreferred
		dep = dep || f.Mark == domain.MarkDeprecated
	}
	if pref {
		keys = append(keys, qualKey{q: domain.Exact, mark: domain.MarkPreferred, label: keyPreferred})
	}
	if dep {
		keys = append(keys, qualKey{q: domain.Exact, mark: domain.MarkDeprecated, label: keyDeprecated})
	}
	return keys
}

// drawDeprecated draws a deprecated claim: its marker's outline (the
// qualifier's triangle, else the organisation's shape) hollow and grey,
// struck through, its range bar grey.
func drawDeprecated(c *draw.Canvas, pt point, at vg.Point, trY func(float64) vg.Length, r vg.Length, sh shape) {
	if pt.q == domain.Range {
		drawRangeBar(c, at.X, trY(pt.lo), trY(pt.hi), r, inkDeprecated)
	}
	drawStruck(c, at, r, sh, pt.q)
}

// drawStruck draws the deprecated marker at ctr.
func drawStruck(c *draw.Canvas, ctr vg.Point, r vg.Length, sh shape, q domain.Qualifier) {
	path := markerPath(sh, ctr, r, q)
	c.SetColor(color.White)
	c.Fill(path)
	sty := draw.LineStyle{Color: inkDeprecated, Width: max(r*0.3, 1)}
	c.SetLineStyle(sty)
	c.Stroke(path)
	d := r * 1.2
	c.StrokeLine2(sty, ctr.X-d, ctr.Y-d, ctr.X+d, ctr.Y+d)
}

// drawRing circles a preferred claim's marker in its organisation's colour,
// a little way out so that the marker's own shape still reads.
func drawRing(c *draw.Canvas, ctr vg.Point, r vg.Length, col color.Color) {
	rr := max(r*1.95, r+2.5)
	var p vg.Path
	p.Move(vg.Point{X: ctr.X + rr, Y: ctr.Y})
	p.Arc(ctr, rr, 0, 2*math.Pi)
	p.Close()
	c.SetLineStyle(draw.LineStyle{Color: col, Width: max(r*0.3, 1)})
	c.Stroke(p)
}

// maxNamedMarks is how many marked claims the text alternative names one
// by one; more are counted.
const maxNamedMarks = 3

// marksWords tells the text alternative which claims are marked and how
// they are drawn: "1 deprecated claim is drawn hollow and grey, apart from
// the lines: UNHCR, 931,700 on 2 Jun 2025." "" when none is.
func marksWords(pubs []publisher) string {
	type claim struct {
		who string
		pt  point
	}
	var dep, pref []claim
	for _, p := range pubs {
		for _, pt := range p.pts {
			switch {
			case deprecated(pt):
				dep = append(dep, claim{p.name, pt})
			case preferred(pt):
				pref = append(pref, claim{p.name, pt})
			}
		}
	}
	list := func(cs []claim) string {
		if len(cs) > maxNamedMarks {
			return ""
		}
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = c.who + ", " + valueWords(c.pt) + " " + c.pt.dateWords()
		}
		return ": " + strings.Join(parts, "; ")
	}
	var out []string
	switch n := len(dep); n {
	case 0:
	case 1:
		out = append(out, "1 deprecated claim is drawn hollow and grey, apart from the lines"+list(dep)+".")
	default:
		out = append(out, itoa(n)+" deprecated claims are drawn hollow and grey, apart from the lines"+list(dep)+".")
	}
	switch n := len(pref); n {
	case 0:
	case 1:
		out = append(out, "1 preferred claim is ringed"+list(pref)+".")
	default:
		out = append(out, itoa(n)+" preferred claims are ringed"+list(pref)+".")
	}
	return strings.Join(out, " ")
}

// allDeprecated reports whether pts are all deprecated: nothing of them is
// drawn in their organisation's colour.
func allDeprecated(pts []point) bool {
	for _, pt := range pts {
		if !deprecated(pt) {
			return false
		}
	}
	return len(pts) > 0
}

// livePoints are a publisher's points that are not deprecated: those its
// line joins and its reports begin and end with.
func livePoints(pts []point) []point {
	for _, pt := range pts {
		if deprecated(pt) {
			out := make([]point, 0, len(pts))
			for _, pt := range pts {
				if !deprecated(pt) {
					out = append(out, pt)
				}
			}
			return out
		}
	}
	return pts
}
