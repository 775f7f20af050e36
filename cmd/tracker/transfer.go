package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
)

func importCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	events := fs.String("events", "", "an events CSV (`EVENTS.csv`) to import in the same transaction")
	status := fs.String("status", "published", "`published|draft`: status of the imported figures and events")
	actor := fs.String("actor", "", "who is importing (`NAME`), for the revision history (default: cli:$USER)")
	orgs := fs.String("organizations", "", "an organisations CSV (`ORGS.csv`: name, acronym, kind, country, parent, url, aliases separated by \";\") loaded first, in the same transaction")
	createOrgs := fs.Bool("create-organizations", false, "create an organisation (kind other) for every name that names none known here, in the same all-or-nothing run; without it such names are listed and nothing is written")
	cacheMB := fs.Int("cache-mb", 256, "SQLite page cache of the import, in `MB`: a large import runs in one transaction, and a cache that holds its indexes keeps it fast")
	return func(ctx context.Context, env environment, files []string) error {
		if len(files) > 1 || (len(files) == 0 && *events == "" && *orgs == "") {
			fs.Usage()
			return errUsage
		}
		st := domain.Status(*status)
		if st != domain.StatusPublished && st != domain.StatusDraft {
			return fmt.Errorf("--status %q: use published or draft", *status)
		}
		if *actor == "" {
			*actor = "cli:" + osUser()
		}
		if *cacheMB < 2 {
			return fmt.Errorf("--cache-mb %d: give at least 2", *cacheMB)
		}

		in := importer.Input{CreateOrganizations: *createOrgs}
		var size int64
		open := func(name string) (*os.File, error) {
			f, err := os.Open(name)
			if err != nil {
				return nil, err
			}
			if st, err := f.Stat(); err == nil {
				size += st.Size()
			}
			return f, nil
		}
		if len(files) == 1 {
			f, err := open(files[0])
			if err != nil {
				return err
			}
			defer f.Close()
			in.Figures, in.FiguresName = f, filepath.Base(files[0])
		}
		if *events != "" {
			f, err := open(*events)
			if err != nil {
				return err
			}
			defer f.Close()
			in.Events, in.EventsName = f, filepath.Base(*events)
		}
		if *orgs != "" {
			f, err := open(*orgs)
			if err != nil {
				return err
			}
			defer f.Close()
			in.Organizations, in.OrganizationsName = f, filepath.Base(*orgs)
		}
		opt := exchange.Options{Status: st}
		prog := newProgress(env.stderr, size)
		if prog != nil {
			if in.Figures != nil {
				in.Figures = prog.reader(in.Figures)
			}
			if in.Events != nil {
				in.Events = prog.reader(in.Events)
			}
			opt.Progress = prog.saved
		}

		db, err := openStore(ctx, *dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.SetWriteCache(ctx, *cacheMB); err != nil {
			return err
		}
		rep, err := importer.Run(ctx, db, *actor, in, opt)
		prog.finish()
		if errors.Is(err, exchange.ErrRejected) {
			return importProblems(env.stderr, rep)
		}
		if err != nil {
			return err
		}
		report := func(name string, c exchange.Counts) {
			fmt.Fprintf(env.stdout, "%s: %d rows — %d created, %d updated, %d unchanged.\n", name, c.Rows, c.Created, c.Updated, c.Unchanged)
		}
		if in.Figures != nil {
			report(in.FiguresName, rep.Figures)
		}
		if in.Events != nil {
			report(in.EventsName, rep.Events)
		}
		if n := len(rep.CreatedOrgs); n > 0 {
			names := make([]string, n)
			for i, o := range rep.CreatedOrgs {
				names[i] = o.Name
			}
			fmt.Fprintf(env.stdout, "Created %d organisation%s: %s.\n", n, plural(n), strings.Join(names, "; "))
		}
		return nil
	}

}

// importProblems prints a refused import's problems: one line for each
// name that names no organisation, with the lines that have it, and one
// for every other problem.
func importProblems(w io.Writer, rep exchange.Report) error {
	for _, u := range rep.Unresolved {
		fmt.Fprintln(w, u)
	}
	if rep.UnresolvedOmitted > 0 {
		fmt.Fprintf(w, "… and %d more names\n", rep.UnresolvedOmitted)
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(w, p)
	}
	if rep.Omitted > 0 {
		fmt.Fprintf(w, "… and %d more problems\n", rep.Omitted)
	}
	var msgs []string
	if n := len(rep.Problems) + rep.Omitted; n > 0 {
		msgs = append(msgs, fmt.Sprintf("%d problem(s) found", n))
	}
	if n := len(rep.Unresolved) + rep.UnresolvedOmitted; n > 0 {
		msgs = append(msgs, fmt.Sprintf("%d name%s naming no organisation known here (add them as aliases of organisations, or pass --create-organizations)", n, plural(n)))
	}
	return fmt.Errorf("%s; nothing was written", strings.Join(msgs, " and "))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}

// defaultExportBase is the address permalinks get when export is not told
// the site's: a server started with no flags.
const defaultExportBase = "http://127.0.0.1:8080"

func exportCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	series := fs.String("series", "", "export one series (its `SLUG`); default: every series")
	events := fs.Bool("events", false, "export the events CSV instead of the figures CSV")
	out := fs.String("out", "", "`FILE` to write; default: standard output")
	baseURL := fs.String("base-url", defaultExportBase,
		"public address of the site (`URL`), for the permalinks and citations in the file (without it, said on standard error)")
	hxl := fs.Bool("hxl", true, "write the HXL hashtag row under the header")
	return func(ctx context.Context, env environment, _ []string) error {
		db, err := openStore(ctx, *dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		if *series != "" {
			if _, err := db.PublicSeriesBySlug(ctx, *series); err != nil {
				return err
			}
		}
		if *baseURL == defaultExportBase {
			// Not an error: an export is also how data moves to another
			// installation, and the importer ignores permalinks. But a file
			// to publish needs the site's own address, so never silently.
			fmt.Fprintf(env.stderr, "tracker export: permalinks and citations name %s; pass --base-url (or set TRACKER_BASE_URL) to the public site's address for a file to share\n", *baseURL)
		}
		opt := exchange.WriteOptions{HXL: *hxl, BaseURL: *baseURL}
		return writeOut(env, *out, func(w io.Writer) error {
			if *events {
				evs, err := db.PublicEvents(ctx, store.EventFilter{})
				if err != nil {
					return err
				}
				return exchange.WriteEvents(w, evs, opt)
			}
			fw, err := exchange.NewFigureWriter(w, opt)
			if err != nil {
				return err
			}
			if err := db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: *series}, fw.Write); err != nil {
				return err
			}
			return fw.Flush()
		})
	}

}

// writeOut writes to standard output, or to path through a temporary file
// renamed into place, so that a failed export never leaves half a file.
func writeOut(env environment, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(env.stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*.csv")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
