// Command tracker is Displacement Tracker: one binary that serves the site
// and imports, exports and migrates its data.
//
//	tracker serve   [--db DSN] [--addr HOST:PORT] [--no-demo]
//	tracker import  [--db DSN] [--events EVENTS.csv] [--status published|draft] FILE.csv
//	tracker export  [--db DSN] [--series SLUG] [--events] [--out FILE]
//	tracker migrate [--db DSN]
//	tracker user    add|disable|enable|list [--db DSN] [--email E] [--name N] [--role R] [--password-stdin]
//	tracker backup  [--db DSN] FILE
//	tracker verify  [--db DSN] [--expect-head HASH]
//	tracker generate --figures N --series M [--out FILE]
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "tracker:", err)
		os.Exit(1)
	}
}

const usage = `Displacement Tracker — sourced figures on migration and displacement.

Usage:
  tracker serve   [--db DSN] [--addr HOST:PORT] [--no-demo]    run the web site
  tracker import  [--db DSN] [--events EVENTS.csv] [--status published|draft] FILE.csv
  tracker export  [--db DSN] [--series SLUG] [--events] [--out FILE]
  tracker migrate [--db DSN]                                   apply database migrations
  tracker user    add|disable|enable|list [--db DSN] [--email E --name N --role R] [--password-stdin]
  tracker backup  [--db DSN] FILE                              copy a running SQLite database
  tracker verify  [--db DSN] [--expect-head HASH]              check that no revision or live row was altered
  tracker generate --figures N --series M [--out FILE]         write a synthetic dataset for benchmarks

DSN is a SQLite file path (default ./tracker.db) or a postgres:// URL; the
environment variable TRACKER_DB sets it too. Run "tracker COMMAND --help" for
the flags of one command.
`

// run is main without the process: tests call it with their own arguments,
// environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	env := environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "serve":
		return serve(ctx, env, rest)
	case "import":
		return importCmd(ctx, env, rest)
	case "export":
		return exportCmd(ctx, env, rest)
	case "migrate":
		return migrateCmd(ctx, env, rest)
	case "user":
		return userCmd(ctx, env, rest)
	case "backup":
		return backupCmd(ctx, env, rest)
	case "verify":
		return verifyCmd(ctx, env, rest)
	case "generate":
		return generateCmd(ctx, env, rest)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
