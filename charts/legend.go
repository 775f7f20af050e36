package charts

import (
	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendItem is one entry of a key row: a swatch and a label.
type legendItem struct {
	label  string
	pub    *publisher       // a publisher's line and marker, or
	q      domain.Qualifier // a qualifier's marker in grey, or neither: a wrapped label's next line
	swatch vg.Length        // room for the line and marker before the label
	width  vg.Length        // swatch, label and the space after them
}

type legendRow []legendItem

func (c *Chart) publisherItems() []legendItem {
	items := make([]legendItem, len(c.pubs))
	for i := range c.pubs {
		items[i] = legendItem{label: c.pubs[i].name, pub: &c.pubs[i]}
	}
	return items
}

// qualKey is one line of the symbol key.
type qualKey struct {
	q     domain.Qualifier // the marker to show
	label string
}

// qualifiersIn returns the symbol key for the qualifiers figs use, in a fixed
// order. A chart of exact figures only needs no key.
func qualifiersIn(figs []domain.Figure) []qualKey {
	seen := map[domain.Qualifier]bool{}
	for _, f := range figs {
		seen[f.Qualifier] = true
	}
	if len(seen) == 0 || len(seen) == 1 && (seen[domain.Exact] || seen[""]) {
		return nil
	}
	var keys []qualKey
	if seen[domain.Exact] || seen[""] {
		keys = append(keys, qualKey{domain.Exact, "exact figure"})
	}
	if seen[domain.Approx] {
		keys = append(keys, qualKey{domain.Approx, "approximate (“about”, “nearly”)"})
	}
	if l := bounds(seen, domain.AtLeast, domain.MoreThan); l != "" {
		keys = append(keys, qualKey{domain.AtLeast, l})
	}
	if l := bounds(seen, domain.AtMost, domain.LessThan); l != "" {
		keys = append(keys, qualKey{domain.AtMost, l})
	}
	if seen[domain.Range] {
		keys = append(keys, qualKey{domain.Range, "range (low to high)"})
	}
	return keys
}

// bounds labels a triangle with the qualifiers of its direction that occur.
func bounds(seen map[domain.Qualifier]bool, a, b domain.Qualifier) string {
	switch {
	case seen[a] && seen[b]:
		return a.Words() + " / " + b.Words()
	case seen[a]:
		return a.Words()
	case seen[b]:
		return b.Words()
	}
	return ""
}

func (c *Chart) symbolItems() []legendItem {
	items := make([]legendItem, len(c.quals))
	for i, k := range c.quals {
		items[i] = legendItem{label: k.label, q: k.q}
	}
	return items
}

// wrapItems measures items and breaks them into rows that fit width. A label
// too long for a row of its own is wrapped onto continuation items.
func wrapItems(sty text.Style, items []legendItem, width vg.Length) []legendRow {
	var rows []legendRow
	var row legendRow
	used := vg.Length(0)
	space := sty.Font.Size * 1.4
	for _, it := range items {
		for _, part := range splitItem(sty, it, width) {
			if len(row) > 0 && used+part.width-space > width || part.pub == nil && part.q == "" {
				rows, row, used = append(rows, row), nil, 0
			}
			row = append(row, part)
			used += part.width
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// splitItem measures an item, and wraps its label if the item alone is wider
// than a row: a long organization name must not run off the canvas.
func splitItem(sty text.Style, it legendItem, width vg.Length) []legendItem {
	it.label = clean(it.label)
	sw, space := swatchWidth(sty, it), sty.Font.Size*1.4
	it.swatch, it.width = sw, sw+sty.Width(it.label)+space
	if it.width-space <= width {
		return []legendItem{it}
	}
	lines := wrap(sty, it.label, width-sw)
	out := make([]legendItem, len(lines))
	for i, line := range lines {
		out[i] = legendItem{label: line, swatch: sw, width: sw + sty.Width(line) + space}
	}
	out[0].pub, out[0].q = it.pub, it.q
	return out
}

// swatchWidth is room for a short line with a marker on it, or for a
// marker alone.
func swatchWidth(sty text.Style, it legendItem) vg.Length {
	if it.pub != nil {
		return sty.Font.Size * 2.4
	}
	return sty.Font.Size * 1.5
}

func rowHeight(sty text.Style) vg.Length { return sty.Font.Size * 1.6 }

// drawRows draws key rows from top down and returns the y under them.
func drawRows(c draw.Canvas, th theme, sty text.Style, rows []legendRow, x, top vg.Length) vg.Length {
	rowH := rowHeight(sty)
	for _, row := range rows {
		mid := top - rowH/2
		cx := x
		for _, it := range row {
			sw := it.swatch
			drawSwatch(&c, th, it, vg.Point{X: cx + sw*0.4, Y: mid}, sw*0.8)
			// Cap height is about 0.72 em: centre the capitals on the swatch.
			fillBaseline(c, sty, cx+sw, mid-sty.Font.Size*0.36, it.label)
			cx += it.width
		}
		top -= rowH
	}
	return top
}

// drawSwatch draws a publisher's line and marker, or a qualifier's marker in
// grey, centred at ctr.
func drawSwatch(c *draw.Canvas, th theme, it legendItem, ctr vg.Point, w vg.Length) {
	switch {
	case it.pub != nil:
		c.StrokeLine2(draw.LineStyle{Color: it.pub.color, Width: th.line}, ctr.X-w/2, ctr.Y, ctr.X+w/2, ctr.Y)
		drawMarker(c, ctr, th.radius*1.1, it.pub.shape, domain.Exact, it.pub.color)
	case it.q == domain.Range:
		drawRangeBar(c, ctr.X, ctr.Y-th.radius*1.7, ctr.Y+th.radius*1.7, th.radius, inkMuted)
		drawMarker(c, ctr, th.radius, shapeCircle, domain.Exact, inkMuted)
	case it.q != "":
		drawMarker(c, ctr, th.radius*1.1, shapeCircle, it.q, inkMuted)
	}
}
