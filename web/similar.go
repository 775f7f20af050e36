package web

// Figures like one about to be entered (store.SimilarFigures), as the
// figure form and the import preview list them: each a link to the staff
// page of the figure held, with why it is like it and where it stands.

import (
	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// similarView is one held figure as a warning lists it.
type similarView struct {
	ID, Href, Value, Series, AttributedTo, Period, Status, Why, SourceURL string
}

func similarViews(list []store.SimilarFigure) []similarView {
	out := make([]similarView, len(list))
	for i, f := range list {
		out[i] = similarView{ID: f.ID, Href: "/staff/figures/" + f.ID,
			Value:  cite.ValueText(domain.Figure{Value: f.Value, Qualifier: f.Qualifier}, ""),
			Series: f.SeriesTitle, AttributedTo: f.AttributedTo, Period: periodText(f.PeriodStart, f.PeriodEnd),
			Status: statusWords(f.Status), Why: f.Why, SourceURL: f.SourceURL}
	}
	return out
}

// periodText writes a period without knowing its series' measure: "as of
// 31 Mar 2024", or "1 Jan 2024 – 31 Mar 2024".
func periodText(start, end domain.Date) string {
	if start.IsZero() {
		return "as of " + end.Human()
	}
	return start.Human() + " – " + end.Human()
}

// statusWords is a status as staff read it: "in review".
func statusWords(s domain.Status) string {
	if s == domain.StatusInReview {
		return "in review"
	}
	return string(s)
}

// similarKey is figure f as SimilarFigures compares it; except is the id
// of the figure f is an edit of, if any.
func similarKey(f domain.Figure, except string) store.FigureKey {
	return store.FigureKey{SourceURL: f.Source.URL, Value: f.Value, AttributedTo: f.AttributedTo,
		PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd, Except: except}
}

// heldRowView is a row of an import preview like figures already held, or
// like earlier rows of its file.
type heldRowView struct {
	File       string
	Line       int
	Series     string
	Measure    domain.Measure
	Figure     domain.Figure // the row's own value, period and attribution
	Figures    []similarView
	Earlier    []int
	EarlierWhy string
}

func heldRowViews(rows []exchange.HeldRow) []heldRowView {
	out := make([]heldRowView, len(rows))
	for i, r := range rows {
		held := make([]store.SimilarFigure, len(r.Figures))
		for j, f := range r.Figures {
			held[j] = store.SimilarFigure(f)
		}
		out[i] = heldRowView{File: r.File, Line: r.Line, Series: r.Series, Measure: r.Measure, Figure: r.Figure, Figures: similarViews(held), Earlier: r.Earlier, EarlierWhy: r.EarlierWhy}
	}
	return out
}
