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

// Text is the citation of one figure as a plain sentence, in the manner of
// APA: author (year). what [series]. where. permalink. The year is the
// source document's; a document without a date is "n.d.", as APA writes it:
// the figure's period is what was counted, not when it was published.
func Text(s domain.Series, f domain.Figure, permalink string) string {
	// Built with appends rather than fmt: an export writes one per row.
	var b strings.Builder
	b.Grow(256 + len(s.Title) + len(f.Source.Title) + len(f.Source.URL))
	b.WriteString(f.AttributedTo)
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
	if !strings.EqualFold(f.Source.Publisher, f.AttributedTo) {
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
