package domain

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Headline is what a single-number summary of a fact shows: the preferred
// claim with the others' range, or, with no preferred claim, the range of
// all claims and who gave them. Deprecated claims are never in it.
type Headline struct {
	Fact *Fact
	// Lead is the preferred claim; nil when no claim is preferred.
	Lead *Figure
	// Others are the live claims other than Lead (all live claims when
	// there is no Lead), in date order.
	Others []Figure
	// Low and High are the smallest and largest value of Others.
	Low, High float64
}

// Headline is the summary of the latest fact (LatestFact); ok is false
// when every claim is deprecated.
func (an Analysis) Headline() (h Headline, ok bool) {
	f := an.LatestFact()
	if f == nil {
		return Headline{}, false
	}
	return HeadlineOf(f)
}

// LatestFact is the fact the latest claim that is not deprecated is
// about, anchored on that claim: every claim (deprecated ones too) about
// the same period by the measure's rule, measured to it. Facts grouped
// from a series' first claim may draw the line around it a little
// differently; anchored on the latest claim, the headline is the same
// however far back the claims were read (the home page reads only a
// series' recent ones). Nil when every claim is deprecated.
func (an Analysis) LatestFact() *Fact {
	at := -1
	for i := len(an.claims) - 1; i >= 0; i-- {
		if an.claims[i].Mark != MarkDeprecated {
			at = i
			break
		}
	}
	if at < 0 {
		return nil
	}
	anchor := an.claims[at]
	probe := &Fact{Measure: an.Measure, Claims: []Figure{anchor}}
	f := &Fact{Measure: an.Measure, Start: anchor.PeriodStart, End: anchor.PeriodEnd, kin: an.kin, Agree: true}
	for i, c := range an.claims {
		if i == at || sameFact(an.Measure, probe, c) {
			f.Claims = append(f.Claims, c)
		}
	}
	f.Preferred = preferred(f.Claims)
	f.Agree = len(pairFindings(f, an.kin)) == 0
	if f.Agree && an.Measure == MeasureCumulative {
		f.Agree = len(falls(Analysis{Facts: []*Fact{f}}, f.Claims)) == 0
	}
	return f
}

// HeadlineOf summarises one fact; ok is false when every claim is
// deprecated.
func HeadlineOf(f *Fact) (Headline, bool) {
	h := Headline{Fact: f}
	if f.Preferred >= 0 {
		lead := f.Claims[f.Preferred]
		h.Lead = &lead
	}
	for _, c := range Live(f.Claims) {
		if h.Lead != nil && c.ID == h.Lead.ID {
			continue
		}
		if len(h.Others) == 0 || c.Value < h.Low {
			h.Low = c.Value
		}
		if len(h.Others) == 0 || c.Value > h.High {
			h.High = c.Value
		}
		h.Others = append(h.Others, c)
	}
	return h, h.Lead != nil || len(h.Others) > 0
}

// Single is the one claim a headline stands for when it has only one:
// its lead, or its only claim; nil when several claims share it.
func (h Headline) Single() *Figure {
	switch {
	case h.Lead != nil:
		return h.Lead
	case len(h.Others) == 1:
		return &h.Others[0]
	}
	return nil
}

// Words writes the headline as a sentence part: "about 1,000,000 (IOM)";
// "930,000 (UNHCR; preferred: its border monitoring covers every
// crossing); 2 other sources: 900,000–950,000"; with no preferred claim,
// "900,000–950,000 from 3 sources: UNHCR, IOM and Pakistan". Sources are
// counted by name, not by claim: two claims from IOM are one source.
func (h Headline) Words() string {
	if h.Lead == nil && len(h.Others) == 0 {
		return ""
	}
	if h.Lead != nil {
		s := ClaimWords(*h.Lead) + " (" + Who(*h.Lead)
		if h.Lead.MarkReason != "" {
			s += "; preferred: " + h.Lead.MarkReason
		}
		s += ")"
		whos := h.Whos()
		switch {
		case len(h.Others) == 0:
		case len(h.Others) == 1:
			s += "; 1 other source: " + ClaimWords(h.Others[0]) + " (" + whos[0] + ")"
		case len(whos) == 1:
			s += "; 1 other source: " + h.RangeWords() + " (" + whos[0] + ")"
		default:
			s += fmt.Sprintf("; %d other sources: %s", len(whos), h.RangeWords())
		}
		return s
	}
	switch whos := h.Whos(); {
	case len(h.Others) == 1:
		return ClaimWords(h.Others[0]) + " (" + whos[0] + ")"
	case len(whos) == 1:
		return h.RangeWords() + " (" + whos[0] + ")"
	default:
		return fmt.Sprintf("%s from %d sources: %s", h.RangeWords(), len(whos), AndList(whos))
	}
}

