package charts

import (
	"image/color"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The chart's faces. Liberation Sans is metric-compatible with Arial, so the
// SVG's fallback fonts take the same width as the PNG's.
var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}

	// handler shapes and draws all text of a chart (shape.go); it takes
	// Liberation Sans' extents from gonum's default font cache.
	handler text.Handler = shapedHandler{text.Plain{Fonts: font.DefaultCache}}
)

// init sets gonum's package defaults once for the process, never per request:
// they are globals, and axes created by plot.New read them.
func init() {
	plot.DefaultFont = sans
	plotter.DefaultFont = sans
	plot.DefaultTextHandler = handler
}

// Colours of the ink around the data.
var (
	inkTitle  = color.RGBA{0x1a, 0x1a, 0x1a, 0xff}
	inkBody   = color.RGBA{0x33, 0x33, 0x33, 0xff}
	inkMuted  = color.RGBA{0x5c, 0x5c, 0x5c, 0xff}
	inkAxis   = color.RGBA{0x33, 0x33, 0x33, 0xff}
	inkGrid   = color.RGBA{0xe2, 0xe2, 0xe2, 0xff}
	inkEvent  = color.RGBA{0x80, 0x80, 0x80, 0xff}
	inkBand   = color.RGBA{0xee, 0xee, 0xee, 0xff}
	inkRule   = color.RGBA{0xcc, 0xcc, 0xcc, 0xff}
	inkNumber = color.RGBA{0x4d, 0x4d, 0x4d, 0xff}
)

func textStyle(f font.Font, size vg.Length, c color.Color) text.Style {
	f.Size = size
	return text.Style{Color: c, Font: f, Handler: handler, XAlign: draw.XLeft, YAlign: draw.YBottom}
}

// textBlock is wrapped text: lines drawn one under the other.
type textBlock struct {
	sty     text.Style
	lines   []string
	leading float64 // line height as a multiple of the font size
}

func newBlock(sty text.Style, s string, width vg.Length, leading float64) textBlock {
	return textBlock{sty: sty, lines: wrap(sty, s, width), leading: leading}
}

func (b textBlock) lineHeight() vg.Length { return b.sty.Font.Size * vg.Length(b.leading) }

// height is from the top of the first line's ascent to the bottom of the
// last line's descent.
func (b textBlock) height() vg.Length {
	if len(b.lines) == 0 {
		return 0
	}
	e := b.sty.FontExtents()
	return vg.Length(len(b.lines)-1)*b.lineHeight() + e.Ascent + e.Descent
}

// draw draws the block with its top at top, and returns the y under it.
func (b textBlock) draw(c draw.Canvas, x, top vg.Length) vg.Length {
	if len(b.lines) == 0 {
		return top
	}
	e := b.sty.FontExtents()
	for i, line := range b.lines {
		fillBaseline(c, b.sty, x, top-e.Ascent-vg.Length(i)*b.lineHeight(), line)
	}
	return top - b.height()
}

// fillBaseline draws one line of text with its baseline at y. gonum aligns
// text on its bounding box; drawing on baselines keeps lines evenly spaced
// whatever glyphs they hold.
func fillBaseline(c draw.Canvas, sty text.Style, x, y vg.Length, s string) {
	if s == "" {
		return
	}
	sty.YAlign = draw.YBottom
	// text.Plain puts the baseline at y - ascent + size for YBottom.
	c.FillText(sty, vg.Point{X: x, Y: y + sty.FontExtents().Ascent - sty.Font.Size}, s)
}

// maxLines is the most lines any wrapped text takes on a chart; text
// beyond it ends in "…". No real title, name, event or source line comes
// near it; it keeps stored text of absurd length (a pasted page) from
// pushing everything else off the canvas. The web page carries it in full.
const maxLines = 16

// wrap breaks s into lines no wider than width at spaces. A word wider than
// a whole line (a long URL) is broken between characters: text in a
// downloaded chart is a citation and must never run off the canvas. After
// maxLines lines the text is cut with "…".
func wrap(sty text.Style, s string, width vg.Length) []string {
	return wrapAtMost(sty, s, width, maxLines)
}

