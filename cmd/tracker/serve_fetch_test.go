package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// tracker import, another process, changes the dataset version: serve's
// watcher wakes the Saver at its next tick, once, and not at the ticks
// after it while nothing changes.
func TestWakeOnNewVersion(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "t.db")
	db, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tick := make(chan time.Time) // unbuffered: a send returns once the watcher took the tick
	woken := make(chan struct{}, 10)
	go wakeOnNewVersion(ctx, db, tick, func() { woken <- struct{}{} })
	tick <- time.Time{} // the first version has been read
	tick <- time.Time{} // and the first tick handled: nothing changed

	file := filepath.Join(t.TempDir(), "figures.csv")
	csv := "series,series_title,population_group,measure,unit,from_iso3,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		"sdn-idps-stock,Internally displaced persons in Sudan,idps,stock,persons,SDN,2024-01-25,9050000,IOM,Sudan Tribune,Over 9 million people internally displaced in Sudan,https://sudantribune.com/article281670,An estimated 9.05 million people have been internally displaced in Sudan.\n"
	if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	before, err := db.DatasetVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if out, errOut, err := tracker(t, nil, "import", "--db", dsn, "--create-organizations", file); err != nil {
		t.Fatalf("tracker import: %v\n%s%s", err, out, errOut)
	}
	// Another process's change reaches this one's memory of the version
	// within a second (store/watch.go); the watcher's ticks are 5 s apart.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if v, err := db.DatasetVersion(ctx); err == nil && v != before {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the import's new version did not reach this process within 5 s")
		}
	}
	tick <- time.Time{}
	tick <- time.Time{} // the tick before has been handled
	tick <- time.Time{}
	cancel()
	if n := len(woken); n != 1 {
		t.Errorf("woken %d times after one import, want once", n)
	}
}
