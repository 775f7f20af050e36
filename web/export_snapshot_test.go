package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
	"github.com/displacement-tracker/tracker/web"
)

// newSnapshotSite serves the demo dataset, plus extra figures when extra is
// not empty, with download snapshots kept in the returned directory.
func newSnapshotSite(t *testing.T, extra int) (*httptest.Server, *store.DB, string) {
	t.Helper()
	db := storetest.Demo(t)
	storetest.Orgs(t, db, "Ministry of Refugees", "Daily News") // publishFigure's
	if extra > 0 {
		storetest.LoadSynthetic(t, db, synth.Config{Figures: extra, Series: 20, Seed: 7})
	}
	dir := filepath.Join(t.TempDir(), "cache")
	// A copy on disk is kept only for a site that knows its address.
	ts, _ := serve(t, db, web.Config{CacheDir: dir, BaseURL: "https://tracker.example.org"})
	return ts, db, dir
}

// fromSnapshot tells a response served from the file (which takes ranges)
// from a streamed one (which does not).
func fromSnapshot(resp *http.Response) bool { return resp.Header.Get("Accept-Ranges") == "bytes" }

// snapshotVersion waits, a bounded number of polls, until /figures.csv is
// served from a snapshot of version, and returns that response and body.
func waitForSnapshot(t *testing.T, ts *httptest.Server, version int64) (*http.Response, string) {
	t.Helper()
	name := fmt.Sprintf(`-v%d.csv"`, version)
	for range 1000 {
		resp, body := get(t, ts.URL+"/figures.csv")
		if resp.StatusCode != 200 {
			t.Fatalf("/figures.csv: status %d %s", resp.StatusCode, body)
		}
		if fromSnapshot(resp) && strings.HasSuffix(resp.Header.Get("Content-Disposition"), name) {
			return resp, body
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("/figures.csv not served from a snapshot of version %d after 1,000 tries", version)
	return nil, ""
}

func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

func datasetVersion(t *testing.T, db *store.DB) int64 {
	t.Helper()
	v, err := db.DatasetVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// publishFigure imports one published figure, a new dataset version.
func publishFigure(t testing.TB, db *store.DB, i int) {
	t.Helper()
	row := "figure_id,series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		fmt.Sprintf("snap-%d,%s,persons,2025-07-%02d,%d,Ministry of Refugees,Daily News,Returns,https://example.org/r,Returns numbered %d.\n",
			i, govSeries, i%28+1, 1000+i, 1000+i)
	if rep, err := importer.Run(context.Background(), db, "cli:test", importer.Input{Figures: strings.NewReader(row)}, exchange.Options{}); err != nil {
		t.Fatalf("publish: %v %v", err, rep.Problems)
	}
}

func TestFiguresCSVSnapshotIsTheStreamedCSV(t *testing.T) {
	ts, db, dir := newSnapshotSite(t, 0)
	v := datasetVersion(t, db)
	first, streamed := get(t, ts.URL+"/figures.csv")
	if fromSnapshot(first) || first.Trailer.Get("Repr-Digest") == "" {
		t.Fatalf("the first download came from a snapshot (Accept-Ranges %q) or without its digest trailer",
			first.Header.Get("Accept-Ranges"))
	}
	resp, body := waitForSnapshot(t, ts, v)
	if body != streamed {
		t.Fatalf("the snapshot differs from the streamed CSV:\n%s\n---\n%s", body, streamed)
	}
	for _, h := range []string{"Content-Type", "Content-Disposition", "Cache-Control", "Link"} {
		if got, want := resp.Header.Get(h), first.Header.Get(h); got != want {
			t.Errorf("%s: snapshot %q, streamed %q", h, got, want)
		}
	}
	// The same tag, strong even to this client that takes gzip (a streamed
	// download's is weak then): If-Range needs a strong one.
	if got, want := resp.Header.Get("ETag"), fmt.Sprintf(`"v%d"`, v); got != want || strings.TrimPrefix(first.Header.Get("ETag"), "W/") != want {
		t.Errorf("ETag: snapshot %q, streamed %q, want %q", got, first.Header.Get("ETag"), want)
	}
	sum := sha256.Sum256([]byte(body))
	if got, want := resp.Header.Get("Repr-Digest"), "sha-256=:"+base64.StdEncoding.EncodeToString(sum[:])+":"; got != want {
		t.Errorf("Repr-Digest %q, want %q", got, want)
	}
	onDisk, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("figures-v%d.csv", v)))
	if err != nil || string(onDisk) != streamed {
		t.Errorf("the file on disk (%v) differs from the streamed CSV", err)
	}
	// Another form of the file is streamed; parameters that change nothing
	// (the default spelt out, one no download reads) get the snapshot: a
	// random parameter must not buy a read of the whole dataset.
	for q, want := range map[string]bool{"?hxl=0": false, "?excel=1": false, "?hxl=1": true, "?n=123": true} {
		if resp, body := get(t, ts.URL+"/figures.csv"+q); fromSnapshot(resp) != want || resp.StatusCode != 200 || want && body != streamed {
			t.Errorf("/figures.csv%s: status %d, from the snapshot %v, want %v", q, resp.StatusCode, fromSnapshot(resp), want)
		}
	}
	// Conditional and HEAD requests, as for the streamed download.
	for _, tag := range []string{resp.Header.Get("ETag"), first.Header.Get("ETag")} {
		if resp, body := get(t, ts.URL+"/figures.csv", "If-None-Match", tag); resp.StatusCode != 304 || body != "" ||
			resp.Header.Get("ETag") != fmt.Sprintf(`"v%d"`, v) {
			t.Errorf("If-None-Match %s: status %d, %d bytes, ETag %s", tag, resp.StatusCode, len(body), resp.Header.Get("ETag"))
		}
	}
	head, err := http.Head(ts.URL + "/figures.csv")
	if err != nil || head.StatusCode != 200 || head.ContentLength != int64(len(streamed)) {
		t.Errorf("HEAD: %v, length %d, want 200 and %d", err, head.ContentLength, len(streamed))
	}
}

