package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// maxLinkProblems bounds the problem list: past it, the oldest problems
// wait until the newest are dealt with.
const maxLinkProblems = 200

// linkProblemsView lists the sources whose link is broken, moved or
// changed, for staff to replace, update or explain (issue 17).
type linkProblemsView struct {
	layoutView
	Problems []linkProblemRow
	Max      int
}

type linkProblemRow struct {
	Source          domain.Source
	Health          linkHealthView
	Figures, Events int
	CopyURL         string // the staff view of its saved copy; "" when none is saved
	CitedURL        string // the list of what cites it
	// Dropped are the excerpts a changed page no longer holds, each
	// linked to its staff page when the visit named it.
	Dropped []droppedExcerpt
}

// droppedExcerpt is one excerpt a changed page dropped: "figure X" (with
// its staff page) or "2 excerpts not yet published" (no URL).
type droppedExcerpt struct {
	Words, URL string
}

// droppedExcerpts reads a changed visit's detail ("figure X, event Y no
// longer on the page") into the excerpts it names.
func droppedExcerpts(detail string) []droppedExcerpt {
	parts := domain.DroppedParts(detail)
	if parts == nil && detail != "" {
		return []droppedExcerpt{{Words: detail}}
	}
	var out []droppedExcerpt
	for _, part := range parts {
		d := droppedExcerpt{Words: part}
		if kind, id, ok := domain.DroppedItem(part); ok {
			d.URL = "/staff/" + kind + "s/" + url.PathEscape(id)
		}
		out = append(out, d)
	}
	return out
}

// StateWords: "broken", "moved", "changed".
func (r linkProblemRow) StateWords() string { return r.Health.StateWords() }

// sourceProblems lists the broken, moved and changed sources, newest
// problem first.
func (s *Server) sourceProblems(c *gin.Context) error {
	problems, err := s.db.LinkProblems(c.Request.Context(), maxLinkProblems)
	if err != nil {
		return err
	}
	v := &linkProblemsView{Max: maxLinkProblems}
	for _, p := range problems {
		base := "/staff/sources/" + strconv.FormatInt(p.Source.ID, 10)
		row := linkProblemRow{Source: p.Source, Figures: p.Figures, Events: p.Events,
			Health: linkHealthView{State: p.Health.State, Since: p.Health.Since, LastChecked: p.Health.LastChecked}}
		switch p.Health.State {
		case domain.LinkMoved:
			row.Health.MovedTo = p.Health.Detail
		case domain.LinkChanged:
			row.Dropped = droppedExcerpts(p.Health.Detail)
		}
		if p.Copies > 0 {
			row.CopyURL, row.CitedURL = base+"/copy", base+"/copy#excerpts"
		}
		v.Problems = append(v.Problems, row)
	}
	s.staffPage(c, http.StatusOK, "staff_source_problems", "Sources with link problems", v)
	return nil
}
