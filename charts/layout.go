package charts

import (
	"cmp"
	"context"
	"image/color"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
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
	headline text.Style // the series' headline (headline.go)
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
	// stripRows, when not 0, is the most rows of event numbers above the
	// plot; events too dense for them are drawn as lines only.
	stripRows int
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
		headline: textStyle(sans, b*1.02, inkTitle),
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
	th.stripRows = f.strip
	return th
}

// fit is how far the text gives way to the plot.
type fit struct {
	small   float64 // scale of the small print, down to its floor
	oneLine bool    // a legend label too long for a row ends in "…" instead of wrapping
	all     float64 // scale of all text: the last resort
	strip   int     // the most rows of event numbers, when not 0 (see layout)
	tight   bool    // a compact legend may take fewer rows still (compactItems)
}

// fits are tried in order until the plot has its share of the height
// (plotShare): first the small print shrinks, down to its floor; then
// legend labels too long for a row (a compare chart's series titles, an
// organization's very long name, which the page, the source line and the
// SVG's <desc> carry in full) keep to one line. Only when the keys are
// compact too (see layout) and the plot is still short, as on a small
// canvas under a long title, does all text shrink, below the size a
// medium chart should have.
var fits = []fit{
	{1, false, 1, 0, false}, {0.92, false, 1, 0, false}, {0.85, false, 1, 0, false}, {0.78, false, 1, 0, false},
	{0.7, false, 1, 0, false}, {0.7, true, 1, 0, false},
	{0.7, true, 0.92, 0, false}, {0.7, true, 0.85, 0, false}, {0.7, true, 0.78, 0, false},
}

// layout is where everything goes on the canvas, measured once by
// SeriesChart or CompareChart so that every write draws the same picture.
type layout struct {
	th       theme
	title    textBlock
	subtitle textBlock
	headline textBlock // empty at sizes that draw none
	legend   []legendRow
	stripH   vg.Length    // event numbers above the plot
	numbered bool         // events have numbers (else too many: lines only)
	plot     vg.Rectangle // axes and data
	symbols  []legendRow  // what the marker shapes mean
	eventKey []textBlock  // one per event listed, indented after its number
	keyCols  int          // columns of a compact event key (keyColumns); 1 otherwise
	keyMore  textBlock    // where the events not listed (or not numbered) are
	source   textBlock
	footer   textBlock
	compact  bool // some key is cut short (legend, event key or source line)
}

// plotShare is the least share of the canvas height the plot keeps, its
// axis labels included and the strip of event numbers above it not: at
// every size, whatever the number of events, organisations and sources.
// What the keys cannot list in the rest is listed at the permalink.
const plotShare = 0.5

// layout measures the text around the plot, giving way while the plot is
// shorter than plotShare of the height. First every key is given in full
// while the small print shrinks to its floor (fits without shrinking all
// text); then, from the first fit again, the keys are made compact (the
// legend in columns, the event key one line an event), and only then does
// all text shrink; then, for events so many that their numbers take
// several rows, the numbers keep to one row, and events too dense for it
// are drawn as lines only; last, the legend may keep fewer organisations
// still, counting the rest. The source line always keeps to its lines
// (sourceBlock).
func (c *Chart) layout() layout {
	for _, pass := range []struct {
		compact bool
		strip   int
		tight   bool
	}{{false, 0, false}, {true, 0, false}, {true, 1, false}, {true, 1, true}} {
		for i, f := range fits {
			if !pass.compact && f.all < 1 {
				break
			}
			// A step that changes no size measures the same layout again.
			if i > 0 && c.sameSizes(fits[i-1], f) {
				continue
			}
			f.strip, f.tight = pass.strip, pass.tight
			if l := c.layoutAt(f, pass.compact); c.roomy(l) {
				return l
			}
		}
	}
	last := fits[len(fits)-1]
	last.strip, last.tight = 1, true
	return c.layoutAt(last, true)
}

// roomy reports whether l leaves the plot its share of the height.
func (c *Chart) roomy(l layout) bool {
	return l.plot.Size().Y >= vg.Length(float64(c.height)*plotShare)
}

func (c *Chart) sameSizes(a, b fit) bool {
	return a.oneLine == b.oneLine && a.all == b.all &&
		newTheme(c.width, a).note.Font.Size == newTheme(c.width, b).note.Font.Size
}

