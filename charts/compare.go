package charts

import (
	"cmp"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

// CompareChart lays out several series on one chart at size. Colour and
// marker name the organisation, as in every other chart of it (orgs.go);
// the line's dash names the series (solid, dashed, dotted, …, in the order
// given), and so does its number, written beside a figure that no line
// joins; the legend keys all three. A line joins one organisation's figures
// of one series only. Qualifiers, events (of all series, once per ID), the
// source line and the date window follow SeriesChart's rules. The footer
// takes the licence of ins[0], the latest as-of date and permalink, the
// address of the comparison itself (not of one of its series), which is
// also where the image sends a reader for what it has no room to list.
//
// It refuses, with an EINVALID error on the field "series", fewer than two
// or more than MaxCompare series, a series listed twice, and series of
// different measures or units; on "from", series with different periods.
func CompareChart(ins []Input, size Size, permalink string) (*Chart, error) {
	w, h, err := Sizes(size)
	if err != nil {
		return nil, err
	}
	if err := checkCompare(ins); err != nil {
		return nil, err
	}
	cmpn := compare(ins)
	sorted := sortedFigures(cmpn.figs)
	win := windowOf(ins[0])
	c := &Chart{
		width:     w,
		height:    h,
		size:      size,
		slug:      "compare-" + cmpn.slugs(),
		title:     compareTitle(w, cmpn.series),
		subtitle:  clean(joinParts(sharedSubtitle(ins), win.words())),
		unit:      clean(string(ins[0].Series.Unit)),
		compared:  true,
		quals:     symbolKeys(cmpn.figs, ins[0].Series.Measure),
		source:    clean(sourceLine(sorted)),
		sources:   sourceParts(sorted),
		permalink: windowLink(strings.TrimSpace(permalink), win), // where the key and source line send the reader
		footer:    clean(footerLine(Input{AsOf: latestAsOf(ins), Licence: ins[0].Licence, Permalink: permalink})),
		empty:     emptyMessage(cmpn.hasFigures),
	}
	for _, s := range cmpn.series {
		c.pubs = append(c.pubs, s.pubs...)
	}
	c.items = cmpn.legendItems()
	c.describe = cmpn.describe()
	c.xmin, c.xmax = cmpn.axis(ins)
	_, drawn, _ := splitByAxis(cmpn.events, c.xmin, c.xmax)
	c.events = eventMarks(drawn, axisWindow(c.xmin, c.xmax))
	c.noteUndrawn() // after the events, whose titles it reads
	c.finish()
	return c, nil
}

// axis is the compare chart's time axis: the compared figures' dates,
// padded, or the window; events never widen it.
func (cmpn comparison) axis(ins []Input) (lo, hi float64) {
	return windowOf(ins[0]).axis(xRange(Input{Series: ins[0].Series, Figures: cmpn.figs}))
}

// CompareEventsAround is EventsAround for a comparison: the events of the
// compared series, each once, split by the compare chart's time axis.
// shown are the events CompareChart draws, in its numbering (EventOrder),
// so that a page listing them numbers them as the chart's key does.
func CompareEventsAround(ins []Input) (before, shown, after []domain.Event) {
	if len(ins) == 0 {
		return nil, nil, nil
	}
	cmpn := compare(ins)
	lo, hi := cmpn.axis(ins)
	return splitByAxis(cmpn.events, lo, hi)
}

// comparison is what a compare chart draws.
type comparison struct {
	series     []compared
	figs       []domain.Figure // every series' figures in the window
	events     []domain.Event  // of all series, each once
	orgs       []legendItem    // every organisation's colour and marker
	hasFigures bool            // whether any series has figures at all, in the window or not
}

// compared is one series of a comparison.
type compared struct {
	slug, title string
	dash        int         // its lines' dash pattern
	pubs        []publisher // its lines, in the organisations' colours and markers
	hasFigures  bool
}

// compare windows each series, gives it a dash pattern, and styles every
// organisation once across all series, so that an organisation in two
// series has one colour and marker, those it has in its own charts.
func compare(ins []Input) comparison {
	var cmpn comparison
	for i, in := range ins {
		shown := in.InWindow()
		cmpn.series = append(cmpn.series, compared{
			slug: in.Series.Slug, title: seriesTitle(in.Series), dash: i,
			pubs: groupFigures(sortedFigures(shown.Figures), in.Series.Measure), hasFigures: len(in.Figures) > 0,
		})
		cmpn.figs = append(cmpn.figs, shown.Figures...)
		// Every event of the series, not only the window's: the chart draws
		// those on its axis, and CompareEventsAround lists the rest.
		cmpn.events = append(cmpn.events, in.Events...)
		cmpn.hasFigures = cmpn.hasFigures || len(in.Figures) > 0
	}
	cmpn.events = uniqueEvents(cmpn.events)
	// Styles are settled over every figure of every series, not only those
	// in the window, as a series chart settles them over its whole series.
	var every []domain.Figure
	for _, in := range ins {
		every = append(every, in.Figures...)
	}
	all := publishersStyled(sortedFigures(cmpn.figs), every, ins[0].Series.Measure) // in order of first appearance
	byKey := map[string]publisher{}
	for _, p := range all {
		byKey[p.key] = p
		it := legendItem{label: p.name, marker: p.color, shape: p.shape, q: domain.Exact}
		if allDeprecated(p.pts) { // as in a series chart's legend
			it.mark = domain.MarkDeprecated
		}
		cmpn.orgs = append(cmpn.orgs, it)
	}
	for i := range cmpn.series {
		s := &cmpn.series[i]
		for j := range s.pubs {
			p := byKey[s.pubs[j].key]
			s.pubs[j].color, s.pubs[j].shape, s.pubs[j].dash = p.color, p.shape, s.dash
		}
	}
	return cmpn
}

// slugs joins the series' slugs with "--", which a slug cannot hold, so
// that the SVG ids of two comparisons never collide.
func (cmpn comparison) slugs() string {
	s := make([]string, len(cmpn.series))
	for i, c := range cmpn.series {
		s[i] = c.slug
	}
	return strings.Join(s, "--")
}

func seriesTitle(s domain.Series) string {
	return clean(cmp.Or(strings.TrimSpace(s.Title), s.Slug, "Untitled series"))
}

// compareTitle names the series when their titles fit two lines of the
// title, and counts them otherwise: the legend names each one anyway.
func compareTitle(width int, series []compared) string {
	titles := make([]string, len(series))
	for i, s := range series {
		titles[i] = s.title
	}
	th := newTheme(width, fits[0])
	joined := strings.Join(titles, " vs ")
	if len(wrap(th.title, joined, vg.Length(width)-2*th.margin)) <= 2 {
		return joined
	}
	return "Comparison of " + itoa(len(series)) + " series"
}

// sharedSubtitle says what all the series count. Their measure and unit
// are the same (checkCompare saw to it); who and where, only when shared.
func sharedSubtitle(ins []Input) string {
	first := subtitle(ins[0].Series)
	for _, in := range ins[1:] {
		if subtitle(in.Series) != first {
			return subtitle(domain.Series{Measure: ins[0].Series.Measure, Unit: ins[0].Series.Unit})
		}
	}
	return first
}

func latestAsOf(ins []Input) time.Time {
	var t time.Time
	for _, in := range ins {
		if in.AsOf.After(t) {
			t = in.AsOf
		}
	}
	return t
}
