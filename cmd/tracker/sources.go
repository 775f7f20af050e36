package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/store"
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
	allow := fs.String("fetch-allow", "", "hosts or CIDR ranges that may be fetched although private or local, comma-separated (`LIST`), e.g. an intranet document server")
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
		c := sourceChecker{db: db, f: f, out: env.stdout, lim: domain.CopyLimits{PerDocument: *perDoc, Total: *total}}
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
	db  *store.DB
	f   *fetch.Fetcher
	out io.Writer
	lim domain.CopyLimits

	saved, same, failed int
	status              map[domain.ExcerptStatus]int
}

// check fetches one source, keeps the copy, and checks its excerpts. Only a
// fault of the database or the context stops it: a source that cannot be
// fetched is reported and the next one checked.
func (c *sourceChecker) check(ctx context.Context, id int64) error {
	src, err := c.db.Source(ctx, id)
	if err != nil {
		return err
	}
	cp, err := c.f.Fetch(ctx, src.URL)
	var xerr *fetch.ExtractError
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case err != nil && !errors.As(err, &xerr):
		// Not a document to keep: refused, gone, too large, no network.
		c.failed++
		fmt.Fprintf(c.out, "source %d (%s): could not fetch: %v\n", id, src.URL, err)
		return nil
	}
	saved, created, serr := c.db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: id, URL: cp.URL, FinalURL: cp.FinalURL,
		Status: cp.Status, ContentType: cp.ContentType, Charset: cp.Charset, Body: cp.Body, Text: cp.Text, FetchedAt: cp.FetchedAt}, c.lim)
	switch {
	case domain.ErrorCode(serr) == domain.ECONFLICT:
		c.failed++
		fmt.Fprintf(c.out, "source %d (%s): not kept: %v\n", id, src.URL, serr)
		return nil
	case serr != nil:
		return serr
	case created:
		c.saved++
		fmt.Fprintf(c.out, "source %d (%s): copy saved, %d bytes, SHA-256 %s\n", id, src.URL, saved.Size, saved.SHA256)
	default:
		c.same++
		fmt.Fprintf(c.out, "source %d (%s): unchanged since the copy of %s\n", id, src.URL, saved.FetchedAt.Format("2 Jan 2006 15:04 MST"))
	}
	if xerr != nil {
		fmt.Fprintf(c.out, "  no text to check excerpts against: %v\n", xerr)
		return nil
	}
	excerpts, err := c.db.SourceExcerpts(ctx, id)
	if err != nil {
		return err
	}
	for _, e := range excerpts {
		r := domain.CheckExcerpt(e.Excerpt, saved.Text)
		if c.status == nil {
			c.status = map[domain.ExcerptStatus]int{}
		}
		c.status[r.Status]++
		line := fmt.Sprintf("  %s %s (%s): excerpt %s", e.Kind, e.ID, e.Status, strings.ReplaceAll(string(r.Status), "_", " "))
		if len(r.Differences) > 0 {
			line += ": " + strings.Join(r.Differences, "; ")
		}
		fmt.Fprintln(c.out, line)
	}
	return nil
}

func (c *sourceChecker) summary(n int) string {
	return fmt.Sprintf("%d sources: %d copies saved, %d unchanged, %d not fetched or not kept; excerpts: %d found, %d nearly found, %d not found, %d unchecked",
		n, c.saved, c.same, c.failed, c.status[domain.ExcerptFound], c.status[domain.ExcerptNearlyFound], c.status[domain.ExcerptNotFound], c.status[domain.ExcerptUnchecked])
}