// wrapAtMost wraps s into at most n lines; when it needs more, the last line
// ends in an ellipsis. The title, which the SVG's <title> and the page
// carry in full, keeps to three lines this way.
//
// It measures every character and every pair of neighbours once (see
// widths) and stops after line n+1, so that its cost is linear in the
// length of the text: measuring each longer line whole made a 10,000
// character name take seconds a chart, and 100,000 never finish.
func wrapAtMost(sty text.Style, s string, width vg.Length, n int) []string {
	m := newWidths(sty)
	var lines []string
	var line strings.Builder
	var lineW vg.Length
	var last rune // of line
	more := false // text remains after lines[n-1]
	flush := func() {
		if len(lines) == n {
			more = true
			return
		}
		lines = append(lines, line.String())
		line.Reset()
	}
	for word := range strings.FieldsSeq(s) {
		first, _ := utf8.DecodeRuneInString(word)
		if line.Len() > 0 {
			// The width of line+" "+word, as sty.Width would give it.
			joined := lineW + m.pair(last, ' ') + m.pair(' ', first) + m.rune(' ') + m.of(word)
			if joined <= width {
				line.WriteByte(' ')
				line.WriteString(word)
				lineW, last = joined, lastRune(word)
				continue
			}
			if flush(); more {
				break
			}
		}
		// The word starts a line; one wider than a line is cut between
		// characters, each piece the longest that fits.
		lineW = 0
		for i, r := range word {
			w := m.rune(r)
			if line.Len() > 0 {
				w += m.pair(last, r)
			}
			if line.Len() > 0 && lineW+w > width {
				if flush(); more {
					break
				}
				lineW, w = 0, m.rune(r)
			}
			line.WriteString(word[i : i+utf8.RuneLen(r)])
			lineW, last = lineW+w, r
		}
		if more {
			break
		}
	}
	if line.Len() > 0 && !more {
		flush()
	}
	if more {
		lines[n-1] = ellipsize(m, lines[n-1], width)
	}
	keepDirection(s, lines)
	return lines
}

// keepDirection makes each line of a wrapped text read in the text's
// direction: a line is laid out on its own, in the direction of its first
// strong character, so the line of an English sentence that starts with
// an Arabic name would otherwise be laid out right to left, and the other
// way round. An invisible mark (LRM or RLM) at its start sets it.
func keepDirection(s string, lines []string) {
	if len(lines) < 2 || !strings.ContainsFunc(s, isRTL) {
		return
	}
	rtl := rtlFirst(s)
	for i, l := range lines {
		if rtlFirst(l) != rtl {
			lines[i] = map[bool]string{false: "\u200e", true: "\u200f"}[rtl] + l
		}
	}
}

// ellipsize cuts line to the longest start that fits width with "…" after it.
func ellipsize(m *widths, line string, width vg.Length) string {
	cut, w := 0, vg.Length(0)
	var prev rune
	for i, r := range line {
		next := w + m.rune(r)
		if i > 0 {
			next += m.pair(prev, r)
		}
		if next+m.pair(r, '…')+m.rune('…') > width {
			break
		}
		cut, w, prev = i+utf8.RuneLen(r), next, r
	}
	return strings.TrimRight(line[:cut], " ,;:") + "…"
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// widths measures text for wrapping: each word shaped whole, each character
// alone for a word that must be broken, and no kerning across the spaces
// between words (Liberation Sans only narrows pairs with a space, so a
// line never comes out wider than measured). Words are shaped once per
// process (shapeText caches them), so a wrap costs one lookup per word. With
// a handler other than the charts' own it asks sty.Width.
type widths struct {
	sty    text.Style
	shaped bool
	bold   bool
	size   vg.Length
}

func newWidths(sty text.Style) *widths {
	_, shaped := sty.Handler.(shapedHandler)
	return &widths{sty: sty, shaped: shaped, bold: bold(sty.Font), size: sty.Font.Size}
}

func (m *widths) rune(r rune) vg.Length { return m.of(string(r)) }

// pair is the kerning between a and b, which a wrap leaves out.
func (m *widths) pair(a, b rune) vg.Length {
	if m.shaped {
		return 0
	}
	return m.sty.Width(string([]rune{a, b})) - m.rune(a) - m.rune(b)
}

// of is the width of s.
func (m *widths) of(s string) vg.Length {
	if !m.shaped {
		return m.sty.Width(s)
	}
	return vg.Length(shapeText(s, m.bold).width) * m.size
}

// clean makes s safe to draw and to write into XML: invalid UTF-8 and
// control characters (which XML 1.0 forbids even escaped) become spaces.
func clean(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return badRune(r) || !drawable(r) }) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	inRun := false // inside a run of characters the fonts cannot draw
	for _, r := range s {
		switch {
		case badRune(r):
			r = ' '
		case !drawable(r):
			if !inRun {
				b.WriteString(undrawn)
			}
			inRun = true
			continue
		case inRun && unicode.IsSpace(r):
			continue // a run of Arabic words becomes one marker
		}
		if inRun {
			b.WriteByte(' ')
		}
		inRun = false
		b.WriteRune(r)
	}
	return b.String()
}