// layoutAt lays the chart out at fit f. Unless compact, every key is in
// full; compact, the legend and the event key take only the room the plot
// leaves them.
func (c *Chart) layoutAt(f fit, compact bool) layout {
	th := newTheme(c.width, f)
	w, h := vg.Length(c.width), vg.Length(c.height)
	inner := w - 2*th.margin
	l := layout{th: th}
	l.title = textBlock{sty: th.title, lines: wrapAtMost(th.title, c.title, inner, 3), leading: 1.2}
	l.subtitle = newBlock(th.subtitle, c.subtitle, inner, 1.3)
	if c.headline != "" {
		l.headline = textBlock{sty: th.headline, lines: wrapAtMost(th.headline, c.headline, inner, headlineLines[c.size]), leading: 1.25}
	}
	l.symbols = wrapItems(th.note, c.symbolItems(), inner, false)
	l.source, l.compact = c.sourceBlock(th, inner)
	l.footer = newBlock(th.footer, c.footerText(l.compact), inner, 1.3)

	top := h - th.margin - l.title.height() - th.base*0.35 - l.subtitle.height() - l.headlineHeight() - th.base*0.9
	events := len(c.pubs) > 0 && len(c.events) > 0 // without a time axis, numbered events point nowhere
	if events {
		area := vg.Rectangle{Min: vg.Point{X: th.margin, Y: 0}, Max: vg.Point{X: w - th.margin, Y: h}}
		l.stripH, l.numbered = c.eventStrip(th, area)
	}
	// room is what the legend and the event key may take, the plot kept
	// at its share.
	room := top - l.stripH - h*plotShare - th.margin - l.bottomHeight()
	l.legend = wrapItems(th.legend, c.items, inner, f.oneLine)
	if keyMin := c.keyMinHeight(th, inner, events); compact && legendHeight(th, l.legend) > room-keyMin {
		rows := int((room - keyMin - th.base*0.5) / rowHeight(th.legend))
		l.legend = compactItems(th.legend, c.items, inner, rows, c.permalink, f.tight)
		l.compact = true
	}
	top -= legendHeight(th, l.legend)
	room -= legendHeight(th, l.legend)
	if events {
		l.eventKey, l.keyMore, l.keyCols = c.eventKey(th, inner, room, compact, l.numbered)
		l.compact = l.compact || l.keyMore.height() > 0
	}
	// The plot keeps a minimum height, the strip of event numbers included,
	// so that it can never turn upside down (gonum's transforms give NaN
	// then, which the PNG rasteriser never finishes drawing); only text
	// beyond all reason would overflow the canvas then.
	bottom := th.margin + l.bottomHeight()
	top = max(top-l.stripH, bottom+th.tick.Font.Size*4)
	l.plot = vg.Rectangle{Min: vg.Point{X: th.margin, Y: bottom}, Max: vg.Point{X: w - th.margin, Y: top}}
	return l
}

// legendHeight is the height of legend rows and the space under them.
func legendHeight(th theme, rows []legendRow) vg.Length {
	if len(rows) == 0 {
		return 0
	}
	return vg.Length(len(rows))*rowHeight(th.legend) + th.base*0.5
}

// keyMinHeight is the least the event key takes: its line that says where
// the events are listed.
func (c *Chart) keyMinHeight(th theme, inner vg.Length, events bool) vg.Length {
	if !events {
		return 0
	}
	return th.moreHeight(c.moreEvents(th, inner, 0))
}

// footerText is the footer line; without the permalink when a cut source
// line, just above it, ends with it already.
func (c *Chart) footerText(cutSource bool) string {
	if !cutSource || c.permalink == "" {
		return c.footer
	}
	if rest, ok := strings.CutPrefix(c.footer, c.permalink); ok {
		return strings.TrimPrefix(rest, " · ")
	}
	return strings.Replace(c.footer, " · "+c.permalink, "", 1)
}

// sourceLines is how many lines the source line may take: what does not
// fit is counted and pointed to the permalink.
func (c *Chart) sourceLines() int {
	if c.size == SizeSmall || c.size == SizePhone {
		return 2
	}
	return 3
}

// sourceBlock is the source line in at most sourceLines lines: in full
// when it fits, else its first entries and "and N more sources:
// {permalink}", as many entries as leave that ending in the lines (one at
// least, cut to a line with "…" if it is longer); cut says which.
func (c *Chart) sourceBlock(th theme, inner vg.Length) (b textBlock, cut bool) {
	n := c.sourceLines()
	block := func(s string) textBlock { return newBlock(th.footer, s, inner, 1.3) }
	if full := block(c.source); len(full.lines) <= n {
		return full, false
	}
	if len(c.sources) < 2 {
		return textBlock{sty: th.footer, lines: wrapAtMost(th.footer, c.source, inner, n), leading: 1.3}, true
	}
	entries := slices.Clone(c.sources)
	text := func(k int) string {
		rest := len(entries) - k
		more := "and " + itoa(rest) + " more sources"
		if rest == 1 {
			more = "and 1 more source"
		}
		if c.permalink != "" {
			more += ": " + c.permalink
		} else {
			more += ", " + c.listedAt()
		}
		return clean("Source: " + strings.Join(entries[:k], "; ") + "; " + more)
	}
	if one := block(clean("Source: " + entries[0])); len(one.lines) > 1 {
		entries[0] = strings.TrimPrefix(wrapAtMost(th.footer, clean("Source: "+entries[0]), inner, 1)[0], "Source: ")
	}
	// One entry and the ending at least, however long the permalink.
	n = max(n, len(block(text(1)).lines))
	// The most entries that fit: more entries never take fewer lines.
	lo, hi := 1, len(entries)-1
	for lo < hi {
		k := (lo + hi + 1) / 2
		if len(block(text(k)).lines) <= n {
			lo = k
		} else {
			hi = k - 1
		}
	}
	return block(text(lo)), true
}

