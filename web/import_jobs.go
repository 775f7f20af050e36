package web

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
)

// A browser import runs in the background, one job at a time per process:
// the request that starts it answers at once with the address of a page
// that shows its progress and, at the end, its report. The job lives in
// this process's memory only (docs/DEPLOY.md: the import pages need one
// server per session).
//
// One job runs at a time because an import holds the database's writer
// for its whole transaction (SQLite has a single writer connection): a
// second job could not make progress beside it, only wait, so it waits in
// a short queue where its page can say so. Past the queue the upload is
// refused: each waiting job holds its files (up to 20 MB) in memory.
const (
	waitingImports  = 4                // jobs queued behind the running one
	keepImportsFor  = 30 * time.Minute // a finished job's report stays this long
	keptImportsMost = 100              // and at most this many finished jobs
)

var (
	errImportsBusy     = errors.New("this server is busy with other imports; try again in a few minutes")
	errImportsStopping = errors.New("this server is shutting down; upload the file again in a moment")
)

// importStep is what a job does with the files.
type importStep string

const (
	stepCheck importStep = "check" // a preview, rolled back
	stepSave  importStep = "save"  // the import itself
)

// importJobs are the import jobs of this process.
type importJobs struct {
	ctx    context.Context // the server's life: Close cancels it
	cancel context.CancelFunc
	wg     sync.WaitGroup
	slot   chan struct{} // held by the running job
	log    *slog.Logger
	now    func() time.Time
	hook   func(context.Context) // tests: called in the job after each report of progress

	mu   sync.Mutex
	jobs map[string]*importJob
}

func newImportJobs(log *slog.Logger) *importJobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &importJobs{ctx: ctx, cancel: cancel, slot: make(chan struct{}, 1), log: log, now: time.Now,
		jobs: map[string]*importJob{}}
}

// work is what a job runs: the importer, and what goes with it.
type work func(ctx context.Context, in importer.Input, opt exchange.Options) (rep exchange.Report, token string, err error)

// importJob is one upload being checked or saved. Its fields after mu
// change while it runs; the others are set before it starts.
type importJob struct {
	id      string
	owner   int64
	step    importStep
	created time.Time
	size    int64        // bytes of the files
	read    atomic.Int64 // bytes read of them so far

	mu       sync.Mutex
	up       upload // the files until the job ends, then only their names
	started  time.Time
	rows     map[string]int // saved so far, per file
	done     bool
	finished time.Time
	rep      exchange.Report
	token    string // a preview's: the confirm button sends it
	err      error
}

// reserve counts a job in before its files are at hand, so that a
// confirmation is refused before its stored upload is taken.
func (js *importJobs) reserve(owner int64, step importStep) (*importJob, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.ctx.Err() != nil {
		return nil, errImportsStopping
	}
	js.prune()
	unfinished := 0
	for _, j := range js.jobs {
		if !j.isDone() {
			unfinished++
		}
	}
	if unfinished > waitingImports {
		return nil, errImportsBusy
	}
	j := &importJob{id: rand.Text(), owner: owner, step: step, created: js.now(), rows: map[string]int{}}
	js.jobs[j.id] = j
	js.wg.Add(1) // here, under mu: close cannot miss a job it did not refuse
	return j, nil
}

// drop forgets a reserved job that will not start.
func (js *importJobs) drop(j *importJob) {
	js.mu.Lock()
	delete(js.jobs, j.id)
	js.mu.Unlock()
	js.wg.Done()
}

