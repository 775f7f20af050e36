package store_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// The home page checks its query against the filter choices kept for the
// version memory names (web/home.go), then builds the page inside a
// consistent read and keeps it under the version that read found. While
// memory lags another process's change, as the version watch allows for up
// to MaxStale, a page built then must hold the choices of the version it
// is kept under, not memory's: else it keeps the old choices under the new
// version until the next publish. (Here, not in web, because only the
// store's tests can stop the watch's clock.)
func TestHomePageChoicesComeFromItsOwnRead(t *testing.T) {
	ctx := context.Background()
	a, b := sameDatabase(t, storetest.SQLiteDSN(t))
	storetest.Orgs(t, a, "IOM", "UNHCR", "The News")
	save(t, a, figure(1, "IOM"), domain.StatusPublished)

	clock := &stoppedClock{}
	clock.pass(time.Hour)
	store.SetVersionWatch(a, 24*time.Hour, store.MaxStale, clock.now) // memory lags only as long as the clock says
	srv, err := web.New(a, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{BaseURL: "http://tracker.test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	h, err := srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) string {
		t.Helper()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: %d", path, rec.Code)
		}
		return rec.Body.String()
	}
	if body := get("/"); strings.Contains(body, `value="IRN"`) {
		t.Fatal("IRN offered before any series from Iran")
	}
	eventually(t, "the watch is live", func() bool { return store.ListenerLive(a) })

	// Another process publishes a series from Iran.
	err = b.InTx(ctx, "other process", func(tx *store.Tx) error {
		sr := series("iran-returns")
		sr.FromISO3, sr.Title = "IRN", "Afghans returned from Iran"
		s, err := tx.EnsureSeries(ctx, sr, domain.ActionImport, true)
		if err != nil {
			return err
		}
		_, _, err = tx.ImportFigure(ctx, s, figure(2, "UNHCR"), domain.StatusPublished)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// A request inside the allowed lag, for a page not cached yet.
	clock.pass(store.MaxStale / 2)
	get("/?q=afghans")

	// Memory catches up (past MaxStale a request reads the counter).
	clock.pass(store.MaxStale)
	if fresh := get("/?q=returned"); !strings.Contains(fresh, `value="IRN"`) {
		t.Fatal("a page built after memory caught up does not offer IRN either; the test is wrong")
	}
	if cached := get("/?q=afghans"); !strings.Contains(cached, `value="IRN"`) {
		t.Error("the page cached under the new version offers the old version's filter choices (no IRN), and will until the next publish")
	}
}
