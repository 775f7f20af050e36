// Package charts draws a series' published figures as a chart that stays a
// citation when it leaves the site: the title, what is counted, who published
// each number, the dated events and the source line are burned into the image.
//
// SeriesChart lays a chart out once; WriteSVG, WritePNG and WriteInlineSVG
// draw it to any io.Writer. A Chart is immutable after SeriesChart, so one
// cached Chart may be written by many requests at once.
//
// The package speaks only in domain types and draws with gonum/plot. Because
// gonum's defaults (serif font, arbitrary date ticks, "2500000.00" labels, no
// captions) do not make a chart a newsroom would print, the axes get a
// calendar ticker (ticks.go) and a compact number format (numbers.go), and the
// text around the plot is measured and wrapped here (text.go, layout.go).
package charts