// RangeWords writes the range of Others: "900,000–950,000", or one number
// when they all give the same.
//
// When the lowest or the highest was stated as a bound or a range, both
// ends are written as stated: "more than 400,000 to more than 700,000".
func (h Headline) RangeWords() string {
	if len(h.Others) == 0 {
		return ""
	}
	// A range claim counts by its own low and high ends.
	low := func(f Figure) float64 {
		if f.Qualifier == Range && f.ValueLow != nil {
			return *f.ValueLow
		}
		return f.Value
	}
	high := func(f Figure) float64 {
		if f.Qualifier == Range && f.ValueHigh != nil {
			return *f.ValueHigh
		}
		return f.Value
	}
	lo, hi := h.Others[0], h.Others[0]
	for _, c := range h.Others[1:] {
		if low(c) < low(lo) {
			lo = c
		}
		if high(c) > high(hi) {
			hi = c
		}
	}
	switch {
	case low(lo) == high(hi) && lo.Qualifier == hi.Qualifier:
		return ClaimWords(lo)
	case plain(lo) && plain(hi):
		return FormatNumber(low(lo)) + "–" + FormatNumber(high(hi))
	}
	return ClaimWords(lo) + " to " + ClaimWords(hi)
}

// plain reports whether a claim's value is a number, exact or about: one a
// range of values can be written with.
func plain(f Figure) bool {
	return f.Qualifier == Exact || f.Qualifier == Approx || (f.Qualifier == Range && f.ValueLow != nil && f.ValueHigh != nil)
}

// Whos names the sources of Others, each once, in date order: claims of
// one source (SameSource: one organisation, or one and its parent or its
// part) are named once, by the first of them; unnamed sources are never
// one source.
func (h Headline) Whos() []string {
	var out []string
	var firsts []Figure // the first claim of each source named
	var kin Kin
	if h.Fact != nil {
		kin = h.Fact.kin
	}
	for _, c := range h.Others {
		seen := false
		for _, f := range firsts {
			if Who(f) == Who(c) && !NotStated(c.AttributedTo) || SameSource(f, c, kin) {
				seen = true
				break
			}
		}
		if !seen {
			firsts = append(firsts, c)
			out = append(out, Who(c))
		}
	}
	return out
}

// ClaimWords writes a claim's value as the source put it: "more than
// 135,000", "between 100,000 and 120,000", "148,200", "nearly 10,600,000"
// (an approximate value stated as "nearly 10.6 million").
func ClaimWords(f Figure) string {
	switch {
	case f.Qualifier == Range && f.ValueLow != nil && f.ValueHigh != nil:
		return "between " + FormatNumber(*f.ValueLow) + " and " + FormatNumber(*f.ValueHigh)
	case f.Qualifier == Approx && leaning(f.ValueAsStated) < 0:
		return "nearly " + FormatNumber(f.Value)
	case f.Qualifier == Approx && leaning(f.ValueAsStated) > 0:
		return "just over " + FormatNumber(f.Value)
	case f.Qualifier.Words() != "" && f.Qualifier != Range:
		return f.Qualifier.Words() + " " + FormatNumber(f.Value)
	}
	return FormatNumber(f.Value)
}

// Who names the source of a claim: its organisations' short names, or its
// words as stated when they are not resolved.
func Who(f Figure) string {
	if len(f.Orgs) == 0 {
		if NotStated(f.AttributedTo) {
			return "an unnamed source"
		}
		return f.AttributedTo
	}
	names := make([]string, len(f.Orgs))
	for i, o := range f.Orgs {
		names[i] = o.Label()
	}
	return AndList(names)
}

