package web_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// publishEvent publishes one event on Pakistan and Afghanistan, titled
// title, from a source that Example News published (an organisation the
// caller creates).
func publishEvent(ctx context.Context, db *store.DB, title string) error {
	row := "event_id,date,end_date,title,kind,countries,source_publisher,source_title,source_url,source_published,excerpt\n" +
		",2025-05-02,," + title + ",other,PAK;AFG,Example News,Late report,https://news.example.org/late,2025-05-02,Something happened late.\n"
	_, err := importer.Run(ctx, db, "test", importer.Input{Events: strings.NewReader(row), EventsName: "events.csv"}, exchange.Options{})
	return err
}

// A publish that comes after a download's data is read and before its
// headers are sent must not label the old data with the new version: a
// client would keep it, answered 304, until the next publish. The events
// download once read its events, then the version.
func TestDownloadVersionIsTheDataVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := importer.LoadDemo(t.Context(), db); err != nil {
			t.Fatal(err)
		}
		storetest.Orgs(t, db, "Example News")
		ts, srv := serve(t, db, web.Config{})
		var once sync.Once
		web.SetDownloadReadHook(srv, func(ctx context.Context) {
			once.Do(func() {
				if err := publishEvent(context.WithoutCancel(ctx), db, "Published between the reads"); err != nil {
					t.Error(err)
				}
			})
		})
		raced, racedBody := get(t, ts.URL+"/events.csv")
		if raced.StatusCode != 200 || strings.Contains(racedBody, "Published between the reads") {
			t.Fatalf("first download: %d; it holds the event published after its read: %v", raced.StatusCode,
				strings.Contains(racedBody, "Published between the reads"))
		}
		now, nowBody := get(t, ts.URL+"/events.csv")
		if !strings.Contains(nowBody, "Published between the reads") {
			t.Fatal("the second download lacks the published event")
		}
		if raced.Header.Get("ETag") == now.Header.Get("ETag") {
			t.Errorf("the download without the new event has the ETag of the one with it (%s)", now.Header.Get("ETag"))
		}
		if a, b := raced.Header.Get("Content-Disposition"), now.Header.Get("Content-Disposition"); a == b {
			t.Errorf("both downloads are named %s", a)
		}
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/events.csv", nil)
		req.Header.Set("If-None-Match", raced.Header.Get("ETag"))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("a client holding the first download is told it is current: %d", resp.StatusCode)
		}
	})
}

// After a publish, simultaneous requests for one page (and its two inline
// charts), one chart, one API page or one download build it once; the
// others wait for that build and get its bytes.
func TestConcurrentMissesBuildOnce(t *testing.T) {
	storetest.Each(t, testConcurrentMissesBuildOnce)
}

func testConcurrentMissesBuildOnce(t *testing.T, db *store.DB) {
	if _, err := importer.LoadDemo(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	storetest.Orgs(t, db, "Example News")
	ts, srv := serve(t, db, web.Config{})
	var mu sync.Mutex
	builds := map[string]int{}
	var arrived atomic.Int64
	const n = 8
	web.SetBuildHook(srv, func(key string) {
		mu.Lock()
		builds[strings.SplitN(key, "|", 2)[0]]++
		mu.Unlock()
		// Hold the build until every request has come, or a while: the
		// others then miss while it runs.
		for deadline := time.Now().Add(2 * time.Second); arrived.Load() < n && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
	})
	want := map[string]string{
		"/series/" + govSeries:                   "map[chart:2 page:1]",
		"/series/" + govSeries + "/chart.svg":    "map[chart:1]",
		"/api/v1/figures?limit=5":                "map[api-figures:1]",
		"/series/" + govSeries + "/figures.csv":  "map[download:1]",
		"/api/v1/series/" + govSeries + "/facts": "map[api-facts:1]",
	}
	for _, path := range slices.Sorted(maps.Keys(want)) {
		if err := publishEvent(t.Context(), db, "Published before the rush "+path); err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		clear(builds)
		mu.Unlock()
		arrived.Store(0)
		bodies := make([]string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				arrived.Add(1)
				resp, body := get(t, ts.URL+path)
				if resp.StatusCode != 200 {
					t.Errorf("%s: %d", path, resp.StatusCode)
				}
				bodies[i] = body
			})
		}
		wg.Wait()
		mu.Lock()
		got := fmt.Sprint(builds)
		mu.Unlock()
		if got != want[path] {
			t.Errorf("%s, %d requests at once: builds %s, want %s", path, n, got, want[path])
		}
		for _, b := range bodies[1:] {
			if b != bodies[0] {
				t.Errorf("%s: the requests got different bodies", path)
				break
			}
		}
	}
}

// A download of something that is not there is a 404, even to a client
// that sends the current version: the one read path answers 304 from the
// version alone, so each such download checks its subject first.
func TestUnknownDownloadIsNotFoundForACurrentClient(t *testing.T) {
	db := storetest.Demo(t)
	ts, _ := serve(t, db, web.Config{})
	resp, _ := get(t, ts.URL+"/series/"+govSeries+"/bundle.zip")
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || etag == "" {
		t.Fatalf("bundle: %d, ETag %q", resp.StatusCode, etag)
	}
	for _, path := range []string{"/series/no-such-series/bundle.zip", "/series/no-such-series/figures.csv",
		"/series/no-such-series/figures.xlsx", "/series/no-such-series/datapackage.zip",
		"/compare/datapackage.zip?series=" + govSeries + ",no-such-series"} {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("If-None-Match", etag)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s with the current version: %d, want 404", path, resp.StatusCode)
		}
	}
}

// The events download is read into memory in one consistent read and
// written after that read has ended: a slow client holds no database
// connection. Inside the read, the dataset version a store call sees is
// the read's, so a publish made meanwhile would not show.
func TestEventsDownloadWritesAfterItsRead(t *testing.T) {
	db := storetest.Demo(t)
	storetest.Orgs(t, db, "Example News")
	ts, srv := serve(t, db, web.Config{})
	var checked, inRead atomic.Bool
	web.SetDownloadReadHook(srv, func(ctx context.Context) {
		before, err := db.DatasetVersion(ctx)
		if err != nil {
			t.Error(err)
			return
		}
		if err := publishEvent(context.Background(), db, "Published while the events download was written"); err != nil {
			t.Error(err)
			return
		}
		after, err := db.DatasetVersion(ctx)
		if err != nil {
			t.Error(err)
			return
		}
		checked.Store(true)
		inRead.Store(after == before)
	})
	if resp, _ := get(t, ts.URL+"/events.csv"); resp.StatusCode != 200 {
		t.Fatalf("events.csv: %d", resp.StatusCode)
	}
	if !checked.Load() {
		t.Fatal("the download hook did not run")
	}
	if inRead.Load() {
		t.Error("events.csv was written inside its read transaction")
	}
}
