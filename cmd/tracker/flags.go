package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/displacement-tracker/tracker/internal/store"
)

var errUsage = errors.New("see usage above")

// environment is what a command may touch of the process.
type environment struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

func (e environment) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, nil))
}

// A command is one of tracker's subcommands, described once: its flags,
// defined by define, give both what it does and its usage text (tracker
// help, tracker COMMAND -h, the README's copy of them).
type command struct {
	name    string
	args    string // the positional arguments, after the flags in the synopsis; "": none
	summary string
	// define adds the command's flags to fs and returns what runs once they
	// are parsed, with the positional arguments.
	define func(fs *flag.FlagSet) action
}

type action func(ctx context.Context, env environment, args []string) error

// commands are tracker's subcommands in the order help lists them.
var commands = []command{
	{"serve", "", "run the web site", serveCmd},
	{"import", "FILE.csv", "read a canonical CSV (and an events CSV) in one transaction", importCmd},
	{"export", "", "write the published figures (or events) as the canonical CSV", exportCmd},
	{"migrate", "", "apply database migrations", migrateCmd},
	{"user", "add|disable|enable|list", "manage staff accounts", userCmd},
	{"backup", "FILE", "an online copy of a running SQLite database", backupCmd},
	{"verify", "", "check the revision chain and every live row against its latest revision; prints the head hash and count (docs/OPERATIONS.md)", verifyCmd},
	{"generate", "", `a synthetic dataset (example.org URLs, "Synthetic" titles) for benchmarks`, generateCmd},
	{"sources", "check", "fetch each source's URL, keep a copy of what it serves, and check the excerpts read from it against the copy; --stale revisits saved sources to find links that broke, moved or changed", sourcesCmd},
	{"extract", "FILE|-", "print every candidate figure in a text, HTML or PDF document as JSON lines (value, qualifier, bounds, words as stated, period, attribution, sentence, confidence)", extractCmd},
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// flagSet returns the command's flags, and the action that runs with them.
func (c command) flagSet(out io.Writer) (*flag.FlagSet, action) {
	fs := flag.NewFlagSet("tracker "+c.name, flag.ContinueOnError)
	fs.SetOutput(out)
	act := c.define(fs)
	fs.Usage = func() {
		fmt.Fprintf(out, "usage: %s\n  %s\n\n", strings.ReplaceAll(c.synopsis(fs, 92), "\n", "\n       "), c.summary)
		if env := envNames(fs); len(env) > 0 {
			fmt.Fprintf(out, "When a flag is not given, the environment may set it: %s.\n\n", strings.Join(env, ", "))
		}
		fs.PrintDefaults()
	}
	return fs, act
}

// run parses the command's flags, lets the environment set the ones not
// given, and runs it.
func (c command) run(ctx context.Context, env environment, args []string) error {
	fs, act := c.flagSet(env.stderr)
	rest, err := parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if c.args == "" && len(rest) > 0 {
		return fmt.Errorf("%s takes no arguments, got %q", c.name, rest)
	}
	if err := flagsFromEnvironment(fs, env.getenv); err != nil {
		return err
	}
	return act(ctx, env, rest)
}

// synopsis is the command's one-line usage: tracker NAME [--flag VALUE]…
// ARGS, wrapped before width columns (0: not wrapped).
func (c command) synopsis(fs *flag.FlagSet, width int) string {
	words := []string{"tracker " + c.name}
	fs.VisitAll(func(f *flag.Flag) {
		name, _ := flag.UnquoteUsage(f)
		switch {
		case isBool(f) && f.DefValue == "true":
			words = append(words, "[--"+f.Name+"=false]")
		case isBool(f):
			words = append(words, "[--"+f.Name+"]")
		default:
			words = append(words, "[--"+f.Name+" "+name+"]")
		}
	})
	if c.args != "" {
		words = append(words, c.args)
	}
	if width == 0 {
		return strings.Join(words, " ")
	}
	indent := strings.Repeat(" ", len(words[0])+1)
	var b strings.Builder
	line := 0
	for i, w := range words {
		if i > 0 && line+1+len(w) > width {
			b.WriteString("\n" + indent)
			line = len(indent)
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// usage is what tracker help prints; the README holds a copy
// (TestREADMEHasTheUsage).
func usage() string {
	var b strings.Builder
	b.WriteString("Displacement Tracker — sourced figures on migration and displacement.\n\nUsage:\n")
	for _, c := range commands {
		fs, _ := c.flagSet(io.Discard)
		fmt.Fprintf(&b, "  %s\n      %s\n", strings.ReplaceAll(c.synopsis(fs, 98), "\n", "\n  "), c.summary)
	}
	b.WriteString(`
DSN is a SQLite file path (default ./tracker.db) or a postgres:// URL. The
environment may set every flag of serve, wherever it appears: TRACKER_ and the
flag's name in capitals, - as _ (TRACKER_DB, TRACKER_API_RATE); a flag on the
command line wins. Run "tracker COMMAND -h" for the flags of one command.
`)
	return b.String()
}

// envName is the environment variable that may set a flag: --api-rate is
// TRACKER_API_RATE.
func envName(flagName string) string {
	return "TRACKER_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// fromEnvironment reports whether the environment may set a flag: the
// server's settings, the flags of serve, may, under whichever command they
// appear (--db, export's --base-url); a command's own choices (--out,
// --events, --email) may not, so a variable left in a shell never changes
// what a command does to which file.
func fromEnvironment(name string) bool { return serveFlags()[name] }

// serveFlags are the names of serve's flags, defined once.
var serveFlags = sync.OnceValue(func() map[string]bool {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	serveCmd(fs)
	names := map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) { names[f.Name] = true })
	return names
})

// envNames lists the variables that may set the flags of fs.
func envNames(fs *flag.FlagSet) []string {
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		if fromEnvironment(f.Name) {
			names = append(names, envName(f.Name))
		}
	})
	return names
}

// flagsFromEnvironment sets every flag the environment may set and the
// command line did not from its variable, when that is set and not empty.
func flagsFromEnvironment(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil || given[f.Name] || !fromEnvironment(f.Name) {
			return
		}
		name := envName(f.Name)
		if v := getenv(name); v != "" {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: not a valid --%s: %v", name, v, f.Name, e)
			}
		}
	})
	return err
}

// parse parses flags that may come before or after the positional
// arguments ("import FILE.csv --events E.csv" works as well).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, flag.ErrHelp
			}
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

const dbUsage = "the database: a SQLite file or a postgres:// URL (`DSN`)"

// dbFlag adds the --db flag most commands take.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", "tracker.db", dbUsage)
}

// rate is a flag of things a second, 0 or more (serve --api-rate).
type rate struct {
	perSecond *float64
	what      string // "requests": the error says "give requests a second"
}

func rateVar(fs *flag.FlagSet, p *float64, name string, def float64, what, usage string) {
	*p = def
	fs.Var(&rate{p, what}, name, usage)
}

func (r *rate) String() string {
	if r == nil || r.perSecond == nil {
		return "0"
	}
	return strconv.FormatFloat(*r.perSecond, 'g', -1, 64)
}

func (r *rate) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("give %s a second, 0 or more", r.what)
	}
	*r.perSecond = v
	return nil
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func migrateCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	return func(ctx context.Context, env environment, _ []string) error {
		db, err := store.Open(ctx, *dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		n, err := db.Migrate(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "Applied %d migration(s) to %s.\n", n, store.Redact(*dsn))
		return nil
	}
}
