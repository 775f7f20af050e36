package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// Marks on claims: a reviewer proposes, on a published figure's staff
// page, that it is the preferred claim of its fact, or deprecated, or that
// its mark is removed; another reviewer decides on /staff/marks
// (store/figure_marks.go).

// markChoices are the marks the form offers; "none" removes the mark.
var markChoices = append(choices(domain.ClaimMarks), "none")

// proposeFigureMark handles the "Mark this claim" form of a figure's staff
// page: POST /staff/figures/:id/mark.
func (s *Server) proposeFigureMark(c *gin.Context) error {
	id := c.Param("id")
	f := postedForm(c, []string{"mark", "reason", "version"}, true)
	version, _ := strconv.Atoi(f.Values["version"]) // 0 (none given) checks no version
	mark := domain.ClaimMark(f.Values["mark"])
	switch f.Values["mark"] {
	case "":
		f.fail("mark", "is required: choose preferred, deprecated or none (remove the mark)")
		f.check(store.CheckMark(domain.MarkNone, f.Values["reason"])) // the reason's problems too
	case "none":
		mark = domain.MarkNone
	}
	err := s.saveInTx(c, f, func(tx *store.Tx) error {
		_, err := tx.ProposeMark(c.Request.Context(), id, version, mark, f.Values["reason"])
		return err
	})
	if err != nil {
		return err
	}
	if f.Invalid() {
		return s.staffFigurePage(c, id, f)
	}
	c.Redirect(http.StatusSeeOther, "/staff/figures/"+id)
	return nil
}

// markItem is one mark proposal waiting for review: the claim, the other
// claims of its fact, and what the signed-in reviewer may do about it.
type markItem struct {
	store.MarkProposal
	Figure    domain.Figure
	Series    domain.Series
	Others    []domain.Figure // the other claims of the fact, in date order
	CanDecide bool
	Why       string // why not, when they cannot
}

type staffMarksView struct {
	layoutView
	Pending []markItem
	Decided []store.MarkProposal // the latest decisions, newest first
}

// staffMarks lists the mark proposals waiting for a second reviewer, each
// beside the other claims of its fact, with approve and reject buttons for
// those who may decide it.
func (s *Server) staffMarks(c *gin.Context) error {
	ctx := c.Request.Context()
	all, err := s.db.MarkProposals(ctx, "")
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	actor, err := s.db.WorkflowActor(ctx, u.Actor())
	if err != nil {
		return err
	}
	facts := factFinder{db: s.db}
	v := &staffMarksView{}
	for i := len(all) - 1; i >= 0 && len(v.Decided) < maxDecided; i-- {
		if all[i].Status != store.MergeProposed {
			v.Decided = append(v.Decided, all[i])
		}
	}
	for _, p := range all {
		if p.Status != store.MergeProposed {
			continue
		}
		item := markItem{MarkProposal: p}
		if item.Figure, item.Series, err = s.db.Figure(ctx, p.FigureID); err != nil {
			return err
		}
		if item.Others, err = facts.others(ctx, item.Figure, item.Series); err != nil {
			return err
		}
		item.CanDecide, item.Why = canDecide(actor, p.Entry(), "marks")
		v.Pending = append(v.Pending, item)
	}
	s.staffPage(c, http.StatusOK, "staff_marks", "Marks on claims", v)
	return nil
}

// factFinder finds the other claims of a figure's fact, reading each
// series' published figures and the organisations' kin once.
type factFinder struct {
	db     *store.DB
	kin    domain.Kin
	series map[int64]domain.Analysis
}

func (ff *factFinder) others(ctx context.Context, f domain.Figure, s domain.Series) ([]domain.Figure, error) {
	if ff.series == nil {
		kin, err := ff.db.OrgKin(ctx)
		if err != nil {
			return nil, err
		}
		ff.kin, ff.series = kin, map[int64]domain.Analysis{}
	}
	an, ok := ff.series[s.ID]
	if !ok {
		figs, err := ff.db.PublicFiguresOfSeries(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		an = domain.Analyse(s.Measure, figs, ff.kin)
		ff.series[s.ID] = an
	}
	for _, fact := range an.Facts {
		var others []domain.Figure
		found := false
		for _, c := range fact.Claims {
			if c.ID == f.ID {
				found = true
			} else {
				others = append(others, c)
			}
		}
		if found {
			return others, nil
		}
	}
	return nil, nil
}

// decideMark handles the approve and reject buttons of a mark proposal.
func (s *Server) decideMark(approve bool) handler {
	return func(c *gin.Context) error {
		id, err := strconv.ParseInt(c.Param("id"), 10, 64)
		if err != nil {
			return domain.Errorf(domain.ENOTFOUND, "no mark proposal %q", c.Param("id"))
		}
		u, _ := currentUser(c)
		err = s.db.InTx(c.Request.Context(), u.Actor(), func(tx *store.Tx) error {
			return tx.DecideMark(c.Request.Context(), id, approve, strings.TrimSpace(c.PostForm("note")))
		})
		if err != nil {
			return err
		}
		c.Redirect(http.StatusSeeOther, "/staff/marks")
		return nil
	}
}
