package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// layoutView is what the layout reads of every page: a view type embeds
// it, so that a field the layout or the page misspells is an error (see
// TestTemplatesReadOnlyTheirViews), not an empty string.
type layoutView struct {
	Title       string
	Description string
	User        domain.User // the signed-in user on staff pages
}

func (l *layoutView) setLayout(title string, u domain.User) { l.Title, l.User = title, u }

// staffView is the view of a staff page.
type staffView interface {
	setLayout(title string, u domain.User)
}

// staffPage renders a staff page with the signed-in user in the layout.
// data is a staffView; the import pages still pass a map[string]any.
func (s *Server) staffPage(c *gin.Context, status int, page, title string, data any) {
	u, _ := currentUser(c)
	switch v := data.(type) {
	case staffView:
		v.setLayout(title, u)
	case map[string]any:
		v["Title"], v["User"] = title, u
	}
	s.render(c, status, page, data)
}

type staffHomeView struct {
	layoutView
	Mine      []store.WorkItem
	QueueSize int
}

type reviewView struct {
	layoutView
	Entries []queueEntry
	Events  []domain.Event
}

type sourcesView struct {
	layoutView
	Q       string
	Sources []domain.Source
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
	s.staffPage(c, http.StatusOK, "staff_home", "Staff", &staffHomeView{Mine: mine, QueueSize: len(queue)})
	return nil
}

// queueEntry is a figure waiting for review, beside the published figures
// of its series near its date, so that a reviewer sees a conflict.
type queueEntry struct {
	store.WorkItem
	Nearby    []domain.Figure
	Conflicts []domain.Conflict
	OwnEntry  bool
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
		var conflicts []domain.Conflict
		for _, cf := range domain.FindConflicts(append([]domain.Figure{it.Figure}, nearby...)) {
			if cf.A.ID == it.Figure.ID || cf.B.ID == it.Figure.ID {
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
	s.staffPage(c, http.StatusOK, "staff_review", "Review queue", &reviewView{Entries: entries, Events: events})
	return nil
}

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

// sources searches the sources by title, URL or publisher, so that an
// editor attaches a figure to a document already on record.
func (s *Server) sources(c *gin.Context) error {
	q := strings.TrimSpace(c.Query("q"))
	var found []domain.Source
	if q != "" {
		var err error
		if found, err = s.db.SearchSources(c.Request.Context(), q, 50); err != nil {
			return err
		}
	}
	s.staffPage(c, http.StatusOK, "staff_sources", "Sources", &sourcesView{Q: q, Sources: found})
	return nil
}
