package charts

import (
	"cmp"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Input is everything one chart shows. Figures are published figures of one
// series in any order, drawn per organisation (Figure.Orgs; see groupOf);
// the words as stated (AttributedTo) are told in the text alternative.
type Input struct {
	Series    domain.Series
	Figures   []domain.Figure
	Events    []domain.Event
	AsOf      time.Time // "data as of" date printed in the footer
	Permalink string    // printed in the footer, e.g. https://example.org/series/slug
	Licence   string    // e.g. "CC-BY-4.0"; printed in the footer when not empty

	// From and To limit the chart to a period; a zero time leaves that end
	// open. The time axis then spans exactly the period, and only figures
	// and events inside it are drawn, cited and described (see InWindow).
	From, To time.Time

	// Headline is the honest one-line summary of the series' latest fact
	// (domain.Headline.Words, with its period), drawn under the subtitle
	// of the images that circulate without their page: the social card
	// and the phone size (see headlineSizes). Wrapped to a few lines and
	// cut with "…" after them; the page carries it in full. A compare
	// chart draws none: it has no one latest fact.
	Headline string
}

// Size names a canvas size: "small", "medium", "large", "social" or "phone".
type Size string

// The named sizes. Social is the 16:9 card size that link previews crop
// least. Phone is a portrait chart a phone shows at about its own size,
// so that its text stays readable; a wider chart shrunk to a phone's width
// has text of 4 to 6 px.
const (
	SizeSmall  Size = "small"
	SizeMedium Size = "medium"
	SizeLarge  Size = "large"
	SizeSocial Size = "social"
	SizePhone  Size = "phone"
)

// Sizes returns the pixel size of a named size, or an EINVALID error.
func Sizes(s Size) (width, height int, err error) {
	switch s {
	case SizeSmall:
		return 640, 400, nil
	case SizeMedium:
		return 960, 540, nil
	case SizeLarge:
		return 1280, 720, nil
	case SizeSocial:
		return 1200, 675, nil
	case SizePhone:
		return 390, 720, nil
	}
	return 0, 0, domain.FieldErrorf(domain.EINVALID, "size", "%q is not a chart size; use small, medium, large, social or phone", string(s))
}

// Chart is a laid-out chart, ready to be written in any format. It is not
// changed by writing, so one Chart may be written concurrently.
type Chart struct {
	width, height int
	size          Size
	slug          string
	title         string
	subtitle      string
	headline      string // drawn under the subtitle; "" draws nothing
	unit          string
	pubs          []publisher // one per line drawn
	compared      bool        // a compare chart: pubs' dashes are series
	items         []legendItem
	events        []eventMark
	quals         []qualKey
	xmin, xmax    float64 // Unix seconds
	ymax          float64
	yticks        countTicker
	source        string   // the whole source line, as the text alternative gives it
	sources       []string // its entries, for a line cut to its lines (sourceBlock)
	permalink     string   // where everything left out of the image is listed
	footer        string
	describe      string
	empty         string // what the plot says when there is nothing to draw
	lay           layout
}

// publisher is one organisation (or joint group of them) a chart draws:
// one colour, one shape, one line. name is its legend label; words are the
// attributions as stated that it gathers, each once, in order of first use.
type publisher struct {
	group
	name  string
	words []string
	color color.RGBA
	shape shape
	dash  int     // the line's dash pattern (a compare chart's series); 0 is solid
	pts   []point // in date order
}

// point is one figure as drawn, with its qualifier and its reviewed mark
// (marks.go). Its marker is at x, the middle of the span x0..x1 the
// figure covers (spanOf): a flow's period, or the month or year of an
// as-of date given no more precisely; a day-precise as-of date is an
// instant, x0 == x == x1.
type point struct {
	x, y   float64
	x0, x1 float64          // the span the figure covers, Unix seconds
	flow   bool             // counted during x0..x1: drawn as a step over a column when spanned
	lo, hi float64          // the range of a range figure; y otherwise
	q      domain.Qualifier //
	when   domain.Date      // the as-of date as the source gave it
	start  domain.Date      // a flow's period start as given; zero otherwise
	mark   domain.ClaimMark
}

// spanned reports whether a point covers more than a day: it is drawn
// over its span, not at an instant.
func (p point) spanned() bool { return p.x1 > p.x0 }

// eventMark is one numbered event on the time axis.
type eventMark struct {
	n      int
	x, end float64 // end == x when the event has no end date
	key    string  // "3 Oct 2023: Pakistan announces …"
}

// SeriesChart lays out the chart of in at size. It returns an error, never
// panics, for data that cannot be drawn: non-finite or negative values, a
// figure without an as-of date, an event without a date, a period (From,
// To) that ends before it starts.
func SeriesChart(in Input, size Size) (*Chart, error) {
	w, h, err := Sizes(size)
	if err != nil {
		return nil, err
	}
	if err := check(in); err != nil {
		return nil, err
	}
	win := windowOf(in)
	shown := in.InWindow()
	sorted := sortedFigures(shown.Figures)
	c := &Chart{
		width:     w,
		height:    h,
		size:      size,
		slug:      in.Series.Slug,
		title:     seriesTitle(in.Series),
		subtitle:  clean(joinParts(subtitle(in.Series), win.words())),
		headline:  headlineOn(size, in.Headline),
		unit:      clean(string(in.Series.Unit)),
		pubs:      publishersStyled(sorted, in.Figures, in.Series.Measure),
		quals:     symbolKeys(shown.Figures, in.Series.Measure),
		source:    clean(sourceLine(sorted)),
		sources:   sourceParts(sorted),
		permalink: windowLink(strings.TrimSpace(in.Permalink), win), // where the key and source line send the reader
		footer:    clean(footerLine(in)),
		empty:     emptyMessage(len(in.Figures) > 0),
	}
	c.items = c.publisherItems()
	c.describe = describe(c.pubs, c.empty)
	c.xmin, c.xmax = win.axis(xRange(shown))
	_, drawn, _ := in.EventsAround()
	c.events = eventMarks(drawn, axisWindow(c.xmin, c.xmax))
	c.noteUndrawn() // after the events, whose titles it reads
	c.finish()
	return c, nil
}

// finish chooses the value axis and lays the chart out.
func (c *Chart) finish() {
	top := 0.0
	for _, p := range c.pubs {
		for _, pt := range p.pts {
			top = math.Max(top, pt.hi)
		}
	}
	c.ymax, c.yticks = countAxis(top, 5)
	c.lay = c.layout()
	if n := c.lay.yIntervals(); n < 5 {
		// A short plot gets fewer, wider-spaced value labels. The layout
		// depends on them only through the width of the y labels.
		c.ymax, c.yticks = countAxis(top, n)
		c.lay = c.layout()
	}
}

// check rejects what cannot be drawn. Domain validation has normally caught
// all of it; the chart must still not hang or panic on a stray NaN.
func check(in Input) error {
	if err := windowOf(in).check(); err != nil {
		return err
	}
	for i, f := range in.Figures {
		name := cmp.Or(f.ID, "#"+itoa(i+1))
		if f.PeriodEnd.IsZero() {
			return domain.FieldErrorf(domain.EINVALID, "period_end", "figure %s has no as-of date", name)
		}
		vals := []float64{f.Value}
		if f.Qualifier == domain.Range {
			if f.ValueLow == nil || f.ValueHigh == nil {
				return domain.FieldErrorf(domain.EINVALID, "value_low", "figure %s is a range without value_low and value_high", name)
			}
			vals = append(vals, *f.ValueLow, *f.ValueHigh)
		}
		for _, v := range vals {
			if !finite(v) || v < 0 || v > 1e15 {
				return domain.FieldErrorf(domain.EINVALID, "value", "figure %s: %v cannot be drawn; values must be finite counts", name, v)
			}
		}
	}
	for i, e := range in.Events {
		if e.Date.IsZero() {
			return domain.FieldErrorf(domain.EINVALID, "date", "event %s has no date", cmp.Or(e.ID, "#"+itoa(i+1)))
		}
	}
	return nil
}

// publishers groups figures by organisation (see groupOf), in the order
// they first appear in time, the order of the legend. Colour and marker
// come from each organisation's identity (assignStyles), not that order.
func publishers(figs []domain.Figure, m domain.Measure) []publisher {
	return publishersOf(sortedFigures(figs), m)
}

// publishersOf groups figures already in date order.
func publishersOf(sorted []*domain.Figure, m domain.Measure) []publisher {
	pubs := groupFigures(sorted, m)
	ptrs := make([]*publisher, len(pubs))
	for i := range pubs {
		ptrs[i] = &pubs[i]
	}
	assignStyles(ptrs)
	return pubs
}

// publishersStyled groups the figures shown (already in date order) and
// gives each group the colour and marker it has among all: styles settled
// over the whole series, so that a date window, which may leave out the
// organisation that pushed another off its pair, draws each organisation
// as the full chart does.
func publishersStyled(shown []*domain.Figure, all []domain.Figure, m domain.Measure) []publisher {
	pubs := groupFigures(shown, m)
	styled := groupBy(sortedFigures(all), m, false) // styles need no points
	ptrs := make([]*publisher, len(styled))
	for i := range styled {
		ptrs[i] = &styled[i]
	}
	assignStyles(ptrs)
	styleAs(pubs, styled)
	return pubs
}

// styleAs gives pubs the colour and marker of the group with the same key
// in styled.
func styleAs(pubs []publisher, styled []publisher) {
	byKey := make(map[string]publisher, len(styled))
	for _, p := range styled {
		byKey[p.key] = p
	}
	for i := range pubs {
		if p, ok := byKey[pubs[i].key]; ok {
			pubs[i].color, pubs[i].shape = p.color, p.shape
		}
	}
}

// groupFigures groups figures already in date order, without styles. Each
// group's points are in the order of their markers (x), which a marker at
// the middle of its month can change: lines and steps join them so.
func groupFigures(sorted []*domain.Figure, m domain.Measure) []publisher {
	return groupBy(sorted, m, true)
}

// groupBy groups figures already in date order; with points false, it
// leaves out their points and words, for what needs only the groups.
func groupBy(sorted []*domain.Figure, m domain.Measure, points bool) []publisher {
	byKey := map[string]int{}
	var pubs []publisher
	for _, f := range sorted {
		g := groupOf(f)
		i, ok := byKey[g.key]
		if !ok {
			i = len(pubs)
			byKey[g.key] = i
			pubs = append(pubs, publisher{group: g, name: g.label})
		}
		p := &pubs[i]
		if !points {
			continue
		}
		if w := clean(strings.TrimSpace(f.AttributedTo)); w != "" && !slices.Contains(p.words, w) {
			p.words = append(p.words, w)
		}
		p.pts = append(p.pts, pointOf(f, m))
	}
	byX := func(a, b point) int { return cmp.Compare(a.x, b.x) }
	for i := range pubs {
		if !slices.IsSortedFunc(pubs[i].pts, byX) {
			slices.SortStableFunc(pubs[i].pts, byX)
		}
	}
	return pubs
}

// sortedFigures orders figures by as-of date, then value, then id: the same
// input always draws the same picture. It sorts pointers, because a Figure
// is large and a series may hold thousands, by a precomputed date, because
// computing it in every comparison is most of the cost of a large series.
func sortedFigures(figs []domain.Figure) []*domain.Figure {
	type keyed struct {
		day int64
		f   *domain.Figure
	}
	k := make([]keyed, len(figs))
	for i := range figs {
		k[i] = keyed{figs[i].PeriodEnd.Last().Unix(), &figs[i]}
	}
	slices.SortStableFunc(k, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.f.Value, b.f.Value), cmp.Compare(a.f.ID, b.f.ID))
	})
	s := make([]*domain.Figure, len(k))
	for i := range k {
		s[i] = k[i].f
	}
	return s
}