func TestFiguresCSVSnapshotRanges(t *testing.T) {
	ts, db, _ := newSnapshotSite(t, 0)
	get(t, ts.URL+"/figures.csv")
	full, whole := waitForSnapshot(t, ts, datasetVersion(t, db))
	resp, part := get(t, ts.URL+"/figures.csv", "Range", "bytes=100-1099")
	if resp.StatusCode != 206 || part != whole[100:1100] {
		t.Errorf("Range 100-1099: status %d, %d bytes, want 206 and the same bytes as the whole file", resp.StatusCode, len(part))
	}
	if got, want := resp.Header.Get("Content-Range"), fmt.Sprintf("bytes 100-1099/%d", len(whole)); got != want {
		t.Errorf("Content-Range %q, want %q", got, want)
	}
	// A download resumed with the tag it started with; and a range from
	// an older version is the whole new file, not a piece of it.
	resp, tail := get(t, ts.URL+"/figures.csv", "Range", "bytes=1000-", "If-Range", full.Header.Get("ETag"))
	if resp.StatusCode != 206 || tail != whole[1000:] {
		t.Errorf("If-Range with the current tag: status %d, %d bytes", resp.StatusCode, len(tail))
	}
	resp, all := get(t, ts.URL+"/figures.csv", "Range", "bytes=1000-", "If-Range", `"v1"`)
	if resp.StatusCode != 200 || all != whole {
		t.Errorf("If-Range with an old tag: status %d, %d bytes, want 200 and the whole file", resp.StatusCode, len(all))
	}
	if resp, _ := get(t, ts.URL+"/figures.csv", "Range", fmt.Sprintf("bytes=%d-", len(whole)+10)); resp.StatusCode != 416 {
		t.Errorf("a range past the end: status %d, want 416", resp.StatusCode)
	}
}

func TestFiguresCSVSnapshotHasNoDraft(t *testing.T) {
	ts, db, dir := newSnapshotSite(t, 0)
	storetest.Orgs(t, db, "Secret Ministry", "Leaky News")
	draft := "figure_id,series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		"draft-1," + govSeries + ",persons,2025-05-15,999999,Secret Ministry,Leaky News,Leak,https://example.org/leak,A sentence nobody has checked.\n"
	if _, err := importer.Run(context.Background(), db, "editor", importer.Input{Figures: strings.NewReader(draft)},
		exchange.Options{Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	v := datasetVersion(t, db)
	get(t, ts.URL+"/figures.csv")
	_, body := waitForSnapshot(t, ts, v)
	onDisk, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("figures-v%d.csv", v)))
	for what, b := range map[string]string{"served snapshot": body, "snapshot on disk": string(onDisk)} {
		if strings.Contains(b, "draft-1") || strings.Contains(b, "Secret Ministry") || strings.Contains(b, "999999") {
			t.Errorf("the %s holds the draft", what)
		}
	}
}

