package charts

import (
	"context"
	"image/png"
	"io"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// WritePNG writes the chart as a PNG of its pixel size.
func (c *Chart) WritePNG(w io.Writer) error { return c.WritePNGContext(context.Background(), w) }

// WritePNGContext is WritePNG that stops, writing nothing, when ctx is done.
func (c *Chart) WritePNGContext(ctx context.Context, w io.Writer) error {
	// At 72 dpi one point is one pixel, so the layout's lengths are pixels.
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(c.width), vg.Length(c.height)), vgimg.UseDPI(72))
	if err := c.paint(ctx, kernedCanvas{img}); err != nil {
		return err
	}
	return pngEncoder.Encode(w, img.Image())
}

// pngEncoder trades 5% of file size for half the encoding time, which is
// most of the cost of a PNG chart; its buffers are reused across requests.
var pngEncoder = &png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: &bufferPool{}}

type bufferPool struct{ p sync.Pool }

func (b *bufferPool) Get() *png.EncoderBuffer {
	buf, _ := b.p.Get().(*png.EncoderBuffer)
	return buf
}

func (b *bufferPool) Put(buf *png.EncoderBuffer) { b.p.Put(buf) }

// kernedCanvas works around x/image's opentype Face.Kern, which returns
// kerning in font units instead of pixels: drawn as one string, "via Abb
// Takk" loses its spaces and "T alal" gains one. Text is drawn in runs that
// hold no kerning pair, each placed at the width gonum measures (which kerns
// correctly), so the PNG matches the layout and the SVG.
type kernedCanvas struct {
	*vgimg.Canvas
}

// FillString implements vg.Canvas.
func (k kernedCanvas) FillString(f font.Face, pt vg.Point, s string) {
	start := 0
	for _, cut := range kernCuts(f, s) {
		k.Canvas.FillString(f, vg.Point{X: pt.X + f.Width(s[:start]), Y: pt.Y}, s[start:cut])
		start = cut
	}
	k.Canvas.FillString(f, vg.Point{X: pt.X + f.Width(s[:start]), Y: pt.Y}, s[start:])
}

// kernCuts returns the byte offsets in s between two runes that kern, and
// around runes the font lacks: x/image draws those with no advance while
// gonum measures the .notdef glyph, so they are placed by measure too.
func kernCuts(f font.Face, s string) []int {
	if f.Face == nil {
		return nil
	}
	var (
		buf     sfnt.Buffer
		cuts    []int
		prev    sfnt.GlyphIndex
		hasPrev bool
		ppem    = fixed.Int26_6(f.Face.UnitsPerEm())
	)
	for i, r := range s {
		idx, err := f.Face.GlyphIndex(&buf, r)
		if err != nil || idx == 0 {
			if i > 0 {
				cuts = append(cuts, i)
			}
			if next := i + utf8.RuneLen(r); next < len(s) && r != utf8.RuneError {
				cuts = append(cuts, next)
			}
			hasPrev = false
			continue
		}
		if hasPrev {
			if k, err := f.Face.Kern(&buf, prev, idx, ppem, 0); err == nil && k != 0 {
				cuts = append(cuts, i)
			}
		}
		prev, hasPrev = idx, true
	}
	return cuts
}
