package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// What the claims of a series (or of compared series of one scope) say
// together, as the series and compare pages list it: one domain.Analyse,
// its findings by kind, each explained in words with its claims, their
// sentences and sources (docs/disagreements.md holds the rule).

// maxDisagreements is how many conflicts, revisions and falls a page
// lists, and maxAgreed how many facts whose sources agree. A series
// reported often by several organisations has hundreds; the page lists the
// latest, says how many more there are, and the figures table and the
// downloads hold every figure.
const (
	maxDisagreements = 10
	maxAgreed        = 3
	// maxClaimCards bounds the claims listed under one finding (a fact
	// that many sources agree on); the rest are in the figures table.
	maxClaimCards = 6
)

// findingsView is the findings section of a page.
type findingsView struct {
	Title, ID string         // the section's heading and its id
	Counts    string         // "2 conflicts · 1 revision · 1 fall · 3 facts where sources agree"
	Rule      string         // how claims are compared, in a sentence or two
	Groups    []findingGroup // conflicts, revisions, falls, then agreement; only kinds found
	// Found is how many conflicts, revisions and falls there are in all,
	// written with separators; Listed how many the page lists, More how
	// many it does not.
	Found        string
	Listed, More int
	// AgreedMore is how many facts whose sources agree are not listed.
	AgreedMore int
}

// Any reports whether there is anything to list.
func (f findingsView) Any() bool { return len(f.Groups) > 0 }

// findingGroup is the findings of one kind.
type findingGroup struct {
	Kind    domain.FindingKind
	Heading string // "Sources that disagree"
	About   string // what this kind of finding means
	Items   []findingItem
}

// findingItem is one finding: its sentence and its claims.
type findingItem struct {
	Kind   domain.FindingKind
	Words  string
	Claims []claimCard
	// Deprecated are the fact's claims a reviewer marked deprecated: no
	// longer compared, still shown with the reason.
	Deprecated []claimCard
	MoreClaims int // claims not shown as cards (in the figures table)
}

// claimCard is a claim as a finding shows it; Series is set when the page
// shows more than one series, so that each card names its own.
type claimCard struct {
	domain.Figure
	Series  *domain.Series
	Measure domain.Measure // of the claim's series: how its period reads
}

// kindHeadings name each kind of finding and say what it means.
var kindHeadings = map[domain.FindingKind][2]string{
	domain.KindConflict: {"Sources that disagree",
		"Different organisations gave values for the same fact that cannot both be right. Both are shown as published; neither is averaged away."},
	domain.KindRevision: {"Revised by the same organisation",
		"One organisation (or a part of it) gave a different value for the same fact later."},
	domain.KindFall: {"Running totals that fell",
		"A cumulative total lower than an earlier one from the same start: a running count cannot fall unless what is counted changed."},
	domain.KindConsistent: {"Claims that agree",
		"Several sources gave values for the same fact that agree, once words such as “more than” and “about” are read as the range they allow."},
}

// kindLabel is the short name of a kind, for a list of findings.
func kindLabel(k domain.FindingKind) string { return kindHeadings[k][0] }

// newFindings lists what an analysis found. seriesOf names a claim's
// series on a page that shows several (nil on a series page).
func newFindings(an domain.Analysis, seriesOf func(domain.Figure) *domain.Series) findingsView {
	v := findingsView{Title: "How the sources compare", ID: "findings", Rule: compareRule(an.Measure), Found: domain.FormatNumber(float64(len(an.Found)))}
	n := map[domain.FindingKind]int{}
	for _, fi := range an.Found {
		n[fi.Kind]++
	}
	var counts []string
	for _, c := range []struct {
		kind        domain.FindingKind
		one, plural string
	}{{domain.KindConflict, "conflict", "conflicts"}, {domain.KindRevision, "revision", "revisions"}, {domain.KindFall, "fall", "falls"}} {
		if n[c.kind] > 0 {
			counts = append(counts, plural(n[c.kind], c.one, c.plural))
		}
	}
	if k := len(an.Agreed); k > 0 {
		counts = append(counts, plural(k, "fact", "facts")+" where sources agree")
	}
	v.Counts = strings.Join(counts, " · ")

	found := an.Found
	if len(found) > maxDisagreements {
		found, v.More = found[len(found)-maxDisagreements:], len(found)-maxDisagreements
	}
	v.Listed = len(found)
	agreed := an.Agreed
	if len(agreed) > maxAgreed {
		agreed, v.AgreedMore = agreed[len(agreed)-maxAgreed:], len(agreed)-maxAgreed
	}
	for _, kind := range []domain.FindingKind{domain.KindConflict, domain.KindRevision, domain.KindFall, domain.KindConsistent} {
		g := findingGroup{Kind: kind, Heading: kindHeadings[kind][0], About: kindHeadings[kind][1]}
		list := found
		if kind == domain.KindConsistent {
			list = agreed
		}
		for _, fi := range list {
			if fi.Kind == kind {
				g.Items = append(g.Items, newFindingItem(fi, seriesOf))
			}
		}
		if len(g.Items) > 0 {
			v.Groups = append(v.Groups, g)
		}
	}
	return v
}

func newFindingItem(fi domain.Finding, seriesOf func(domain.Figure) *domain.Series) findingItem {
	card := func(f domain.Figure) claimCard {
		c := claimCard{Figure: f}
		if fi.Fact != nil {
			c.Measure = fi.Fact.Measure
		}
		if seriesOf != nil {
			c.Series = seriesOf(f)
		}
		return c
	}
	it := findingItem{Kind: fi.Kind, Words: fi.Words()}
	claims := fi.Claims
	if len(claims) > maxClaimCards {
		claims, it.MoreClaims = claims[:maxClaimCards], len(claims)-maxClaimCards
	}
	for _, f := range claims {
		it.Claims = append(it.Claims, card(f))
	}
	if fi.Fact != nil && fi.Kind != domain.KindFall {
		for _, f := range fi.Fact.Claims {
			if f.Mark == domain.MarkDeprecated && len(it.Deprecated) < maxClaimCards {
				it.Deprecated = append(it.Deprecated, card(f))
			}
		}
	}
	return it
}

// compareRule says in plain words which claims are compared, for a
// series of measure m.
func compareRule(m domain.Measure) string {
	days := func(d time.Duration) int { return int(d.Hours() / 24) }
	var which string
	switch m {
	case domain.MeasureFlow:
		which = fmt.Sprintf("figures for the same period (its first and last days at most %d days apart, so “April” and “1–30 April” are one period, April and May are not)", days(domain.FlowEdgeSlack))
	case domain.MeasureCumulative:
		which = fmt.Sprintf("running totals from the same start whose dates are at most %d days apart", days(domain.CumulativeWindow))
	default:
		which = fmt.Sprintf("counts whose dates are at most %d days apart", days(domain.StockWindow))
	}
	return "How claims are compared: " + which + " are claims about one fact. " +
		"Words such as “more than 135,000” or “about 2.6 million” are read as the range they allow (“more than 135,000” agrees with 148,200), " +
		"and an organisation and its parent or part count as one source. Nothing is averaged or picked: every claim is shown as published."
}

// plural writes "1 conflict", "2 conflicts".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return domain.FormatNumber(float64(n)) + " " + many
}
