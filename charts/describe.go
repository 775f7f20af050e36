package charts

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// SourceLine returns the text burned into the image: "Source: Pakistani
// officials via Abb Takk (21 Oct 2023); IOM via Bloomberg (20 Apr 2025)".
// Each distinct (attributed_to, source publisher) pair appears once, dated
// by its latest source (or the figure's period_end when the source has no
// publication date), in the order the pairs first appear in time. When the
// organization published its own number only its name is written. No
// figures give "".
func SourceLine(figs []domain.Figure) string { return sourceLine(sortedFigures(figs)) }

// sourceLine writes the source line of figures already in date order.
func sourceLine(sorted []*domain.Figure) string {
	parts := sourceParts(sorted)
	if len(parts) == 0 {
		return ""
	}
	return "Source: " + strings.Join(parts, "; ")
}

// sourceParts are the entries of the source line, in its order: "IOM via
// Bloomberg (20 Apr 2025)".
func sourceParts(sorted []*domain.Figure) []string {
	type entry struct {
		text  string
		first time.Time
		date  domain.Date
	}
	var entries []*entry
	byText := map[string]*entry{}
	for _, f := range sorted {
		who := creditOf(f)
		date := f.Source.PublishedOn
		if date.IsZero() {
			date = f.PeriodEnd
		}
		e, ok := byText[who]
		if !ok {
			e = &entry{text: who, first: f.PeriodEnd.Last(), date: date}
			byText[who] = e
			entries = append(entries, e)
		}
		if date.Last().After(e.date.Last()) {
			e.date = date
		}
	}
	// Figures are in date order already; the stable sort only settles pairs
	// whose first figures share a day, by their own date and then by name.
	slices.SortStableFunc(entries, func(a, b *entry) int {
		return cmp.Or(a.first.Compare(b.first), a.date.Last().Compare(b.date.Last()), cmp.Compare(a.text, b.text))
	})
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = e.text
		if h := e.date.Human(); h != "" {
			parts[i] += " (" + h + ")"
		}
	}
	return parts
}

// creditOf credits a figure by organisation, once each however its words
// spelled it: "UNHCR via Dawn", "IOM & UNHCR", or "UNHCR" when UNHCR
// printed its own number. Figures whose organisations are not known
// are credited by their words.
func creditOf(f *domain.Figure) string {
	if len(f.Orgs) == 0 {
		publisher := f.Source.Publisher
		if f.Source.PublisherOrg.ID != 0 && domain.NotStated(f.AttributedTo) {
			return f.Source.PublisherOrg.Label()
		}
		return credit(f.AttributedTo, publisher)
	}
	labels := make([]string, len(f.Orgs))
	own := false
	for i, o := range f.Orgs {
		labels[i] = o.Label()
		own = own || o.ID != 0 && o.ID == f.Source.PublisherOrg.ID ||
			strings.EqualFold(o.Name, f.Source.Publisher) || strings.EqualFold(o.Label(), f.Source.Publisher)
	}
	who := strings.Join(labels, " & ")
	if own || f.Source.PublisherOrg.ID == 0 && f.Source.Publisher == "" {
		return who
	}
	publisher := f.Source.Publisher
	if f.Source.PublisherOrg.ID != 0 {
		publisher = f.Source.PublisherOrg.Label()
	}
	return who + " via " + publisher
}

// credit names who produced a number and who printed it: "IOM via Bloomberg",
// or just "IOM" when IOM printed it itself.
func credit(attributed, publisher string) string {
	a, p := strings.TrimSpace(attributed), strings.TrimSpace(publisher)
	switch {
	case a == "" || strings.EqualFold(a, p):
		return cmp.Or(a, p, "unknown")
	case p == "":
		return a
	}
	return a + " via " + p
}

// Describe returns a one-sentence text alternative for the chart: per
// organisation, its first and its last figure in the chart's period that
// is not deprecated, then which claims are marked deprecated or preferred
// and how they are drawn (marksWords). "No published figures yet." when
// there are none, "No published figures in this period." when there are
// none in the period.
func Describe(in Input) string {
	return describe(publishers(in.InWindow().Figures, in.Series.Measure), emptyMessage(len(in.Figures) > 0))
}

