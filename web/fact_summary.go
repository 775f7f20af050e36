package web

import (
	"strings"
	"unicode"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// factSummary is a series' latest fact as one line (the home page's
// "Latest", the top of a series page): the preferred claim with the range
// of the others, or, with none preferred, the range of the claims and who
// gave them; never one claim picked from several. Deprecated claims are
// never in it (domain.Headline).
type factSummary struct {
	domain.Headline
	Unit   domain.Unit
	Period string // "as of 19–25 Apr 2025", "in Apr 2025"
	// Single is the one claim the line stands for when there is no
	// preferred claim and only one claim.
	Single *domain.Figure
	// Others words the claims beside the preferred one: "1 other source:
	// 900,000 (IOM)", "2 other sources: 900,000–950,000 (IOM and
	// Pakistan)", "3 other claims by IOM: 900,000–950,000".
	Others string
	// Range and Whos word several claims with none preferred:
	// "900,000–950,000" from "3 sources: UNHCR, IOM and Pakistan" or "2
	// claims by IOM".
	Range, Whos string
	// Disputed: the fact has a conflict or a revision among its claims.
	Disputed bool
}

// summarise is the summary of the latest fact of an; ok is false when no
// claim is left to summarise.
func summarise(an domain.Analysis, unit domain.Unit) (factSummary, bool) {
	h, ok := an.Headline()
	if !ok {
		return factSummary{}, false
	}
	s := factSummary{Headline: h, Unit: unit, Period: factPeriod(h)}
	// The headline's fact is anchored on the latest claim; the findings
	// listed below are of the facts grouped from the first. The link is
	// offered when a conflict or revision listed there is between claims
	// of the headline's fact.
	in := make(map[string]bool, len(h.Fact.Claims))
	for _, c := range h.Fact.Claims {
		in[c.ID] = true
	}
	for _, fi := range an.Found {
		if fi.Kind != domain.KindFall && in[fi.Claims[0].ID] && in[fi.Claims[1].ID] {
			s.Disputed = true
		}
	}
	whos := h.Whos()
	switch {
	case h.Lead != nil:
		switch {
		case len(h.Others) == 0:
		case len(h.Others) == 1:
			s.Others = "1 other source: " + domain.ClaimWords(h.Others[0]) + " " + inParens(domain.Who(h.Others[0]))
		case len(whos) == 1:
			s.Others = plural(len(h.Others), "other claim", "other claims") + " by " + whos[0] + ": " + h.RangeWords()
		default:
			s.Others = plural(len(whos), "other source", "other sources") + ": " + h.RangeWords() + " " + inParens(andWords(whos))
		}
	case len(h.Others) == 1:
		s.Single = &h.Others[0]
	default:
		s.Range = h.RangeWords()
		if len(whos) > 1 {
			s.Whos = domain.FormatNumber(float64(len(whos))) + " sources: " + andWords(whos)
		} else {
			s.Whos = plural(len(h.Others), "claim", "claims") + " by " + whos[0]
		}
	}
	return s, true
}

// factPeriod is the dates of a headline's claims: the lead's or single
// claim's period; for several claims of a count or a running total, the
// span of their dates.
func factPeriod(h domain.Headline) string {
	if f := h.Single(); f != nil {
		return period(h.Fact.Measure, *f)
	}
	first, last := h.Others[0], h.Others[len(h.Others)-1]
	if h.Fact.Measure == domain.MeasureFlow {
		return domain.FlowWords(first.PeriodStart, first.PeriodEnd)
	}
	words := "as of " + span(first.PeriodEnd, last.PeriodEnd)
	if start := h.Fact.Start; h.Fact.Measure == domain.MeasureCumulative && !start.IsZero() {
		words = "since " + start.Human() + ", " + words
	}
	return words
}

// andWords joins names as domain.AndList does, each right-to-left name
// isolated: "A", "A and B", "A, B and C".
func andWords(names []string) string { return domain.AndList(isolateAll(names)) }

// inParens puts words in parentheses, unless they are already ("(not
// stated)").
func inParens(words string) string {
	words = isolateRTL(words)
	if strings.HasPrefix(words, "(") && strings.HasSuffix(words, ")") {
		return words
	}
	return "(" + words + ")"
}

// isolateRTL wraps a name written in a right-to-left script in Unicode's
// first-strong isolate (U+2068 … U+2069), so that a list of Arabic names in
// an English sentence keeps its order; other names are left as they are.
func isolateRTL(name string) string {
	for _, r := range name {
		if unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko) {
			return "\u2068" + name + "\u2069"
		}
	}
	return name
}

func isolateAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = isolateRTL(n)
	}
	return out
}
