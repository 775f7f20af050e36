package charts

import (
	"image/color"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// theme holds the type sizes and spacings of one canvas size. Lengths are
// points, which are pixels in the PNG and user units in the SVG.
type theme struct {
	base     vg.Length // body font size; everything else is a multiple
	margin   vg.Length
	title    text.Style
	subtitle text.Style
	legend   text.Style
	tick     text.Style
	note     text.Style // symbol and event keys
	footer   text.Style
	message  text.Style
	number   text.Style // event numbers on their discs
	radius   vg.Length  // marker radius
	line     vg.Length  // data line width
	eventD   vg.Length  // event disc diameter
	keyD     vg.Length  // event disc diameter in the key
}

// newTheme scales type to the canvas width: 13 px body text on a 960 px
// chart, never under 11 px, all of it times f.all (see fits). The small print under the
// plot (keys, source line, footer) is 85% of body text, shrunk by f.small
// when a long source line would otherwise crush the plot, but never under
// 11 px from the medium size up: a medium chart is shown 960 px wide on the
// series page, and that is the least a reader can read there.
func newTheme(width int, f fit) theme {
	b := min(max(vg.Length(width)/960*13, 11), 17) * vg.Length(f.all)
	floor := max(b*0.7, min(b*0.85, 11*vg.Length(f.all)), 8.5)
	small := max(b*vg.Length(0.85*f.small), floor)
	th := theme{
		base:     b,
		margin:   max(vg.Length(width)*0.028, 16),
		title:    textStyle(sansBold, b*1.45, inkTitle),
		subtitle: textStyle(sans, b*1.02, inkMuted),
		legend:   textStyle(sans, max(b*0.92, small), inkBody),
		tick:     textStyle(sans, b*0.88, inkMuted),
		note:     textStyle(sans, small, inkBody),
		footer:   textStyle(sans, small, inkMuted),
		message:  textStyle(sans, b*1.2, inkMuted),
		number:   textStyle(sansBold, b*0.85, color.White),
		radius:   b * 0.3,
		line:     max(b*0.14, 1.5),
		eventD:   b * 1.3,
	}
	// Key discs hold their digits at the size of the small print.
	th.keyD = th.note.Font.Size * 1.5
	return th
}

// fit is how far the text gives way to the plot.
type fit struct {
	small   float64 // scale of the small print, down to its floor
	oneLine bool    // a legend label too long for a row ends in "…" instead of wrapping
	all     float64 // scale of all text: the last resort
	enough  float64 // the share of the height that, left to the plot, ends the search here
}

// fits are tried in order until the plot has enough of the height: first
// the small print shrinks, down to its floor; then legend labels too long
// for a row (a compare chart's series titles, an organization's very long
// name, which the page, the source line and the SVG's <desc> carry in full)
// keep to one line; and only for a plot under a quarter of the height, as in
// a comparison of many series with many publishers, does all text shrink,
// below the size a medium chart should have.
var fits = []fit{
	{1, false, 1, 0.36}, {0.92, false, 1, 0.36}, {0.85, false, 1, 0.36}, {0.78, false, 1, 0.36},
	{0.7, false, 1, 0.28}, {0.7, true, 1, 0.25},
	{0.7, true, 0.92, 0.22}, {0.7, true, 0.85, 0.2}, {0.7, true, 0.78, 0},
}

// layout is where everything goes on the canvas, measured once by
// SeriesChart or CompareChart so that every write draws the same picture.
type layout struct {
	th       theme
	title    textBlock
	subtitle textBlock
	legend   []legendRow
	stripH   vg.Length    // event numbers above the plot
	plot     vg.Rectangle // axes and data
	symbols  []legendRow  // what the marker shapes mean
	eventKey []textBlock  // one per event, indented after its number
	source   textBlock
	footer   textBlock
}

// layout measures the text around the plot, giving way step by step (see
// fits) while the plot is too short. The source line and the event key are
// never cut.
func (c *Chart) layout() layout {
	var l layout
	for i, f := range fits {
		// A step that changes no size (the small print is at its floor)
		// would measure the same layout again; only its threshold differs.
		if i == 0 || !c.sameSizes(fits[i-1], f) {
			l = c.layoutAt(f)
		}
		if l.plot.Size().Y >= vg.Length(float64(c.height)*f.enough) {
			break
		}
	}
	return l
}

func (c *Chart) sameSizes(a, b fit) bool {
	return a.oneLine == b.oneLine && a.all == b.all &&
		newTheme(c.width, a).note.Font.Size == newTheme(c.width, b).note.Font.Size
}

func (c *Chart) layoutAt(f fit) layout {
	th := newTheme(c.width, f)
	w, h := vg.Length(c.width), vg.Length(c.height)
	inner := w - 2*th.margin
	l := layout{th: th}
	l.title = textBlock{sty: th.title, lines: wrapAtMost(th.title, c.title, inner, 3), leading: 1.2}
	l.subtitle = newBlock(th.subtitle, c.subtitle, inner, 1.3)
	l.legend = wrapItems(th.legend, c.items, inner, f.oneLine)
	l.symbols = wrapItems(th.note, c.symbolItems(), inner, false)
	l.source = newBlock(th.footer, c.source, inner, 1.3)
	l.footer = newBlock(th.footer, c.footer, inner, 1.3)
	if len(c.pubs) > 0 { // without a time axis, numbered events point nowhere
		for _, e := range c.events {
			l.eventKey = append(l.eventKey, newBlock(th.note, e.key, inner-th.keyIndent(), 1.3))
		}
	}

	top := h - th.margin - l.title.height() - th.base*0.35 - l.subtitle.height() - th.base*0.9
	if len(l.legend) > 0 {
		top -= vg.Length(len(l.legend))*rowHeight(th.legend) + th.base*0.5
	}
	// The plot keeps a minimum height so it can never turn upside down; only
	// text beyond all reason (a page of event titles) would overflow then.
	bottom := th.margin + l.bottomHeight()
	top = max(top, bottom+th.tick.Font.Size*4)
	l.plot = vg.Rectangle{Min: vg.Point{X: th.margin, Y: bottom}, Max: vg.Point{X: w - th.margin, Y: top}}
	if len(c.pubs) > 0 && len(c.events) > 0 {
		l.stripH = c.stripHeight(th, l.plot)
		l.plot.Max.Y -= l.stripH
	}
	return l
}

// yIntervals is how many value steps fit the plot's height with room
// between their labels, from 2 to 5.
func (l layout) yIntervals() int {
	size := l.th.tick.Font.Size
	data := l.plot.Size().Y - size*2.5 // minus the time axis
	return min(max(int(data/(size*2.6)), 2), 5)
}

// Vertical gaps under the plot, in multiples of the body size.
const (
	gapUnderPlot = 0.6  // x labels to the keys
	gapAboveRule = 0.5  // keys to the hairline
	gapUnderRule = 0.6  // hairline to the source line
	gapFooter    = 0.25 // source line to the footer line
)

// bottomHeight is the height of everything under the plot.
func (l layout) bottomHeight() vg.Length {
	th := l.th
	h := th.base*(gapUnderPlot+gapAboveRule) + vg.Length(len(l.symbols))*rowHeight(th.note)
	for _, k := range l.eventKey {
		h += th.keyEntryHeight(k)
	}
	return h + th.keyOverhang(len(l.eventKey)) + l.citationHeight()
}

// citationHeight is the height of the hairline, source and footer lines.
func (l layout) citationHeight() vg.Length {
	h := l.th.base*gapUnderRule + l.source.height() + l.footer.height()
	if l.source.height() > 0 && l.footer.height() > 0 {
		h += l.th.base * gapFooter
	}
	return h
}

// keyIndent is where event key text starts, after its disc.
func (th theme) keyIndent() vg.Length { return th.keyD + th.note.Font.Size*0.6 }

// keyOverhang is how far the first key disc, centred on the capitals of its
// entry, reaches above the entry's text, and a little air: room kept under
// the symbol key.
func (th theme) keyOverhang(entries int) vg.Length {
	if entries == 0 {
		return 0
	}
	size := th.note.Font.Size
	return max(0, th.keyD/2-th.note.FontExtents().Ascent+size*0.36) + size*0.25
}

// keyEntryHeight is the height of an event key entry and the space under it.
func (th theme) keyEntryHeight(k textBlock) vg.Length {
	return max(k.height(), th.keyD) + th.note.Font.Size*0.35
}

// draw paints the whole chart on dc.
func (c *Chart) draw(dc draw.Canvas) {
	l := c.lay
	th := l.th
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	x := th.margin
	y := vg.Length(c.height) - th.margin
	y = l.title.draw(dc, x, y) - th.base*0.35
	y = l.subtitle.draw(dc, x, y) - th.base*0.9
	drawRows(dc, th, th.legend, l.legend, x, y) // layout placed the plot under them

	plotC := draw.Canvas{Canvas: dc.Canvas, Rectangle: l.plot}
	if len(c.pubs) == 0 {
		drawEmpty(plotC, th, c.empty)
	} else {
		c.newPlot(th).Draw(plotC)
	}
	c.drawBottom(dc, l)
}

// drawBottom draws the keys, a hairline, and the burned-in citation.
func (c *Chart) drawBottom(dc draw.Canvas, l layout) {
	th := l.th
	x := th.margin
	y := l.plot.Min.Y - th.base*gapUnderPlot
	y = drawRows(dc, th, th.note, l.symbols, x, y)
	num := th.number
	num.Font.Size = th.keyD * 0.67
	y -= th.keyOverhang(len(l.eventKey))
	for i, k := range l.eventKey {
		// The disc is centred on the capitals of the entry's first line.
		mid := y - k.sty.FontExtents().Ascent + k.sty.Font.Size*0.36
		drawNumber(dc, vg.Point{X: x + th.keyD/2, Y: mid}, th.keyD, c.events[i].n, num)
		k.draw(dc, x+th.keyIndent(), y)
		y -= th.keyEntryHeight(k)
	}
	ruleY := th.margin + l.citationHeight()
	dc.StrokeLine2(draw.LineStyle{Color: inkRule, Width: 0.75}, x, ruleY, vg.Length(c.width)-th.margin, ruleY)
	y = l.source.draw(dc, x, ruleY-th.base*gapUnderRule)
	if l.source.height() > 0 {
		y -= th.base * gapFooter
	}
	l.footer.draw(dc, x, y)
}

// drawEmpty fills the plot area of a series without figures with a quiet
// panel that says so, instead of an axis with nothing on it.
func drawEmpty(c draw.Canvas, th theme, msg string) {
	c.SetColor(color.RGBA{0xf4, 0xf4, 0xf4, 0xff})
	c.Fill(c.Rectangle.Path())
	sty := th.message
	sty.XAlign = draw.XCenter
	ctr := c.Center()
	fillBaseline(c, sty, ctr.X, ctr.Y-sty.Font.Size*0.36, msg)
}
