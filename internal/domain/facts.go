package domain

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Claims about one fact (docs/disagreements.md).
//
// A fact is one series × one period; every published figure is a claim
// about one fact. Claims belong to the same fact when their periods match
// for the series' measure (FlowEdgeSlack, StockWindow, CumulativeWindow).
// Each claim stands for a plausible interval (Interval), not a point:
// "more than 135,000" is 135,000 to 148,500, so 148,200 agrees with it.
// Analyse groups claims into facts and finds, among claims that are not
// deprecated:
//   - conflicts: different organisations (an organisation, its parent and
//     its children are one source), one fact, intervals that do not meet;
//   - revisions: one organisation, one fact, a later value that differs;
//   - falls: a cumulative total lower than an earlier one from the same
//     start, whoever gave them;
//   - consistent facts: several claims, all agreeing.
//
// Every page, image and API response that shows findings or a headline
// takes them from here.

const day = 24 * time.Hour

// The windows within which claims are about one fact.
const (
	// FlowEdgeSlack is how far the starts and the ends of two flows may be
	// apart and still be one period: "April 2025" (1–30 April) and "1–29
	// April" are one period; April and May are not.
	FlowEdgeSlack = 3 * day
	// StockWindow is how far apart the as-of dates of two stock claims may
	// be and still be one fact, counted between the nearest days their
	// dates cover ("Jan 2024" and 3 Feb 2024 are 3 days apart). A month:
	// the Sudan data's DTM 10,095,054 (11 Jun 2024) and IDMC "nearly 10.6
	// million" (end of June) are one fact. One source's claims as of
	// different dates are updates, never revisions, however close.
	StockWindow = 31 * day
	// CumulativeWindow is the same for running totals from the same start,
	// which grow faster than stocks change.
	CumulativeWindow = 7 * day
	// StartSlack is how far apart two stated start dates may be and still
	// be the same start; a start of month or year precision matches any day
	// it covers, and a start not stated matches any.
	StartSlack = 3 * day
)

// The plausible intervals of qualified values: how publishers use their
// words, as fractions of the value (docs/disagreements.md).
const (
	// BoundSlack: "more than X" and "at least X" claim X to X + 10%;
	// "less than X" and "at most X" claim X − 10% to X. "Nearly X" claims
	// X less one unit of its rounding (at most 10%) to X (nearlyBy).
	BoundSlack = 0.10
	// ApproxSlack: "about X" claims X ± 5%, widened to half the unit X is
	// rounded to ("some 2.6 million": ± 50,000), but never past ApproxMax.
	ApproxSlack = 0.05
	ApproxMax   = 0.10
	// ExactMax: an exact value is taken as rounded to its last non-zero
	// digit ("148,200" is 148,150 to 148,250), never more than ± 2%.
	ExactMax = 0.02
)

// maxFactPairs bounds the claims of one fact compared pair by pair (the
// latest of them); the rest of a larger fact are still listed with it. It
// also bounds how many earlier claims a fall is looked for among.
const maxFactPairs = 200

// maxFactFindings bounds the conflicts and revisions found in one fact: a
// fact of 200 claims from many sources could give 19,900 pairs, which no
// page lists; the first 100 say it. (A page lists the latest 10 findings.)
const maxFactFindings = 100

// FindingKind is what a finding says about claims.
type FindingKind string

// Kinds of finding.
const (
	KindConflict   FindingKind = "conflict"
	KindRevision   FindingKind = "revision"
	KindFall       FindingKind = "fall"
	KindConsistent FindingKind = "consistent"
)

// Kin says which organisations are one source: each organisation's parent.
// An organisation, its parent and its children are one source; siblings
// (two agencies under "the United Nations") are not.
type Kin map[int64]int64

// Same reports whether organisations a and b are one source.
func (k Kin) Same(a, b int64) bool {
	return a == b || (k[a] != 0 && k[a] == b) || (k[b] != 0 && k[b] == a)
}

