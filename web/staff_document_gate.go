package web

import (
	"context"
	"runtime"
	"time"
)

// documentGate bounds the reading of pasted documents, the one staff
// action whose cost the text decides: a paste made to be read slowly
// costs seconds of CPU, and many of them at once — a stolen session, or
// a script — would take the whole server. At most cap(slots) reads run at
// once; a read waits at most wait for a slot, then the editor is told the
// server is busy (503 with Retry-After) and the text is not lost: the
// browser's Back keeps it.
type documentGate struct {
	slots chan struct{}
	wait  time.Duration
	hook  func(ctx context.Context) // tests: called with a slot held, before reading
}

func newDocumentGate() *documentGate {
	// Reading is CPU work: one read per core, and never all of them, so
	// that pages and charts are still served while documents are read.
	return &documentGate{slots: make(chan struct{}, max(runtime.GOMAXPROCS(0)-1, 1)), wait: 5 * time.Second}
}

// errDocumentsBusy is a read refused because every slot stayed taken.
var errDocumentsBusy = busyError{retryAfter: 10, doing: "reading as many documents as it can at once"}

// enter takes a slot for one read and returns what gives it back.
func (g *documentGate) enter(ctx context.Context) (leave func(), err error) {
	leave, err = enterSlot(ctx, g.slots, g.wait, errDocumentsBusy)
	if err == nil && g.hook != nil {
		g.hook(ctx)
	}
	return leave, err
}
