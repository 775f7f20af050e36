package evidence

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func addSource(t *testing.T, db *store.DB, url string) int64 {
	t.Helper()
	var src domain.Source
	err := db.InTx(context.Background(), "test", func(tx *store.Tx) error {
		var err error
		src, err = tx.CreateSource(context.Background(), domain.Source{Title: "A report", Publisher: "The News", URL: url})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return src.ID
}

// A round fetches every source without a copy: a page is saved, a 404 is
// gone, a private address is refused, a host that does not resolve fails;
// each attempt is recorded. The next rounds try a failed source again only
// when its wait is over, and a refused one not at all; a saved source is
// not fetched again.
func TestRoundsSaveAndRetry(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gone" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "Nearly a million Afghans have returned since September 2023.")
	}))
	defer srv.Close()
	db := storetest.SQLite(t)
	storetest.Orgs(t, db, "The News")
	ok := addSource(t, db, srv.URL+"/report")
	gone := addSource(t, db, srv.URL+"/gone")
	private := addSource(t, db, "http://10.1.2.3/report")
	nowhere := addSource(t, db, "http://no-such-host.invalid/report")

	f, err := fetch.New(fetch.Options{Allow: []string{"127.0.0.1"}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 4, 20, 9, 0, 0, 0, time.UTC)
	s := &Saver{DB: db, Fetcher: f, Now: func() time.Time { return now }}
	ctx := context.Background()

	saved, failed, err := s.Round(ctx)
	if err != nil || saved != 1 || failed != 3 {
		t.Fatalf("first round: %d saved, %d failed, %v", saved, failed, err)
	}
	for id, want := range map[int64]domain.CheckOutcome{ok: Saved, gone: Gone, private: Refused, nowhere: Failed} {
		checks, err := db.SourceChecks(ctx, id, 5)
		if err != nil || len(checks) != 1 || checks[0].Outcome != want || !checks[0].CheckedAt.Equal(now) {
			t.Errorf("source %d: checks %+v, %v; want one %q", id, checks, err, want)
		}
	}
	if cp, err := db.LatestSourceCopy(ctx, ok); err != nil || cp.Text == "" {
		t.Errorf("the saved copy: %+v %v", cp, err)
	}

	now = now.Add(time.Minute)
	if saved, failed, err := s.Round(ctx); err != nil || saved+failed != 0 {
		t.Errorf("a minute later: %d saved, %d failed, %v; nothing is due", saved, failed, err)
	}
	now = now.Add(10 * time.Minute)
	if saved, failed, err := s.Round(ctx); err != nil || saved != 0 || failed != 2 {
		t.Errorf("eleven minutes later: %d saved, %d failed, %v; the 404 and the unresolvable host are tried again", saved, failed, err)
	}
	if checks, _ := db.SourceChecks(ctx, private, 5); len(checks) != 1 {
		t.Errorf("a refused source was tried again: %+v", checks)
	}
}

// The wait after n failures doubles from ten minutes up to a day.
func TestDue(t *testing.T) {
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	fails := func(n int) []domain.SourceCheck {
		var c []domain.SourceCheck
		for range n {
			c = append(c, domain.SourceCheck{CheckedAt: at, Outcome: Failed})
		}
		return c
	}
	for _, tt := range []struct {
		checks []domain.SourceCheck
		after  time.Duration
		want   bool
	}{
		{nil, 0, true},
		{fails(1), 9 * time.Minute, false},
		{fails(1), 10 * time.Minute, true},
		{fails(3), 39 * time.Minute, false},
		{fails(3), 40 * time.Minute, true},
		{fails(12), 23 * time.Hour, false},
		{fails(12), 24 * time.Hour, true},
		{[]domain.SourceCheck{{CheckedAt: at, Outcome: Refused}}, 1000 * time.Hour, false},
		{append(fails(1), domain.SourceCheck{CheckedAt: at, Outcome: Saved}), 10 * time.Minute, true},
	} {
		if got := due(tt.checks, at.Add(tt.after)); got != tt.want {
			t.Errorf("%d checks (%v…), %v later: due %v, want %v", len(tt.checks), tt.checks[0:min(1, len(tt.checks))], tt.after, got, tt.want)
		}
	}
}

// Run stops when its context ends.
func TestRunStops(t *testing.T) {
	db := storetest.SQLite(t)
	f, err := fetch.New(fetch.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		(&Saver{DB: db, Fetcher: f}).Run(ctx, time.Millisecond)
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
}
