package web

import "context"

// SetImportHook makes the import jobs of s call hook, in the job, after
// each report of progress (every 256 rows): a test pauses a job there to
// look at its page, or to shut the server down under it. ctx is the jobs'
// context, which Close cancels. Set it before the first upload.
func SetImportHook(s *Server, hook func(ctx context.Context)) { s.imports.hook = hook }
