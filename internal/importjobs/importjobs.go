// Package importjobs runs the imports uploaded in the browser in the
// background, one at a time per process, and keeps their progress and
// reports for their pages (web/staff_import.go is the HTTP side).
package importjobs

import (
	"bytes"
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
	"github.com/displacement-tracker/tracker/internal/store"
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
	Waiting  = 4                // jobs queued behind the running one
	KeepFor  = 30 * time.Minute // a finished job's report stays this long
	KeptMost = 100              // and at most this many finished jobs
)

var (
	ErrBusy     = errors.New("this server is busy with other imports; try again in a few minutes")
	ErrStopping = errors.New("this server is shutting down; upload the file again in a moment")
)

// Step is what a job does with the files.
type Step string

const (
	Check Step = "check" // a preview, rolled back
	Save  Step = "save"  // the import itself
)

// Jobs are the import jobs of this process.
type Jobs struct {
	ctx    context.Context // the server's life: Close cancels it
	cancel context.CancelFunc
	wg     sync.WaitGroup
	slot   chan struct{} // held by the running job
	log    *slog.Logger
	now    func() time.Time
	Hook   func(context.Context) // tests: called in the job after each report of progress; set before the first job

	mu   sync.Mutex
	jobs map[string]*Job
}

func New(log *slog.Logger) *Jobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &Jobs{ctx: ctx, cancel: cancel, slot: make(chan struct{}, 1), log: log, now: time.Now,
		jobs: map[string]*Job{}}
}

// Work is what a job runs: the importer, and what goes with it.
type Work func(ctx context.Context, in importer.Input, opt exchange.Options) (rep exchange.Report, token string, err error)

// Job is one upload being checked or saved. Its fields after mu
// change while it runs; the others are set before it starts.
type Job struct {
	id      string
	owner   int64
	step    Step
	created time.Time
	size    int64        // bytes of the files
	read    atomic.Int64 // bytes read of them so far

	mu       sync.Mutex
	up       store.Upload // the files until the job ends, then only their names
	started  time.Time
	rows     map[string]int // saved so far, per file
	done     bool
	finished time.Time
	rep      exchange.Report
	token    string // a preview's: the confirm button sends it
	err      error
	names    []importer.Name // the answers the job runs with (Carry)
}

// Carry records the answers about organisations that the job's work runs
// with, for its page to send back with the next step. Call it before
// Start.
func (j *Job) Carry(names []importer.Name) {
	j.mu.Lock()
	j.names = names
	j.mu.Unlock()
}

// Reserve counts a job in before its files are at hand, so that a
// confirmation is refused before its stored upload is taken.
func (js *Jobs) Reserve(owner int64, step Step) (*Job, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.ctx.Err() != nil {
		return nil, ErrStopping
	}
	js.prune()
	unfinished := 0
	for _, j := range js.jobs {
		if !j.isDone() {
			unfinished++
		}
	}
	if unfinished > Waiting {
		return nil, ErrBusy
	}
	j := &Job{id: rand.Text(), owner: owner, step: step, created: js.now(), rows: map[string]int{}}
	js.jobs[j.id] = j
	js.wg.Add(1) // here, under mu: Close cannot miss a job it did not refuse
	return j, nil
}

// Drop forgets a reserved job that will not start.
func (js *Jobs) Drop(j *Job) {
	js.mu.Lock()
	delete(js.jobs, j.id)
	js.mu.Unlock()
	js.wg.Done()
}

// Start runs w on up in the background, when no other job runs.
func (js *Jobs) Start(j *Job, up store.Upload, opt exchange.Options, w Work) {
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
		in := input(up)
		in.Figures, in.Events = j.counted(in.Figures), j.counted(in.Events)
		opt.Progress = func(file string, rows int) {
			j.mu.Lock()
			j.rows[file] = rows
			j.mu.Unlock()
			if js.Hook != nil {
				js.Hook(js.ctx)
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
func (js *Jobs) run(j *Job, in importer.Input, opt exchange.Options, w Work) (rep exchange.Report, token string, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("import job %s panicked: %v", j.id, v)
		}
	}()
	return w(js.ctx, in, opt)
}

// Job returns owner's job id, or nil: another user's job is as unknown as
// one that never was.
func (js *Jobs) Job(id string, owner int64) *Job {
	js.mu.Lock()
	defer js.mu.Unlock()
	js.prune()
	if j := js.jobs[id]; j != nil && j.owner == owner {
		return j
	}
	return nil
}

// prune forgets finished jobs past KeepFor, and the oldest past
// KeptMost. Jobs not finished are kept whatever their age.
func (js *Jobs) prune() {
	now := js.now()
	var oldest *Job
	finished := 0
	for id, j := range js.jobs {
		j.mu.Lock()
		done, at := j.done, j.finished
		j.mu.Unlock()
		switch {
		case !done:
		case now.Sub(at) > KeepFor:
			delete(js.jobs, id)
		default:
			finished++
			if oldest == nil || at.Before(oldest.finished) {
				oldest = j
			}
		}
	}
	if finished > KeptMost {
		delete(js.jobs, oldest.id)
	}
}

// Close cancels the jobs (a running import rolls back) and waits for them.
func (js *Jobs) Close() {
	js.mu.Lock()
	js.cancel()
	js.mu.Unlock()
	js.wg.Wait()
}

func (j *Job) finish(rep exchange.Report, token string, err error, now time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.done, j.finished, j.rep, j.token, j.err = true, now, rep, token, err
	j.up.Figures, j.up.Events = nil, nil // the names stay for the report
}

func (j *Job) isDone() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.done
}

// counted counts the bytes read through r into j.read.
func (j *Job) counted(r io.Reader) io.Reader {
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

// State is a job as its page shows it.
type State struct {
	ID      string
	Step    Step
	Waiting bool // queued behind another job
	Done    bool
	Rows    int     // saved so far, in all files
	Read    float64 // share of the files' bytes read, 0 to 1
	Elapsed time.Duration
	Up      store.Upload
	Report  exchange.Report
	Token   string
	Err     error
	Names   []importer.Name // what Carry recorded
}

// Saving says the job saves the files, rather than checking them.
func (st State) Saving() bool { return st.Step == Save }

func (j *Job) State(now time.Time) State {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := State{ID: j.id, Step: j.step, Waiting: j.started.IsZero() && !j.done, Done: j.done,
		Up: j.up, Report: j.rep, Token: j.token, Err: j.err, Names: j.names}
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

// ID is the job's address among its owner's jobs.
func (j *Job) ID() string { return j.id }

// input reads the files of an upload.
func input(u store.Upload) importer.Input {
	var in importer.Input
	if u.Figures != nil {
		in.Figures, in.FiguresName = bytes.NewReader(u.Figures), u.FiguresName
	}
	if u.Events != nil {
		in.Events, in.EventsName = bytes.NewReader(u.Events), u.EventsName
	}
	return in
}
