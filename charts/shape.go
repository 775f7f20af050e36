package charts

import (
	"bytes"
	_ "embed"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	gtfont "github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Text is shaped here, not by gonum/plot, and drawn as glyph outlines in
// every format. gonum draws a string glyph by glyph from one font: it cannot
// join Arabic letters, order a right-to-left name inside an English
// sentence, or fall back to a second font, and its SVG leaves the glyphs to
// whatever fonts the reader's machine has, which on a machine without
// Liberation or Arial overflows the layout measured here. So:
//
//   - go-text/typesetting (HarfBuzz's shaping, in pure Go) shapes each run
//     of text in Liberation Sans or, for Arabic script (Arabic, Dari,
//     Pashto, Urdu), in Noto Sans Arabic (fonts/README.md), and the Unicode
//     bidirectional algorithm orders the runs of a line;
//   - the PNG fills each line's glyph outlines as one path;
//   - the SVG defines each glyph used once and places it with <use>, so that
//     it draws the same shapes as the PNG on any machine, with no font; a
//     transparent <text> over each line keeps the words selectable and
//     searchable, and the <title> and <desc> carry them for screen readers.
//
// Outlines rather than embedded fonts: an embedded font would have to be
// subset (no maintained Go subsetter keeps the Arabic shaping tables), and
// the reader's renderer would shape Arabic again, possibly differently.

var (
	//go:embed fonts/NotoSansArabic-Regular.ttf
	notoArabicRegular []byte
	//go:embed fonts/NotoSansArabic-Bold.ttf
	notoArabicBold []byte
)

// faceID names one of the four faces: Liberation Sans and Noto Sans Arabic,
// regular and bold.
type faceID uint8

const (
	faceLatin faceID = iota
	faceArabic
	faceLatinBold
	faceArabicBold
	numFaces
)

// faceFonts are the parsed fonts, safe for concurrent use; a go-text Face
// is not, so each shaper holds its own (see shaper).
var faceFonts = func() (fs [numFaces]*gtfont.Font) {
	for id, data := range [numFaces][]byte{liberationsansregular.TTF, notoArabicRegular, liberationsansbold.TTF, notoArabicBold} {
		ld, err := ot.NewLoader(bytes.NewReader(data))
		if err != nil {
			panic("charts: embedded font: " + err.Error())
		}
		f, err := gtfont.NewFont(ld)
		if err != nil {
			panic("charts: embedded font: " + err.Error())
		}
		fs[id] = f
	}
	return fs
}()

// hasGlyph reports whether a face of the charts maps r to a glyph.
func hasGlyph(id faceID, r rune) bool {
	_, ok := faceFonts[id].Cmap.Lookup(r)
	return ok
}

// shaper is one goroutine's shaping state; shapers are pooled.
type shaper struct {
	faces [numFaces]*gtfont.Face
	seg   shaping.Segmenter
	hb    shaping.HarfbuzzShaper
	par   bidi.Paragraph
	fmap  fontmap
}

var shapers = sync.Pool{New: func() any {
	s := &shaper{}
	for id, f := range faceFonts {
		s.faces[id] = gtfont.NewFace(f)
	}
	return s
}}

// fontmap picks a face for each rune of one weight: Noto Sans Arabic for
// Arabic script, and for the digits, spaces and punctuation inside an
// Arabic run, so that the run is shaped in one font; Liberation Sans for
// everything else.
type fontmap struct {
	latin, arabic *gtfont.Face
	script        language.Script
}

func (m *fontmap) SetScript(s language.Script) { m.script = s }

func (m *fontmap) ResolveFace(r rune) *gtfont.Face {
	if m.script == language.Arabic {
		if _, ok := m.arabic.NominalGlyph(r); ok {
			return m.arabic
		}
	}
	if _, ok := m.latin.NominalGlyph(r); ok {
		return m.latin
	}
	if _, ok := m.arabic.NominalGlyph(r); ok {
		return m.arabic
	}
	return m.latin
}

// shapeEm is the size text is shaped at; positions are kept in ems, and
// text of any size is drawn by scaling them (the outlines are not hinted).
const shapeEm = 256

// shapedGlyph is one glyph placed on a line, in ems from the line's origin
// on the baseline, y up.
type shapedGlyph struct {
	face faceID
	gid  gtfont.GID
	x, y float32
}

// shapedLine is one line of text shaped and ordered for display: glyphs
// from left to right, and the line's advance, in ems.
type shapedLine struct {
	width  float32
	glyphs []shapedGlyph
}

// shapeCache keeps shaped lines by weight and text. The charts draw the
// same names, ticks and words again and again; a chart of new text fills
// the cache by a few hundred entries, and a full cache starts over, so
// that it stays bounded whatever text is drawn.
var shapeCache struct {
	sync.Mutex
	m map[shapeKey]*shapedLine
}

type shapeKey struct {
	bold bool
	s    string
}

const shapeCacheMax = 8192

// shapeCacheLongest is the longest text cached: a word or a line, not a
// pasted page, which is shaped each time it is measured (rarely: wrapping
// cuts such text after maxLines).
const shapeCacheLongest = 256

// shapedRunes counts the characters shaped since the process started; a
// test checks that wrapping shapes each character a bounded number of
// times.
var shapedRunes atomic.Int64

// shapeLongest is the most of a text that is shaped, in bytes: more than
// any line of any chart holds (a line is at most 1280 px wide). Longer
// text — stored text of absurd length, which the layout wraps and cuts —
// is measured by its start, already wider than any canvas, so that no text
// costs more than this to measure, however often it is measured.
const shapeLongest = 4096

// shapeText returns s shaped in the regular or bold faces, or its first
// shapeLongest bytes. The result is shared and must not be changed.
func shapeText(s string, bold bool) *shapedLine {
	if len(s) > shapeLongest {
		cut := shapeLongest
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	k := shapeKey{bold, s}
	shapeCache.Lock()
	l, ok := shapeCache.m[k]
	shapeCache.Unlock()
	if ok {
		return l
	}
	sh := shapers.Get().(*shaper)
	l = sh.shapeLine(s, bold)
	shapers.Put(sh)
	if len(s) > shapeCacheLongest {
		return l
	}
	shapeCache.Lock()
	if shapeCache.m == nil || len(shapeCache.m) >= shapeCacheMax {
		shapeCache.m = make(map[shapeKey]*shapedLine, 256)
	}
	shapeCache.m[k] = l
	shapeCache.Unlock()
	return l
}

// shapedRun is a run of one direction, script and face, shaped.
type shapedRun struct {
	level bidi.Level
	out   shaping.Output
}

func (sh *shaper) shapeLine(s string, bold bool) *shapedLine {
	if s == "" {
		return &shapedLine{}
	}
	runes := []rune(s)
	shapedRunes.Add(int64(len(runes)))
	latin, arabic := faceLatin, faceArabic
	if bold {
		latin, arabic = faceLatinBold, faceArabicBold
	}
	sh.fmap = fontmap{latin: sh.faces[latin], arabic: sh.faces[arabic]}

	// The paragraph's direction is that of its first strong character
	// (rules P2 and P3): an Arabic name alone reads right to left, an
	// English sentence with an Arabic name in it left to right.
	dir := di.DirectionLTR
	pdir := bidi.LeftToRight
	if rtlFirst(s) {
		dir, pdir = di.DirectionRTL, bidi.RightToLeft
	}
	levels := make([]bidi.Level, len(runes))
	bruns := sh.par.Segment(runes, pdir)
	for i := 0; i < bruns.NumRuns(); i++ {
		r := bruns.Run(i)
		for j := r.Start; j < r.End && j < len(levels); j++ {
			levels[j] = r.Level
		}
	}

	in := shaping.Input{Text: runes, RunStart: 0, RunEnd: len(runes), Direction: dir, Size: fixed.I(shapeEm), Language: language.NewLanguage("en")}
	var runs []shapedRun
	for _, part := range sh.seg.Split(in, &sh.fmap) {
		out := sh.hb.Shape(part)
		runs = append(runs, shapedRun{level: levels[part.RunStart], out: out})
	}
	reorder(runs)

	l := &shapedLine{}
	var pen fixed.Int26_6
	for _, r := range runs {
		id := latin
		if r.out.Face == sh.faces[arabic] {
			id = arabic
		}
		for _, g := range r.out.Glyphs {
			l.glyphs = append(l.glyphs, shapedGlyph{
				face: id, gid: g.GlyphID,
				x: em(pen + g.XOffset), y: em(g.YOffset),
			})
			pen += g.XAdvance
		}
	}
	l.width = em(pen)
	return l
}

func em(v fixed.Int26_6) float32 { return float32(v) / 64 / shapeEm }

// rtlFirst reports whether the first strong character of s is right to
// left (an explicit mark counts). Digits are weak, Arabic-Indic ones too
// (rule P2): "۲۰۲۴ UNHCR report" reads left to right, as a page with
// dir="auto" shows it.
func rtlFirst(s string) bool {
	for _, r := range s {
		switch {
		case r == '\u200f' || r == '\u061c' || (isRTL(r) && unicode.IsLetter(r)):
			return true
		case r == '\u200e' || unicode.IsLetter(r):
			return false
		}
	}
	return false
}

func isRTL(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko)
}

// reorder puts runs in display order (rule L2 of the bidirectional
// algorithm): from the highest level down to the lowest odd one, every
// sequence of runs at that level or higher is reversed. A run shaped right
// to left already has its glyphs in display order.
func reorder(runs []shapedRun) {
	var hi, lo bidi.Level = 0, math.MaxInt8
	for _, r := range runs {
		hi, lo = max(hi, r.level), min(lo, r.level)
	}
	if lo%2 == 0 {
		lo++
	}
	for lvl := hi; lvl >= lo && lvl > 0; lvl-- {
		for i := 0; i < len(runs); {
			if runs[i].level < lvl {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].level >= lvl {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
			}
			i = j
		}
	}
}

// outlines caches each glyph's outline, in ems, y up.
var outlines sync.Map // glyphKey -> []ot.Segment

type glyphKey struct {
	face faceID
	gid  gtfont.GID
}

func outlineOf(face faceID, gid gtfont.GID) []ot.Segment {
	k := glyphKey{face, gid}
	if o, ok := outlines.Load(k); ok {
		return o.([]ot.Segment)
	}
	sh := shapers.Get().(*shaper)
	data := sh.faces[face].GlyphData(gid)
	shapers.Put(sh)
	var segs []ot.Segment
	if o, ok := data.(gtfont.GlyphOutline); ok {
		scale := 1 / float32(faceFonts[face].Upem())
		segs = make([]ot.Segment, len(o.Segments))
		for i, s := range o.Segments {
			for j := range s.Args {
				s.Args[j].X *= scale
				s.Args[j].Y *= scale
			}
			segs[i] = s
		}
	}
	o, _ := outlines.LoadOrStore(k, segs)
	return o.([]ot.Segment)
}

// glyphRun is one line of shaped text to be drawn: its glyphs at size, the
// baseline's left end at origin, and its text for the SVG's text layer.
type glyphRun struct {
	line   *shapedLine
	size   vg.Length
	origin vg.Point
	text   string
}

func (g glyphRun) width() vg.Length { return vg.Length(g.line.width) * g.size }

// glyphFiller is a canvas that draws glyph runs itself (the SVG canvas);
// on any other canvas a run is filled as one path of outlines.
type glyphFiller interface {
	fillGlyphs(g glyphRun)
}

func fillGlyphs(c vg.Canvas, g glyphRun) {
	// gonum hands a text handler the draw.Canvas around the vg.Canvas,
	// and nests draw.Canvases for the plot's parts.
	for {
		switch dc := c.(type) {
		case *draw.Canvas:
			c = dc.Canvas
			continue
		case draw.Canvas:
			c = dc.Canvas
			continue
		}
		break
	}
	if f, ok := c.(glyphFiller); ok {
		f.fillGlyphs(g)
		return
	}
	// One fill per glyph: the rasteriser's cost grows with the cells a
	// path covers on each row, so a whole line as one path is slower.
	for i := range g.line.glyphs {
		if p := g.glyphPath(i); len(p) > 0 {
			c.Fill(p)
		}
	}
}

// glyphPath is the outline of g's i-th glyph, placed.
func (g glyphRun) glyphPath(i int) vg.Path {
	gl := g.line.glyphs[i]
	var p vg.Path
	ox := g.origin.X + vg.Length(gl.x)*g.size
	oy := g.origin.Y + vg.Length(gl.y)*g.size
	pt := func(a ot.SegmentPoint) vg.Point {
		return vg.Point{X: ox + vg.Length(a.X)*g.size, Y: oy + vg.Length(a.Y)*g.size}
	}
	open := false
	for _, s := range outlineOf(gl.face, gl.gid) {
		switch s.Op {
		case ot.SegmentOpMoveTo:
			if open {
				p.Close()
			}
			p.Move(pt(s.Args[0]))
			open = true
		case ot.SegmentOpLineTo:
			p.Line(pt(s.Args[0]))
		case ot.SegmentOpQuadTo:
			p.QuadTo(pt(s.Args[0]), pt(s.Args[1]))
		case ot.SegmentOpCubeTo:
			p.CubeTo(pt(s.Args[0]), pt(s.Args[1]), pt(s.Args[2]))
		}
	}
	if open {
		p.Close()
	}
	return p
}

// shapedHandler is the charts' gonum text handler: gonum's own for font
// extents and line splitting (the layout is measured on Liberation Sans'
// ascent and descent), shaping for widths and drawing.
type shapedHandler struct {
	text.Plain
}

var _ text.Handler = shapedHandler{}

func bold(f font.Font) bool { return f.Weight >= xfont.WeightSemiBold }

// Box implements text.Handler.
func (h shapedHandler) Box(txt string, fnt font.Font) (width, height, depth vg.Length) {
	e := h.Extents(fnt)
	return vg.Length(shapeText(txt, bold(fnt)).width) * fnt.Size, e.Ascent, e.Descent
}

// Draw implements text.Handler, placing lines as text.Plain does.
func (h shapedHandler) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if txt == "" {
		return
	}
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
		sin, cos := math.Sincos(sty.Rotation)
		pt.X, pt.Y = pt.Y*vg.Length(sin)+pt.X*vg.Length(cos), pt.Y*vg.Length(cos)-pt.X*vg.Length(sin)
	}
	lines := h.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - h.Extents(sty.Font).Ascent
	for i, line := range lines {
		l := shapeText(line, bold(sty.Font))
		x := vg.Length(sty.XAlign) * vg.Length(l.width) * sty.Font.Size
		y := vg.Length(len(lines)-i) * sty.Font.Size
		fillGlyphs(c, glyphRun{line: l, size: sty.Font.Size, origin: pt.Add(vg.Point{X: x, Y: y}), text: line})
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}
