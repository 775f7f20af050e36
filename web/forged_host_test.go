package web_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// forgedGet GETs path with the Host header a client chose.
func forgedGet(t *testing.T, ts string, path, host string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", ts+path, nil)
	req.Host = host
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("%s (Host %s): status %d", path, host, resp.StatusCode)
	}
	return string(b)
}

// TestForgedHostChangesNothingForOthers: on a site without a base URL, a
// client that sends another Host first — to the full downloads, which are
// kept on disk, and to the pages and charts, which are cached — changes
// nothing that another client gets, and nothing on disk carries its host.
func TestForgedHostChangesNothingForOthers(t *testing.T) {
	db := storetest.Demo(t)
	dir := filepath.Join(t.TempDir(), "cache")
	ts, _ := serve(t, db, web.Config{CacheDir: dir})
	const evil = "evil.example"
	paths := []string{"/figures.csv", "/figures.xlsx", "/series/" + govSeries, "/series/" + govSeries + "/chart.svg", "/changes.atom"}
	onDisk := func() bool {
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil && strings.Contains(string(b), evil) {
				return true
			}
		}
		return false
	}
	// Often enough, and long enough, for a copy of the demo to be written
	// from the forged requests, were one started.
	for i := 0; i < 50 && !onDisk(); i++ {
		for _, p := range paths[:2] {
			forgedGet(t, ts.URL, p, evil)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, p := range paths[2:] {
		forgedGet(t, ts.URL, p, evil)
	}
	if onDisk() {
		t.Error("a file in the cache directory carries the forged host")
	}
	host := strings.TrimPrefix(ts.URL, "http://")
	for _, p := range paths {
		var body string
		if p == "/figures.xlsx" {
			_, b, _, err := xlsxGet(ts.URL + p)
			if err != nil {
				t.Fatal(err)
			}
			body = strings.Join(xlsxAllText(t, b), "\n")
		} else {
			body = forgedGet(t, ts.URL, p, host)
		}
		if strings.Contains(body, evil) {
			t.Errorf("%s, after a request with a forged Host, names %s", p, evil)
		}
		if p != "/series/"+govSeries+"/chart.svg" && !strings.Contains(body, ts.URL) {
			t.Errorf("%s does not name the site by the client's own host %s", p, ts.URL)
		}
	}
}
