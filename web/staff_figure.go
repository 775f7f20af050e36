package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// newFigure shows an empty figure form, with a source or series chosen
// beforehand when the query names one (?source=ID, ?series=slug).
func (s *Server) newFigure(c *gin.Context) error {
	form := newFigureForm()
	form.Values["series"] = c.Query("series")
	if id, err := strconv.ParseInt(c.Query("source"), 10, 64); err == nil {
		if src, err := s.db.Source(c.Request.Context(), id); err == nil {
			form.setSource(src)
		}
	}
	return s.renderFigureForm(c, form)
}

// saveFigure handles the posted figure form, new or edit: "propose" fills
// fields from the sentence and saves nothing; "save" stores a draft;
// "submit" stores it and sends it for review. Both check the whole form
// first: a form with a problem writes nothing.
func (s *Server) saveFigure(c *gin.Context) error {
	ctx := c.Request.Context()
	form := formFromRequest(c)
	action := c.PostForm("action")
	if action == "propose" {
		// The publication date is read only when it is a date: its own
		// problem waits for the save, where the whole form is checked.
		published, _ := domain.ParseDate(form.Values["source_published"])
		o, idx, err := s.readOptions(ctx, published, form.Values["series"])
		if err != nil {
			return err
		}
		form.propose(o, idx)
		if err := s.proposeSimilar(ctx, form); err != nil {
			return err
		}
		return s.renderFigureForm(c, form)
	}
	series, err := s.db.SeriesBySlug(ctx, form.Values["series"])
	if err != nil && domain.ErrorCode(err) != domain.ENOTFOUND {
		return err
	}
	f := form.figure(series, err == nil)
	if !form.Invalid() {
		leave, err := s.enterSimilarSave(ctx)
		if err != nil {
			return err
		}
		defer leave()
		if held, err := s.holdSimilar(ctx, form, f); err != nil {
			return err
		} else if held {
			return s.renderFigureForm(c, form)
		}
	}
	id := form.ID
	answers := postedOrgAnswers(c, "attributed_to", "source_publisher")
	err = s.saveInTx(c, &form.form, func(tx *store.Tx) error {
		err := form.resolveOrgs(ctx, tx, answers, &f)
		if err == nil && id == "" {
			id, err = tx.CreateFigure(ctx, series, f)
		} else if err == nil {
			err = tx.EditFigure(ctx, id, form.Version, series, f)
		}
		if err == nil && action == "submit" {
			err = tx.Act(ctx, id, 0, domain.ActionSubmit, "")
		}
		form.askAbout(err)
		return err
	})
	if err != nil {
		return err
	}
	if form.Invalid() {
		// The figures like it stay in view, with the editor's answer, while
		// the problems are fixed.
		if err := s.proposeSimilar(ctx, form); err != nil {
			return err
		}
		return s.renderFigureForm(c, form)
	}
	s.sourcesAdded() // the form names its source by URL: it may be new
	c.Redirect(http.StatusSeeOther, "/staff/figures/"+id)
	return nil
}

type figureFormView struct {
	layoutView
	Form       *figureForm
	Qualifiers []string
}

func (s *Server) renderFigureForm(c *gin.Context, form *figureForm) error {
	series, err := s.db.AllSeries(c.Request.Context())
	if err != nil {
		return err
	}
	form.Series = series
	if err := s.withOrgs(c.Request.Context(), &form.form); err != nil {
		return err
	}
	title := "New figure"
	if form.IsEdit {
		title = "Edit figure"
	}
	status := form.status()
	if form.SimilarHeld && status == http.StatusOK {
		status = http.StatusConflict // not saved: the tracker may hold it already
	}
	s.staffPage(c, status, "staff_figure_form", title, &figureFormView{Form: form, Qualifiers: choices(domain.Qualifiers)})
	return nil
}

