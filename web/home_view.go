package web

import (
	"cmp"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// homeView is what the home page template draws.
type homeView struct {
	Title       string
	Description string
	User        any // always none: the layout asks, and public pages are the same for everyone
	Query       seriesQuery
	Problems    []queryProblem  // a 400: what to change
	Bad         map[string]bool // the parameters Problems names
	// The form's choices, each with the current one selected.
	Countries, From, To, Groups, Publishers []option
	Active                                  []activeFilter
	Series                                  []homeItem
	Total, Pages                            int
	Count                                   string // Total, written with separators
	Prev, Next                              string
}

// queryProblem is a bad parameter, named as the form labels it.
type queryProblem struct {
	Label, Param, Message string
}

var paramLabels = map[string]string{"q": "Words", "country": "Country", "from": "From", "to": "To",
	"group": "Population group", "publisher": "Organisation", "page": "Page"}

func describeProblems(p domain.Problems) []queryProblem {
	out := make([]queryProblem, len(p))
	for i, e := range p {
		out[i] = queryProblem{Label: paramLabels[e.Field], Param: e.Field, Message: e.Message}
	}
	return out
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// activeFilter is a filter in force, with the address of the list without
// it and, when nothing matches, how many series that list has.
type activeFilter struct {
	Label, Value, Remove string
	Without              string
}

// homeItem is a listed series with the addresses of its corridor and group,
// and the headline of its latest fact (from its recent claims).
type homeItem struct {
	store.SeriesSummary
	CorridorURL, GroupURL string
	Summary               factSummary
	HasSummary            bool
}

func newHomeView(q seriesQuery, opts store.SeriesOptions) homeView {
	v := homeView{Title: "Displacement Tracker", Description: homeDescription, Query: q}
	both := slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(opts.From), opts.To...))))
	v.Countries = countryOptions(both, q.Country)
	v.From = countryOptions(opts.From, q.From)
	v.To = countryOptions(opts.To, q.To)
	for _, g := range opts.Groups {
		v.Groups = append(v.Groups, option{Value: string(g), Label: groupText(g), Selected: string(g) == q.Group})
	}
	for _, o := range opts.Orgs {
		label := o.Name
		if o.Acronym != "" && o.Acronym != o.Name {
			label += " (" + o.Acronym + ")"
		}
		v.Publishers = append(v.Publishers, option{Value: orgValue(o), Label: label, Selected: orgValue(o) == q.Publisher})
	}
	add := func(name, label, value string) {
		if value != "" {
			v.Active = append(v.Active, activeFilter{Label: label, Value: value, Remove: q.url(1, name)})
		}
	}
	add("q", "Words", q.Q)
	add("country", "Country", nameOr(q.Country))
	add("from", "From", nameOr(q.From))
	add("to", "To", nameOr(q.To))
	add("group", "Group", groupText(domain.PopulationGroup(q.Group)))
	add("publisher", "Organisation", q.Publisher)
	if len(v.Active) > 0 {
		var words []string
		for _, a := range v.Active {
			words = append(words, a.Value)
		}
		v.Title = "Series: " + strings.Join(words, ", ")
	}
	return v
}

func nameOr(code string) string {
	if code == "" {
		return ""
	}
	return countryName(code)
}

// countryOptions lists codes by their countries' names, and the selected
// one even when no series has it there (the form keeps the choice made).
func countryOptions(codes []string, selected string) []option {
	if selected != "" && !slices.Contains(codes, selected) {
		codes = append(slices.Clone(codes), selected)
	}
	out := make([]option, 0, len(codes))
	for _, c := range codes {
		out = append(out, option{Value: c, Label: countryName(c), Selected: c == selected})
	}
	slices.SortFunc(out, func(a, b option) int { return cmp.Compare(a.Label, b.Label) })
	return out
}