// PeriodWords says what period a fact is about: "in Apr 2025", "during
// 2024", "from 1 Apr 2025 to 3 Jun 2025" for a flow; "as of 19 Apr 2025"
// for a stock; "since 15 Apr 2023, as of 3 Jun 2025" for a running total.
//
// The as-of dates of a stock or running total span the fact's claims: "as
// of 2–3 Jun 2025", "as of 28 May 2025 – 3 Jun 2025".
func (f *Fact) PeriodWords() string {
	if len(f.Claims) == 0 {
		return ""
	}
	return periodWords(f.Measure, f.Claims)
}

// PeriodWords says what period a finding's claims are about: the span of
// their own as-of dates, not of the whole fact's.
func (fi Finding) PeriodWords() string {
	switch {
	case len(fi.Claims) == 0 || fi.Fact == nil:
		return ""
	case fi.Kind == KindConsistent:
		return fi.Fact.PeriodWords()
	}
	return periodWords(fi.Fact.Measure, fi.Claims)
}

// periodWords words the period of claims about one fact, read from the
// first one's period and the span of their as-of dates.
func periodWords(m Measure, claims []Figure) string {
	c := claims[0]
	if m == MeasureFlow {
		return FlowWords(c.PeriodStart, c.PeriodEnd)
	}
	first, last := c.PeriodEnd, c.PeriodEnd
	for _, o := range claims[1:] {
		if o.PeriodEnd.First().Before(first.First()) {
			first = o.PeriodEnd
		}
		if o.PeriodEnd.Last().After(last.Last()) {
			last = o.PeriodEnd
		}
	}
	return asOfWords(m, c.PeriodStart, dateSpan(first, last))
}

// PeriodWords says when one figure of a series of measure m counts, as
// precisely as its source did: a flow over its period ("in Apr 2025",
// "during 2024", "from 3 to 9 Jun 2025", "from 15 Sep 2023 to 30 Nov
// 2024", "on 3 Jun 2025" for a day given alone); a stock or running total
// at its as-of date ("as of 19 Apr 2025", "as of Apr 2025"), after its
// start when it has one ("since 15 Apr 2023, as of 3 Jun 2025"). Charts,
// their text alternatives and the figure tables all word a figure's date
// here.
func PeriodWords(m Measure, start, end Date) string {
	if end.IsZero() {
		return ""
	}
	if m == MeasureFlow {
		return FlowWords(start, end)
	}
	return asOfWords(m, start, end.Human())
}

// asOfWords words the as-of date (or dates) of a stock or running total,
// after the start it counts from when it has one: a running total's
// "since", or the date a stock's count began.
func asOfWords(m Measure, start Date, asOf string) string {
	switch {
	case start.IsZero():
		return "as of " + asOf
	case m == MeasureCumulative:
		return "since " + start.Human() + ", as of " + asOf
	}
	return "as of " + asOf + " (counted from " + start.Human() + ")"
}

// dateSpan writes two dates as a span: "2 Jun 2025" when they are one,
// "Aug 2024" when it covers the other day (1 Aug 2024), "2–3 Jun 2025"
// within a month, otherwise "28 May 2025 – 3 Jun 2025".
func dateSpan(a, b Date) string {
	covers := func(x, y Date) bool { return !x.First().After(y.First()) && !x.Last().Before(y.Last()) }
	switch {
	case a == b:
		return a.Human()
	case covers(b, a):
		return b.Human()
	case covers(a, b):
		return a.Human()
	case a.Precision == PrecisionDay && b.Precision == PrecisionDay && a.Year == b.Year && a.Month == b.Month:
		return fmt.Sprintf("%d–%s", a.Day, b.Human())
	}
	return a.Human() + " – " + b.Human()
}

