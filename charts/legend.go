package charts

import (
	"image/color"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendItem is one entry of a key row: a swatch and a label. The swatch is
// a short line, a marker, both, or nothing.
type legendItem struct {
	label  string
	line   color.Color      // a short line in this colour, or nil
	marker color.Color      // a marker in this colour, or nil
	shape  shape            // the marker's shape
	dash   int              // the line's dash pattern (dashes)
	q      domain.Qualifier // the marker's qualifier; a range adds its bar
	mark   domain.ClaimMark // a mark's key: the marker as the mark draws it
	span   spanKind         // a span's key: the marker on its column or whisker
	newRow bool             // starts a row: a heading, or a wrapped label's next line
	title  bool             // a compare chart's series title: shortened at its end
	swatch vg.Length        // room for the swatch before the label
	width  vg.Length        // swatch, label and the space after them
}

type legendRow []legendItem

// publisherItems keys a series chart: each organisation's line and marker;
// an organisation whose every claim shown is deprecated, by its marker as
// drawn, hollow and grey, since nothing in its colour is.
func (c *Chart) publisherItems() []legendItem {
	items := make([]legendItem, len(c.pubs))
	for i, p := range c.pubs {
		items[i] = legendItem{label: p.name, line: p.color, marker: p.color, shape: p.shape, q: domain.Exact}
		if allDeprecated(p.pts) {
			items[i].line, items[i].mark = nil, domain.MarkDeprecated
		}
	}
	return items
}

// qualKey is one line of the symbol key.
type qualKey struct {
	q     domain.Qualifier // the marker to show
	label string
	mark  domain.ClaimMark // the mark to show (symbolKeys), if any
	span  spanKind         // the span to show (spanKeys), if any
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
		keys = append(keys, qualKey{q: domain.Exact, label: "exact figure"})
	}
	if seen[domain.Approx] {
		keys = append(keys, qualKey{q: domain.Approx, label: "approximate (“about”, “nearly”)"})
	}
	if l := bounds(seen, domain.AtLeast, domain.MoreThan); l != "" {
		keys = append(keys, qualKey{q: domain.AtLeast, label: l})
	}
	if l := bounds(seen, domain.AtMost, domain.LessThan); l != "" {
		keys = append(keys, qualKey{q: domain.AtMost, label: l})
	}
	if seen[domain.Range] {
		keys = append(keys, qualKey{q: domain.Range, label: "range (low to high)"})
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
		items[i] = legendItem{label: k.label, marker: inkMuted, shape: shapeCircle, q: k.q, mark: k.mark, span: k.span}
	}
	return items
}