// start runs w on up in the background, when no other job runs.
func (js *importJobs) start(j *importJob, up upload, opt exchange.Options, w work) {
	j.mu.Lock()
	j.up = up
	j.size = int64(len(up.Figures) + len(up.Events))
	j.mu.Unlock()
	go func() {
		defer js.wg.Done()
		select {
		case js.slot <- struct{}{}:
			defer func() { <-js.slot }()
		case <-js.ctx.Done():
		}
		if err := js.ctx.Err(); err != nil {
			j.finish(exchange.Report{}, "", err, js.now())
			return
		}
		j.mu.Lock()
		j.started = js.now()
		j.mu.Unlock()
		in := up.input()
		in.Figures, in.Events = j.counted(in.Figures), j.counted(in.Events)
		opt.Progress = func(file string, rows int) {
			j.mu.Lock()
			j.rows[file] = rows
			j.mu.Unlock()
			if js.hook != nil {
				js.hook(js.ctx)
			}
		}
		rep, token, err := js.run(j, in, opt, w)
		switch {
		case err != nil && js.ctx.Err() != nil:
			// Cancelled mid-statement, the error is often the driver's
			// "transaction has already been rolled back": say why.
			js.log.Warn("import job cancelled: the server is shutting down", "job", j.id, "step", j.step, "owner", j.owner, "err", err)
			err = js.ctx.Err()
		case err != nil && !errors.Is(err, exchange.ErrRejected):
			js.log.Error("import job", "job", j.id, "step", j.step, "owner", j.owner, "err", err)
		}
		j.finish(rep, token, err, js.now())
	}()
}

// run calls w, turning a panic into an error: a bug in an import must not
// take the server down, and nothing outside the job would recover it.
func (js *importJobs) run(j *importJob, in importer.Input, opt exchange.Options, w work) (rep exchange.Report, token string, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("import job %s panicked: %v", j.id, v)
		}
	}()
	return w(js.ctx, in, opt)
}

// job returns owner's job id, or nil: another user's job is as unknown as
// one that never was.
func (js *importJobs) job(id string, owner int64) *importJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.prune()
	if j := js.jobs[id]; j != nil && j.owner == owner {
		return j
	}
	return nil
}

// prune forgets finished jobs past keepImportsFor, and the oldest past
// keptImportsMost. Jobs not finished are kept whatever their age.
func (js *importJobs) prune() {
	now := js.now()
	var oldest *importJob
	finished := 0
	for id, j := range js.jobs {
		j.mu.Lock()
		done, at := j.done, j.finished
		j.mu.Unlock()
		switch {
		case !done:
		case now.Sub(at) > keepImportsFor:
			delete(js.jobs, id)
		default:
			finished++
			if oldest == nil || at.Before(oldest.finished) {
				oldest = j
			}
		}
	}
	if finished > keptImportsMost {
		delete(js.jobs, oldest.id)
	}
}

// close cancels the jobs (a running import rolls back) and waits for them.
func (js *importJobs) close() {
	js.mu.Lock()
	js.cancel()
	js.mu.Unlock()
	js.wg.Wait()
}

func (j *importJob) finish(rep exchange.Report, token string, err error, now time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.done, j.finished, j.rep, j.token, j.err = true, now, rep, token, err
	j.up.Figures, j.up.Events = nil, nil // the names stay for the report
}

func (j *importJob) isDone() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.done
}

// counted counts the bytes read through r into j.read.
func (j *importJob) counted(r io.Reader) io.Reader {
	if r == nil {
		return nil
	}
	return &countedReader{r: r, n: &j.read}
}

type countedReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c *countedReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}

// jobState is a job as its page shows it.
type jobState struct {
	ID      string
	Step    importStep
	Waiting bool // queued behind another job
	Done    bool
	Rows    int     // saved so far, in all files
	Read    float64 // share of the files' bytes read, 0 to 1
	Elapsed time.Duration
	Up      upload
	Report  exchange.Report
	Token   string
	Err     error
}

// Saving says the job saves the files, rather than checking them.
func (st jobState) Saving() bool { return st.Step == stepSave }

func (j *importJob) state(now time.Time) jobState {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := jobState{ID: j.id, Step: j.step, Waiting: j.started.IsZero() && !j.done, Done: j.done,
		Up: j.up, Report: j.rep, Token: j.token, Err: j.err}
	for _, n := range j.rows {
		st.Rows += n
	}
	if j.size > 0 {
		st.Read = min(float64(j.read.Load())/float64(j.size), 1)
	}
	if !j.started.IsZero() {
		end := now
		if j.done {
			end = j.finished
		}
		st.Elapsed = end.Sub(j.started)
	}
	return st
}
