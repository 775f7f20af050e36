package snapshot

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// WriteFunc writes the dataset, in the form that key selects, to w and
// returns the version it wrote. The rows and the version must come from one
// consistent read (one transaction): the file is named and served as that
// version, so a version read apart from the rows could label one dataset
// with another's number.
type WriteFunc[K comparable] func(ctx context.Context, key K, w io.Writer) (version int64, err error)

// Dir keeps the snapshot files of one download in a directory, named
// NAME-vVERSION.EXT. It holds one current snapshot: the newest it has
// written. Writing one runs in the background, one at a time.
//
// A served snapshot is read through the file descriptor this process
// wrote, never reopened by name: another process renaming or removing
// files in the same directory cannot change what a reader gets.
type Dir[K comparable] struct {
	dir, name, ext string
	write          WriteFunc[K]
	log            *slog.Logger

	ctx    context.Context // ends at Close; the running write stops
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu        sync.Mutex
	cur       *file[K]      // the current snapshot; nil before the first
	running   bool          // a snapshot is being written
	written   chan struct{} // closed when the running write ends
	notBefore time.Time     // when the next write may start
	closed    bool
}

// file is one written snapshot. refs counts the Readers open on it, plus
// one while it is current; at zero its descriptor is closed.
type file[K comparable] struct {
	key     K
	version int64
	size    int64
	digest  [sha256.Size]byte
	f       *os.File
	refs    int
}

// retryAfter is the least wait after a failed write (a full disk, a
// database gone away), so that a failure does not repeat at every request.
const retryAfter = time.Minute

// staleTemp is the age after which a temporary file is taken for the
// remains of a write that a crash interrupted. A running write touches its
// file continuously.
const staleTemp = time.Hour

// New returns a Dir that keeps snapshots in dir (created on the first
// write) as name-vVERSION.ext, each written by write.
func New[K comparable](dir, name, ext string, write WriteFunc[K], log *slog.Logger) *Dir[K] {
	ctx, cancel := context.WithCancel(context.Background())
	return &Dir[K]{dir: dir, name: name, ext: ext, write: write, log: log, ctx: ctx, cancel: cancel}
}

// Reader reads one snapshot. It stays readable after a newer snapshot
// replaces it, until Close.
type Reader struct {
	*io.SectionReader
	Version int64
	Digest  [sha256.Size]byte // SHA-256 of the whole file
	release func()
	once    sync.Once
}

// Close releases the snapshot; the last reader of a replaced one closes
// its file.
func (r *Reader) Close() error {
	r.once.Do(r.release)
	return nil
}

// Open returns a reader of the snapshot of version written with key, when
// that is the current one. Otherwise it returns false and starts writing a
// snapshot of the dataset as it is now, unless one is being written, or
// the current one is of version or newer (written with another key: the
// first key asked for a version keeps it), or the last write ended too
// recently: a new write waits at least as long as the last one took, so
// that a dataset changing faster than it can be written keeps the database
// busy half the time at most.
func (d *Dir[K]) Open(version int64, key K) (*Reader, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	r, _ := d.open(version, key)
	return r, r != nil
}

// Wait is Open for a download too slow to make per request: when the
// snapshot is not there, it waits (until ctx ends) for the write in
// progress, the one Open started or another, and then tries once more. So
// any number of requests for a new version share one write. It returns
// false when there was no write to wait for (one failed or ended too
// recently), or the write gave another version or key.
func (d *Dir[K]) Wait(ctx context.Context, version int64, key K) (*Reader, bool) {
	d.mu.Lock()
	r, written := d.open(version, key)
	d.mu.Unlock()
	if r != nil || written == nil {
		return r, r != nil
	}
	select {
	case <-written:
	case <-ctx.Done():
		return nil, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if c := d.cur; c != nil && !d.closed && c.version == version && c.key == key {
		return d.reader(c), true
	}
	return nil, false
}

// open is Open with d.mu held. Without a snapshot, it returns the channel
// that the running write closes, or nil when none runs.
func (d *Dir[K]) open(version int64, key K) (*Reader, chan struct{}) {
	if d.closed {
		return nil, nil
	}
	if c := d.cur; c != nil && c.version == version && c.key == key {
		return d.reader(c), nil
	}
	if !d.running && (d.cur == nil || d.cur.version < version) && !time.Now().Before(d.notBefore) {
		d.running = true
		d.written = make(chan struct{})
		d.wg.Add(1)
		go d.refresh(key)
	}
	if d.running {
		return nil, d.written
	}
	return nil, nil
}

// reader opens a Reader on c; d.mu is held.
func (d *Dir[K]) reader(c *file[K]) *Reader {
	c.refs++
	return &Reader{SectionReader: io.NewSectionReader(c.f, 0, c.size), Version: c.version, Digest: c.digest,
		release: func() { d.release(c) }}
}

// Close stops a write in progress, waits for it, and closes the current
// snapshot's file once its readers are done. The files stay on disk; the
// next process's first write removes the older ones.
func (d *Dir[K]) Close() {
	d.mu.Lock()
	d.closed = true // no write starts after this
	d.mu.Unlock()
	d.cancel()
	d.wg.Wait()
	d.mu.Lock()
	c := d.cur
	d.cur = nil
	d.mu.Unlock()
	if c != nil {
		d.release(c)
	}
}

func (d *Dir[K]) release(c *file[K]) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if c.refs--; c.refs == 0 {
		c.f.Close()
	}
}

