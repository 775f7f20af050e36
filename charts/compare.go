package charts

import (
	"cmp"
	"image/color"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"gonum.org/v1/plot/vg"
)

// CompareChart lays out several series on one chart at size. Colour names
// the series (Okabe–Ito, in the order given) and marker shape the
// publisher, the same shape in every series; a line joins one publisher's
// figures of one series only. Qualifiers, events (of all series, once per
// ID), the source line and the date window follow SeriesChart's rules. The
// footer takes the permalink and licence of ins[0] and the latest as-of date.
//
// It refuses, with an EINVALID error on the field "series", fewer than two
// or more than MaxCompare series, a series listed twice, and series of
// different measures or units; on "from", series with different periods.
func CompareChart(ins []Input, size Size) (*Chart, error) {
	w, h, err := Sizes(size)
	if err != nil {
		return nil, err
	}
	if err := checkCompare(ins); err != nil {
		return nil, err
	}
	cmpn := compare(ins)
	win := windowOf(ins[0])
	c := &Chart{
		width:    w,
		height:   h,
		size:     size,
		slug:     "compare-" + cmpn.slugs(),
		title:    compareTitle(w, cmpn.series),
		subtitle: clean(joinParts(sharedSubtitle(ins), win.words())),
		unit:     clean(string(ins[0].Series.Unit)),
		events:   eventMarks(cmpn.events, win),
		quals:    qualifiersIn(cmpn.figs),
		source:   clean(SourceLine(cmpn.figs)),
		footer:   clean(footerLine(Input{AsOf: latestAsOf(ins), Licence: ins[0].Licence, Permalink: ins[0].Permalink})),
		empty:    emptyMessage(cmpn.hasFigures),
	}
	for _, s := range cmpn.series {
		c.pubs = append(c.pubs, s.pubs...)
	}
	c.items = cmpn.legendItems()
	c.noteUndrawn()
	c.describe = cmpn.describe()
	c.xmin, c.xmax = win.axis(xRange(Input{Figures: cmpn.figs, Events: cmpn.events}))
	c.finish()
	return c, nil
}

// comparison is what a compare chart draws.
type comparison struct {
	series     []compared
	figs       []domain.Figure // every series' figures in the window
	events     []domain.Event  // of all series, each once
	publishers []legendItem    // every publisher's shape, in grey
	hasFigures bool            // whether any series has figures at all, in the window or not
}

// compared is one series of a comparison.
type compared struct {
	slug, title string
	color       color.RGBA
	pubs        []publisher // its lines, in its colour and the publishers' shapes
	hasFigures  bool
}

// compare windows each series, colours it, and gives every publisher one
// shape across all series, in the order the publishers first appear in time.
func compare(ins []Input) comparison {
	var cmpn comparison
	for i, in := range ins {
		shown := in.InWindow()
		cmpn.series = append(cmpn.series, compared{
			slug: in.Series.Slug, title: seriesTitle(in.Series), color: paletteColor(i),
			pubs: publishers(shown.Figures), hasFigures: len(in.Figures) > 0,
		})
		cmpn.figs = append(cmpn.figs, shown.Figures...)
		cmpn.events = append(cmpn.events, shown.Events...)
		cmpn.hasFigures = cmpn.hasFigures || len(in.Figures) > 0
	}
	cmpn.events = uniqueEvents(cmpn.events)
	shapes := map[string]shape{}
	for i, p := range publishers(cmpn.figs) {
		shapes[p.name] = compareShape(i)
		cmpn.publishers = append(cmpn.publishers, legendItem{label: p.name, marker: inkMuted, shape: compareShape(i), q: domain.Exact})
	}
	for i := range cmpn.series {
		s := &cmpn.series[i]
		for j := range s.pubs {
			s.pubs[j].color, s.pubs[j].shape = s.color, shapes[s.pubs[j].name]
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
