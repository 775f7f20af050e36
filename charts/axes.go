package charts

import (
	"context"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// newPlot builds the gonum plot of the data area: axes, grid, events and
// figures. It is built afresh for every write because gonum's Draw writes to
// the axes, and a cached Chart may be written by several requests at once.
// Its plotters stop drawing when ctx is done.
func (c *Chart) newPlot(ctx context.Context, th theme) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = nil // the canvas is already white

	tick := th.tick
	p.X.Tick.Label = tick
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.X.Tick.Marker = timeTicker{maxLabels: c.maxTimeLabels(th)}
	p.X.Tick.LineStyle = draw.LineStyle{Color: inkAxis, Width: 1}
	p.X.Tick.Length = th.base * 0.4
	p.X.LineStyle = draw.LineStyle{Color: inkAxis, Width: 1}
	p.X.Padding = 0 // the zero line is the axis

	// No y axis line or tick marks: grid lines carry the values, as in print.
	p.Y.Tick.Label = tick
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.Y.Tick.Marker = c.yticks
	p.Y.Tick.Length = 0
	p.Y.LineStyle = draw.LineStyle{}
	p.Y.Padding = th.base * 0.3
	p.Y.Label.Text = c.unit
	p.Y.Label.TextStyle = tick
	p.Y.Label.TextStyle.XAlign, p.Y.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
	p.Y.Label.Padding = th.base * 0.4

	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	grid.Horizontal = draw.LineStyle{Color: inkGrid, Width: 1}
	p.Add(grid, c.eventsPlotter(ctx, th), c.figuresPlotter(ctx, th))
	// The ranges were chosen with padding and headroom; Add only widened them.
	p.X.Min, p.X.Max = c.xmin, c.xmax
	p.Y.Min, p.Y.Max = 0, c.ymax
	return p
}

func (c *Chart) figuresPlotter(ctx context.Context, th theme) figuresPlotter {
	label := th.legend
	label.Color = inkTitle
	return figuresPlotter{ctx: ctx, pubs: c.pubs, radius: th.radius * 1.15, width: th.line, label: label, numbered: c.compared}
}

// plotGeometry is the chart's figures plotter and the transforms it draws
// with on the laid-out plot area.
func (c *Chart) plotGeometry() (f figuresPlotter, dc draw.Canvas, trX, trY func(float64) vg.Length) {
	p := c.newPlot(context.Background(), c.lay.th)
	dc = p.DataCanvas(draw.Canvas{Rectangle: c.lay.plot})
	trX, trY = p.Transforms(&dc)
	return c.figuresPlotter(context.Background(), c.lay.th), dc, trX, trY
}

// maxTimeLabels is how many "Sep 2025" labels fit across the plot with room
// between them, between 2 and 8.
func (c *Chart) maxTimeLabels(th theme) int {
	inner := vg.Length(c.width) - 2*th.margin - th.base*5 // minus the y labels
	n := int(math.Floor(float64(inner / (th.tick.Width("Sep 2025") * 1.7))))
	return min(max(n, 2), 8)
}

func (c *Chart) eventsPlotter(ctx context.Context, th theme) eventsPlotter {
	step := th.eventD + th.base*0.25
	// At most four rows of numbers, fewer on a short canvas: the strip
	// never takes more than an eighth of the height from the data.
	rows := min(max(int(vg.Length(c.height)*0.12/step), 1), 4)
	if th.stripRows > 0 { // a crowded layout's limit (see layout)
		rows = min(rows, th.stripRows)
	}
	return eventsPlotter{ctx: ctx, events: c.events, d: th.eventD, gap: th.base * 0.25, maxRows: rows, num: th.number}
}

// eventStrip is the room the event numbers need above the data in a plot
// as wide as width: numbers of events closer than a disc are spread
// sideways or dealt to rows. numbered is false when there are too many
// to number: the events are then lines only, and need no strip.
func (c *Chart) eventStrip(th theme, width vg.Rectangle) (height vg.Length, numbered bool) {
	p := c.newPlot(context.Background(), th)
	// DataCanvas only measures text; no drawing canvas is needed. Only the
	// width of the area matters: the x axis does not depend on the height.
	dc := p.DataCanvas(draw.Canvas{Rectangle: width})
	trX, _ := p.Transforms(&dc)
	ep := c.eventsPlotter(context.Background(), th)
	_, rows, ok := placeMarkers(ep.xs(trX), ep.d+ep.gap, dc.Min.X, dc.Max.X, ep.maxRows)
	if !ok {
		return 0, false
	}
	return ep.stripHeight(rowCount(rows)), true
}
