package web

import (
	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// workflowView is what the "workflow" template shows: the buttons of one
// entry that the signed-in user may press, which post to Path/<action>.
type workflowView struct {
	domain.Choices
	Kind    string // "figure", "event": how the page names the entry
	Path    string // the entry's staff page
	Version int    // the version the user sees, sent with every action
	// PublicReason says that a retracted entry keeps its public page, which
	// shows the reason.
	PublicReason bool
	// ApproveWhy, when set, is why approving needs a reason (the excerpt
	// was not found in the saved copy of its source): the approve button
	// becomes a form that asks for it, recorded in the approval's revision.
	ApproveWhy string
}

// workflowButtons returns the buttons of entry for the signed-in user, read
// as the store reads them when they press one (domain.Choose, domain.Step).
func (s *Server) workflowButtons(c *gin.Context, entry domain.Entry, path string, version int) (workflowView, error) {
	u, _ := currentUser(c)
	actor, err := s.db.WorkflowActor(c.Request.Context(), u.Actor())
	if err != nil {
		return workflowView{}, err
	}
	return workflowView{Choices: domain.Choose(entry, actor), Kind: entry.Kind, Path: path, Version: version}, nil
}
