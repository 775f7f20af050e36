package importjobs

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
)

func quietJobs() *Jobs { return New(slog.New(slog.NewTextHandler(io.Discard, nil))) }

// addFinished puts a job that finished at at among js's jobs.
func addFinished(js *Jobs, owner int64, at time.Time) *Job {
	j := &Job{id: rand.Text(), owner: owner, step: Check, rows: map[string]int{}}
	j.finish(exchange.Report{}, "", nil, at)
	js.mu.Lock()
	js.jobs[j.id] = j
	js.mu.Unlock()
	return j
}

func oneFile() store.Upload {
	return store.Upload{FiguresName: "f.csv", Figures: []byte("series\n")}
}

// A job cancelled mid-statement fails with whatever the driver says (a
// transaction already rolled back); its page must say the server stopped it.
func TestCancelledJobSaysSo(t *testing.T) {
	js := quietJobs()
	j, err := js.Reserve(1, Save)
	if err != nil {
		t.Fatal(err)
	}
	running := make(chan struct{})
	js.Start(j, oneFile(), exchange.Options{}, func(ctx context.Context, _ importer.Input, _ exchange.Options) (exchange.Report, string, error) {
		close(running)
		<-ctx.Done()
		return exchange.Report{}, "", errors.New("sql: transaction has already been committed or rolled back")
	})
	<-running
	js.Close()
	if st := j.State(time.Now()); !st.Done || !errors.Is(st.Err, context.Canceled) {
		t.Errorf("after close: done %v, err %v", st.Done, st.Err)
	}
	if _, err := js.Reserve(1, Check); !errors.Is(err, ErrStopping) {
		t.Errorf("a job after close: %v", err)
	}
}

// Finished jobs are forgotten after KeepFor, and past
// KeptMost the oldest go first; a job still running stays.
func TestFinishedJobsAreForgotten(t *testing.T) {
	js := quietJobs()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	js.now = func() time.Time { return now }
	running, err := js.Reserve(1, Check) // never started: counts as running
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range KeptMost + 1 {
		ids = append(ids, addFinished(js, 1, now.Add(time.Duration(i)*time.Second)).id)
	}
	now = now.Add(time.Hour / 4)
	if js.Job(ids[0], 1) != nil || js.Job(ids[1], 1) == nil {
		t.Errorf("past %d finished jobs the oldest should go, and only it", KeptMost)
	}
	if js.Job(ids[1], 2) != nil {
		t.Error("another user sees the job")
	}
	now = now.Add(KeepFor)
	if js.Job(ids[len(ids)-1], 1) != nil {
		t.Errorf("a job finished more than %v ago is still there", KeepFor)
	}
	if js.Job(running.id, 1) == nil {
		t.Error("a job not finished was forgotten")
	}
	js.Drop(running)
}
