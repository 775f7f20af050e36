package web

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

func quietJobs() *importJobs { return newImportJobs(slog.New(slog.NewTextHandler(io.Discard, nil))) }

// addFinished puts a job that finished at at among js's jobs.
func addFinished(js *importJobs, owner int64, at time.Time) *importJob {
	j := &importJob{id: rand.Text(), owner: owner, step: stepCheck, rows: map[string]int{}}
	j.finish(exchange.Report{}, "", nil, at)
	js.mu.Lock()
	js.jobs[j.id] = j
	js.mu.Unlock()
	return j
}

func oneFile() upload {
	return upload{store.Upload{FiguresName: "f.csv", Figures: []byte("series\n")}}
}

// A job cancelled mid-statement fails with whatever the driver says (a
// transaction already rolled back); its page must say the server stopped it.
func TestCancelledJobSaysSo(t *testing.T) {
	js := quietJobs()
	j, err := js.reserve(1, stepSave)
	if err != nil {
		t.Fatal(err)
	}
	running := make(chan struct{})
	js.start(j, oneFile(), exchange.Options{}, func(ctx context.Context, _ importer.Input, _ exchange.Options) (exchange.Report, string, error) {
		close(running)
		<-ctx.Done()
		return exchange.Report{}, "", errors.New("sql: transaction has already been committed or rolled back")
	})
	<-running
	js.close()
	if st := j.state(time.Now()); !st.Done || !errors.Is(st.Err, context.Canceled) {
		t.Errorf("after close: done %v, err %v", st.Done, st.Err)
	}
	if _, err := js.reserve(1, stepCheck); !errors.Is(err, errImportsStopping) {
		t.Errorf("a job after close: %v", err)
	}
}

// Finished jobs are forgotten after keepImportsFor, and past
// keptImportsMost the oldest go first; a job still running stays.
func TestFinishedJobsAreForgotten(t *testing.T) {
	js := quietJobs()
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	js.now = func() time.Time { return now }
	running, err := js.reserve(1, stepCheck) // never started: counts as running
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range keptImportsMost + 1 {
		ids = append(ids, addFinished(js, 1, now.Add(time.Duration(i)*time.Second)).id)
	}
	now = now.Add(time.Hour / 4)
	if js.job(ids[0], 1) != nil || js.job(ids[1], 1) == nil {
		t.Errorf("past %d finished jobs the oldest should go, and only it", keptImportsMost)
	}
	if js.job(ids[1], 2) != nil {
		t.Error("another user sees the job")
	}
	now = now.Add(keepImportsFor)
	if js.job(ids[len(ids)-1], 1) != nil {
		t.Errorf("a job finished more than %v ago is still there", keepImportsFor)
	}
	if js.job(running.id, 1) == nil {
		t.Error("a job not finished was forgotten")
	}
	js.drop(running)
}