func describe(pubs []publisher, empty string) string {
	if len(pubs) == 0 {
		return empty + "."
	}
	s := chartWords(pubs)
	if r := reports(pubs); r != "" {
		s += ": " + r
	}
	s += "."
	if m := marksWords(pubs); m != "" {
		s += " " + m
	}
	return s
}

// reports says what each organisation reported, in the words its sources
// used when they differ from its name: "IOM reported about 1,000,000 on 19
// Apr 2025; UNHCR (stated as “UNHCR (Geneva press briefing)”) reported …".
// A deprecated claim is never an organisation's first or last report; an
// organisation whose claims are all deprecated is told by marksWords only.
func reports(pubs []publisher) string {
	var parts []string
	for _, p := range pubs {
		pts := livePoints(p.pts)
		if len(pts) == 0 {
			continue
		}
		first, last := pts[0], pts[len(pts)-1]
		s := p.who() + " reported " + valueWords(first) + " " + first.dateWords()
		if len(pts) > 1 {
			s += " " + trend(first, last) + " " + valueWords(last) + " " + last.dateWords()
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

// valueWords writes a figure as a sentence would: "more than 1,000,000",
// "between 100,000 and 120,000".
func valueWords(p point) string {
	if p.q == domain.Range {
		return "between " + domain.FormatNumber(p.lo) + " and " + domain.FormatNumber(p.hi)
	}
	return strings.TrimSpace(p.q.Words() + " " + domain.FormatNumber(p.y))
}

// chartWords says what kind of chart draws pubs: a line through stocks
// and running totals, steps over the periods of flows, which count what
// happened during each period and are not joined by a slope.
func chartWords(pubs []publisher) string {
	flows, others := 0, 0
	for _, p := range pubs {
		for _, pt := range p.pts {
			if pt.flow {
				flows++
			} else {
				others++
			}
		}
	}
	switch {
	case flows > 0 && others > 0:
		return "Line and step chart"
	case flows > 0:
		return "Step chart of counts per period"
	}
	return "Line chart"
}

// trend joins an organisation's first and last figure: "rising to",
// "falling to", or "and again". Two counts over periods of unlike length
// (a month and a day, a year and a half year) are joined by "and": the
// one cannot rise to the other.
func trend(first, last point) string {
	if !likePeriods(first, last) {
		return "and"
	}
	switch {
	case last.y > first.y:
		return "rising to"
	case last.y < first.y:
		return "falling to"
	}
	return "and again"
}

// likePeriods reports whether a and b count over periods of about one
// length (within 15%: January and February, two weeks, two years, two
// single days), or are no flows: a stock rises or falls whenever it is
// counted.
func likePeriods(a, b point) bool {
	if !a.flow && !b.flow {
		return true
	}
	if a.flow != b.flow {
		return false
	}
	la, lb := periodDays(a), periodDays(b)
	return max(la, lb) <= 1.15*min(la, lb)
}

// periodDays is how many days a flow counts over: one for an instant.
func periodDays(p point) float64 {
	if !p.spanned() {
		return 1
	}
	return (p.x1 - p.x0) / (24 * 60 * 60)
}

// dateWords says when a point counts, as precisely as the source did and
// as its measure reads (domain.PeriodWords): "in Apr 2025", "during 2024"
// for a flow, "as of 19 Apr 2025" for a stock or running total, whose
// start the text alternative leaves to the page.
func (p point) dateWords() string {
	if p.flow {
		return domain.PeriodWords(domain.MeasureFlow, p.start, p.when)
	}
	return domain.PeriodWords(domain.MeasureStock, domain.Date{}, p.when)
}

// who names a publisher for the text alternative: its legend label, then
// the words as stated that differ from it.
func (p publisher) who() string {
	var as []string
	for _, w := range p.words {
		if w != p.name {
			as = append(as, "“"+w+"”")
		}
	}
	if len(as) == 0 {
		return p.name
	}
	return p.name + " (stated as " + andList(as) + ")"
}
