package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/store"
)

type staffHomeView struct {
	layoutView
	Mine      []store.WorkItem
	QueueSize int
	MarkQueue int // mark proposals waiting for a second reviewer
}

// staffHome is the dashboard: one's own drafts (with the reasons they were
// sent back) and figures in review, and the size of the review queue.
func (s *Server) staffHome(c *gin.Context) error {
	ctx := c.Request.Context()
	u, _ := currentUser(c)
	mine, err := s.db.WorkOf(ctx, u.Actor())
	if err != nil {
		return err
	}
	queue, err := s.db.ReviewQueue(ctx)
	if err != nil {
		return err
	}
	marks, err := s.db.MarkProposals(ctx, store.MergeProposed)
	if err != nil {
		return err
	}
	s.staffPage(c, http.StatusOK, "staff_home", "Staff", &staffHomeView{Mine: mine, QueueSize: len(queue), MarkQueue: len(marks)})
	return nil
}
