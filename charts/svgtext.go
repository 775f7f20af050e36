package charts

import (
	"bytes"
	"encoding/xml"
	"hash/fnv"
	"image/color"
	"math"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"

	ot "github.com/go-text/typesetting/font/opentype"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// svgGlyphs is the canvas an SVG is drawn on: gonum's vgsvg for every
// shape, and for text, glyphs placed with <use> from one definition each
// (see shape.go). vgsvg cannot write anything but its own elements, so a
// line of text is drawn there as a placeholder <text> — which keeps its
// place in the drawing order and the group transforms around it — and
// replaced by its glyphs after vgsvg has written the drawing (splice).
type svgGlyphs struct {
	*vgsvg.Canvas
	prefix string // for the glyphs' ids: the chart's, so that charts on one page differ
	runs   []svgRun
	used   map[glyphKey]bool
	color  color.Color
	stack  []color.Color
}

type svgRun struct {
	glyphRun
	color color.Color
}

func newSVGGlyphs(w, h vg.Length, chartID string) *svgGlyphs {
	f := fnv.New32a()
	f.Write([]byte(chartID))
	prefix := "g" + strconv.FormatUint(uint64(f.Sum32()%(36*36*36*36)), 36) + "_"
	return &svgGlyphs{Canvas: vgsvg.New(w, h), prefix: prefix, used: map[glyphKey]bool{}, color: color.Black}
}

// SetColor implements vg.Canvas, remembering the colour for text.
func (s *svgGlyphs) SetColor(c color.Color) {
	s.color = c
	s.Canvas.SetColor(c)
}

// Push implements vg.Canvas.
func (s *svgGlyphs) Push() {
	s.stack = append(s.stack, s.color)
	s.Canvas.Push()
}

// Pop implements vg.Canvas.
func (s *svgGlyphs) Pop() {
	if n := len(s.stack); n > 0 {
		s.color, s.stack = s.stack[n-1], s.stack[:n-1]
	}
	s.Canvas.Pop()
}

// placeholderFace is any face: vgsvg names it in the placeholder's style,
// which splice drops.
var placeholderFace = font.DefaultCache.Lookup(sans, 10)

func (s *svgGlyphs) fillGlyphs(g glyphRun) {
	n := len(s.runs)
	s.runs = append(s.runs, svgRun{g, s.color})
	for _, gl := range g.line.glyphs {
		s.used[glyphKey{gl.face, gl.gid}] = true
	}
	s.Canvas.FillString(placeholderFace, g.origin, "\uE000"+strconv.Itoa(n)+"\uE001")
}

// placeholder matches what vgsvg writes for a placeholder.
var placeholder = regexp.MustCompile("<text [^>]*>\uE000([0-9]+)\uE001</text>\n?")

// glyphUnits is the size of an em in the glyph definitions.
const glyphUnits = 1000

// splice replaces the placeholders in body, vgsvg's output, with the
// glyphs of their runs, and returns the glyph definitions to put before it.
func (s *svgGlyphs) splice(body []byte) (defs, out []byte) {
	out = placeholder.ReplaceAllFunc(body, func(m []byte) []byte {
		n, err := strconv.Atoi(string(placeholder.FindSubmatch(m)[1]))
		if err != nil || n >= len(s.runs) {
			return nil
		}
		return s.runMarkup(s.runs[n])
	})
	return s.defs(), out
}

// glyphID is a glyph's element id: a short hash of the chart's id, so
// that two charts on one page differ, then the face and the glyph. Every
// glyph drawn is a <use> of it, so its length matters.
func (s *svgGlyphs) glyphID(k glyphKey) string {
	return s.prefix + strconv.Itoa(int(k.face)) + "-" + strconv.FormatUint(uint64(k.gid), 36)
}

// runMarkup draws a run's glyphs, then its text, transparent, over them
// with the run's measured width, so that selecting or searching the image
// finds the words where they are drawn.
func (s *svgGlyphs) runMarkup(r svgRun) []byte {
	var b bytes.Buffer
	k := float64(r.size) / glyphUnits
	x, y := float64(r.origin.X), float64(r.origin.Y)
	if len(r.line.glyphs) > 0 {
		b.WriteString(`<g transform="matrix(`)
		ks := strconv.FormatFloat(k, 'g', 6, 64)
		b.WriteString(ks + ",0,0," + ks + "," + num(x) + "," + num(y) + `)" fill="`)
		writeFill(&b, r.color)
		b.WriteString(">")
		for _, gl := range r.line.glyphs {
			k := glyphKey{gl.face, gl.gid}
			if len(outlineOf(k.face, k.gid)) == 0 {
				continue // a space
			}
			b.WriteString(`<use href="#` + s.glyphID(k) + `"`)
			// Whole units: a thousandth of an em is a hundredth of a pixel.
			if gx := math.Round(float64(gl.x) * glyphUnits); gx != 0 {
				b.WriteString(` x="` + num(gx) + `"`)
			}
			if gy := math.Round(float64(gl.y) * glyphUnits); gy != 0 {
				b.WriteString(` y="` + num(gy) + `"`)
			}
			b.WriteString("/>")
		}
		b.WriteString("</g>\n")
	}
	if text := r.text; text != "" {
		// As much as was shaped (shapeText): a line of zero-width
		// characters never wraps, and must not fill the SVG.
		if len(text) > shapeLongest {
			cut := shapeLongest
			for cut > 0 && !utf8.RuneStart(text[cut]) {
				cut--
			}
			text = text[:cut]
		}
		b.WriteString(`<text x="` + num(x) + `" y="` + num(-y) + `" transform="scale(1,-1)" font-family="sans-serif" font-size="` + num(float64(r.size)) + `"`)
		if w := float64(r.width()); w > 0 {
			b.WriteString(` textLength="` + num(w) + `" lengthAdjust="spacingAndGlyphs"`)
		}
		b.WriteString(` fill="none">`)
		xml.EscapeText(&b, []byte(text))
		b.WriteString("</text>\n")
	}
	return b.Bytes()
}

// writeFill writes a colour as the fill attribute's value and closing
// quote, with its opacity when it is not opaque.
func writeFill(b *bytes.Buffer, c color.Color) {
	r, g, bl, a := c.RGBA()
	if a == 0 {
		b.WriteString(`none"`)
		return
	}
	// Un-premultiply.
	r, g, bl = r*0xffff/a, g*0xffff/a, bl*0xffff/a
	b.WriteString("#" + hex2(r>>8) + hex2(g>>8) + hex2(bl>>8) + `"`)
	if a != 0xffff {
		b.WriteString(` fill-opacity="` + num(float64(a)/0xffff) + `"`)
	}
}

func hex2(v uint32) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[v>>4&0xf], digits[v&0xf]})
}