// TestFiguresCSVSnapshotFollowsPublishing: after a publish the old snapshot
// is never served; the new version streams until its own snapshot is
// written, and the old file is removed.
func TestFiguresCSVSnapshotFollowsPublishing(t *testing.T) {
	ts, db, dir := newSnapshotSite(t, 0)
	v := datasetVersion(t, db)
	get(t, ts.URL+"/figures.csv")
	_, before := waitForSnapshot(t, ts, v)

	publishFigure(t, db, 1)
	if got := datasetVersion(t, db); got != v+1 {
		t.Fatalf("version %d after a publish, want %d", got, v+1)
	}
	resp, body := get(t, ts.URL+"/figures.csv")
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasSuffix(cd, fmt.Sprintf(`-v%d.csv"`, v+1)) ||
		body == before || !strings.Contains(body, "snap-1") {
		t.Fatalf("after a publish: %s, from the snapshot %v, new figure there %v", cd, fromSnapshot(resp), strings.Contains(body, "snap-1"))
	}
	_, after := waitForSnapshot(t, ts, v+1)
	if after != body {
		t.Error("the new snapshot differs from the CSV streamed for its version")
	}
	if got, want := cacheFiles(t, dir), []string{fmt.Sprintf("figures-v%d.csv", v+1)}; !slices.Equal(got, want) {
		t.Errorf("cache directory holds %q, want %q", got, want)
	}
}

// TestFiguresCSVSnapshotDuringWrites: requests that come while a snapshot is
// written, and while figures are published, each get a whole CSV; and a
// snapshot, served or on disk, holds exactly the rows of the version it is
// named after, even when a publish commits while it is written (each
// publish here adds one row and one version).
func TestFiguresCSVSnapshotDuringWrites(t *testing.T) {
	ts, db, dir := newSnapshotSite(t, 500)
	v0 := datasetVersion(t, db)
	_, first := get(t, ts.URL+"/figures.csv?hxl=1") // streamed
	rows0 := countRows(t, first)
	checkRows := func(what string, v int64, body string) {
		t.Helper()
		if got, want := countRows(t, body), rows0+int(v-v0); got != want {
			t.Errorf("%s of version %d has %d rows, want %d", what, v, got, want)
		}
	}

	done := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	downloads, served := 0, 0
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				resp, err := http.Get(ts.URL + "/figures.csv")
				if err != nil {
					t.Error(err)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					t.Errorf("status %d, %v", resp.StatusCode, err)
					return
				}
				digest := resp.Header.Get("Repr-Digest") + resp.Trailer.Get("Repr-Digest")
				sum := sha256.Sum256(body)
				if want := "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"; digest != want {
					t.Errorf("a download does not match its digest (%d bytes, from the snapshot %v)", len(body), fromSnapshot(resp))
				}
				countRows(t, string(body)) // a whole CSV
				mu.Lock()
				downloads++
				mu.Unlock()
				if !fromSnapshot(resp) {
					continue // a stream reads the version apart from its rows
				}
				var v int64
				cd := resp.Header.Get("Content-Disposition")
				fmt.Sscanf(cd[strings.LastIndex(cd, "-v")+2:], "%d", &v)
				checkRows("a served snapshot", v, string(body))
				mu.Lock()
				served++
				mu.Unlock()
			}
		})
	}
	for i := 1; i <= 4; i++ {
		publishFigure(t, db, 2*i-1) // the downloads start a snapshot of it
		waitForWrite(t, dir, datasetVersion(t, db))
		publishFigure(t, db, 2*i) // most likely while it is written
		v := datasetVersion(t, db)
		_, body := waitForSnapshot(t, ts, v)
		checkRows("the snapshot", v, body)
		for _, name := range cacheFiles(t, dir) {
			var fv int64
			if _, err := fmt.Sscanf(name, "figures-v%d.csv", &fv); err != nil {
				continue
			}
			if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				checkRows(name, fv, string(b))
			}
		}
	}
	close(done)
	wg.Wait()
	t.Logf("%d of %d downloads came from a snapshot", served, downloads)
}

// waitForWrite waits, a bounded number of polls, until a snapshot is being
// written or the one of version is there.
func waitForWrite(t *testing.T, dir string, version int64) {
	t.Helper()
	for range 5000 {
		for _, name := range cacheFiles(t, dir) {
			if strings.HasSuffix(name, ".tmp") || name == fmt.Sprintf("figures-v%d.csv", version) {
				return
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("no snapshot of version %d written or being written after 5,000 polls", version)
}

func countRows(t *testing.T, body string) int {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("not a whole CSV: %v", err)
	}
	return len(rows) - 2 // header and HXL rows
}

// TestFiguresCSVWithoutCacheDirStreams: no cache directory, no snapshot.
func TestFiguresCSVWithoutCacheDirStreams(t *testing.T) {
	ts, _ := newSite(t)
	for range 3 {
		if resp, _ := get(t, ts.URL+"/figures.csv"); fromSnapshot(resp) {
			t.Fatal("served from a snapshot without a cache directory")
		}
	}
}
