// Package cite writes citations of figures: the sentence a reader pastes
// under a chart or into a footnote. It names who produced the number, the
// document it was read in, the dates and the permalink.
//
// Text is that sentence. Figure and Series write a citation in a Format a
// reporter pastes into a reference manager: text, BibTeX, CSL-JSON or RIS.
package cite

import (
	"fmt"
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
// APA: author (year). what [series]. where. permalink.
func Text(s domain.Series, f domain.Figure, permalink string) string {
	var b strings.Builder
	year := f.PeriodEnd.Year
	if !f.Source.PublishedOn.IsZero() {
		year = f.Source.PublishedOn.Year
	}
	fmt.Fprintf(&b, "%s (%d). ", f.AttributedTo, year)
	what := ValueText(f, s.Unit)
	fmt.Fprintf(&b, "%s%s", strings.ToUpper(what[:1]), what[1:])
	if f.PeriodStart.IsZero() {
		fmt.Fprintf(&b, " as of %s", f.PeriodEnd.Human())
	} else {
		fmt.Fprintf(&b, " from %s to %s", f.PeriodStart.Human(), f.PeriodEnd.Human())
	}
	fmt.Fprintf(&b, " [%s]. ", s.Title)
	if !strings.EqualFold(f.Source.Publisher, f.AttributedTo) {
		fmt.Fprintf(&b, "Reported in %s, ", f.Source.Publisher)
	}
	fmt.Fprintf(&b, "%q", f.Source.Title)
	if !f.Source.PublishedOn.IsZero() {
		fmt.Fprintf(&b, " (%s)", f.Source.PublishedOn.Human())
	}
	fmt.Fprintf(&b, ". %s", f.Source.URL)
	if permalink != "" {
		fmt.Fprintf(&b, ". Displacement Tracker: %s", permalink)
	}
	return b.String()
}