// undrawn stands in for text in a script the image's fonts cannot draw
// (CJK, emoji, Ethiopic…): the marker shows where text was, the footer
// says so, and the web page carries the text in full. Latin, Greek,
// Cyrillic and Arabic script (Arabic, Dari, Pashto, Urdu) all draw.
const undrawn = "[…]"

// undrawnNote is added to the footer of an image that has undrawn text.
const undrawnNote = "[…] = text in a script this image cannot draw; the web page shows it"

// drawable reports whether one of the chart's fonts has the rune, or it
// is a zero-width joiner or non-joiner, which Persian words need, or a
// direction mark, embedding or isolate (which tools put around names in
// Arabic script) or a byte-order mark: the shaper uses or drops those
// without drawing, and the bidirectional algorithm obeys the direction
// controls.
func drawable(r rune) bool {
	switch {
	case r == '\u200c' || r == '\u200d' || invisibleFormat(r):
		return true
	case r < 0x0600:
		return hasGlyph(faceLatin, r)
	}
	return hasGlyph(faceLatin, r) || hasGlyph(faceArabic, r)
}

// noteUndrawn adds undrawnNote to the footer when any text of c had to be
// replaced.
func (c *Chart) noteUndrawn() {
	texts := []string{c.title, c.subtitle, c.headline, c.source, c.footer, c.unit}
	for _, p := range c.pubs {
		texts = append(texts, p.name)
	}
	for _, it := range c.items {
		texts = append(texts, it.label)
	}
	for _, e := range c.events {
		texts = append(texts, e.key)
	}
	for _, t := range texts {
		if strings.Contains(t, undrawn) {
			c.footer = joinParts(c.footer, undrawnNote)
			return
		}
	}
}

// subtitle says what is counted: "Returnees · Pakistan → Afghanistan ·
// persons, cumulative total".
func subtitle(s domain.Series) string {
	var parts []string
	if g := groupWords[s.PopulationGroup]; g != "" {
		parts = append(parts, g)
	}
	if route := route(s); route != "" {
		parts = append(parts, route)
	}
	what := string(s.Unit)
	if m := measureWords[s.Measure]; m != "" {
		what = strings.TrimPrefix(what+", "+m, ", ")
	}
	if what != "" {
		parts = append(parts, what)
	}
	return strings.Join(parts, " · ")
}

func route(s domain.Series) string {
	from, to := countryName(s.FromISO3), countryName(s.ToISO3)
	r := ""
	switch {
	case from != "" && to != "":
		r = from + " → " + to
	case from != "":
		r = "from " + from
	case to != "":
		r = "to " + to
	}
	if loc := strings.TrimSpace(s.Location); loc != "" {
		r = strings.TrimSpace(r + " (" + loc + ")")
	}
	return r
}

func countryName(code string) string {
	if name, ok := domain.CountryName(code); ok {
		return name
	}
	return code
}

var groupWords = map[domain.PopulationGroup]string{
	"returnees":      "Returnees",
	"deportees":      "Deportees",
	"refugees":       "Refugees",
	"idps":           "Internally displaced people",
	"asylum_seekers": "Asylum seekers",
	"migrants":       "Migrants",
	"casualties":     "Casualties",
}

var measureWords = map[domain.Measure]string{
	domain.MeasureStock:      "number at each date",
	domain.MeasureFlow:       "number during each period",
	domain.MeasureCumulative: "cumulative total",
}

// footerLine is the line under the source: "Data as of 27 Nov 2026 ·
// Licence CC-BY-4.0 · https://…". With the source line it makes a downloaded
// image a citation.
func footerLine(in Input) string {
	var parts []string
	if !in.AsOf.IsZero() {
		parts = append(parts, "Data as of "+in.AsOf.UTC().Format("2 Jan 2006"))
	}
	if l := strings.TrimSpace(in.Licence); l != "" {
		parts = append(parts, "Licence "+l)
	}
	if p := strings.TrimSpace(in.Permalink); p != "" {
		parts = append(parts, p)
	}
	return strings.Join(parts, " · ")
}

func badRune(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF
}

// invisibleFormat reports whether r is a direction control (LRM, RLM, ALM,
// the embeddings and overrides, the isolates) or a byte-order mark.
func invisibleFormat(r rune) bool {
	return r == '\u200e' || r == '\u200f' || r == '\u061c' || r == '\ufeff' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}
