package charts

import (
	"context"
	"image"
	"sync/atomic"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// guardCanvas is the canvas every write draws on. It drops what it cannot
// draw safely, so that no layout mistake can hang a render: a path or text
// at a non-finite position (vgimg's rasteriser never returns from a NaN,
// and an SVG with "NaN" in it draws nothing in a browser). It also drops
// everything once ctx is done, so that a cancelled write stops in the
// middle of any plotter at the cost of a context check per shape.
type guardCanvas struct {
	vg.CanvasSizer
	ctx context.Context
}

func (g guardCanvas) ok(finite bool) bool {
	if g.ctx.Err() != nil {
		return false
	}
	if !finite {
		nonFinite.Add(1)
	}
	return finite
}

// Stroke implements vg.Canvas.
func (g guardCanvas) Stroke(p vg.Path) {
	if g.ok(finitePath(p)) {
		g.CanvasSizer.Stroke(p)
	}
}

// Fill implements vg.Canvas.
func (g guardCanvas) Fill(p vg.Path) {
	if g.ok(finitePath(p)) {
		g.CanvasSizer.Fill(p)
	}
}

// FillString implements vg.Canvas.
func (g guardCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if g.ok(finitePoint(pt) && finite(float64(f.Font.Size))) {
		g.CanvasSizer.FillString(f, pt, s)
	}
}

// fillGlyphs draws a line of shaped text (shape.go).
func (g guardCanvas) fillGlyphs(run glyphRun) {
	if g.ok(finitePoint(run.origin) && finite(float64(run.size))) {
		fillGlyphs(g.CanvasSizer, run)
	}
}

// DrawImage implements vg.Canvas.
func (g guardCanvas) DrawImage(r vg.Rectangle, img image.Image) {
	if g.ok(finitePoint(r.Min) && finitePoint(r.Max)) {
		g.CanvasSizer.DrawImage(r, img)
	}
}

func finitePoint(p vg.Point) bool { return finite(float64(p.X)) && finite(float64(p.Y)) }

func finitePath(p vg.Path) bool {
	for _, c := range p {
		if !finitePoint(c.Pos) || !finite(float64(c.Radius)) || !finite(c.Start) || !finite(c.Angle) {
			return false
		}
		for _, pt := range c.Control {
			if !finitePoint(pt) {
				return false
			}
		}
	}
	return true
}

// nonFinite counts the shapes any guardCanvas dropped for a non-finite
// position since the process started. It stays 0 unless a layout is
// wrong; the tests assert that it does.
var nonFinite atomic.Int64

// paint draws c on canvas through a guardCanvas. It returns ctx's error
// when ctx ended before or while drawing: the picture is then incomplete
// and must not be used.
func (c *Chart) paint(ctx context.Context, canvas vg.CanvasSizer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.draw(ctx, draw.New(guardCanvas{CanvasSizer: canvas, ctx: ctx}))
	return ctx.Err()
}