// eventKey lists the numbered events under the chart. Unless compact, or
// when the key fits room, each entry is wrapped in full. Otherwise the key
// takes at most room: entries of one line each, ending in "…", in
// keyColumns columns, as many as fit, then a line with the numbers of the
// rest and where they are listed (the permalink's page, in the same
// order). Events too many to number get that line only.
func (c *Chart) eventKey(th theme, inner, room vg.Length, compact, numbered bool) (entries []textBlock, more textBlock, cols int) {
	width := inner - th.keyIndent()
	if !numbered {
		s := itoa(len(c.events)) + " events (dashed lines), too many to number here: "
		if b := newBlock(th.note, s+c.listedAt(), inner, 1.3); len(b.lines) == 1 {
			return nil, b, 1
		}
		return nil, newBlock(th.note, s+listedBelow(c.permalink), inner, 1.3), 1
	}
	var full []textBlock
	var fullH vg.Length
	for _, e := range c.events {
		b := newBlock(th.note, e.key, width, 1.3)
		full = append(full, b)
		fullH += th.keyEntryHeight(b)
	}
	if !compact || fullH+th.keyOverhang(len(full)) <= room {
		return full, textBlock{}, 1
	}
	cols = th.keyColumns(inner)
	width = th.keyColumnWidth(inner, cols) - th.keyIndent()
	one := func(e eventMark) textBlock {
		return textBlock{sty: th.note, lines: wrapAtMost(th.note, e.key, width, 1), leading: 1.3}
	}
	entryH := th.keyEntryHeight(one(eventMark{key: "1"}))
	n := len(c.events)
	k := n
	if rows := (n + cols - 1) / cols; room-th.keyOverhang(1) < vg.Length(rows)*entryH {
		more = c.moreEvents(th, inner, 1)
		k = int((room-th.keyOverhang(1)-th.moreHeight(more))/entryH) * cols
		k = min(max(k, 0), n-1)
		more = c.moreEvents(th, inner, k)
	}
	for _, e := range c.events[:k] {
		entries = append(entries, one(e))
	}
	return entries, more, cols
}

// keyColumns is how many columns a compact event key takes: two when a
// column still holds some sixty characters of a title, else one.
func (th theme) keyColumns(inner vg.Length) int {
	if th.keyColumnWidth(inner, 2)-th.keyIndent() >= th.note.Font.Size*30 {
		return 2
	}
	return 1
}

// keyColumnWidth is the width of one of cols columns of the event key,
// the space between them left out.
func (th theme) keyColumnWidth(inner vg.Length, cols int) vg.Length {
	return (inner - vg.Length(cols-1)*th.base*1.5) / vg.Length(cols)
}

// keyRows is how many rows the event key's entries take.
func (l layout) keyRows() int {
	cols := max(l.keyCols, 1)
	return (len(l.eventKey) + cols - 1) / cols
}

// EventKey is the chart's whole list of events, one line each, numbered
// as the chart numbers them: "3. 1 Nov 2023: Deadline for …". The image
// lists those it has room for and points to the rest; this list is for the
// text that travels with the image, such as a download's readme.
func (c *Chart) EventKey() []string {
	out := make([]string, len(c.events))
	for i, e := range c.events {
		out[i] = itoa(e.n) + ". " + e.key
	}
	return out
}

// EventOrder is the order in which charts number events: by date, then
// title. A page that lists a chart's events in this order numbers them as
// the chart does.
func EventOrder(a, b domain.Event) int {
	// By the title as the chart gets it: a page strips no direction
	// controls from its titles, the chart's input has none (chartSafe).
	return cmp.Or(a.Date.First().Compare(b.Date.First()), cmp.Compare(domain.StripBidi(a.Title), domain.StripBidi(b.Title)))
}

// listedAt says where what the image leaves out is listed: "listed at
// {permalink}".
func (c *Chart) listedAt() string {
	if c.permalink == "" {
		return "listed on the web page"
	}
	return "listed at " + c.permalink
}