// Fact is the claims about one period of one series (or of several series
// of the same scope, on a comparison).
type Fact struct {
	Measure Measure
	// Start and End are the period as its first claim states it: for a
	// flow, the period; for a stock, End is the as-of date; for a running
	// total, Start is the start (zero when not stated) and End the as-of
	// date of the first claim.
	Start, End Date
	// Claims in date order (as-of, then publication, then id), deprecated
	// ones included.
	Claims []Figure
	// Preferred is the index in Claims of the claim a reviewer marked
	// preferred (the latest marked when several are), or -1.
	Preferred int
	kin       Kin // who is one source, for naming a headline's sources
	// Agree reports that no conflict, revision or fall involves the claims
	// that are not deprecated. (A running total that grew within the fact
	// has no finding, but its claims do not agree: Analysis.Agreed lists
	// only facts whose claims' intervals all meet.)
	Agree bool
}

// Finding is what the claims of a fact (or, for a fall, of a running total)
// say together.
type Finding struct {
	Kind FindingKind
	Fact *Fact
	// Claims: for a conflict, revision or fall, the earlier claim and the
	// later one; for consistent, every claim of the fact that is not
	// deprecated.
	Claims []Figure
	// Ratio is the larger value over the smaller (1.025 for 148,200 and
	// 144,500); 1 for consistent findings.
	Ratio float64
}

// Analysis is a series' claims grouped into facts, and what they say.
type Analysis struct {
	Measure Measure
	Facts   []*Fact   // by date
	Found   []Finding // conflicts, revisions and falls, by the later claim's date
	Agreed  []Finding // consistent facts, by date
	claims  []Figure  // every claim, in date order
	kin     Kin
}

// Analyse groups figs (claims of one series, or of several series of the
// same scope) into facts and finds their disagreements. kin may be nil.
func Analyse(measure Measure, figs []Figure, kin Kin) Analysis {
	claims := slices.Clone(figs)
	slices.SortStableFunc(claims, func(a, b Figure) int {
		return cmp.Or(a.PeriodEnd.Last().Compare(b.PeriodEnd.Last()), periodFirst(measure, a).Compare(periodFirst(measure, b)),
			a.Source.PublishedOn.First().Compare(b.Source.PublishedOn.First()), cmp.Compare(a.ID, b.ID))
	})
	an := Analysis{Measure: measure, Facts: groupFacts(measure, claims), claims: claims, kin: kin}
	for _, f := range an.Facts {
		f.kin = kin
		f.Preferred = preferred(f.Claims)
		found := pairFindings(f, kin)
		an.Found = append(an.Found, found...)
	}
	if measure == MeasureCumulative {
		an.Found = append(an.Found, falls(an, claims)...)
	}
	for _, fi := range an.Found {
		fi.Fact.Agree = false
	}
	for _, f := range an.Facts {
		live := Live(f.Claims)
		if f.Agree && len(live) > 1 && overlapping(live) {
			an.Agreed = append(an.Agreed, Finding{Kind: KindConsistent, Fact: f, Claims: live, Ratio: 1})
		}
	}
	slices.SortStableFunc(an.Found, func(a, b Finding) int {
		x, y := a.Claims[len(a.Claims)-1], b.Claims[len(b.Claims)-1]
		return cmp.Or(x.PeriodEnd.Last().Compare(y.PeriodEnd.Last()), cmp.Compare(x.ID, y.ID), cmp.Compare(a.Claims[0].ID, b.Claims[0].ID))
	})
	return an
}

// Live is the claims that are not deprecated.
func Live(claims []Figure) []Figure {
	out := make([]Figure, 0, len(claims))
	for _, c := range claims {
		if c.Mark != MarkDeprecated {
			out = append(out, c)
		}
	}
	return out
}

// periodFirst is the first day a claim's period covers: a flow's start (its
// end's first day when no start is given), otherwise the stated start, or
// the zero time.
func periodFirst(m Measure, f Figure) time.Time {
	if f.PeriodStart.IsZero() {
		if m == MeasureFlow {
			return f.PeriodEnd.First()
		}
		return time.Time{}
	}
	return f.PeriodStart.First()
}

// groupFacts puts claims in date order into facts. Each fact is anchored on
// its first claim; a later claim joins the latest fact whose anchor it
// matches, or starts a new one. Only facts whose anchor is within the
// widest window of the claim are looked at.
func groupFacts(m Measure, claims []Figure) []*Fact {
	var facts []*Fact
	from := 0 // facts before this anchor end more than a window ago
	for _, c := range claims {
		end := c.PeriodEnd.First()
		for from < len(facts) && facts[from].End.Last().Add(StockWindow+FlowEdgeSlack).Before(end) {
			from++
		}
		var into *Fact
		for i := len(facts) - 1; i >= from; i-- {
			if sameFact(m, facts[i], c) {
				into = facts[i]
				break
			}
		}
		if into == nil {
			into = &Fact{Measure: m, Start: c.PeriodStart, End: c.PeriodEnd, Agree: true}
			facts = append(facts, into)
		}
		into.Claims = append(into.Claims, c)
	}
	return facts
}

