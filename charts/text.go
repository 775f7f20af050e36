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

	// handler measures and draws plain text with gonum's default font cache,
	// which holds the Liberation collection.
	handler text.Handler = text.Plain{Fonts: font.DefaultCache}
)

// init sets gonum's package defaults once for the process, never per request:
// they are globals, and axes created by plot.New read them.
func init() {
	plot.DefaultFont = sans
	plotter.DefaultFont = sans
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

// wrap breaks s into lines no wider than width at spaces. A word wider than
// a whole line (a long URL) is broken between characters: text in a
// downloaded chart is a citation and must never run off the canvas.
func wrap(sty text.Style, s string, width vg.Length) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && sty.Width(line+" "+word) <= width {
			line += " " + word
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for sty.Width(line) > width && utf8.RuneCountInString(line) > 1 {
			head, tail := splitToWidth(sty, line, width)
			lines = append(lines, head)
			line = tail
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// wrapAtMost wraps s into at most n lines; when it needs more, the last line
// ends in an ellipsis. Only for the title, which the SVG's <title> and the
// page carry in full: a citation line is never shortened.
func wrapAtMost(sty text.Style, s string, width vg.Length, n int) []string {
	lines := wrap(sty, s, width)
	if len(lines) <= n {
		return lines
	}
	last := []rune(lines[n-1])
	for len(last) > 0 && sty.Width(string(last)+"…") > width {
		last = last[:len(last)-1]
	}
	lines[n-1] = strings.TrimRight(string(last), " ,;:") + "…"
	return lines[:n]
}

// splitToWidth returns the longest prefix of s (at least one character) that
// fits width, and the rest.
func splitToWidth(sty text.Style, s string, width vg.Length) (head, tail string) {
	cut := 0
	for i := range s {
		if i > 0 && sty.Width(s[:i]) > width {
			break
		}
		cut = i
	}
	if cut == 0 {
		_, n := utf8.DecodeRuneInString(s)
		cut = n
	}
	return s[:cut], s[cut:]
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
// (Arabic, Persian and Pashto, CJK, emoji). gonum/plot cannot shape Arabic
// script either, so the image never pretends: the marker shows where text
// was, the footer says so, and the web page carries the text in full.
const undrawn = "[…]"

// undrawnNote is added to the footer of an image that has undrawn text.
const undrawnNote = "[…] = text in a script this image cannot draw; the web page shows it"

// drawable reports whether Liberation Sans has the rune: Latin, Greek and
// Cyrillic letters, and the punctuation, digits, arrows and symbols below
// U+2C00 (CJK punctuation and emoji are "Common" too, but above that).
func drawable(r rune) bool {
	switch {
	case unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic):
		return true
	case unicode.In(r, unicode.Common, unicode.Inherited):
		return r < 0x2C00
	}
	return false
}

// noteUndrawn adds undrawnNote to the footer when any text of c had to be
// replaced.
func (c *Chart) noteUndrawn() {
	texts := []string{c.title, c.subtitle, c.source, c.footer, c.unit}
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
