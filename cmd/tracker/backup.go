package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/displacement-tracker/tracker/internal/store"
)

// backupCmd copies a running SQLite database to a new file.
func backupCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	return func(ctx context.Context, env environment, files []string) error {
		if len(files) != 1 {
			fs.Usage()
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

}

// verifyCmd walks the revision chain and compares every live row with its
// latest revision; a non-zero exit means a revision or a row was altered,
// removed or inserted behind the application's back. It prints the chain's
// head, for the operator to keep outside the database, and with
// --expect-head checks that a head kept earlier is still in the chain.
func verifyCmd(fs *flag.FlagSet) action {
	dsn := dbFlag(fs)
	anchor := fs.String("expect-head", "", "a head `HASH` printed by an earlier verify: fail unless the chain still holds it")
	return func(ctx context.Context, env environment, _ []string) error {
		db, err := openStore(ctx, *dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		chain, err := db.VerifyChain(ctx, *anchor)
		if err != nil {
			return fmt.Errorf("the revision history is not intact: %w", err)
		}
		const shown = 100
		var bad int
		rows, err := db.VerifyLive(ctx, func(m store.Mismatch) {
			if bad++; bad <= shown {
				fmt.Fprintln(env.stdout, m)
			}
		})
		if err != nil {
			return err
		}
		if bad > shown {
			fmt.Fprintf(env.stdout, "… and %d more.\n", bad-shown)
		}
		if bad > 0 {
			return fmt.Errorf("%d live row(s) differ from their revisions: changed, inserted or deleted outside the application", bad)
		}
		if *anchor != "" && chain.AnchorAt == 0 {
			return fmt.Errorf("the head %s recorded earlier is not in the revision chain: revisions were removed or the chain rewritten", *anchor)
		}
		fmt.Fprintf(env.stdout, "The revision history is intact: %d revisions checked", chain.Checked)
		if chain.Unchained > 0 {
			fmt.Fprintf(env.stdout, " (%d older ones predate the hash chain)", chain.Unchained)
		}
		fmt.Fprintf(env.stdout, ", and %d live rows match their latest revisions.\n", rows)
		if *anchor != "" {
			fmt.Fprintf(env.stdout, "The recorded head is revision %d of the chain; %d were added since.\n", chain.AnchorAt, chain.Checked-chain.AnchorAt)
		}
		fmt.Fprintf(env.stdout, "head %s count %d\n", orNone(chain.Head), chain.Checked)
		return nil
	}

}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
