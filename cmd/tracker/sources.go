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
// against the copy's text.
func sourcesCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	id := fs.Int64("source", 0, "check only the source with this `ID` (as in /sources/ID); 0 checks every source")
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
		ids := []int64{*id}
		if *id == 0 {
			if ids, err = db.SourceIDs(ctx); err != nil {
				return err
			}
		}
		c := sourceChecker{saver: &evidence.Saver{DB: db, Fetcher: f, Limits: domain.CopyLimits{PerDocument: *perDoc, Total: *total}}, out: env.stdout}
		for _, sid := range ids {
			if err := c.check(ctx, sid); err != nil {
				return err
			}
		}
		fmt.Fprintln(env.stdout, c.summary(len(ids)))
		return nil
	}
}

// sourceChecker checks sources one after another and counts what it found.
type sourceChecker struct {
	saver *evidence.Saver
	out   io.Writer

	saved, same, failed int
	status              map[domain.ExcerptStatus]int
}

// check fetches one source, keeps the copy, and checks its excerpts. Only a
// fault of the database or the context stops it: a source that cannot be
// fetched is reported and the next one checked.
func (c *sourceChecker) check(ctx context.Context, id int64) error {
	r, err := c.saver.Fetch(ctx, id)
	if err != nil {
		return err
	}
	src := r.Source
	switch r.Outcome {
	case evidence.Saved:
		c.saved++
		fmt.Fprintf(c.out, "source %d (%s): copy saved, %d bytes, SHA-256 %s\n", id, src.URL, r.Copy.Size, r.Copy.SHA256)
	case evidence.Unchanged:
		c.same++
		fmt.Fprintf(c.out, "source %d (%s): unchanged since the copy of %s\n", id, src.URL, r.Copy.FetchedAt.Format("2 Jan 2006 15:04 MST"))
	case evidence.TooLarge:
		c.failed++
		fmt.Fprintf(c.out, "source %d (%s): not kept: %v\n", id, src.URL, r.Why)
		return nil
	default:
		c.failed++
		fmt.Fprintf(c.out, "source %d (%s): could not fetch: %v\n", id, src.URL, r.Why)
		return nil
	}
	if r.Why != nil {
		fmt.Fprintf(c.out, "  no text to check excerpts against: %v\n", r.Why)
		return nil
	}
	excerpts, err := c.saver.DB.SourceExcerpts(ctx, id)
	if err != nil {
		return err
	}
	for _, e := range excerpts {
		res := domain.CheckExcerpt(e.Excerpt, r.Copy.Text)
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

func (c *sourceChecker) summary(n int) string {
	return fmt.Sprintf("%d sources: %d copies saved, %d unchanged, %d not fetched or not kept; excerpts: %d found, %d nearly found, %d not found, %d unchecked",
		n, c.saved, c.same, c.failed, c.status[domain.ExcerptFound], c.status[domain.ExcerptNearlyFound], c.status[domain.ExcerptNotFound], c.status[domain.ExcerptUnchecked])
}
