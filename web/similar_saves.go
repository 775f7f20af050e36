package web

import (
	"context"
	"time"
)

// A save that looks for the figures held like the ones it writes (the
// figure form's, a document's) looks and writes as one step: the same
// form sent twice at once — a double click on a slow save — would
// otherwise have both requests look before either writes, and both save.
// One such save runs at a time; the others wait for it, up to
// similarSaveWait, then are told the server is busy, with nothing saved.
// It binds the saves of this process, which is where a double click's two
// requests go.

const similarSaveWait = 20 * time.Second

var errSimilarSavesBusy = busyError{retryAfter: 5, doing: "saving other figures; nothing of yours was saved"}

// enterSimilarSave waits for the turn of one save that checks for held
// figures, and returns what ends it.
func (s *Server) enterSimilarSave(ctx context.Context) (leave func(), err error) {
	return enterSlot(ctx, s.similarSaves, similarSaveWait, errSimilarSavesBusy)
}
