package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// homePageSize is how many series a page lists: 50 keep the page near
// 60 KB with the form, whatever the number of series.
const homePageSize = 50

// Bounds of the query: beyond them a search is refused with a message.
const (
	maxQueryRunes = 100
	maxQueryWords = 8
	maxPage       = 10_000
)

// seriesQuery is the home page's filters, checked and normalized. Publisher
// is the value of the matching option (an acronym or a name).
type seriesQuery struct {
	Q, Country, From, To, Group, Publisher string
	Page                                   int
}

// seriesParams in the order a normalized address lists them.
var seriesParams = []string{"q", "country", "from", "to", "group", "publisher", "page"}

func (q seriesQuery) value(name string) string {
	switch name {
	case "q":
		return q.Q
	case "country":
		return q.Country
	case "from":
		return q.From
	case "to":
		return q.To
	case "group":
		return q.Group
	case "publisher":
		return q.Publisher
	}
	return ""
}

// url is the home page's address for q at page, leaving out the
// parameters named in without; a change of filter starts again at page 1.
func (q seriesQuery) url(page int, without ...string) string {
	var b strings.Builder
	for _, name := range seriesParams {
		x := q.value(name)
		if name == "page" && page > 1 {
			x = strconv.Itoa(page)
		}
		if x == "" || slices.Contains(without, name) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(name + "=" + url.QueryEscape(x))
	}
	if b.Len() == 0 {
		return "/"
	}
	return "/?" + b.String()
}

// filtered reports whether any filter is set.
func (q seriesQuery) filtered() bool {
	return q.Q != "" || q.Country != "" || q.From != "" || q.To != "" || q.Group != "" || q.Publisher != ""
}

// parseSeriesQuery checks the home page's parameters against the choices
// published data offers and normalizes them. Unknown parameters are
// dropped; an empty one is the same as none.
func parseSeriesQuery(values url.Values, opts store.SeriesOptions) (seriesQuery, domain.Problems) {
	var q seriesQuery
	var p domain.Problems
	one := func(name string) string {
		vs := values[name]
		if len(vs) > 1 {
			p.Add(name, "is given %d times; give it once", len(vs))
		}
		if len(vs) == 0 {
			return ""
		}
		return strings.TrimSpace(vs[0])
	}
	country := func(name string) string {
		given := one(name)
		v := strings.ToUpper(given)
		if v == "" {
			return ""
		}
		if _, ok := domain.CountryName(v); !ok {
			p.Add(name, "%q is not a country code; use the three letters of ISO 3166-1 (PAK for Pakistan) or pick a country from the list", shorten(given))
			return ""
		}
		return v
	}
	words := strings.Fields(one("q"))
	q.Q = strings.Join(words, " ")
	switch {
	case utf8.RuneCountInString(q.Q) > maxQueryRunes:
		p.Add("q", "is %d characters long; search with at most %d", utf8.RuneCountInString(q.Q), maxQueryRunes)
		q.Q = ""
	case len(words) > maxQueryWords:
		p.Add("q", "has %d words; search with at most %d", len(words), maxQueryWords)
		q.Q = ""
	}
	q.Country, q.From, q.To = country("country"), country("from"), country("to")
	if g := strings.ToLower(one("group")); g != "" {
		if !slices.Contains(domain.PopulationGroups, domain.PopulationGroup(g)) {
			p.Add("group", "%q is not a population group; pick one from the list", shorten(g))
		} else {
			q.Group = g
		}
	}
	if name := one("publisher"); name != "" {
		if org, ok := findOrg(opts.Orgs, name); ok {
			q.Publisher = orgValue(org)
		} else {
			p.Add("publisher", "no published figure comes from an organisation called %q; pick one from the list", shorten(name))
		}
	}
	q.Page = 1
	if v := one("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPage {
			p.Add("page", "%q is not a page number", shorten(v))
		} else {
			q.Page = n
		}
	}
	return q, p
}

// shorten keeps a message about a bad value readable.
func shorten(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

// findOrg finds the organisation name names: its slug, or its name or
// acronym folded as aliases are (domain.OrgKey: case, spacing, punctuation
// and diacritics aside, so "U.N.H.C.R." is UNHCR). A slug wins over a name.
func findOrg(orgs []domain.Organization, name string) (domain.Organization, bool) {
	for _, o := range orgs {
		if strings.EqualFold(o.Slug, name) {
			return o, true
		}
	}
	key := domain.OrgKey(name)
	if key == "" {
		return domain.Organization{}, false
	}
	for _, o := range orgs {
		if domain.OrgKey(o.Name) == key || (o.Acronym != "" && domain.OrgKey(o.Acronym) == key) {
			return o, true
		}
	}
	return domain.Organization{}, false
}

// orgValue is how addresses name an organisation: by acronym when it has one.
func orgValue(o domain.Organization) string {
	if o.Acronym != "" {
		return o.Acronym
	}
	return o.Name
}

// filter is q as the store reads it.
func (q seriesQuery) filter(opts store.SeriesOptions) store.SeriesFilter {
	f := store.SeriesFilter{From: q.From, To: q.To, Country: q.Country, Group: domain.PopulationGroup(q.Group),
		Offset: (max(q.Page, 1) - 1) * homePageSize, Limit: homePageSize}
	if org, ok := findOrg(opts.Orgs, q.Publisher); ok && q.Publisher != "" {
		f.Org = org.ID
	}
	for _, w := range strings.Fields(q.Q) {
		f.Words = append(f.Words, strings.ToLower(w))
	}
	return f
}
