package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"github.com/displacement-tracker/tracker/internal/store"
)

var errUsage = errors.New("see usage above")

// environment is what a command may touch of the process.
type environment struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// envOr returns the environment variable name, or def when it is unset.
func (e environment) envOr(name, def string) string {
	if v := e.getenv(name); v != "" {
		return v
	}
	return def
}

func (e environment) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(e.stderr, nil))
}

// newFlags returns a flag set with the --db flag every command takes.
func newFlags(env environment, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("tracker "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	db := fs.String("db", env.envOr("TRACKER_DB", "tracker.db"), "SQLite file or postgres:// URL (env TRACKER_DB)")
	return fs, db
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

func migrateCmd(ctx context.Context, env environment, args []string) error {
	fs, dsn := newFlags(env, "migrate")
	if rest, err := parse(fs, args); err != nil {
		return helpOK(err)
	} else if len(rest) > 0 {
		return fmt.Errorf("migrate takes no arguments, got %q", rest)
	}
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

// helpOK turns a --help request into success.
func helpOK(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}
