package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// The organisations of the API: those the public pages show (store's
// PublicOrganizations), with what published data holds of each.

// orgJSON is an organisation in the list.
type orgJSON struct {
	Slug        string  `json:"slug"`
	Name        string  `json:"name"`
	Acronym     *string `json:"acronym"`
	Kind        string  `json:"kind"`
	Country     *string `json:"country"`
	URL         *string `json:"url"`
	Parent      *string `json:"parent"` // its slug
	FigureCount int     `json:"figure_count"`
	SourceCount int     `json:"source_count"`
	SeriesCount int     `json:"series_count"`
	Page        string  `json:"page"`
	Figures     string  `json:"figures"` // the API's list of its figures
}

// orgDetailJSON is one organisation, with its aliases, children and series.
type orgDetailJSON struct {
	orgJSON
	Aliases  []string `json:"aliases"`
	Children []string `json:"children"`
	Series   []string `json:"series"`
}

func (s *Server) orgJSON(c *gin.Context, o store.PublicOrg) orgJSON {
	base := s.baseURL(c)
	out := orgJSON{Slug: o.Org.Slug, Name: o.Org.Name, Acronym: exchange.Optional(o.Org.Acronym), Kind: string(o.Org.Kind),
		Country: exchange.Optional(o.Org.Country), URL: exchange.Optional(domain.URI(o.Org.URL)), Parent: exchange.Optional(o.Parent.Slug),
		FigureCount: o.FigureCount, SourceCount: o.SourceCount, SeriesCount: o.SeriesCount,
		Page:    domain.URI(base + "/organisations/" + url.PathEscape(o.Org.Slug)),
		Figures: domain.URI(base + "/api/v1/figures?attributed_to=" + url.QueryEscape(o.Org.Slug))}
	return out
}

func (s *Server) apiOrganisations(c *gin.Context) error {
	q := newAPIQuery(c)
	limit, after := q.limit(), q.cursor()
	if err := q.err(); err != nil {
		return err
	}
	return s.sendList(c, fmt.Sprintf("organisations|%d|%q", limit, after), func(ctx context.Context) (any, error) {
		list, err := s.db.PublicOrganizations(ctx)
		if err != nil {
			return nil, err
		}
		data := make([]orgJSON, len(list))
		for i, o := range list {
			data[i] = s.orgJSON(c, o)
		}
		slicesSortBy(data, func(o orgJSON) string { return o.Slug })
		out, next := page(data, func(o orgJSON) string { return o.Slug }, after, limit)
		return gin.H{"data": out, "next": next}, nil
	})
}

func (s *Server) apiOrganisation(c *gin.Context) error {
	if err := newAPIQuery(c).err(); err != nil {
		return err
	}
	return s.sendOne(c, fmt.Sprintf("organisation|%q", c.Param("slug")), func(ctx context.Context) (any, error) {
		p, err := s.db.PublicOrganization(ctx, c.Param("slug"))
		if err != nil {
			return nil, err
		}
		out := orgDetailJSON{orgJSON: s.orgJSON(c, p.PublicOrg), Aliases: append([]string{}, p.Aliases...),
			Children: []string{}, Series: []string{}}
		for _, ch := range p.Children {
			out.Children = append(out.Children, ch.Slug)
		}
		for _, se := range p.Series {
			out.Series = append(out.Series, se.Slug)
		}
		return out, nil
	})
}
