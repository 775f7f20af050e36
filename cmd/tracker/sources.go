package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/evidence"
	"github.com/displacement-tracker/tracker/internal/fetch"
)

// Saved copies are bounded (issue 17): one document at most
// defaultCopyBytes, all of them together at most defaultCopiesBytes.
const (
	defaultCopyBytes   = 10 << 20
	defaultCopiesBytes = 2 << 30
)

// sourcesCmd is "tracker sources check": fetch each source's URL (or one),
// keep a copy of what it serves, and check every excerpt read from it
// against the copy's text; with --stale, revisit the sources with a copy to
// watch their links (evidence.Saver.Revisit).
func sourcesCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	id := fs.Int64("source", 0, "visit only the source with this `ID` (as in /sources/ID): save a copy if it has none, else revisit it; 0 visits every source")
	var stale optionalDuration
	fs.Var(&stale, "stale", "save the sources with no copy and revisit every source with one whose latest visit is older than `DURATION` (0: every one), as serve's --revisit-after does")
	allow := fs.String("fetch-allow", "", "hosts or CIDR ranges (`LIST`, comma-separated) whose documents may be fetched although private or local, as serve's")
	perDoc := fs.Int64("max-copy-bytes", defaultCopyBytes, "the largest document kept as a copy (`BYTES`)")
	total := fs.Int64("max-copies-bytes", defaultCopiesBytes, "what all saved copies may take together (`BYTES`)")
	site := fs.String("base-url", "", "the site's address, named in the User-Agent sent with each fetch (`URL`)")
	return func(ctx context.Context, env environment, args []string) error {
		if len(args) != 1 || args[0] != "check" {
			return fmt.Errorf("tracker sources: say what to do: check; %w", errUsage)
		}
		var allowed []string
		for _, a := range strings.Split(*allow, ",") {
			if a = strings.TrimSpace(a); a != "" {
				allowed = append(allowed, a)
			}
		}
		f, err := fetch.New(fetch.Options{Allow: allowed, UserAgent: fetch.UserAgent(*site)})
		if err != nil {
			return fmt.Errorf("--fetch-allow: %w", err)
		}
		db, err := openStore(ctx, *dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		c := sourceChecker{saver: &evidence.Saver{DB: db, Fetcher: f, Limits: domain.CopyLimits{PerDocument: *perDoc, Total: *total}},
			out: env.stdout, bar: newSourcesBar(env.stderr)}
		p, err := c.plan(ctx, *id, stale)
		if err != nil {
			return err
		}
		if err := c.run(ctx, p); err != nil {
			return err
		}
		fmt.Fprintln(env.stdout, c.summary(p.total()))
		return nil
	}
}

// sourceChecker reports each source visited and counts what it found;
// Saver.Visits calls report one at a time.
type sourceChecker struct {
	saver *evidence.Saver
	out   io.Writer
	bar   *sourcesBar // nil: stderr is not a terminal

	total, done                  int
	saved, same, failed, skipped int
	status                       map[domain.ExcerptStatus]int
	outcomes                     map[domain.CheckOutcome]int
}