// editFigure shows the form filled with the figure — or with its pending
// edit, when there is one.
func (s *Server) editFigure(c *gin.Context) error {
	ctx := c.Request.Context()
	f, series, err := s.db.Figure(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	if edit, es, found, err := s.db.PendingEdit(ctx, f.ID); err != nil {
		return err
	} else if found {
		f, series = edit, es
	}
	form := formFromFigure(f, series)
	form.IsEdit = true
	return s.renderFigureForm(c, form)
}

// staffFigureView is the staff page of one figure, with the edit that
// waits for review when there is one, and its mark on a published figure.
type staffFigureView struct {
	layoutView
	Figure   domain.Figure
	Series   domain.Series
	Edit     domain.Figure // the pending edit, when HasEdit
	HasEdit  bool
	History  []domain.Revision
	Workflow workflowView
	// Marking: a reviewer's form "Mark this claim" (a published figure),
	// and the proposal that waits for a second reviewer, if any.
	CanMark     bool
	MarkForm    *form
	MarkChoices []string
	MarkPending *store.MarkProposal
	// Provenance: the excerpt checked against the saved copy of its source.
	Provenance provenanceView
	Health     linkHealthView // the source's link: broken, moved or changed
}

// staffFigure shows one figure of any status with its history and the
// workflow buttons the signed-in user may press.
func (s *Server) staffFigure(c *gin.Context) error {
	return s.staffFigurePage(c, c.Param("id"), newForm(nil))
}

// staffFigurePage renders figure id's staff page with markForm as posted
// (empty when nothing was), and its status when it has problems.
func (s *Server) staffFigurePage(c *gin.Context, id string, markForm *form) error {
	ctx := c.Request.Context()
	f, series, err := s.db.Figure(ctx, id)
	if err != nil {
		return err
	}
	edit, _, hasEdit, err := s.db.PendingEdit(ctx, f.ID)
	if err != nil {
		return err
	}
	history, err := s.db.Revisions(ctx, "figure", f.ID)
	if err != nil {
		return err
	}
	entry := f.Entry()
	if hasEdit {
		entry = entry.WithChange(edit.Entry())
	}
	buttons, err := s.workflowButtons(c, entry, "/staff/figures/"+f.ID, f.Version)
	if err != nil {
		return err
	}
	buttons.PublicReason = true
	excerpt := f.Excerpt
	if hasEdit {
		excerpt = edit.Excerpt
	}
	prov, err := s.provenance(ctx, f.Source.ID, excerpt)
	if err != nil {
		return err
	}
	buttons.ApproveWhy = approveWhy(prov)
	health, err := s.linkHealth(ctx, f.Source.ID, prov, "", "figure "+f.ID) // the copy is linked above
	if err != nil {
		return err
	}
	v := &staffFigureView{Figure: f, Series: series, Edit: edit, HasEdit: hasEdit, History: history, Workflow: buttons,
		MarkForm: markForm, MarkChoices: markChoices, Provenance: prov, Health: health}
	if f.Status == domain.StatusPublished {
		u, _ := currentUser(c)
		v.CanMark = u.Role.AtLeast(domain.RoleReviewer)
		proposals, err := s.db.MarkProposalsOf(ctx, f.ID)
		if err != nil {
			return err
		}
		if len(proposals) > 0 && proposals[0].Status == store.MergeProposed {
			v.MarkPending = &proposals[0]
		}
	}
	s.staffPage(c, markForm.status(), "staff_figure", "Figure "+f.ID, v)
	return nil
}

// actOnFigure handles the workflow buttons: /staff/figures/:id/{action}.
func (s *Server) actOnFigure(action domain.Action) handler {
	return func(c *gin.Context) error {
		ctx := c.Request.Context()
		u, _ := currentUser(c)
		id := c.Param("id")
		version, err := formVersion(c)
		if err != nil {
			return err
		}
		reason := strings.TrimSpace(c.PostForm("reason"))
		if action == domain.ActionApprove && reason == "" {
			// An excerpt not found in the saved copy is approved only with
			// a reason, kept in the approval's revision.
			f, _, err := s.db.Figure(ctx, id)
			if err != nil {
				return err
			}
			excerpt := f.Excerpt
			if edit, _, ok, err := s.db.PendingEdit(ctx, id); err != nil {
				return err
			} else if ok {
				excerpt = edit.Excerpt
			}
			prov, err := s.provenance(ctx, f.Source.ID, excerpt)
			if err != nil {
				return err
			}
			if why := approveWhy(prov); why != "" {
				return domain.FieldErrorf(domain.EINVALID, "reason", "%s Say why it may be published all the same.", why)
			}
		}
		err = s.db.InTx(ctx, u.Actor(), func(tx *store.Tx) error {
			return tx.Act(ctx, id, version, action, reason)
		})
		if err != nil {
			return err
		}
		c.Redirect(http.StatusSeeOther, "/staff/figures/"+id)
		return nil
	}
}

// formVersion reads the version the user saw: every change names it, so
// that a change made meanwhile by someone else is a conflict, not a silent
// overwrite.
func formVersion(c *gin.Context) (int, error) {
	v, err := strconv.Atoi(c.PostForm("version"))
	if err != nil || v < 1 {
		return 0, domain.FieldErrorf(domain.EINVALID, "version", "is required: the version of the figure you are acting on")
	}
	return v, nil
}