// sameFact reports whether claim c is about fact f (its first claim's
// period), by the rules of measure m.
func sameFact(m Measure, f *Fact, c Figure) bool {
	anchor := f.Claims[0]
	switch m {
	case MeasureFlow:
		slack := flowSlack(m, anchor, c)
		return absDuration(periodFirst(m, anchor).Sub(periodFirst(m, c))) <= slack &&
			absDuration(anchor.PeriodEnd.Last().Sub(c.PeriodEnd.Last())) <= slack
	case MeasureCumulative:
		return SameStart(anchor.PeriodStart, c.PeriodStart) && dateGap(anchor.PeriodEnd, c.PeriodEnd) <= CumulativeWindow
	}
	return dateGap(anchor.PeriodEnd, c.PeriodEnd) <= StockWindow
}

// flowSlack is how far apart the edges of two flows' periods may be: a
// tenth of the shorter period, at most FlowEdgeSlack. A month's edges may
// be 3 days apart ("April" and "1–28 April"); a day's or a week's must
// match (2 and 3 June are two facts, so are 1–7 and 4–10 June).
func flowSlack(m Measure, a, b Figure) time.Duration {
	length := func(f Figure) time.Duration { return f.PeriodEnd.Last().Sub(periodFirst(m, f)) + day }
	shorter := min(length(a), length(b))
	// Whole days only: a week's tenth (16.8 hours) is no day.
	return min(FlowEdgeSlack, (shorter/10)/day*day)
}

// SameStart reports whether two stated starts of running totals are the
// same start: either not stated, one covering the other ("2023-04" and
// 15 Apr 2023), or at most StartSlack apart.
func SameStart(a, b Date) bool {
	return a.IsZero() || b.IsZero() || dateGap(a, b) <= StartSlack
}