// defs defines each glyph used once, in glyphUnits per em, y up.
func (s *svgGlyphs) defs() []byte {
	keys := make([]glyphKey, 0, len(s.used))
	for k := range s.used {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b glyphKey) int {
		if a.face != b.face {
			return int(a.face) - int(b.face)
		}
		return int(a.gid) - int(b.gid)
	})
	var b bytes.Buffer
	b.WriteString("<defs>\n")
	for _, k := range keys {
		segs := outlineOf(k.face, k.gid)
		if len(segs) == 0 {
			continue
		}
		b.WriteString(`<path id="` + s.glyphID(k) + `" d="`)
		open := false
		for _, sg := range segs {
			switch sg.Op {
			case ot.SegmentOpMoveTo:
				if open {
					b.WriteByte('Z')
				}
				b.WriteByte('M')
				open = true
			case ot.SegmentOpLineTo:
				b.WriteByte('L')
			case ot.SegmentOpQuadTo:
				b.WriteByte('Q')
			case ot.SegmentOpCubeTo:
				b.WriteByte('C')
			}
			for i, a := range sg.ArgsSlice() {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(num(math.Round(float64(a.X)*glyphUnits)) + " " + num(math.Round(float64(a.Y)*glyphUnits)))
			}
		}
		if open {
			b.WriteByte('Z')
		}
		b.WriteString(`"/>` + "\n")
	}
	b.WriteString("</defs>\n")
	return b.Bytes()
}

// num formats a length with at most two decimals.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}
