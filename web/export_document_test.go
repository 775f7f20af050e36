package web

import (
	"context"
	"time"
)

// SetDocumentGate gives s a document gate of slots reads at once and wait
// for a slot, which calls hook (when not nil) with the request's context,
// a slot held, before reading. Set it before the first request.
func SetDocumentGate(s *Server, slots int, wait time.Duration, hook func(ctx context.Context)) {
	s.documents = &documentGate{slots: make(chan struct{}, slots), wait: wait, hook: hook}
}
