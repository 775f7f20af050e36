package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// eventFields are the event form's fields: the events CSV's columns.
var eventFields = []string{"date", "end_date", "title", "kind", "countries", "series", "excerpt", "source_url", "source_title",
	"source_publisher", "source_published"}

type eventFormView struct {
	layoutView
	Form  *form
	Kinds []string
	// Series are every series, offered for the linked-series field.
	Series []domain.Series
}

func (s *Server) eventForm(c *gin.Context, f *form) error {
	series, err := s.db.AllSeries(c.Request.Context())
	if err != nil {
		return err
	}
	s.staffPage(c, f.status(), "staff_event_form", "New event", &eventFormView{Form: f, Kinds: choices(domain.EventKinds), Series: series})
	return nil
}

func (s *Server) newEvent(c *gin.Context) error {
	return s.eventForm(c, newForm(map[string]string{"kind": "deadline"}))
}

// createEvent saves a dated event — a deadline, a policy date — as a draft,
// or sends it for review; like a figure, it needs a second person.
func (s *Server) createEvent(c *gin.Context) error {
	f := postedForm(c, eventFields, false)
	e, err := exchange.ParseEvent(func(col string) string { return f.Values[col] })
	f.check(err)
	err = s.saveInTx(c, f, func(tx *store.Tx) error {
		var err error
		if e.ID, err = tx.CreateEvent(c.Request.Context(), e); err != nil || c.PostForm("action") != "submit" {
			return err
		}
		return tx.ActEvent(c.Request.Context(), e.ID, 0, domain.ActionSubmit, "")
	})
	if err != nil {
		return err
	}
	if f.Invalid() {
		return s.eventForm(c, f)
	}
	s.sourcesAdded() // the form names its source by URL: it may be new
	c.Redirect(http.StatusSeeOther, "/staff/events/"+e.ID)
	return nil
}

// staffEventView is the staff page of one event of any status.
type staffEventView struct {
	layoutView
	Event    domain.Event
	History  []domain.Revision
	Workflow workflowView
	// Provenance: the excerpt checked against the saved copy of its source.
	Provenance provenanceView
	Health     linkHealthView // the source's link: broken, moved or changed
}

func (s *Server) staffEvent(c *gin.Context) error {
	e, err := s.db.Event(c.Request.Context(), c.Param("id"))
	if err != nil {
		return err
	}
	history, err := s.db.Revisions(c.Request.Context(), "event", e.ID)
	if err != nil {
		return err
	}
	buttons, err := s.workflowButtons(c, e.Entry(), "/staff/events/"+e.ID, e.Version)
	if err != nil {
		return err
	}
	buttons.Edit = false // events have no edit page yet
	prov, err := s.provenance(c.Request.Context(), e.Source.ID, e.Excerpt)
	if err != nil {
		return err
	}
	buttons.ApproveWhy = approveWhy(prov)
	health, err := s.linkHealth(c.Request.Context(), e.Source.ID, prov, "", "event "+e.ID) // the copy is linked with the provenance
	if err != nil {
		return err
	}
	s.staffPage(c, http.StatusOK, "staff_event", "Event", &staffEventView{Event: e, History: history, Workflow: buttons,
		Provenance: prov, Health: health})
	return nil
}

// actOnEvent handles an event's workflow buttons.
func (s *Server) actOnEvent(action domain.Action) handler {
	return func(c *gin.Context) error {
		u, _ := currentUser(c)
		id := c.Param("id")
		version, err := formVersion(c)
		if err != nil {
			return err
		}
		reason := strings.TrimSpace(c.PostForm("reason"))
		if action == domain.ActionApprove && reason == "" {
			// As for a figure: an excerpt not found in the saved copy is
			// approved only with a reason, kept in the approval's revision.
			e, err := s.db.Event(c.Request.Context(), id)
			if err != nil {
				return err
			}
			prov, err := s.provenance(c.Request.Context(), e.Source.ID, e.Excerpt)
			if err != nil {
				return err
			}
			if why := approveWhy(prov); why != "" {
				return domain.FieldErrorf(domain.EINVALID, "reason", "%s Say why it may be published all the same.", why)
			}
		}
		err = s.db.InTx(c.Request.Context(), u.Actor(), func(tx *store.Tx) error {
			return tx.ActEvent(c.Request.Context(), id, version, action, reason)
		})
		if err != nil {
			return err
		}
		c.Redirect(http.StatusSeeOther, "/staff/events/"+id)
		return nil
	}
}
