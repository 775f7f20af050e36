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
// chart, never under 11 px. noteScale shrinks only the small print under
// the plot, when a long source line would otherwise crush the plot.
func newTheme(width int, noteScale float64) theme {
	b := min(max(vg.Length(width)/960*13, 11), 17)
	// The small print shrinks to 70% of body text at most, and never below
	// 8.5 px, the least that stays legible in a PNG.
	small := func(k float64) vg.Length { return max(b*vg.Length(k*noteScale), b*0.7, 8.5) }
	th := theme{
		base:     b,
		margin:   max(vg.Length(width)*0.028, 16),
		title:    textStyle(sansBold, b*1.45, inkTitle),
		subtitle: textStyle(sans, b*1.02, inkMuted),
		legend:   textStyle(sans, b*0.92, inkBody),
		tick:     textStyle(sans, b*0.88, inkMuted),
		note:     textStyle(sans, small(0.82), inkBody),
		footer:   textStyle(sans, small(0.8), inkMuted),
		message:  textStyle(sans, b*1.2, inkMuted),
		number:   textStyle(sansBold, b*0.78, color.White),
		radius:   b * 0.3,
		line:     max(b*0.14, 1.5),
		eventD:   b * 1.3,
	}
	th.keyD = th.note.Font.Size * 1.3
	return th
}

// layout is where everything goes on the canvas, measured once by
// SeriesChart so that every write draws the same picture.
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

// layout measures the text around the plot. When the small print leaves the
// plot less than 36% of the height it is set smaller, down to a floor; it is
// never cut.
func (c *Chart) layout() layout {
	var l layout
	for _, scale := range []float64{1, 0.92, 0.85, 0.78, 0.7} {
		l = c.layoutAt(newTheme(c.width, scale))
		if l.plot.Size().Y >= vg.Length(c.height)*0.36 {
			break
		}
	}
	return l
}

func (c *Chart) layoutAt(th theme) layout {
	w, h := vg.Length(c.width), vg.Length(c.height)
	inner := w - 2*th.margin
	l := layout{th: th}
	l.title = textBlock{sty: th.title, lines: wrapAtMost(th.title, c.title, inner, 3), leading: 1.2}
	l.subtitle = newBlock(th.subtitle, c.subtitle, inner, 1.3)
	l.legend = wrapItems(th.legend, c.publisherItems(), inner)
	l.symbols = wrapItems(th.note, c.symbolItems(), inner)
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
	top = max(top, bottom+h*0.2)
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
	return h + l.citationHeight()
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
		drawEmpty(plotC, th)
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
	num.Font.Size = th.keyD * 0.62
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
func drawEmpty(c draw.Canvas, th theme) {
	c.SetColor(color.RGBA{0xf4, 0xf4, 0xf4, 0xff})
	c.Fill(c.Rectangle.Path())
	sty := th.message
	sty.XAlign = draw.XCenter
	ctr := c.Center()
	fillBaseline(c, sty, ctr.X, ctr.Y-sty.Font.Size*0.36, "No published figures yet")
}