// moreEvents says which events the key leaves out after the first k, and
// where they are listed (the permalink, or for one too long for the line,
// "the link below"): a line under the entries' text, or the whole key when
// k is 0.
func (c *Chart) moreEvents(th theme, inner vg.Length, k int) textBlock {
	n := len(c.events)
	which := "Events " + itoa(k+1) + "–" + itoa(n) + ": "
	if k == n-1 {
		which = "Event " + itoa(n) + ": "
	}
	if k > 0 {
		inner -= th.keyIndent()
	}
	b := newBlock(th.note, which+c.listedAt(), inner, 1.3)
	if len(b.lines) > 1 {
		b = newBlock(th.note, which+listedBelow(c.permalink), inner, 1.3)
	}
	return b
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

// gapHeadline is the space between the subtitle and the headline, in
// multiples of the body size.
const gapHeadline = 0.45

// headlineHeight is the room the headline takes under the subtitle.
func (l layout) headlineHeight() vg.Length {
	if len(l.headline.lines) == 0 {
		return 0
	}
	return l.th.base*gapHeadline + l.headline.height()
}

// bottomHeight is the height of everything under the plot.
func (l layout) bottomHeight() vg.Length {
	th := l.th
	h := th.base*(gapUnderPlot+gapAboveRule) + vg.Length(len(l.symbols))*rowHeight(th.note)
	// Rows of a compact key are one line each, as high as their first.
	if cols := max(l.keyCols, 1); cols > 1 && len(l.eventKey) > 0 {
		h += vg.Length(l.keyRows()) * th.keyEntryHeight(l.eventKey[0])
	} else {
		for _, k := range l.eventKey {
			h += th.keyEntryHeight(k)
		}
	}
	return h + th.keyOverhang(len(l.eventKey)) + th.moreHeight(l.keyMore) + l.citationHeight()
}

// moreHeight is the height of the event key's last line and the space
// under it; none when there is no such line.
func (th theme) moreHeight(more textBlock) vg.Length {
	if more.height() == 0 {
		return 0
	}
	return more.height() + th.note.Font.Size*0.35
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

// draw paints the whole chart on dc; the data stops being drawn when ctx is
// done, and the caller must then discard the picture.
func (c *Chart) draw(ctx context.Context, dc draw.Canvas) {
	l := c.lay
	th := l.th
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	x := th.margin
	y := vg.Length(c.height) - th.margin
	y = l.title.draw(dc, x, y) - th.base*0.35
	y = l.subtitle.draw(dc, x, y)
	if len(l.headline.lines) > 0 {
		y = l.headline.draw(dc, x, y-th.base*gapHeadline)
	}
	y -= th.base * 0.9
	drawRows(dc, th, th.legend, l.legend, x, y) // layout placed the plot under them

	plotC := draw.Canvas{Canvas: dc.Canvas, Rectangle: l.plot}
	if len(c.pubs) == 0 {
		drawEmpty(plotC, th, c.empty)
	} else {
		c.newPlot(ctx, th).Draw(plotC)
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
	if l.keyCols > 1 { // a compact key, in columns: 1, 2, … down the first
		rows, colW := l.keyRows(), th.keyColumnWidth(vg.Length(c.width)-2*th.margin, l.keyCols)
		for i, k := range l.eventKey {
			cx := x + vg.Length(i/rows)*(colW+th.base*1.5)
			c.drawKeyEntry(dc, th, num, i, k, cx, y-vg.Length(i%rows)*th.keyEntryHeight(k))
		}
		if len(l.eventKey) > 0 {
			y -= vg.Length(rows) * th.keyEntryHeight(l.eventKey[0])
		}
	} else {
		for i, k := range l.eventKey {
			c.drawKeyEntry(dc, th, num, i, k, x, y)
			y -= th.keyEntryHeight(k)
		}
	}
	if len(l.eventKey) > 0 {
		x += th.keyIndent() // under the entries' text, after their numbers
	}
	l.keyMore.draw(dc, x, y)
	x = th.margin
	ruleY := th.margin + l.citationHeight()
	dc.StrokeLine2(draw.LineStyle{Color: inkRule, Width: 0.75}, x, ruleY, vg.Length(c.width)-th.margin, ruleY)
	y = l.source.draw(dc, x, ruleY-th.base*gapUnderRule)
	if l.source.height() > 0 {
		y -= th.base * gapFooter
	}
	l.footer.draw(dc, x, y)
}

// drawKeyEntry draws event i's number and its key entry k at (x, top).
func (c *Chart) drawKeyEntry(dc draw.Canvas, th theme, num text.Style, i int, k textBlock, x, top vg.Length) {
	// The disc is centred on the capitals of the entry's first line.
	mid := top - k.sty.FontExtents().Ascent + k.sty.Font.Size*0.36
	drawNumber(dc, vg.Point{X: x + th.keyD/2, Y: mid}, th.keyD, c.events[i].n, num)
	k.draw(dc, x+th.keyIndent(), top)
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