// FlowWords writes the period of a flow: a whole month or year by its name,
// otherwise its first and last day as stated.
func FlowWords(start, end Date) string {
	switch {
	case start.IsZero() || start == end:
		return span(end)
	case start.First().Equal(end.First()) && start.Last().Equal(end.Last()):
		return span(end)
	case start.First().Day() == 1 && end.Last().AddDate(0, 0, 1).Day() == 1:
		// Whole months, whatever precision each end was given in
		// ("2025-04-01" to "2025-04", "2024" to "2024-12-31").
		first, last := start.First(), end.Last()
		if first.Year() == last.Year() && first.Month() == last.Month() {
			return "in " + last.Format("Jan 2006")
		}
		if first.Year() == last.Year() && first.Month() == time.January && last.Month() == time.December {
			return "during " + fmt.Sprint(last.Year())
		}
	}
	if start.Precision == PrecisionDay && end.Precision == PrecisionDay && start.Year == end.Year && start.Month == end.Month {
		return fmt.Sprintf("from %d to %s", start.Day, end.Human())
	}
	return "from " + start.Human() + " to " + end.Human()
}

// span words a flow period given by one date: "in Apr 2025", "during
// 2024", "on 3 Jun 2025".
func span(d Date) string {
	switch d.Precision {
	case PrecisionYear:
		return "during " + d.Human()
	case PrecisionMonth:
		return "in " + d.Human()
	}
	return "on " + d.Human()
}

// GapWords says how far apart a finding's two values are: "2.6% apart";
// "" for a consistent finding.
func (fi Finding) GapWords() string {
	if fi.Kind == KindConsistent || len(fi.Claims) != 2 {
		return ""
	}
	if math.IsInf(fi.Ratio, 1) {
		return "one is zero"
	}
	pct := (fi.Ratio - 1) * 100
	switch {
	case pct >= 10:
		return fmt.Sprintf("%.0f%% apart", pct)
	case pct >= 0.1:
		return fmt.Sprintf("%.1f%% apart", pct)
	}
	return "less than 0.1% apart"
}

// Words explains a finding in one sentence, naming each claim's source,
// value and date.
//
// A finding with no claims, or a pair without two, gives "".
func (fi Finding) Words() string {
	if len(fi.Claims) == 0 || fi.Fact == nil || (fi.Kind != KindConsistent && len(fi.Claims) != 2) {
		return ""
	}
	a := fi.Claims[0]
	switch fi.Kind {
	case KindConsistent:
		parts := make([]string, len(fi.Claims))
		for i, c := range fi.Claims {
			parts[i] = Who(c) + ", " + ClaimWords(c)
		}
		return fmt.Sprintf("%d claims agree %s: %s.", len(fi.Claims), fi.Fact.PeriodWords(), strings.Join(parts, "; "))
	case KindConflict:
		b := fi.Claims[1]
		return fmt.Sprintf("Two sources disagree %s: %s gave %s; %s gave %s (%s). Both cannot be right.",
			fi.PeriodWords(), Who(a), ClaimWords(a), Who(b), ClaimWords(b), fi.GapWords())
	case KindRevision:
		b := fi.Claims[1]
		if Who(a) != Who(b) {
			return fmt.Sprintf("%s gave %s%s; later %s gave %s%s, %s. One is part of the other, so this is one source revising its figure %s.",
				Who(a), ClaimWords(a), sourceDate(a), Who(b), ClaimWords(b), sourceDate(b), fi.GapWords(), fi.PeriodWords())
		}
		its := "its"
		if len(b.Orgs) > 1 {
			its = "their"
		}
		return fmt.Sprintf("%s revised %s figure %s from %s%s to %s%s, %s.",
			Who(b), its, fi.PeriodWords(), ClaimWords(a), sourceDate(a), ClaimWords(b), sourceDate(b), fi.GapWords())
	case KindFall:
		b := fi.Claims[1]
		return fmt.Sprintf("The running total fell from %s (%s, as of %s) to %s (%s, as of %s), %s: a cumulative count cannot fall unless what is counted changed.",
			ClaimWords(a), Who(a), a.PeriodEnd.Human(), ClaimWords(b), Who(b), b.PeriodEnd.Human(), fi.GapWords())
	}
	return ""
}

// sourceDate says when a claim was published, " (10 Apr 2025)", or ""
// when its source has no date: a revision's claims are as of one date, so
// their publication dates are what tells them apart.
func sourceDate(f Figure) string {
	if !f.Source.PublishedOn.IsZero() {
		return " (" + f.Source.PublishedOn.Human() + ")"
	}
	return ""
}

// AndList joins names: "A", "A and B", "A, B and C".
func AndList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
