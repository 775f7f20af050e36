// Command tracker is Displacement Tracker: one binary that serves the site
// and imports, exports and migrates its data. "tracker help" lists its
// commands and their flags (the commands table in flags.go); the README
// holds a copy.
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

// run is main without the process: tests call it with their own arguments,
// environment and streams.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage())
		return errUsage
	}
	env := environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	name, rest := args[1], args[2:]
	switch name {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage())
		return nil
	}
	if c, ok := findCommand(name); ok {
		return c.run(ctx, env, rest)
	}
	fmt.Fprint(stderr, usage())
	return fmt.Errorf("unknown command %q", name)
}
