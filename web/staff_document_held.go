package web

import (
	"context"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// A document's save looks again for the figures the tracker holds like
// each ticked row. Reading the document marked those it held then, and the
// editor ticked a row knowing them; a figure like it saved since — the
// same form sent twice (a double click on a slow save, or Back and save
// again), or a colleague entering the same report — was never shown, and
// holds that row back: nothing is saved, and the row comes back unticked
// with the new figure named and linked. Ticking it again is the editor's
// answer, as "save it all the same" is on the figure form.

// HeldIDs are the ids of the held figures the page shows with the row,
// posted back so that the save knows what the editor saw.
func (r *documentRow) HeldIDs() string {
	ids := make([]string, len(r.Held))
	for i, h := range r.Held {
		ids[i] = h.ID
	}
	return strings.Join(ids, ",")
}

// postedShown reads a row's HeldIDs back.
func postedShown(c *gin.Context, r *documentRow) []string {
	v := c.PostForm(r.name("shown"))
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// holdUnseen finds the figures held like each row now, and holds back —
// unticked, with a problem — every row with one the editor was not shown.
func (s *Server) holdUnseen(ctx context.Context, rows []*documentRow, sourceURL string) error {
	if err := s.markHeld(ctx, rows, sourceURL); err != nil {
		return err
	}
	for _, r := range rows {
		r.Unseen = nil
		for _, h := range r.Held {
			if !slices.Contains(r.Shown, h.ID) {
				r.Unseen = append(r.Unseen, h)
			}
		}
		if len(r.Unseen) > 0 {
			r.Keep = false
			r.fail("", "Not saved, and unticked: since the page was read, the tracker has come to hold a figure like this one (was the form sent twice?). Look at it, and tick the row again only if yours is a different figure:")
		}
	}
	return nil
}
