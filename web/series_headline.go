package web

import (
	"strings"

	"github.com/displacement-tracker/tracker/charts"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// A series' headline is the honest single-number summary of its latest
// fact (domain.Analysis.Headline): the preferred claim with the others'
// range, or, with no preferred claim, the range of the claims and who gave
// them; never one claim picked silently where several disagree, never a
// deprecated one. The series page's description and link preview, the
// social card and phone chart, and the embed all say it in these words.

// headlineOf is the headline of the latest fact of v's figures that has a
// claim not deprecated (from v's one analysis); ok is false when there is
// none.
func headlineOf(v *seriesView) (h domain.Headline, ok bool) {
	return v.Analysis.Headline()
}

func figuresHeadline(m domain.Measure, figs []domain.Figure, kin domain.Kin) (domain.Headline, bool) {
	return domain.Analyse(m, figs, kin).Headline()
}

// headlineWords writes a headline with its period: "Latest, as of 19 Apr
// 2025: about 1,000,000 (IOM)"; "Latest, in Apr 2025: 140,000–148,200
// from 2 sources: UNHCR and IOM". "" when there is none.
func headlineWords(h domain.Headline, ok bool) string {
	if !ok {
		return ""
	}
	return "Latest, " + h.Fact.PeriodWords() + ": " + h.Words()
}

// chartHeadline is the headline a chart of figs draws (charts.Input's
// Headline), with bidirectional controls taken out as chartSafe takes them
// out of the rest of a chart's text.
func chartHeadline(m domain.Measure, figs []domain.Figure, kin domain.Kin) string {
	return domain.StripBidi(headlineWords(figuresHeadline(m, figs, kin)))
}

// windowHeadline is the headline of a chart cut to a period: that of the
// latest fact in the period, which the chart shows, not the series'.
func windowHeadline(in charts.Input, kin domain.Kin) string {
	if in.From.IsZero() && in.To.IsZero() {
		return in.Headline
	}
	return chartHeadline(in.Series.Measure, in.InWindow().Figures, kin)
}

// seriesDescription: "Afghans returned from Pakistan: 12 published figures
// (persons, cumulative total since a start date), Pakistan → Afghanistan.
// Latest, as of 19 Apr 2025: about 1,000,000 (IOM). …"
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
	if h := headlineWords(headlineOf(v)); h != "" {
		b.WriteString(h + ". ")
	}
	b.WriteString("A chart, every figure with its source and the sentence it came from, citations and downloads.")
	return clipDescription(b.String())
}

// socialMeta is what a link preview (Open Graph, Twitter card) shows of a
// page, every address absolute, as crawlers read them out of context. The
// series page writes it in its "head" block.
type socialMeta struct {
	Title, Description string
	URL                string // the page's permalink
	Image              string // a 1200×675 PNG (charts.SizeSocial)
	ImageAlt           string
}

// seriesSocial is the series page's link preview (Open Graph and Twitter
// card): its title and description, its permalink, and its social card,
// the chart at the size link previews crop least, which draws the
// headline.
func seriesSocial(base string, v *seriesView, description string) *socialMeta {
	permalink := seriesPermalink(base, v.Series.Slug)
	return &socialMeta{
		Title:       v.Series.Title,
		Description: description,
		URL:         permalink,
		Image:       permalink + "/chart.png?size=" + string(charts.SizeSocial),
		ImageAlt:    "Chart of " + v.Series.Title + ", with its sources",
	}
}
