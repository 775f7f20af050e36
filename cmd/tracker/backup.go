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