// dateGap is the time between the nearest days two dates cover: 0 when
// one covers the other.
func dateGap(a, b Date) time.Duration {
	switch {
	case a.Last().Before(b.First()):
		return b.First().Sub(a.Last())
	case b.Last().Before(a.First()):
		return a.First().Sub(b.Last())
	}
	return 0
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// preferred is the index of the claim marked preferred most recently, or -1.
func preferred(claims []Figure) int {
	at := -1
	for i, c := range claims {
		if c.Mark == MarkPreferred && (at < 0 || c.MarkedAt.After(claims[at].MarkedAt)) {
			at = i
		}
	}
	return at
}

// pairFindings compares the live claims of a fact pair by pair (the first
// maxFactPairs of them) and returns its conflicts and revisions.
func pairFindings(f *Fact, kin Kin) []Finding {
	live := Live(f.Claims)
	if len(live) > maxFactPairs {
		live = live[len(live)-maxFactPairs:] // the latest, which headlines are about
	}
	var out []Finding
	for i := range live {
		for j := i + 1; j < len(live); j++ {
			a, b := live[i], live[j]
			k, ok := judge(f.Measure, a, b, kin)
			if !ok {
				continue
			}
			if k == KindRevision && publishedBefore(b, a) {
				// Flows whose ends differ by a day or two sort by their
				// period; a revision reads in the order of publication.
				a, b = b, a
			}
			out = append(out, Finding{Kind: k, Fact: f, Claims: []Figure{a, b}, Ratio: ratio(a, b)})
			if len(out) == maxFactFindings {
				return out
			}
		}
	}
	return out
}

// publishedBefore reports whether a's source was published before b's,
// both dates known.
func publishedBefore(a, b Figure) bool {
	pa, pb := a.Source.PublishedOn, b.Source.PublishedOn
	return !pa.IsZero() && !pb.IsZero() && pa.Last().Before(pb.First())
}

// judge says what two claims of one fact, a not later than b, are when
// they are a conflict or a revision.
func judge(m Measure, a, b Figure, kin Kin) (FindingKind, bool) {
	loA, hiA := Interval(a)
	loB, hiB := Interval(b)
	if m == MeasureCumulative && (Later(a, b) || mayHaveGrown(a, b)) {
		// A running total may grow between two as-of dates; one that
		// falls is a fall (falls), whoever gave it.
		return "", false
	}
	apart := hiA < loB || hiB < loA
	if SameSource(a, b, kin) {
		if m != MeasureFlow && dateGap(a.PeriodEnd, b.PeriodEnd) > 0 {
			// One source's figure as of a new date is an update, not a
			// revision of the old one.
			return "", false
		}
		if apart || (a.Qualifier == Exact && b.Qualifier == Exact && a.Value != b.Value) {
			return KindRevision, true
		}
		return "", false
	}
	if apart {
		return KindConflict, true
	}
	return "", false
}

// mayHaveGrown reports whether two running totals with different as-of
// dates, neither wholly later than the other ("May 2023" and 8 May 2023),
// could both be right because the higher one may be the later: its date
// reaches past the first day of the other's.
func mayHaveGrown(a, b Figure) bool {
	if a.PeriodEnd == b.PeriodEnd {
		return false
	}
	loA, hiA := Interval(a)
	loB, hiB := Interval(b)
	switch {
	case loB > hiA:
		return b.PeriodEnd.Last().After(a.PeriodEnd.First())
	case loA > hiB:
		return a.PeriodEnd.Last().After(b.PeriodEnd.First())
	}
	return false
}

// falls finds the running totals that are lower than an earlier one from
// the same start: each such claim once, beside the latest earlier claim
// that is plausibly higher.
func falls(an Analysis, claims []Figure) []Finding {
	factOf := map[string]*Fact{}
	for _, f := range an.Facts {
		for _, c := range f.Claims {
			factOf[c.ID] = f
		}
	}
	live := Live(claims)
	// maxLo[i] is the highest lower bound among live[:i]. The claims
	// wholly earlier than c are a prefix of live (it is sorted by the last
	// day of the as-of date), so a claim that cannot be a fall costs one
	// search, not a walk back over a fact of thousands of claims.
	maxLo := make([]float64, len(live)+1)
	maxLo[0] = math.Inf(-1)
	for i, c := range live {
		lo, _ := Interval(c)
		maxLo[i+1] = math.Max(maxLo[i], lo)
	}
	var out []Finding
	for _, c := range live {
		_, hi := Interval(c)
		before, _ := slices.BinarySearchFunc(live, c.PeriodEnd.First(), func(e Figure, t time.Time) int {
			return e.PeriodEnd.Last().Compare(t)
		})
		if hi >= maxLo[before] {
			continue
		}
		// At most maxFactPairs earlier claims are looked at: a total since
		// another start may keep maxLo above every claim of this one.
		for j := before - 1; j >= 0 && j >= before-maxFactPairs; j-- {
			e := live[j]
			lo, _ := Interval(e)
			if hi < lo && SameStart(e.PeriodStart, c.PeriodStart) {
				out = append(out, Finding{Kind: KindFall, Fact: factOf[c.ID], Claims: []Figure{e, c}, Ratio: ratio(e, c)})
				break
			}
		}
	}
	return out
}

// Later reports whether b's as-of date is after a's: every day b's date
// covers is after every day a's covers ("May 2023" is not later than 11
// May 2023, nor earlier).
func Later(a, b Figure) bool { return b.PeriodEnd.First().After(a.PeriodEnd.Last()) }

// overlapping reports whether the plausible intervals of claims all share
// a value.
func overlapping(claims []Figure) bool {
	lo, hi := math.Inf(-1), math.Inf(1)
	for _, c := range claims {
		l, h := Interval(c)
		lo, hi = math.Max(lo, l), math.Min(hi, h)
	}
	return lo <= hi
}

func ratio(a, b Figure) float64 {
	lo, hi := math.Min(a.Value, b.Value), math.Max(a.Value, b.Value)
	if lo <= 0 {
		if hi <= 0 {
			return 1
		}
		return math.Inf(1)
	}
	return hi / lo
}

// SameSource reports whether two claims come from one source of numbers:
// they share an organisation, or one's organisation is the other's parent
// (a joint report shares one with each of its authors). A claim whose
// words were not resolved to organisations (one built outside the store)
// is compared by its words, folded as aliases are (OrgKey) and without a
// trailing remark; words that name nobody (none, or only a remark such as
// "(not stated)") are never one source with anything.
func SameSource(a, b Figure, kin Kin) bool {
	if len(a.Orgs) > 0 && len(b.Orgs) > 0 {
		for _, x := range a.Orgs {
			for _, y := range b.Orgs {
				if kin.Same(x.ID, y.ID) {
					return true
				}
			}
		}
		return false
	}
	k := producerKey(a.AttributedTo)
	return k != "" && k == producerKey(b.AttributedTo)
}

// producerKey is the attribution words as SameSource compares them: ""
// when they name nobody ("", "(not stated)").
func producerKey(words string) string {
	rest, _ := StripRemark(words)
	return OrgKey(rest)
}

// Interval is the plausible interval a claim's value stands for, by its
// qualifier and the words it was stated in (docs/disagreements.md).
func Interval(f Figure) (lo, hi float64) {
	v := f.Value
	switch f.Qualifier {
	case Range:
		if f.ValueLow != nil && f.ValueHigh != nil {
			return *f.ValueLow, *f.ValueHigh
		}
		return v, v
	case AtLeast, MoreThan:
		return v, v * (1 + BoundSlack)
	case AtMost, LessThan:
		return v * (1 - BoundSlack), v
	case Approx:
		switch leaning(f.ValueAsStated) {
		case -1:
			return v - nearlyBy(v), v
		case 1:
			return v, v + nearlyBy(v)
		}
		d := math.Min(math.Max(v*ApproxSlack, halfUnit(v)), v*ApproxMax)
		return v - d, v + d
	}
	d := math.Min(halfUnit(v), v*ExactMax)
	return v - d, v + d
}

// nearlyBy is how far "nearly X" (or "just over X") may be from X: one
// unit of the rounding X shows, at most BoundSlack of it ("nearly 3.5
// million": 100,000; "nearly a million": 100,000, not 1,000,000).
func nearlyBy(v float64) float64 { return math.Min(2*halfUnit(v), v*BoundSlack) }

// halfUnit is half the unit a whole number is rounded to: its last
// non-zero digit (50 for 148,200; 50,000 for 2,600,000). Numbers with a
// fraction, and 0, give 0.
func halfUnit(v float64) float64 {
	if v <= 0 || v != math.Trunc(v) || v > 1e15 {
		return 0
	}
	unit := 1.0
	for n := int64(v); n%10 == 0; n /= 10 {
		unit *= 10
	}
	return unit / 2
}

// Words that put an approximate value on one side of the number.
var (
	belowWords = []string{"nearly", "almost", "close to", "just under", "up to", "approaching", "قرابة", "ما يقارب", "ما يقرب"}
	aboveWords = []string{"just over", "just above", "upwards of", "in excess of", "over"}
)

// leaning reads the words a value was stated in: -1 when they put it just
// under the number ("nearly a million"), 1 just over ("over 2 million"), 0
// around it.
func leaning(asStated string) int {
	s := strings.ToLower(asStated)
	for _, w := range belowWords {
		if hasWord(s, w) {
			return -1
		}
	}
	for _, w := range aboveWords {
		if hasWord(s, w) {
			return 1
		}
	}
	return 0
}

// hasWord reports whether w occurs in s as whole words.
func hasWord(s, w string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], w)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(w):])
		if (i == 0 || !unicode.IsLetter(before)) && (i+len(w) == len(s) || !unicode.IsLetter(after)) {
			return true
		}
		from = i + 1
	}
}

// SameScope reports whether two series count the same thing, so that
// their claims can be about one fact: the same population group, measure,
// unit, corridor and place. A series within one country that names no
// place may count one camp or the whole country (the canonical CSV has no
// place column): it is of the same scope as no other series. Series of
// different scope are shown side by side but never said to disagree.
func SameScope(a, b Series) bool {
	place := func(s Series) string { return strings.ToLower(strings.TrimSpace(s.Location)) }
	if place(a) == "" && place(b) == "" && (a.FromISO3 == "" || a.ToISO3 == "") {
		return a.Slug != "" && a.Slug == b.Slug
	}
	return a.PopulationGroup == b.PopulationGroup && a.Measure == b.Measure && a.Unit == b.Unit &&
		a.FromISO3 == b.FromISO3 && a.ToISO3 == b.ToISO3 && place(a) == place(b)
}
