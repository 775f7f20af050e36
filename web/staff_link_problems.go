package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
	// Dropped are the figures and events whose excerpts a changed page no
	// longer holds, linked to their staff pages.
	Dropped []droppedLink
}

// droppedLink is a figure or event whose excerpt went from its source's page.
type droppedLink struct{ Words, URL string }

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
		if p.Health.State == domain.LinkMoved {
			row.Health.MovedTo = p.Health.Detail
		}
		for _, item := range domain.DroppedItems(p.Health.Detail) {
			kind, id, _ := strings.Cut(item, " ")
			row.Dropped = append(row.Dropped, droppedLink{Words: item, URL: "/staff/" + kind + "s/" + url.PathEscape(id)})
		}
		if p.Copies > 0 {
			row.CopyURL, row.CitedURL = base+"/copy", base+"/copy#excerpts"
		}
		v.Problems = append(v.Problems, row)
	}
	s.staffPage(c, http.StatusOK, "staff_source_problems", "Sources with link problems", v)
	return nil
}
