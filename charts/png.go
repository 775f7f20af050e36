package charts

import (
	"context"
	"image/png"
	"io"
	"sync"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// WritePNG writes the chart as a PNG of its pixel size.
func (c *Chart) WritePNG(w io.Writer) error { return c.WritePNGContext(context.Background(), w) }

// WritePNGContext is WritePNG that stops, writing nothing, when ctx is done.
func (c *Chart) WritePNGContext(ctx context.Context, w io.Writer) error {
	// At 72 dpi one point is one pixel, so the layout's lengths are pixels.
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(c.width), vg.Length(c.height)), vgimg.UseDPI(72))
	if err := c.paint(ctx, img); err != nil {
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
