package snapshot_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/snapshot"
)

// dataset is a fake source: its content is a function of its version.
type dataset struct {
	version atomic.Int64
	writes  atomic.Int32
	gate    chan struct{} // when set, each write waits for it
	fail    atomic.Bool
}

func (ds *dataset) write(ctx context.Context, key string, w io.Writer) (int64, error) {
	ds.writes.Add(1)
	v := ds.version.Load()
	if ds.gate != nil {
		select {
		case <-ds.gate:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	if ds.fail.Load() {
		return 0, errors.New("disk full")
	}
	_, err := fmt.Fprintf(w, "%s version %d\n", key, v)
	return v, err
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// waitOpen asks for version until its snapshot is there; a bounded poll.
func waitOpen(t *testing.T, d *snapshot.Dir[string], version int64, key string) *snapshot.Reader {
	t.Helper()
	for range 500 {
		if r, ok := d.Open(version, key); ok {
			return r
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no snapshot of version %d after 5 s", version)
	return nil
}

func read(t *testing.T, r *snapshot.Reader) string {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*"))
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

func TestSnapshotWrittenServedAndReplaced(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	ds := &dataset{}
	ds.version.Store(3)
	d := snapshot.New(dir, "figures", ".csv", ds.write, quiet())
	t.Cleanup(d.Close)

	if _, ok := d.Open(3, "a"); ok {
		t.Fatal("a snapshot before any was written")
	}
	r := waitOpen(t, d, 3, "a")
	if got, want := read(t, r), "a version 3\n"; got != want || r.Version != 3 {
		t.Errorf("snapshot %q version %d, want %q", got, r.Version, want)
	}
	if got := files(t, dir); !slices.Equal(got, []string{"figures-v3.csv"}) {
		t.Errorf("files %q", got)
	}
	if _, ok := d.Open(3, "b"); ok {
		t.Error("the snapshot written for key a is served for key b")
	}

	// A new version: the old snapshot is not served for it, and is removed
	// once the new one is written, while a reader of it still reads it whole.
	ds.version.Store(4)
	if _, ok := d.Open(4, "a"); ok {
		t.Fatal("version 3's snapshot served as version 4")
	}
	r4 := waitOpen(t, d, 4, "a")
	defer r4.Close()
	if got := files(t, dir); !slices.Equal(got, []string{"figures-v4.csv"}) {
		t.Errorf("files after version 4: %q", got)
	}
	r.Seek(0, io.SeekStart)
	if got := read(t, r); got != "a version 3\n" {
		t.Errorf("an open reader of the replaced snapshot reads %q", got)
	}
	r.Close()
	if got := read(t, r4); got != "a version 4\n" {
		t.Errorf("version 4 reads %q", got)
	}
}

func TestSnapshotOneWriteAtATime(t *testing.T) {
	dir := t.TempDir()
	ds := &dataset{gate: make(chan struct{})}
	ds.version.Store(1)
	d := snapshot.New(dir, "figures", ".csv", ds.write, quiet())
	t.Cleanup(d.Close)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if r, ok := d.Open(1, "a"); ok {
				r.Close()
			}
		})
	}
	wg.Wait()
	close(ds.gate)
	waitOpen(t, d, 1, "a").Close()
	if n := ds.writes.Load(); n != 1 {
		t.Errorf("%d writes for 50 concurrent requests, want 1", n)
	}
}

func TestSnapshotFailureLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	ds := &dataset{}
	ds.fail.Store(true)
	d := snapshot.New(dir, "figures", ".csv", ds.write, quiet())
	t.Cleanup(d.Close)
	d.Open(1, "a")
	for i := 0; ds.writes.Load() == 0 && i < 500; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	d.Close() // waits for the write
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("a failed write left %q", got)
	}
	if _, ok := d.Open(1, "a"); ok {
		t.Error("a snapshot after a failed write")
	}
}

func TestSnapshotCloseStopsAWrite(t *testing.T) {
	dir := t.TempDir()
	ds := &dataset{gate: make(chan struct{})} // never opened: the write waits
	d := snapshot.New(dir, "figures", ".csv", ds.write, quiet())
	d.Open(1, "a")
	for i := 0; ds.writes.Load() == 0 && i < 500; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	d.Close() // returns only once the write has stopped
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("a stopped write left %q", got)
	}
}

func TestSnapshotRemovesOnlyOlderFiles(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"figures-v1.csv", "figures-v9.csv", "figures-abc.tmp", "other.txt"} {
		os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o644)
	}
	old := time.Now().Add(-2 * time.Hour)
	os.WriteFile(filepath.Join(dir, "figures-old.tmp"), []byte("x"), 0o644)
	os.Chtimes(filepath.Join(dir, "figures-old.tmp"), old, old)
	ds := &dataset{}
	ds.version.Store(5)
	d := snapshot.New(dir, "figures", ".csv", ds.write, quiet())
	t.Cleanup(d.Close)
	waitOpen(t, d, 5, "a").Close()
	// v1 and the stale temporary file go; v9 (another process ahead of
	// this one), a fresh temporary file (a write in progress elsewhere)
	// and other files stay.
	want := []string{"figures-abc.tmp", "figures-v5.csv", "figures-v9.csv", "other.txt"}
	if got := files(t, dir); !slices.Equal(got, want) {
		t.Errorf("files %q, want %q", got, want)
	}
}

// TestSnapshotWaitSharesOneWrite: requests that wait for a new version
// share one write and all read it; a waiter whose context ends stops
// waiting without a reader, and the write goes on for the others.
func TestSnapshotWaitSharesOneWrite(t *testing.T) {
	ds := &dataset{gate: make(chan struct{})}
	ds.version.Store(3)
	d := snapshot.New(t.TempDir(), "figures", ".xlsx", ds.write, quiet())
	t.Cleanup(d.Close)
	gone, leave := context.WithCancel(context.Background())
	leave()
	if r, ok := d.Wait(gone, 3, "a"); ok || r != nil {
		t.Fatal("a waiter whose context had ended got a reader")
	}
	var wg sync.WaitGroup
	var got atomic.Int32
	for range 20 {
		wg.Go(func() {
			r, ok := d.Wait(context.Background(), 3, "a")
			if !ok {
				return
			}
			defer r.Close()
			if b, err := io.ReadAll(r); err == nil && string(b) == "a version 3\n" {
				got.Add(1)
			}
		})
	}
	for i := 0; ds.writes.Load() == 0 && i < 500; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	close(ds.gate)
	wg.Wait()
	if n := ds.writes.Load(); n != 1 {
		t.Errorf("%d writes for 21 waiters, want 1", n)
	}
	if n := got.Load(); n != 20 {
		t.Errorf("%d of 20 waiters read the snapshot", n)
	}
	// A write that gives another version is no answer to the wait.
	ds.version.Store(5)
	ds.gate = nil
	if r, ok := d.Wait(context.Background(), 4, "a"); ok {
		r.Close()
		t.Error("Wait for version 4 returned a snapshot of another version")
	}
}
