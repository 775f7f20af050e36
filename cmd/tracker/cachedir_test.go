package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSnapshotDir(t *testing.T) {
	userCache, err := os.UserCacheDir()
	if err != nil {
		userCache = ""
	}
	pg := snapshotDir("", "postgres://u:secret@db.example.org/tracker")
	for _, tc := range []struct{ flag, dsn, want string }{
		{"", "tracker.db", "tracker.db.cache"},
		{"", "sqlite:/var/lib/t/tracker.db", "/var/lib/t/tracker.db.cache"},
		{"/srv/cache", "tracker.db", "/srv/cache"},
		{"off", "tracker.db", ""},
		{"off", "postgres://db.example.org/tracker", ""},
		{"/srv/cache", "postgres://db.example.org/tracker", "/srv/cache"},
	} {
		if got := snapshotDir(tc.flag, tc.dsn); got != tc.want {
			t.Errorf("snapshotDir(%q, %q) = %q, want %q", tc.flag, tc.dsn, got, tc.want)
		}
	}
	if userCache != "" && (filepath.Dir(pg) != filepath.Join(userCache, "displacement-tracker") || strings.Contains(pg, "secret")) {
		t.Errorf("PostgreSQL's default cache directory %q is not one of its own under %s", pg, userCache)
	}
	if other := snapshotDir("", "postgres://u:changed@db.example.org/tracker"); other != pg {
		t.Errorf("a new password moves the cache directory: %q, then %q", pg, other)
	}
	if other := snapshotDir("", "postgres://u:secret@db.example.org/another"); other == pg {
		t.Errorf("two databases share the cache directory %q", pg)
	}
}

// TestServeKeepsASnapshotBesideTheDatabase: with no configuration,
// /figures.csv comes from a file in DB.cache/ once it is written, the same
// bytes as streamed.
func TestServeKeepsASnapshotBesideTheDatabase(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "t.db")
	url, stop := startServe(t, "--db", dsn, "--base-url", "https://tracker.example.org")
	defer stop()
	streamed := download(t, url+"figures.csv", nil)
	var snap []byte
	for i := 0; snap == nil && i < 500; i++ {
		snap = download(t, url+"figures.csv", func(resp *http.Response) bool { return resp.Header.Get("Accept-Ranges") == "bytes" })
		if snap == nil {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if snap == nil {
		t.Fatal("/figures.csv not served from a snapshot after 500 tries")
	}
	if string(snap) != string(streamed) {
		t.Error("the snapshot differs from the streamed CSV")
	}
	files, _ := filepath.Glob(filepath.Join(dsn+".cache", "figures-v*.csv"))
	if len(files) != 1 {
		t.Fatalf("snapshot files beside the database: %q", files)
	}
	if b, err := os.ReadFile(files[0]); err != nil || string(b) != string(streamed) {
		t.Errorf("%s differs from the streamed CSV (%v)", files[0], err)
	}
}

// download GETs url and returns its body, or nil when keep says no.
func download(t *testing.T, url string, keep func(*http.Response) bool) []byte {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %v", url, resp.StatusCode, err)
	}
	if keep != nil && !keep(resp) {
		return nil
	}
	return b
}

// startServe runs `tracker serve ARGS` on a free port and returns its
// address; stop shuts it down as SIGINT does and waits for it.
func startServe(t *testing.T, args ...string) (url string, stop func()) {
	t.Helper()
	return startServeLogged(t, io.Discard, args...)
}

// startServeLogged is startServe with the server's standard error, its
// log, written to stderr.
func startServeLogged(t *testing.T, stderr io.Writer, args ...string) (url string, stop func()) {
	t.Helper()
	url, _, stop = startServePrinted(t, stderr, args...)
	return url, stop
}

// startServePrinted is startServeLogged that also returns the lines serve
// printed on standard output up to its address.
func startServePrinted(t *testing.T, stderr io.Writer, args ...string) (url string, printed []string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"tracker", "serve", "--addr", "127.0.0.1:0"}, args...), func(string) string { return "" }, nil, pw, stderr)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	for url == "" && lines.Scan() {
		printed = append(printed, lines.Text())
		if m := regexp.MustCompile(`running at (http://\S+/)`).FindStringSubmatch(lines.Text()); m != nil {
			url = m[1]
		}
	}
	go io.Copy(io.Discard, pr)
	if url == "" {
		cancel()
		t.Fatalf("serve printed no address: %q (%v)", printed, <-done)
	}
	return url, printed, func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	}
}

// TestServeWithoutBaseURLKeepsNoCopy: without --base-url the site's address
// comes from each request's Host header, so serve says so and keeps no copy
// on disk: a request with a forged Host cannot write one that carries it.
func TestServeWithoutBaseURLKeepsNoCopy(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "t.db")
	var log lockedBuffer
	url, stop := startServeLogged(t, &log, "--db", dsn)
	req, _ := http.NewRequest("GET", url+"figures.csv", nil)
	req.Host = "evil.example"
	copies := func() []string {
		files, _ := filepath.Glob(filepath.Join(dsn+".cache", "figures-v*"))
		return files
	}
	// Long enough for a copy of the demo to be written, were one started.
	for i := 0; i < 100 && len(copies()) == 0; i++ {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	if !strings.Contains(log.String(), "no --base-url") || !strings.Contains(log.String(), "Set --base-url") {
		t.Errorf("serve without --base-url did not warn; its log:\n%s", log.String())
	}
	if files := copies(); len(files) != 0 {
		t.Errorf("a copy was kept from a request with a forged Host: %q", files)
	}
}