// wrapItems measures items and breaks them into rows that fit width. A label
// too long for a row of its own is wrapped onto continuation items, and the
// next item starts a row, so that no entry seems to continue another; with
// oneLine it is cut to one line ending in "…" instead.
func wrapItems(sty text.Style, items []legendItem, width vg.Length, oneLine bool) []legendRow {
	var rows []legendRow
	var row legendRow
	used := vg.Length(0)
	space := sty.Font.Size * 1.4
	wrapped := false
	for _, it := range items {
		parts := splitItem(sty, it, width, oneLine)
		for i, part := range parts {
			if len(row) > 0 && (used+part.width-space > width || part.newRow || i == 0 && wrapped) {
				rows, row, used = append(rows, row), nil, 0
			}
			row = append(row, part)
			used += part.width
		}
		wrapped = len(parts) > 1
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// splitItem measures an item, and wraps its label if the item alone is wider
// than a row: a long organization name or series title must not run off the
// canvas. The next lines start rows of their own, indented like the first.
func splitItem(sty text.Style, it legendItem, width vg.Length, oneLine bool) []legendItem {
	// Trimmed: a label of nothing but spaces (or of bytes clean made
	// spaces) wraps to no lines at all.
	it.label = strings.TrimSpace(clean(it.label))
	sw, space := swatchWidth(sty, it), sty.Font.Size*1.4
	it.swatch, it.width = sw, sw+sty.Width(it.label)+space
	if it.width-space <= width {
		return []legendItem{it}
	}
	lines := wrap(sty, it.label, width-sw)
	if oneLine {
		lines = wrapAtMost(sty, it.label, width-sw, 1)
	}
	out := make([]legendItem, len(lines))
	for i, line := range lines {
		out[i] = legendItem{label: line, swatch: sw, width: sw + sty.Width(line) + space, newRow: true}
	}
	first := it
	first.label, first.width = out[0].label, out[0].width
	out[0] = first
	return out
}

// swatchWidth is room for a short line (with a marker on it or not), for a
// marker alone, or none for a heading.
func swatchWidth(sty text.Style, it legendItem) vg.Length {
	switch {
	case it.line != nil && it.dash != 0:
		return sty.Font.Size * 3.2 // room for the pattern to show twice
	case it.line != nil || it.span != spanNone:
		return sty.Font.Size * 2.4
	case it.mark == domain.MarkPreferred:
		return sty.Font.Size * 2 // room for the ring
	case it.marker != nil:
		return sty.Font.Size * 1.5
	}
	return 0
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

// drawSwatch draws an item's line and marker centred at ctr: an
// organisation's line with its marker, a compare chart's series as its dash
// pattern in a bolder grey line, a qualifier's marker alone in grey or an
// organisation's alone in its colour.
func drawSwatch(c *draw.Canvas, th theme, it legendItem, ctr vg.Point, w vg.Length) {
	if it.line != nil {
		width := th.line
		if it.marker == nil {
			width *= 1.6 // the pattern alone must read at a glance
		}
		c.StrokeLine2(draw.LineStyle{Color: it.line, Width: width, Dashes: dashes(it.dash, th.line)}, ctr.X-w/2, ctr.Y, ctr.X+w/2, ctr.Y)
	}
	switch {
	case it.marker == nil:
	case it.span != spanNone:
		drawSpanSwatch(c, th, it, ctr, w)
	case it.mark == domain.MarkDeprecated:
		drawStruck(c, ctr, th.radius*1.1, it.shape, it.q)
	case it.mark == domain.MarkPreferred:
		drawRing(c, ctr, th.radius*1.1, it.marker)
		drawMarker(c, ctr, th.radius*1.1, it.shape, it.q, it.marker)
	case it.q == domain.Range:
		drawRangeBar(c, ctr.X, ctr.Y-th.radius*1.7, ctr.Y+th.radius*1.7, th.radius, it.marker)
		drawMarker(c, ctr, th.radius, it.shape, domain.Exact, it.marker)
	default:
		drawMarker(c, ctr, th.radius*1.1, it.shape, it.q, it.marker)
	}
}

// compactItems lays items out in at most maxRows rows (two at least,
// unless tight), for a legend that wrapItems would make taller: first one
// line an item; then the last section of items (all of them, or in a
// compare chart those after the "Attributed to:" heading) in equal
// columns, each label cut to its column with "…", in as few columns as
// fit, none narrower than minColumnLabel, the items before that section
// two a row if need be; and if even the narrowest columns need more rows,
// the first items and a last row "and N more: {link}" (or, for a link too
// long for the row, "listed at the link below", the source line's or the
// footer's), so that no colour key is left out without saying so. Tight,
// the last resort of a crowded chart, the rows may be fewer, and the count
// a last column, "and N more". The page, the source line and the SVG's
// <desc> name every organisation in full.
func compactItems(sty text.Style, items []legendItem, width vg.Length, maxRows int, link string, tight bool) []legendRow {
	if !tight {
		maxRows = max(maxRows, 2)
	}
	maxRows = max(maxRows, 1)
	if rows := wrapItems(sty, items, width, true); len(rows) <= maxRows {
		return rows
	}
	cut := lastSection(items)
	last := items[cut:]
	heads := [][]legendRow{wrapItems(sty, items[:cut], width, true)}
	if two := gridItems(sty, items[:cut], width, 2); len(two) < len(heads[0]) {
		heads = append(heads, two) // the series of a compare chart, two a row
	}
	// The most columns whose labels keep minColumnLabel.
	cols := 2
	for width/vg.Length(cols+1)-maxSwatch(sty, last)-sty.Font.Size*1.4 >= sty.Font.Size*minColumnLabel {
		cols++
	}
	for _, head := range heads {
		for n := 2; n <= cols; n++ {
			if rows := gridItems(sty, last, width, n); len(rows) <= maxRows-len(head) {
				return append(head, rows...)
			}
		}
	}
	// The narrowest columns hold too few: as many items as leave a row
	// (or two) for the rest's count and where they are listed; or, where
	// there is no such row, a last column that counts them.
	head := heads[len(heads)-1]
	keys := func(items []legendItem) int { // items with a swatch: colour keys
		n := 0
		for _, it := range items {
			if it.line != nil || it.marker != nil {
				n++
			}
		}
		return n
	}
	more := func(n int) []legendRow {
		label := "and " + itoa(n) + " more: " + link
		if link == "" || len(wrap(sty, label, width)) > 1 {
			label = "and " + itoa(n) + " more, " + listedBelow(link)
		}
		return wrapItems(sty, []legendItem{{label: label, newRow: true}}, width, false)
	}
	fit := func(avail int, cell bool) []legendRow {
		for k := len(last) - 1; k > 0; k-- {
			rest := keys(last) - keys(last[:k])
			if cell {
				shown := append(slices.Clone(last[:k]), legendItem{label: "and " + itoa(rest) + " more"})
				if rows := gridItems(sty, shown, width, cols); len(rows) <= avail {
					return append(head, rows...)
				}
				continue
			}
			tail := more(rest)
			if rows := gridItems(sty, last[:k], width, cols); len(rows)+len(tail) <= avail {
				return append(append(head, rows...), tail...)
			}
		}
		return nil
	}
	if tight {
		if rows := fit(maxRows-len(head), false); rows != nil {
			return rows
		}
		if rows := fit(maxRows-len(head), true); rows != nil {
			return rows
		}
	}
	if rows := fit(max(maxRows-len(head), 2), false); rows != nil {
		return rows
	}
	return append(head, more(keys(last))...)
}

// minColumnLabel is the narrowest a label of a compact legend's column
// may be, in ems: room for a short name or the start of a long one.
const minColumnLabel = 6

// lastSection is the index of the items after the last heading (an item
// with no swatch that starts a row), the heading included; 0 when there
// is none.
func lastSection(items []legendItem) int {
	for i := len(items) - 1; i >= 0; i-- {
		if it := items[i]; it.newRow && it.line == nil && it.marker == nil {
			return i
		}
	}
	return 0
}

// maxSwatch is the widest swatch of items.
func maxSwatch(sty text.Style, items []legendItem) vg.Length {
	var w vg.Length
	for _, it := range items {
		w = max(w, swatchWidth(sty, it))
	}
	return w
}

// gridItems lays items out in cols equal columns across width, each label
// shortened to one line of its column; a heading starts a row.
func gridItems(sty text.Style, items []legendItem, width vg.Length, cols int) []legendRow {
	colW := width / vg.Length(cols)
	space := sty.Font.Size * 1.4
	var rows []legendRow
	var row legendRow
	for _, it := range items {
		if len(row) == cols || len(row) > 0 && it.newRow {
			rows, row = append(rows, row), nil
		}
		it.swatch = swatchWidth(sty, it)
		if it.title {
			// A series title's start says what it counts ("2 · Sudanese
			// nationals who crossed into Egypt…"); its end is often the
			// shared "since April 2023".
			it.label = cutEnd(sty, clean(it.label), colW-it.swatch-space)
		} else {
			it.label = shorten(sty, clean(it.label), colW-it.swatch-space)
		}
		it.width = colW
		row = append(row, it)
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// listedBelow says where a key's entries left out are listed when link,
// the permalink, is too long to repeat in the key: at the end of the
// source line or in the footer.
func listedBelow(link string) string {
	if link == "" {
		return "listed on the web page"
	}
	return "listed at the link below"
}

// cutEnd fits a label to width on one line, cut at its end with "…".
func cutEnd(sty text.Style, label string, width vg.Length) string {
	if lines := wrapAtMost(sty, label, width, 1); len(lines) > 0 {
		return lines[0]
	}
	return label
}

// shorten fits a label to width on one line. A name of several words
// keeps its first word and as many of its last as fit, "Office … for
// Refugees", since organisations' names often share their start ("United
// Nations …") and differ at the end; else it is cut at the end with "…".
func shorten(sty text.Style, label string, width vg.Length) string {
	if sty.Width(label) <= width {
		return label
	}
	// A few words at most: a label of absurd length is only cut.
	words := strings.Fields(label)
	if len(words) > 12 {
		words = nil
	}
	for j := len(words) - 2; j >= 1; j-- {
		if s := words[0] + " … " + strings.Join(words[len(words)-j:], " "); sty.Width(s) <= width {
			return s
		}
	}
	if lines := wrapAtMost(sty, label, width, 1); len(lines) > 0 {
		return lines[0]
	}
	return label
}
