package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

func (s *Server) figurePage(c *gin.Context) error {
	ctx := c.Request.Context()
	f, series, err := s.db.PublicPermalinkFigure(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	revs, err := s.db.PublicHistory(ctx, f.ID)
	if err != nil {
		return err
	}
	history, err := s.publicHistory(ctx, revs)
	if err != nil {
		return err
	}
	link := exchange.Permalink(s.baseURL(c), f.ID)
	names, err := s.db.UserNames(ctx)
	if err != nil {
		return err
	}
	prov, err := s.provenance(ctx, f.Source.ID, f.Excerpt)
	if err != nil {
		return err
	}
	health, err := s.linkHealth(ctx, f.Source.ID, prov, s.publicCopyURL(f.Source), "figure "+f.ID)
	if err != nil {
		return err
	}
	s.render(c, http.StatusOK, "figure", &figurePageView{layoutView: layoutView{Title: series.Title, Description: figureDescription(series, f)},
		Figure: f, Series: series, History: history, Permalink: link, Provenance: prov, Health: health,
		EnteredBy: actorName(f.CreatedBy, names), ReviewedBy: actorName(f.ReviewedBy, names),
		MarkApprovedBy: actorName(f.MarkApprovedBy, names)})
	return nil
}

type figurePageView struct {
	layoutView
	Figure                domain.Figure
	Series                domain.Series
	History               []publicChange
	Permalink             string
	EnteredBy, ReviewedBy string // names, never email addresses
	MarkApprovedBy        string // the name of who approved the figure's mark
	Provenance            provenanceView
	Health                linkHealthView // the source's link: broken, moved or changed
}

// figureDescription: "About 1,000,000 persons as of 19 Apr 2025, according
// to IOM (Afghans returned from Pakistan): the sentence it was read in, …"
func figureDescription(s domain.Series, f domain.Figure) string {
	what := valueText(f)
	if s.Unit != "" {
		what += " " + string(s.Unit)
	}
	return clipDescription(strings.ToUpper(what[:1]) + what[1:] + " " + period(s.Measure, f) + ", according to " + f.AttributedTo +
		" (" + s.Title + "): the sentence it was read in, its source, its history and a citation.")
}
