package web

import (
	"context"
	"time"
)

// SetImportHook makes the import jobs of s call hook, in the job, after
// each report of progress (every 256 rows): a test pauses a job there to
// look at its page, or to shut the server down under it. ctx is the jobs'
// context, which Close cancels. Set it before the first upload.
func SetImportHook(s *Server, hook func(ctx context.Context)) { s.imports.Hook = hook }

// SetRenderGate gives s a chart render gate of slots renders at once, wait
// for a slot and timeout for a render, which calls hook (when not nil) with
// the render's context and cache key, a slot held, before drawing. Set it
// before the first request.
func SetRenderGate(s *Server, slots int, wait, timeout time.Duration, hook func(ctx context.Context, key string)) {
	s.renders.slots, s.renders.wait, s.renders.timeout, s.renders.hook = make(chan struct{}, slots), wait, timeout, hook
}

// SetDownloadReadHook makes the downloads of s (streamed, read, or kept)
// call hook once their data is read and before their headers name its
// version: a test publishes there. Set it before the first request.
func SetDownloadReadHook(s *Server, hook func(ctx context.Context)) { s.readHook = hook }

// SetBuildHook makes s call hook with the cache key of every page, chart or
// API response it builds (a miss that builds, not one that waits for
// another's build). Set it before the first request.
func SetBuildHook(s *Server, hook func(key string)) { s.buildHook = hook }

// SetKeptDownloadCap makes s keep downloads of at most max bytes (see
// maxKeptDownload), so that a test's small series is one too big to keep.
// Set it before the first request.
func SetKeptDownloadCap(s *Server, max int) { s.maxKept = max }

// SetFrontBounds bounds the front cache of s to max entries and maxBytes;
// with max 0, s has none, and its render cache answers every request. Set
// it before the first request.
func SetFrontBounds(s *Server, max, maxBytes int) {
	s.fronts = newLRU(max, maxBytes, (*frontEntry).size)
}

// FrontHeld is how many entries and bytes the front cache of s holds.
func FrontHeld(s *Server) (entries, bytes int) { return s.fronts.held() }
