package web

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// funcs are the helpers templates may call.
var funcs = template.FuncMap{
	"number":  domain.FormatNumber,
	"count":   func(n int) string { return domain.FormatNumber(float64(n)) },
	"value":   valueText,
	"country": countryName,
	"route":   routeText,
	"period":  period,
	"measure": measureText,
	"group":   groupText,
	"cite":    cite.Text,
	"when":    func(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") },
	"day":     func(t time.Time) string { return t.UTC().Format("2 Jan 2006") },
	// excerptWords: "found", "nearly found", "not found", "not checked".
	"excerptWords": excerptStatusWords,
	"iso":          func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"span":         span,
	"pair":         func(a, b domain.Figure) []domain.Figure { return []domain.Figure{a, b} },
	"status":       func(s domain.Status) string { return strings.ReplaceAll(string(s), "_", " ") },
	"finding":      kindLabel,
	"static":       staticURL,
	"attrib":       attribution,
	"orgKind":      orgKindText,
	"option":       optionText,
	"isolate":      isolate, // added to every action by isolateEveryValue
}

// optionText is how a select shows one of its values: an organisation's
// kind in words ("UN agency" for un_agency), anything else as it is.
func optionText(v string) string {
	if slices.Contains(domain.OrgKinds, domain.OrgKind(v)) {
		return orgKindText(domain.OrgKind(v))
	}
	return v
}

// valueText is a figure's value as the table shows it: "about 1,000,000".
func valueText(f domain.Figure) string { return cite.ValueText(f, "") }

func countryName(code string) string {
	if n, ok := domain.CountryName(code); ok {
		return n
	}
	return code
}

// routeText writes a series' direction: "Pakistan → Afghanistan", "from Pakistan".
func routeText(s domain.Series) string {
	switch {
	case s.FromISO3 != "" && s.ToISO3 != "":
		return countryName(s.FromISO3) + " → " + countryName(s.ToISO3)
	case s.FromISO3 != "":
		if s.PopulationGroup == "casualties" {
			return "in " + countryName(s.FromISO3)
		}
		return "from " + countryName(s.FromISO3)
	case s.ToISO3 != "":
		return "to " + countryName(s.ToISO3)
	}
	return ""
}

// period writes when a figure of a series of measure m counts, in the
// words charts use (domain.PeriodWords): "in Apr 2025", "during 2024",
// "as of 21 Oct 2023", "since Sep 2023, as of 19 Apr 2025".
func period(m domain.Measure, f domain.Figure) string {
	return domain.PeriodWords(m, f.PeriodStart, f.PeriodEnd)
}

// measureText says how a series counts, in words.
func measureText(s domain.Series) string {
	switch s.Measure {
	case domain.MeasureStock:
		return string(s.Unit) + ", count as of each date"
	case domain.MeasureFlow:
		return string(s.Unit) + ", counted during each period"
	case domain.MeasureCumulative:
		return string(s.Unit) + ", cumulative total since a start date"
	}
	return string(s.Unit)
}

// groupText writes a population group for a subtitle: "Asylum seekers".
func groupText(g domain.PopulationGroup) string {
	s := strings.ReplaceAll(string(g), "_", " ")
	if s == "idps" {
		return "IDPs"
	}
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// span writes the dates of two figures as one span: "19–25 Apr 2025",
// "30 Oct – 1 Nov 2023", "21 Oct 2023" when they are the same day.
func span(a, b domain.Date) string {
	x, y := a.Last(), b.Last()
	if y.Before(x) {
		x, y = y, x
	}
	switch {
	case x.Equal(y):
		return a.Human()
	case x.Year() == y.Year() && x.Month() == y.Month():
		return fmt.Sprintf("%d–%s", x.Day(), y.Format("2 Jan 2006"))
	case x.Year() == y.Year():
		return x.Format("2 Jan") + " – " + y.Format("2 Jan 2006")
	}
	return x.Format("2 Jan 2006") + " – " + y.Format("2 Jan 2006")
}
