package evidence

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// rounds is a log handler that hands over every record Run logs, so that a
// test knows when a round has ended without waiting on a clock.
type rounds chan slog.Record

func (r rounds) Enabled(context.Context, slog.Level) bool        { return true }
func (r rounds) Handle(_ context.Context, rec slog.Record) error { r <- rec; return nil }
func (r rounds) WithAttrs([]slog.Attr) slog.Handler              { return r }
func (r rounds) WithGroup(string) slog.Handler                   { return r }

func (r rounds) next(t *testing.T) slog.Record {
	t.Helper()
	select {
	case rec := <-r:
		return rec
	case <-time.After(30 * time.Second):
		t.Fatal("Run logged nothing: no round ended")
		return slog.Record{}
	}
}

// startRun runs s every hour until the test ends, logging into the
// returned channel.
func startRun(t *testing.T, s *Saver) rounds {
	logged := make(rounds, 16)
	s.Log = slog.New(logged)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		s.Run(ctx, time.Hour)
		close(done)
	}()
	t.Cleanup(func() { cancel(); <-done })
	return logged
}

// A source entered after the first round is fetched right after Wake, not
// an hour later at the next tick.
func TestWakeFetchesANewSourceAtOnce(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<html><head><title>Returns</title></head><body><article><p>Report %s: nearly a million Afghans have returned since September 2023.</p></article></body></html>", r.URL.Path)
	}))
	defer srv.Close()
	db := storetest.SQLite(t)
	storetest.Orgs(t, db, "The News")
	first := addSource(t, db, srv.URL+"/first")
	f, err := fetch.New(fetch.Options{Allow: []string{"127.0.0.1"}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := &Saver{DB: db, Fetcher: f}
	logged := startRun(t, s)
	if rec := logged.next(t); rec.Message != "saved copies of sources" {
		t.Fatalf("first round: %s", rec.Message)
	}
	ctx := context.Background()
	if _, err := db.LatestSourceCopy(ctx, first); err != nil {
		t.Fatalf("the first round saved no copy of the first source: %v", err)
	}

	second := addSource(t, db, srv.URL+"/second")
	s.Wake()
	s.Wake() // coalesced with the first
	if rec := logged.next(t); rec.Message != "saved copies of sources" {
		t.Fatalf("round after Wake: %s", rec.Message)
	}
	if cp, err := db.LatestSourceCopy(ctx, second); err != nil || cp.Text == "" {
		t.Fatalf("after Wake, the new source's copy: %+v, %v", cp, err)
	}
}

// No internet is normal: a round whose every fetch fails logs at debug
// level only, and records each attempt, so that due tries it again later
// (TestRoundsSaveAndRetry, TestDue).
func TestRunWithoutNetworkLogsOnlyAtDebug(t *testing.T) {
	db := storetest.SQLite(t)
	storetest.Orgs(t, db, "The News")
	ids := []int64{
		addSource(t, db, "http://no-such-host.invalid/report"),
		addSource(t, db, "https://reliefweb.invalid/report/afghanistan"),
	}
	f, err := fetch.New(fetch.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := &Saver{DB: db, Fetcher: f}
	logged := startRun(t, s)
	rec := logged.next(t)
	if rec.Level > slog.LevelDebug {
		t.Errorf("a round without network logged %s %q", rec.Level, rec.Message)
	}
	for _, id := range ids {
		checks, err := db.SourceChecks(context.Background(), id, 5)
		if err != nil || len(checks) != 1 || checks[0].Outcome != Failed {
			t.Errorf("source %d: checks %+v, %v; want one failed attempt", id, checks, err)
		}
	}
}