// pointOf is figure f of a series of measure m as drawn.
func pointOf(f *domain.Figure, m domain.Measure) point {
	t0, t1 := spanOf(m, f.PeriodStart, f.PeriodEnd)
	x0, x1 := unixSeconds(t0), unixSeconds(t1)
	p := point{x: (x0 + x1) / 2, x0: x0, x1: x1, y: f.Value, lo: f.Value, hi: f.Value, q: f.Qualifier, when: f.PeriodEnd, mark: f.Mark}
	if m == domain.MeasureFlow {
		p.flow, p.start = true, f.PeriodStart
	}
	if f.Qualifier == domain.Range {
		p.lo, p.hi = *f.ValueLow, *f.ValueHigh
	}
	return p
}

// spanOf is the time a figure covers, from the first moment to the end of
// the last day. A flow covers its period: from its start, or, with none,
// the month or year its end names; a flow of one day given alone is an
// instant. A stock or running total is a count at an instant, its as-of
// day; an as-of date of month or year precision could be any day of it,
// and covers it all. An instant has t0 == t1 at the start of its day, as
// every figure was drawn before periods were.
func spanOf(m domain.Measure, start, end domain.Date) (t0, t1 time.Time) {
	if m == domain.MeasureFlow && !start.IsZero() && start.First().Before(end.Last()) {
		return start.First(), end.Last().AddDate(0, 0, 1)
	}
	if end.Precision == domain.PrecisionDay || end.IsZero() {
		t := end.Last()
		return t, t
	}
	return end.First(), end.Last().AddDate(0, 0, 1)
}

// xRange spans the figures (a flow's whole period, a month-precise as-of
// date's whole month: spanOf), padded so that no point sits on the frame.
// Events never widen it: the axis is the data's (EventsAround). A single
// date gets two months either side so the axis reads.
func xRange(in Input) (xmin, xmax float64) {
	lo, hi := time.Time{}, time.Time{}
	widen := func(t time.Time) {
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if hi.IsZero() || t.After(hi) {
			hi = t
		}
	}
	for _, f := range in.Figures {
		t0, t1 := spanOf(in.Series.Measure, f.PeriodStart, f.PeriodEnd)
		widen(t0)
		widen(t1)
	}
	if lo.IsZero() {
		return 0, 1
	}
	if hi.Sub(lo) < 120*24*time.Hour {
		return unixSeconds(lo.AddDate(0, -2, 0)), unixSeconds(hi.AddDate(0, 2, 0))
	}
	pad := max(hi.Sub(lo)/25, 10*24*time.Hour)
	return unixSeconds(lo.Add(-pad)), unixSeconds(hi.Add(pad))
}

func itoa(i int) string { return strconv.Itoa(i) }

// joinParts joins the non-empty parts of a subtitle with middle dots.
func joinParts(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " · ")
}
