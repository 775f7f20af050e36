package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// mergeItem is one merge waiting for review, with what the signed-in user
// may do about it: a reviewer who did not propose it decides; anyone else
// is told why they cannot.
type mergeItem struct {
	store.OrgMerge
	CanDecide bool
	Why       string           // why not, when they cannot
	Moves     store.OrgSummary // what would move: the counts of From
}

// changeItem is one change to an organisation's record waiting for
// review, with what the signed-in user may do about it.
type changeItem struct {
	store.OrgChange
	CanDecide bool
	Why       string
}

type orgMergesView struct {
	layoutView
	Pending        []mergeItem
	Decided        []store.OrgMerge // the latest decisions
	Changes        []changeItem     // changes to records waiting for review
	DecidedChanges []store.OrgChange
}

// canDecide says whether actor may approve entry, proposed by another, and
// if not, why not (domain.CheckApprover, read as the store reads it).
func canDecide(actor domain.User, entry domain.Entry, what string) (bool, string) {
	switch {
	case !actor.Role.AtLeast(domain.RoleReviewer):
		return false, "A reviewer decides " + what + "; you can see them here."
	case strings.EqualFold(entry.CreatedBy, actor.Email):
		return false, "You proposed this, so another reviewer must approve it."
	}
	if err := domain.CheckApprover(entry, actor); err != nil {
		return false, domain.ErrorMessage(err) + "."
	}
	return true, ""
}

// maxDecided is how many past decisions the merges page lists.
const maxDecided = 20

// orgMerges lists the merges waiting for a second person, with approve
// and reject buttons for those who may decide them (domain.CheckApprover,
// read as the store reads it when they press one).
func (s *Server) orgMerges(c *gin.Context) error {
	ctx := c.Request.Context()
	all, err := s.db.OrganizationMerges(ctx, "")
	if err != nil {
		return err
	}
	sums, err := s.db.OrganizationSummaries(ctx)
	if err != nil {
		return err
	}
	counts := map[int64]store.OrgSummary{}
	for _, o := range sums {
		counts[o.ID] = o
	}
	u, _ := currentUser(c)
	actor, err := s.db.WorkflowActor(ctx, u.Actor())
	if err != nil {
		return err
	}
	v := &orgMergesView{}
	for _, m := range all {
		if m.Status != store.MergeProposed {
			if len(v.Decided) < maxDecided {
				v.Decided = append(v.Decided, m)
			}
			continue
		}
		item := mergeItem{OrgMerge: m, CanDecide: true, Moves: counts[m.From.ID]}
		if !actor.Role.AtLeast(domain.RoleReviewer) {
			item.CanDecide, item.Why = false, "A reviewer decides merges; you can see them here."
		} else if strings.EqualFold(m.ProposedBy, actor.Email) {
			item.CanDecide, item.Why = false, "You proposed this merge, so another reviewer must approve it."
		} else if err := domain.CheckApprover(m.Entry(), actor); err != nil {
			item.CanDecide, item.Why = false, domain.ErrorMessage(err)+"."
		}
		v.Pending = append(v.Pending, item)
	}
	changes, err := s.db.OrganizationChanges(ctx, "")
	if err != nil {
		return err
	}
	for _, ch := range changes {
		if ch.Status != store.MergeProposed {
			if len(v.DecidedChanges) < maxDecided {
				v.DecidedChanges = append(v.DecidedChanges, ch)
			}
			continue
		}
		item := changeItem{OrgChange: ch}
		item.CanDecide, item.Why = canDecide(actor, ch.Entry(), "changes to organisations")
		v.Changes = append(v.Changes, item)
	}
	s.staffPage(c, http.StatusOK, "staff_orgs_merges", "Organisation merges and changes", v)
	return nil
}

// decideOrgMerge handles the approve and reject buttons of a merge.
func (s *Server) decideOrgMerge(approve bool) handler {
	return func(c *gin.Context) error {
		id, err := strconv.ParseInt(c.Param("id"), 10, 64)
		if err != nil {
			return domain.Errorf(domain.ENOTFOUND, "no merge %q", c.Param("id"))
		}
		u, _ := currentUser(c)
		err = s.db.InTx(c.Request.Context(), u.Actor(), func(tx *store.Tx) error {
			return tx.DecideMerge(c.Request.Context(), id, approve, c.PostForm("note"))
		})
		if err != nil {
			return err
		}
		c.Redirect(http.StatusSeeOther, "/staff/organisations/merges")
		return nil
	}
}

// decideOrgChange handles the approve and reject buttons of a change to
// an organisation's record.
func (s *Server) decideOrgChange(approve bool) handler {
	return func(c *gin.Context) error {
		id, err := strconv.ParseInt(c.Param("id"), 10, 64)
		if err != nil {
			return domain.Errorf(domain.ENOTFOUND, "no organisation change %q", c.Param("id"))
		}
		u, _ := currentUser(c)
		err = s.db.InTx(c.Request.Context(), u.Actor(), func(tx *store.Tx) error {
			return tx.DecideOrgChange(c.Request.Context(), id, approve, c.PostForm("note"))
		})
		if err != nil {
			return err
		}
		c.Redirect(http.StatusSeeOther, "/staff/organisations/merges")
		return nil
	}
}