// report writes what a visit to one source came to, and checks its
// excerpts against the copy it kept or found unchanged. Only a fault of
// the database or the context stops it: a source that cannot be fetched is
// reported and the next one checked.
func (c *sourceChecker) report(ctx context.Context, r evidence.Result) error {
	c.bar.clear()
	defer func() {
		c.done++
		c.bar.draw(c.done, c.total, c.outcomes)
	}()
	if c.outcomes == nil {
		c.outcomes = map[domain.CheckOutcome]int{}
	}
	src, id := r.Source, r.Source.ID
	if r.Skipped != "" {
		c.skipped++
		fmt.Fprintf(c.out, "source %d (%s): skipped: %s\n", id, src.URL, r.Skipped)
		return nil
	}
	c.outcomes[r.Outcome]++
	switch r.Outcome {
	case evidence.Saved:
		c.saved++
		fmt.Fprintf(c.out, "source %d (%s): copy saved, %d bytes, SHA-256 %s\n", id, src.URL, r.Copy.Size, r.Copy.SHA256)
	case evidence.Unchanged:
		c.same++
		fmt.Fprintf(c.out, "source %d (%s): unchanged since the copy of %s\n", id, src.URL, r.Copy.FetchedAt.Format("2 Jan 2006 15:04 MST"))
	case evidence.OK, evidence.Moved:
		what := "ok"
		if r.Outcome == evidence.Moved {
			what = "moved to " + r.Detail
		} else if d := r.Detail; strings.HasSuffix(d, " no longer on the page") {
			what = "ok, but " + d // excerpts not yet published only: the public is told nothing
		}
		switch {
		case r.NewCopy:
			c.saved++
			fmt.Fprintf(c.out, "source %d (%s): %s; new copy saved, %d bytes, SHA-256 %s\n", id, src.URL, what, r.Copy.Size, r.Copy.SHA256)
		case r.Copy.ID != 0 && r.Why == nil:
			c.same++
			fmt.Fprintf(c.out, "source %d (%s): %s; unchanged since the copy of %s\n", id, src.URL, what, r.Copy.FetchedAt.Format("2 Jan 2006 15:04 MST"))
		default:
			c.failed++
			fmt.Fprintf(c.out, "source %d (%s): %s; new copy not kept: %v\n", id, src.URL, what, r.Why)
			return nil
		}
	case evidence.Changed:
		c.failed++
		fmt.Fprintf(c.out, "source %d (%s): changed: %s; the copy of %s is kept\n", id, src.URL, r.Detail, r.Copy.FetchedAt.Format("2 Jan 2006 15:04 MST"))
		return nil
	case evidence.TooLarge:
		c.failed++
		fmt.Fprintf(c.out, "source %d (%s): not kept: %v\n", id, src.URL, r.Why)
		return nil
	default:
		c.failed++
		// The fetcher's errors name the URL and what went wrong ("could
		// not fetch URL: …", "fetch URL: HTTP 404 Not Found", "fetch
		// refused URL: …").
		fmt.Fprintf(c.out, "source %d: %v\n", id, r.Why)
		return nil
	}
	if r.Why != nil {
		fmt.Fprintf(c.out, "  no text to check excerpts against: %v\n", r.Why)
		return nil
	}
	// The checks are kept, as the serving process keeps them: downloads
	// and the API carry them (with --fetch-every 0 this is the only
	// checker).
	checked, err := c.saver.CheckCopy(ctx, r.Copy)
	if err != nil {
		return err
	}
	for _, e := range checked {
		res := e.Check
		if c.status == nil {
			c.status = map[domain.ExcerptStatus]int{}
		}
		c.status[res.Status]++
		line := fmt.Sprintf("  %s %s (%s): excerpt %s", e.Kind, e.ID, e.Status, strings.ReplaceAll(string(res.Status), "_", " "))
		if len(res.Differences) > 0 {
			line += ": " + strings.Join(res.Differences, "; ")
		}
		fmt.Fprintln(c.out, line)
	}
	return nil
}

// summary is the last line: the copies, the excerpts, and the visits by
// outcome (ok 10 · gone 1 · changed 1).
func (c *sourceChecker) summary(n int) string {
	copies := "copies"
	if c.saved == 1 {
		copies = "copy"
	}
	s := fmt.Sprintf("%d source%s: %d %s saved, %d unchanged, %d not fetched or not kept", n, plural(n), c.saved, copies, c.same, c.failed)
	if c.skipped > 0 {
		s += fmt.Sprintf(", %d skipped (visited elsewhere, or their host asked to wait)", c.skipped)
	}
	s += fmt.Sprintf("; excerpts: %d found, %d nearly found, %d not found, %d unchecked",
		c.status[domain.ExcerptFound], c.status[domain.ExcerptNearlyFound], c.status[domain.ExcerptNotFound], c.status[domain.ExcerptUnchecked])
	var parts []string
	for _, o := range domain.CheckOutcomes {
		if k := c.outcomes[o]; k > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", strings.ReplaceAll(string(o), "_", " "), k))
		}
	}
	if len(parts) > 0 {
		s += "; visits: " + strings.Join(parts, " · ")
	}
	return s
}
