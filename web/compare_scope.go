package web

import (
	"cmp"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// compareScope is compared series that count the same thing
// (domain.SameScope: population group, measure, unit, corridor and place),
// with what their claims say together. Claims of series of different
// scope share a chart but are never said to agree or disagree.
type compareScope struct {
	Series   []domain.Series
	Findings findingsView
}

// compareScopes groups the compared views by scope, in the order given,
// and analyses each group's figures together (the period shown). note
// says, when there are several groups, that they are not compared.
func compareScopes(views []*seriesView) (scopes []compareScope, note string) {
	var groups [][]*seriesView
	for _, v := range views {
		at := slices.IndexFunc(groups, func(g []*seriesView) bool { return domain.SameScope(g[0].Series, v.Series) })
		if at < 0 {
			groups = append(groups, nil)
			at = len(groups) - 1
		}
		groups[at] = append(groups[at], v)
	}
	byID := map[int64]*domain.Series{}
	for _, v := range views {
		byID[v.Series.ID] = &v.Series
	}
	seriesOf := func(f domain.Figure) *domain.Series { return byID[f.SeriesID] }
	for i, g := range groups {
		var figs []domain.Figure
		var series []domain.Series
		for _, v := range g {
			figs = append(figs, v.Figures...)
			series = append(series, v.Series)
		}
		f := newFindings(domain.Analyse(g[0].Series.Measure, figs, g[0].Kin), seriesOf)
		if len(groups) > 1 {
			titles := make([]string, len(series))
			for j, se := range series {
				titles[j] = se.Title
			}
			f.Title += ": " + andWords(titles)
			f.ID += "-" + domain.FormatNumber(float64(i+1))
		}
		scopes = append(scopes, compareScope{Series: series, Findings: f})
	}
	if len(groups) > 1 {
		firsts := make([]domain.Series, len(groups))
		for i, g := range groups {
			firsts[i] = g[0].Series
		}
		why := scopeDifference(firsts)
		if why == "" { // domain.SameScope: in one country, and no place named
			why = "each counts people within one country and names no place, so it may count one camp or the whole country"
		}
		note = "These series count different things (" + why +
			"), so their figures are not compared as claims about one fact; only series that count the same thing are compared with each other."
	}
	return scopes, note
}

// scopeDifference words how series of different scope differ: "deportees
// vs returnees", "Iran → Afghanistan vs Pakistan → Afghanistan".
func scopeDifference(series []domain.Series) string {
	var parts []string
	for _, of := range []func(domain.Series) string{
		func(s domain.Series) string { return strings.ToLower(groupText(s.PopulationGroup)) },
		func(s domain.Series) string { return string(s.Unit) },
		func(s domain.Series) string { return string(s.Measure) },
		func(s domain.Series) string { return cmp.Or(routeText(s), "no corridor") },
		func(s domain.Series) string { return cmp.Or(strings.TrimSpace(s.Location), "no place") },
	} {
		var values []string
		for _, s := range series {
			if v := of(s); !slices.Contains(values, v) {
				values = append(values, v)
			}
		}
		if len(values) > 1 {
			parts = append(parts, strings.Join(values, " vs "))
		}
	}
	return strings.Join(parts, "; ")
}
