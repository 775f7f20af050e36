package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// queueEntry is a figure waiting for review, beside the published figures
// of its series near its date, so that a reviewer sees a conflict.
type queueEntry struct {
	store.WorkItem
	Nearby    []domain.Figure
	Conflicts []domain.Finding
	OwnEntry  bool
}

type reviewView struct {
	layoutView
	Entries   []queueEntry
	Events    []domain.Event
	MarkQueue int // mark proposals waiting for a second reviewer
}

func (s *Server) reviewQueue(c *gin.Context) error {
	ctx := c.Request.Context()
	u, _ := currentUser(c)
	reviewer, err := s.db.WorkflowActor(ctx, u.Actor())
	if err != nil {
		return err
	}
	items, err := s.db.ReviewQueue(ctx)
	if err != nil {
		return err
	}
	entries := make([]queueEntry, len(items))
	for i, it := range items {
		nearby, err := s.db.Nearby(ctx, it.Series.ID, it.Figure.PeriodEnd.Last(), it.Figure.ID)
		if err != nil {
			return err
		}
		var conflicts []domain.Finding
		for _, cf := range domain.Analyse(it.Series.Measure, append([]domain.Figure{it.Figure}, nearby...), nil).Found {
			if cf.Claims[0].ID == it.Figure.ID || cf.Claims[1].ID == it.Figure.ID {
				conflicts = append(conflicts, cf)
			}
		}
		entries[i] = queueEntry{WorkItem: it, Nearby: nearby, Conflicts: conflicts,
			OwnEntry: domain.Choose(it.Figure.Entry(), reviewer).OwnEntry}
	}
	events, err := s.db.EventsInReview(ctx)
	if err != nil {
		return err
	}
	marks, err := s.db.MarkProposals(ctx, store.MergeProposed)
	if err != nil {
		return err
	}
	s.staffPage(c, http.StatusOK, "staff_review", "Review queue", &reviewView{Entries: entries, Events: events, MarkQueue: len(marks)})
	return nil
}
