package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// The public organisation pages: /organisations lists every organisation
// published data shows, by kind; /organisations/:slug is one of them, with
// every published figure attributed to it in the words its sources used.

// orgKindGroups are the kinds in the order the list shows them, with their
// headings.
var orgKindGroups = []orgKindGroup{
	{domain.OrgUNAgency, "UN agencies"},
	{domain.OrgGovernment, "Governments"},
	{domain.OrgNGO, "Non-governmental organisations"},
	{domain.OrgResearch, "Research"},
	{domain.OrgMedia, "Media"},
	{domain.OrgOther, "Other"},
}

type orgKindGroup struct {
	Kind    domain.OrgKind
	Heading string
}

// orgKindText is a kind in words, for one organisation.
func orgKindText(k domain.OrgKind) string {
	switch k {
	case domain.OrgUNAgency:
		return "UN agency"
	case domain.OrgGovernment:
		return "Government"
	case domain.OrgNGO:
		return "Non-governmental organisation"
	case domain.OrgResearch:
		return "Research"
	case domain.OrgMedia:
		return "Media"
	}
	return "Other"
}

type orgGroup struct {
	Heading string
	ID      string // the heading's anchor
	Orgs    []store.PublicOrg
}

type organisationsView struct {
	layoutView
	Groups []orgGroup
	Total  int
}

func (s *Server) organisationsPage(c *gin.Context) error {
	return s.cachedPage(c, nil, func(int64) ([]byte, error) {
		list, err := s.db.PublicOrganizations(c.Request.Context())
		if err != nil {
			return nil, err
		}
		v := &organisationsView{layoutView: layoutView{Title: "Organisations",
			Description: clipDescription("The " + countOf(len(list), "organisation") +
				" whose figures or documents this tracker publishes: UN agencies, governments, NGOs, researchers and the press, each with every figure attributed to it, however its sources spelled its name.")},
			Total: len(list)}
		groups := make([]orgGroup, len(orgKindGroups))
		for i, g := range orgKindGroups {
			groups[i] = orgGroup{Heading: g.Heading, ID: "kind-" + string(g.Kind)}
		}
		for _, o := range list {
			i := slices.IndexFunc(orgKindGroups, func(g orgKindGroup) bool { return g.Kind == o.Org.Kind })
			if i < 0 {
				i = len(groups) - 1 // a kind this page does not know yet: other
			}
			groups[i].Orgs = append(groups[i].Orgs, o)
		}
		for _, g := range groups {
			if len(g.Orgs) > 0 {
				v.Groups = append(v.Groups, g)
			}
		}
		return s.renderBytes("organisations", v)
	})
}

type organisationView struct {
	layoutView
	Page store.PublicOrgPage
	Kind string // in words
	// Groups are its figures by series.
	Groups       []sourceSeries
	FiguresShown int
	// FiguresMore is how many of its figures the page leaves out; the API
	// lists them all (FiguresAPI).
	FiguresMore int
	FiguresAPI  string
	// SeriesURL is the home page's list of its series.
	SeriesURL string
}

// organisationPage is one organisation. A merged organisation's address
// moves (301) to the one it was merged into; one that published data does
// not show is a 404, like an unknown slug.
func (s *Server) organisationPage(c *gin.Context) error {
	slug := c.Param("slug")
	err := s.cachedPage(c, nil, func(int64) ([]byte, error) {
		page, err := s.db.PublicOrganization(c.Request.Context(), slug)
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			// Not a page: perhaps a merged organisation's old address.
			// Asked only here, so that a cached page costs no query.
			target, terr := s.db.PublicOrganizationTarget(c.Request.Context(), slug)
			if terr != nil {
				return nil, terr
			}
			if target != "" {
				return nil, movedTo("/organisations/" + url.PathEscape(target))
			}
		}
		if err != nil {
			return nil, err
		}
		o := page.Org
		v := &organisationView{layoutView: layoutView{Title: orgTitle(o), Description: organisationDescription(page)},
			Page: page, Kind: orgKindText(o.Kind), FiguresMore: page.FigureCount - len(page.Figures),
			FiguresAPI: "/api/v1/figures?attributed_to=" + url.QueryEscape(o.Slug)}
		for _, f := range page.Figures {
			if n := len(v.Groups); n == 0 || v.Groups[n-1].Series.ID != f.Series.ID {
				v.Groups = append(v.Groups, sourceSeries{Series: f.Series})
			}
			v.Groups[len(v.Groups)-1].Figures = append(v.Groups[len(v.Groups)-1].Figures, f.Figure)
		}
		v.FiguresShown = len(page.Figures)
		if len(page.Series) > 0 {
			v.SeriesURL = seriesQuery{Publisher: orgValue(o)}.url(1)
		}
		return s.renderBytes("organisation", v)
	})
	var moved movedTo
	if errors.As(err, &moved) {
		c.Redirect(http.StatusMovedPermanently, string(moved))
		return nil
	}
	return err
}

// movedTo is a page's build saying the page lives at another address: a
// redirect, which is not kept in the render cache.
type movedTo string

func (m movedTo) Error() string { return "moved to " + string(m) }

// orgTitle is "Office of the UN High Commissioner for Refugees (UNHCR)".
func orgTitle(o domain.Organization) string {
	if o.Acronym != "" && o.Acronym != o.Name {
		return o.Name + " (" + o.Acronym + ")"
	}
	return o.Name
}

// organisationDescription: "UNHCR, UN agency: 29 published figures
// attributed to it in 4 series, and 12 documents it published."
func organisationDescription(p store.PublicOrgPage) string {
	d := orgTitle(p.Org) + ", " + strings.ToLower(orgKindText(p.Org.Kind))
	if p.Org.Country != "" {
		d += " (" + countryName(p.Org.Country) + ")"
	}
	var parts []string
	if p.FigureCount > 0 {
		parts = append(parts, countOf(p.FigureCount, "published figure")+" attributed to it in "+domain.FormatNumber(float64(p.SeriesCount))+" series")
	}
	if p.SourceCount > 0 {
		parts = append(parts, countOf(p.SourceCount, "document")+" it published")
	}
	if len(parts) == 0 {
		parts = append(parts, "the organisations under it")
	}
	return clipDescription(d + ": " + strings.Join(parts, ", and ") + ", with the words each source used for it.")
}

// attributionView is how a page writes who a figure is attributed to: the
// words as its source stated them, then the organisations they name, each
// linked to its page ("UNHCR (post on X) → UNHCR"). When the words are the
// name or acronym of the one organisation they name, the words are the
// link. A figure that is not published (a retracted one's page) links to
// nothing: its organisations may have no public page.
type attributionView struct {
	Words string
	Slug  string          // the words' link, when they are the organisation's name
	Orgs  []domain.OrgRef // otherwise, the organisations after the words
}

func attribution(f domain.Figure) attributionView {
	v := attributionView{Words: f.AttributedTo}
	if f.Status != "" && f.Status != domain.StatusPublished {
		return v
	}
	if len(f.Orgs) == 1 {
		o, key := f.Orgs[0], domain.OrgKey(f.AttributedTo)
		if key == domain.OrgKey(o.Name) || (o.Acronym != "" && key == domain.OrgKey(o.Acronym)) {
			v.Slug = o.Slug
			return v
		}
	}
	v.Orgs = f.Orgs
	return v
}