// refresh writes a snapshot and makes it current.
func (d *Dir[K]) refresh(key K) {
	defer d.wg.Done()
	start := time.Now()
	f, err := d.writeFile(key)
	took := time.Since(start)
	d.mu.Lock()
	d.running = false
	defer close(d.written) // after the new snapshot is current
	d.notBefore = time.Now().Add(took)
	if err != nil {
		d.notBefore = time.Now().Add(max(took, retryAfter))
		d.mu.Unlock()
		if d.ctx.Err() == nil {
			d.log.Error("snapshot", "dir", d.dir, "name", d.name, "err", err)
		}
		return
	}
	old := d.cur
	if d.closed || (old != nil && old.version > f.version) {
		// Closed meanwhile, or older than the current one (a lagging replica).
		d.mu.Unlock()
		f.f.Close()
		return
	}
	f.refs = 1
	d.cur = f
	d.mu.Unlock()
	if old != nil {
		d.release(old)
	}
	d.log.Info("snapshot written", "file", d.fileName(f.version), "bytes", f.size, "took", took.Round(time.Millisecond))
	d.removeOlder(f.version)
}

func (d *Dir[K]) fileName(version int64) string {
	return d.name + "-v" + strconv.FormatInt(version, 10) + d.ext
}

// writeFile writes a snapshot to a temporary file, syncs it and renames it
// to its version's name, so that a file under that name is always whole.
// The descriptor stays open: it is what readers read.
func (d *Dir[K]) writeFile(key K) (_ *file[K], err error) {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(d.dir, d.name+"-*.tmp")
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	sum := sha256.New()
	buf := bufio.NewWriterSize(io.MultiWriter(tmp, sum), 1<<20)
	version, err := d.write(d.ctx, key, buf)
	if err != nil {
		return nil, err
	}
	if err := buf.Flush(); err != nil {
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		return nil, err
	}
	info, err := tmp.Stat()
	if err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.dir, d.fileName(version))); err != nil {
		return nil, err
	}
	syncDir(d.dir) // the rename survives a crash; best effort
	f := &file[K]{key: key, version: version, size: info.Size(), f: tmp}
	sum.Sum(f.digest[:0])
	return f, nil
}

// removeOlder removes the snapshots of versions before version, and
// temporary files that a crashed write left behind.
func (d *Dir[K]) removeOlder(version int64) {
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		d.log.Warn("snapshot: list", "dir", d.dir, "err", err)
		return
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, d.name+"-") {
			continue
		}
		old := false
		if v, ok := d.parseVersion(n); ok {
			old = v < version
		} else if strings.HasSuffix(n, ".tmp") {
			info, err := e.Info()
			old = err == nil && time.Since(info.ModTime()) > staleTemp
		}
		if !old {
			continue
		}
		if err := os.Remove(filepath.Join(d.dir, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			d.log.Warn("snapshot: remove", "file", n, "err", err)
		}
	}
}

// parseVersion reads the version out of a snapshot's file name.
func (d *Dir[K]) parseVersion(n string) (int64, bool) {
	s, ok := strings.CutPrefix(n, d.name+"-v")
	if !ok {
		return 0, false
	}
	if s, ok = strings.CutSuffix(s, d.ext); !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	return v, err == nil && strconv.FormatInt(v, 10) == s
}

func syncDir(dir string) {
	if f, err := os.Open(dir); err == nil {
		f.Sync()
		f.Close()
	}
}
