// Package cite writes citations of figures: the sentence a reader pastes
// under a chart or into a footnote. It names who produced the number, the
// document it was read in, the dates and the permalink.
//
// Text is that sentence. Figure and Series write a citation in a Format a
// reporter pastes into a reference manager: text, BibTeX, CSL-JSON or RIS.
package cite

import (
	"strconv"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// ValueText writes a figure's value as a sentence fragment: "about 1,000,000
// persons", "between 800,000 and 1,000,000 persons", "685 deaths".
func ValueText(f domain.Figure, unit domain.Unit) string {
	var v string
	switch {
	case f.Qualifier == domain.Range && f.ValueLow != nil && f.ValueHigh != nil:
		v = "between " + domain.FormatNumber(*f.ValueLow) + " and " + domain.FormatNumber(*f.ValueHigh)
	case f.Qualifier.Words() != "" && f.Qualifier != domain.Range:
		v = f.Qualifier.Words() + " " + domain.FormatNumber(f.Value)
	default:
		v = domain.FormatNumber(f.Value)
	}
	if unit != "" {
		v += " " + string(unit)
	}
	return v
}

// Authors are the authors a citation of figs names: the organisations the
// figures are attributed to (Figure.Orgs), each once, in order of first
// appearance — a series quoting "UNHCR" and "UNHCR (Geneva press briefing)"
// has one author, UNHCR. A figure whose words are not yet resolved to an
// organisation (Orgs empty) counts by its words, as stated, unless they name
// nobody ("(not stated)", see domain.NotStated). Names are single lines (see
// oneLine) and compared without regard to case.
func Authors(figs ...domain.Figure) []string {
	var names []string
	seen := map[string]bool{}
	add := func(name string) {
		name = oneLine(name)
		if k := strings.ToLower(name); name != "" && !seen[k] {
			seen[k] = true
			names = append(names, name)
		}
	}
	for _, f := range figs {
		if len(f.Orgs) == 0 && !domain.NotStated(f.AttributedTo) {
			add(f.AttributedTo)
		}
		for _, o := range f.Orgs {
			add(o.Name)
		}
	}
	return names
}

// figureAuthors are the authors of one figure's citation: its Authors, or
// when its words name nobody, the words ("(not stated)"), so that the
// citation still says who it does not know.
func figureAuthors(f domain.Figure) []string {
	if a := Authors(f); len(a) > 0 {
		return a
	}
	if w := oneLine(f.AttributedTo); w != "" {
		return []string{w}
	}
	return nil
}

// Reporter is the publisher a citation of f names apart from its authors
// ("Reported in Bloomberg"), or "" when the organisation published its
// number itself.
func Reporter(f domain.Figure) string {
	if !reportedIn(f, figureAuthors(f)) {
		return ""
	}
	return oneLine(f.Source.Publisher)
}

// reportedIn says whether a citation of f names the document's publisher
// apart from its authors: not when the organisation published the number
// itself.
func reportedIn(f domain.Figure, authors []string) bool {
	pub := f.Source.Publisher
	if strings.EqualFold(pub, f.AttributedTo) {
		return false
	}
	for _, o := range f.Orgs {
		if o.ID != 0 && o.ID == f.Source.PublisherOrg.ID {
			return false
		}
	}
	for _, a := range authors {
		if strings.EqualFold(pub, a) {
			return false
		}
	}
	return true
}

// Text is the citation of one figure as a plain sentence, in the manner of
// APA: author (year). what [series]. where. permalink. The author is the
// organisation the figure is attributed to (see Authors: "IOM and UNHCR"
// for a joint report). The year is the source document's; a document
// without a date is "n.d.", as APA writes it: the figure's period is what
// was counted, not when it was published.
func Text(s domain.Series, f domain.Figure, permalink string) string {
	// Built with appends rather than fmt: an export writes one per row.
	var b strings.Builder
	b.Grow(256 + len(s.Title) + len(f.Source.Title) + len(f.Source.URL))
	authors := figureAuthors(f)
	b.WriteString(joinNames(authors, false))
	if f.Source.PublishedOn.IsZero() {
		b.WriteString(" (n.d.). ")
	} else {
		b.WriteString(" (")
		b.WriteString(strconv.Itoa(f.Source.PublishedOn.Year))
		b.WriteString("). ")
	}
	what := ValueText(f, s.Unit)
	b.WriteString(strings.ToUpper(what[:1]))
	b.WriteString(what[1:])
	if f.PeriodStart.IsZero() {
		b.WriteString(" as of ")
		b.WriteString(f.PeriodEnd.Human())
	} else {
		b.WriteString(" from ")
		b.WriteString(f.PeriodStart.Human())
		b.WriteString(" to ")
		b.WriteString(f.PeriodEnd.Human())
	}
	b.WriteString(" [")
	b.WriteString(s.Title)
	b.WriteString("]. ")
	if reportedIn(f, authors) {
		b.WriteString("Reported in ")
		b.WriteString(f.Source.Publisher)
		b.WriteString(", ")
	}
	b.WriteString(strconv.Quote(f.Source.Title))
	if !f.Source.PublishedOn.IsZero() {
		b.WriteString(" (")
		b.WriteString(f.Source.PublishedOn.Human())
		b.WriteString(")")
	}
	b.WriteString(". ")
	b.WriteString(f.Source.URL)
	if permalink != "" {
		b.WriteString(". Displacement Tracker: ")
		b.WriteString(permalink)
	}
	return b.String()
}
