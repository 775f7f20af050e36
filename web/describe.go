package web

import (
	"strings"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The meta descriptions of the public pages: what a search result or a
// link preview says under the title. Each says what this page holds, in a
// sentence or two, from the data it shows.

// maxDescription is where a description is cut: search engines show about
// 160 characters, link previews a little more.
const maxDescription = 300

func clipDescription(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxDescription {
		return s
	}
	return string([]rune(s)[:maxDescription-1]) + "…"
}

const homeDescription = "Sourced figures on migration and displacement: each number linked to the sentence and the document it was read in, checked by a second person, with charts, citations and open downloads."

// seriesDescription: "Afghans returned from Pakistan: 12 published figures
// (persons, cumulative total since a start date), Pakistan → Afghanistan.
// Latest: about 1,000,000 as of 19 Apr 2025, according to IOM. …"
func seriesDescription(v *seriesView) string {
	var b strings.Builder
	b.WriteString(v.Series.Title + ": ")
	b.WriteString(domain.FormatNumber(float64(len(v.Figures))) + " published figure")
	if len(v.Figures) != 1 {
		b.WriteString("s")
	}
	b.WriteString(" (" + measureText(v.Series) + ")")
	if r := routeText(v.Series); r != "" {
		b.WriteString(", " + r)
	}
	b.WriteString(". ")
	if n := len(v.Figures); n > 0 {
		latest := v.Figures[0]
		for _, f := range v.Figures[1:] {
			if f.PeriodEnd.Last().After(latest.PeriodEnd.Last()) {
				latest = f
			}
		}
		b.WriteString("Latest: " + valueText(latest) + " " + period(latest) + ", according to " + latest.AttributedTo + ". ")
	}
	b.WriteString("A chart, every figure with its source and the sentence it came from, citations and downloads.")
	return clipDescription(b.String())
}

// figureDescription: "About 1,000,000 persons as of 19 Apr 2025, according
// to IOM (Afghans returned from Pakistan): the sentence it was read in, …"
func figureDescription(s domain.Series, f domain.Figure) string {
	what := valueText(f)
	if s.Unit != "" {
		what += " " + string(s.Unit)
	}
	return clipDescription(strings.ToUpper(what[:1]) + what[1:] + " " + period(f) + ", according to " + f.AttributedTo +
		" (" + s.Title + "): the sentence it was read in, its source, its history and a citation.")
}

// sourceDescription: "Flash update, published by IOM: the 3 figures and
// 1 event read in this document."
func sourceDescription(src domain.Source, figures, events int) string {
	d := src.Title + ", published by " + src.Publisher + ": the " + countOf(figures, "figure")
	if events > 0 {
		d += " and " + countOf(events, "event")
	}
	return clipDescription(d + " read in this document, each with the sentence it came from.")
}

// compareDescription: "A, B and C on one chart, with every figure, …"
func compareDescription(views []*seriesView) string {
	titles := make([]string, len(views))
	for i, v := range views {
		titles[i] = v.Series.Title
	}
	list := strings.Join(titles[:len(titles)-1], "; ") + " and " + titles[len(titles)-1]
	return clipDescription(list + " on one chart, with every figure, its source, and where the sources disagree.")
}

func countOf(n int, noun string) string {
	s := domain.FormatNumber(float64(n)) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}
