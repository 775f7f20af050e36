package main

import (
	"context"
	"fmt"

	"github.com/displacement-tracker/tracker/internal/store"
)

// backupCmd copies a running SQLite database to a new file.
func backupCmd(ctx context.Context, env environment, args []string) error {
	fs, dsn := newFlags(env, "backup")
	files, err := parse(fs, args)
	if err != nil {
		return helpOK(err)
	}
	if len(files) != 1 {
		fmt.Fprintln(env.stderr, "usage: tracker backup [--db DSN] FILE")
		return errUsage
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, files[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Backed up %s to %s. To restore, stop the server and copy the file into place.\n", store.Redact(*dsn), files[0])
	return nil
}

// verifyCmd walks the revision chain; a non-zero exit means a revision was
// altered, removed or inserted behind the application's back.
func verifyCmd(ctx context.Context, env environment, args []string) error {
	fs, dsn := newFlags(env, "verify")
	if rest, err := parse(fs, args); err != nil {
		return helpOK(err)
	} else if len(rest) > 0 {
		return fmt.Errorf("verify takes no arguments, got %q", rest)
	}
	db, err := openStore(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	checked, unchained, err := db.VerifyRevisions(ctx)
	if err != nil {
		return fmt.Errorf("the revision history is not intact: %w", err)
	}
	fmt.Fprintf(env.stdout, "The revision history is intact: %d revisions checked", checked)
	if unchained > 0 {
		fmt.Fprintf(env.stdout, " (%d older ones predate the hash chain)", unchained)
	}
	fmt.Fprintln(env.stdout, ".")
	return nil
}
