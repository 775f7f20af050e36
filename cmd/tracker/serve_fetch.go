package main

import (
	"context"
	"time"
)

// versionCheck is how often serve looks at the dataset version for
// sources that another process entered (wakeOnNewVersion).
const versionCheck = 5 * time.Second

// versioner is what wakeOnNewVersion reads: *store.DB.
type versioner interface {
	DatasetVersion(context.Context) (int64, error)
}

// wakeOnNewVersion calls wake whenever the dataset version has changed
// since the previous tick: "tracker import" runs in another process, and
// its sources should be fetched without waiting for --fetch-every. Reading
// the version is cheap: it comes from memory, which learns of another
// process's change within a second (store/watch.go), so a few seconds'
// tick costs nothing. A failed read is skipped: the next tick tries again,
// and the Saver's own timer fetches the sources all the same.
func wakeOnNewVersion(ctx context.Context, db versioner, tick <-chan time.Time, wake func()) {
	last, err := db.DatasetVersion(ctx)
	known := err == nil
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
		v, err := db.DatasetVersion(ctx)
		if err != nil {
			continue
		}
		if known && v != last {
			wake()
		}
		last, known = v, true
	}
}
