// Package charts draws a series' published figures as a chart that stays a
// citation when it leaves the site: the title, what is counted, who published
// each number, the dated events and the source line are burned into the image.
//
// SeriesChart lays out one series, CompareChart up to MaxCompare series of
// the same measure and unit; WriteSVG, WritePNG and WriteInlineSVG draw the
// result to any io.Writer, and their Context variants stop, writing
// nothing, when a context ends. A Chart is immutable once laid out, so one
// cached Chart may be written by many requests at once. No input lays a
// chart out off its canvas or at a non-finite position, and at every size
// the plot keeps half the height (plotShare) whatever the number of events,
// organisations and sources: what the keys have no room for is counted and
// pointed to the permalink, whose page lists it all, in the same numbering
// (EventOrder; Chart.EventKey for a download's text). The legend then goes
// to columns of shortened names, the event key to one line an event, the
// source line to its first entries and "and N more sources: {permalink}";
// text of absurd length is cut (layout.go, legend.go, text.go). Input.From
// and Input.To cut a chart to a period; Input.InWindow is exactly what
// such a chart shows. A compare chart carries the comparison's own
// permalink, which CompareChart takes.
//
// A figure's mark matches what its series counts (spans.go): a flow, a
// count during a period, is a step at its value over a light column that
// spans the period; a stock or running total is a marker at its as-of
// date, on a whisker across the month or year when the source gave no
// day. Markers of organisations that coincide are spread sideways, so that
// none hides another (coincide.go). The text alternative words each date
// as the tables do (domain.PeriodWords).
//
// A claim a reviewer deprecated stays on the chart, hollow, grey and
// struck through, off its organisation's line; a preferred one is ringed;
// the symbol key says so when a chart shows either (marks.go). The social
// and phone sizes, which circulate without their page, also draw the
// series' headline, Input.Headline, under the subtitle (headline.go).
//
// A line, a legend entry, a colour and a marker belong to an organisation,
// not to the words a source used for it, and colour and marker come from
// the organisation's ID, not its place in the chart: an organisation looks
// the same in its series' chart, a date window of it, at phone size, in
// another series and in a comparison, where the series are told apart by
// dash and number instead (orgs.go, compare.go).
//
// The package speaks only in domain types and draws with gonum/plot. Because
// gonum's defaults (serif font, arbitrary date ticks, "2500000.00" labels, no
// captions) do not make a chart a newsroom would print, the axes get a
// calendar ticker (ticks.go, daytick.go) and a compact number format
// (numbers.go), and the text around the plot is measured and wrapped here
// (text.go, layout.go).
package charts
