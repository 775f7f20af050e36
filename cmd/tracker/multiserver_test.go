package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// runMainEnv makes the test binary act as the tracker command: the
// multi-server test starts its servers by running this very binary again.
// Re-executing the test binary rather than building one with `go build`
// costs no build, needs no Go toolchain at test time, and runs the servers
// with the same instrumentation as the test: under -race the servers are
// race-checked too (a race makes a server exit non-zero, which the test
// notices when it stops them).
const runMainEnv = "TRACKER_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main() // exits non-zero itself on an error
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// msTrackerCmd is `tracker ARGS…` as a separate OS process, with an
// environment that holds no TRACKER_* setting of the test's own.
func msTrackerCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TRACKER_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, runMainEnv+"=1")
	return cmd
}

// msServer is one `tracker serve` process.
type msServer struct {
	name   string
	url    string // http://127.0.0.1:PORT, no trailing slash
	stdout []string
	stderr *lockedBuffer
	cmd    *exec.Cmd
	done   chan error
}

// msStartServer starts `tracker serve` on a port the kernel picks (--addr
// 127.0.0.1:0) and reads the address from the line serve prints once it
// listens. The server is stopped with SIGINT when the test ends, and must
// then exit cleanly. It reports a failure with t.Errorf and returns nil, so
// that tests may start several servers from goroutines.
func msStartServer(t *testing.T, name string, args ...string) *msServer {
	t.Helper()
	p := &msServer{name: name, stderr: &lockedBuffer{}, done: make(chan error, 1)}
	p.cmd = msTrackerCmd(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err == nil {
		err = p.cmd.Start()
	}
	if err != nil {
		t.Errorf("start server %s: %v", name, err)
		return nil
	}
	urlc := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(out)
		sent := false
		for lines.Scan() {
			if !sent {
				p.stdout = append(p.stdout, lines.Text())
				if m := regexp.MustCompile(`running at (http://\S+)/ `).FindStringSubmatch(lines.Text()); m != nil {
					urlc <- m[1]
					sent = true
				}
			}
		}
		close(urlc)
		p.done <- p.cmd.Wait()
	}()
	t.Cleanup(func() { p.stop(t) })
	select {
	case u, ok := <-urlc:
		if !ok {
			err := <-p.done
			p.done <- nil // stop has nothing more to report
			t.Errorf("server %s exited before listening (%v): %q\n%s", name, err, p.stdout, p.stderr)
			return nil
		}
		p.url = u
	case <-time.After(90 * time.Second):
		t.Errorf("server %s did not start: %q\n%s", name, p.stdout, p.stderr)
		return nil
	}
	return p
}

// stop sends SIGINT, as Ctrl+C and `systemctl stop` (SIGTERM) do, and waits
// for a clean exit.
func (p *msServer) stop(t *testing.T) {
	p.cmd.Process.Signal(syscall.SIGINT) // fails harmlessly if it has exited
	select {
	case err := <-p.done:
		if err != nil {
			t.Errorf("server %s: exit after SIGINT: %v\n%s", p.name, err, p.stderr)
		}
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		t.Errorf("server %s did not stop within 30s of SIGINT", p.name)
	}
}

// msBrowser is one person's HTTP client: its own cookies, no redirects
// followed, and the headers a browser sends with a same-origin form.
type msBrowser struct {
	t *testing.T
	c *http.Client
}

func msNewBrowser(t *testing.T) *msBrowser {
	jar, _ := cookiejar.New(nil)
	return &msBrowser{t: t, c: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *msBrowser) do(method, target string, form url.Values, header ...string) (*http.Response, string) {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", req.URL.Scheme+"://"+req.URL.Host)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	s, _ := io.ReadAll(resp.Body)
	return resp, string(s)
}

func (b *msBrowser) get(target string, header ...string) (*http.Response, string) {
	b.t.Helper()
	return b.do("GET", target, nil, header...)
}

// signIn signs in on server, with the form a person uses.
func (b *msBrowser) signIn(server, email string) {
	b.t.Helper()
	resp, body := b.do("POST", server+"/staff/login", url.Values{"email": {email}, "password": {msPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s on %s: status %d\n%s", email, server, resp.StatusCode, body)
	}
}

var msVersionField = regexp.MustCompile(`name="version" value="(\d+)"`)

// figureVersion reads the version field of a staff figure page.
func (b *msBrowser) figureVersion(target string) string {
	b.t.Helper()
	resp, page := b.get(target)
	m := msVersionField.FindStringSubmatch(page)
	if resp.StatusCode != 200 || m == nil {
		b.t.Fatalf("%s: status %d, no version field", target, resp.StatusCode)
	}
	return m[1]
}

const msPassword = "correct horse battery staple"

// TestSeveralServersOneDatabase runs the site as a deployment with several
// app servers does: two `tracker serve` processes, started at the same
// moment on one fresh PostgreSQL database (so they migrate it and consider
// loading the demo together), staff working through one and the public
// reading through the other. Server B also sends its public reads through
// --read-db, a second pool on the same database, as a deployment with a
// read replica would (with a lag of zero).
func TestSeveralServersOneDatabase(t *testing.T) {
	dsn := storetest.PostgresDSN(t) // skips without TRACKER_TEST_POSTGRES
	readDSN := msWithAppName(t, dsn, "tracker-read-replica")

	// Both at once: migrations and the first-start demo load race.
	var a, b *msServer
	var wg sync.WaitGroup
	wg.Go(func() { a = msStartServer(t, "A", "--db", dsn) })
	wg.Go(func() { b = msStartServer(t, "B", "--db", dsn, "--read-db", readDSN) })
	wg.Wait()
	if a == nil || b == nil {
		t.FailNow()
	}
	loaded := 0
	for _, p := range []*msServer{a, b} {
		if strings.Contains(strings.Join(p.stdout, "\n"), "Loaded the demo dataset") {
			loaded++
		}
	}
	if loaded != 1 {
		t.Errorf("%d servers loaded the demo dataset, want exactly 1:\nA: %q\nB: %q", loaded, a.stdout, b.stdout)
	}
	anon := msNewBrowser(t)
	for _, p := range []*msServer{a, b} {
		if resp, body := anon.get(p.url + "/healthz"); resp.StatusCode != 200 {
			t.Fatalf("%s /healthz: %d %s", p.name, resp.StatusCode, body)
		}
		if resp, body := anon.get(p.url + "/api/v1/figures"); resp.StatusCode != 200 || strings.Count(body, `"excerpt"`) != 12 {
			t.Errorf("%s: the demo's 12 figures once: status %d, %d figures", p.name, resp.StatusCode, strings.Count(body, `"excerpt"`))
		}
	}

	for _, u := range [][3]string{{"editor@example.org", "The editor", "editor"}, {"reviewer@example.org", "The reviewer", "reviewer"},
		{"admin@example.org", "The admin", "admin"}} {
		cmd := msTrackerCmd("user", "add", "--db", dsn, "--email", u[0], "--name", u[1], "--role", u[2], "--password-stdin")
		cmd.Stdin = strings.NewReader(msPassword + "\n")
		if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "Created "+u[0]) {
			t.Fatalf("tracker user add %s: %v\n%s", u[0], err, out)
		}
	}

	const slug = "afg-repatriated-from-pak-cumulative-pak-gov"
	const sentence = "Exactly 1,234,567 people were counted crossing at Torkham and Chaman in the multi-server test."
	seriesPage, chart := "/series/"+slug, "/series/"+slug+"/chart.svg"

	// B, before anything happens: the series page and chart, and their ETags.
	resp, page := anon.get(b.url + seriesPage)
	if resp.StatusCode != 200 || strings.Contains(page, sentence) {
		t.Fatalf("B series page before: %d", resp.StatusCode)
	}
	resp, _ = anon.get(b.url + chart)
	oldChartTag, oldPageTag := resp.Header.Get("ETag"), ""
	if resp.StatusCode != 200 || oldChartTag == "" {
		t.Fatalf("B chart before: %d, ETag %q", resp.StatusCode, oldChartTag)
	}
	if resp, _ := anon.get(b.url+seriesPage, "If-None-Match", oldChartTag); resp.StatusCode == 304 {
		oldPageTag = oldChartTag // pages and charts share the dataset version
	}
	if resp, _ := anon.get(b.url+chart, "If-None-Match", oldChartTag); resp.StatusCode != 304 {
		t.Fatalf("B chart, conditional, before: %d, want 304", resp.StatusCode)
	}

	// A: the editor enters the figure and submits it.
	editor := msNewBrowser(t)
	editor.signIn(a.url, "editor@example.org")
	resp, body := editor.do("POST", a.url+"/staff/figures", url.Values{"action": {"submit"}, "excerpt": {sentence},
		"value": {"1234567"}, "qualifier": {"exact"}, "period_start": {"2023-10"}, "period_end": {"2025-06-28"},
		"series": {slug}, "attributed_to": {"IOM"}, "source_url": {"https://example.org/multi-server-test"},
		"source_title": {"Border crossings, multi-server test"}, "source_publisher": {"IOM"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit on A: %d\n%s", resp.StatusCode, body)
	}
	staffPath := resp.Header.Get("Location")
	id := staffPath[strings.LastIndex(staffPath, "/")+1:]
	if !strings.HasPrefix(staffPath, "/staff/figures/") || id == "" {
		t.Fatalf("submit redirected to %q", staffPath)
	}
	// In review: nothing public yet, on either server; the ETag holds.
	for _, p := range []*msServer{a, b} {
		if resp, _ := anon.get(p.url + "/figures/" + id); resp.StatusCode != 404 {
			t.Errorf("%s: permalink of a figure in review: %d", p.name, resp.StatusCode)
		}
	}
	if resp, _ := anon.get(b.url+chart, "If-None-Match", oldChartTag); resp.StatusCode != 304 {
		t.Errorf("B chart after a submit: %d, want 304 (nothing public changed)", resp.StatusCode)
	}

	// A: the reviewer publishes it.
	reviewer := msNewBrowser(t)
	reviewer.signIn(a.url, "reviewer@example.org")
	version := reviewer.figureVersion(a.url + staffPath)
	if resp, body := reviewer.do("POST", a.url+staffPath+"/approve", url.Values{"version": {version}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve on A: %d\n%s", resp.StatusCode, body)
	}

	// B, at once: no waiting, no cache to expire.
	resp, page = anon.get(b.url + seriesPage)
	if resp.StatusCode != 200 || !strings.Contains(page, sentence) || !strings.Contains(page, "1,234,567") {
		t.Errorf("B series page after the publish: %d, the figure is missing", resp.StatusCode)
	}
	if oldPageTag != "" && resp.Header.Get("ETag") == oldPageTag {
		t.Errorf("B series page kept its ETag %s", oldPageTag)
	}
	if resp, page := anon.get(b.url + "/figures/" + id); resp.StatusCode != 200 || !strings.Contains(page, sentence) {
		t.Errorf("B permalink after the publish: %d", resp.StatusCode)
	}
	if resp, body := anon.get(b.url + "/api/v1/figures/" + id); resp.StatusCode != 200 || !strings.Contains(body, `"`+id+`"`) ||
		!strings.Contains(body, "1234567") {
		t.Errorf("B API after the publish: %d %s", resp.StatusCode, body)
	}
	resp, _ = anon.get(b.url + chart)
	newChartTag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || newChartTag == "" || newChartTag == oldChartTag {
		t.Errorf("B chart after the publish: %d, ETag %q (before: %q)", resp.StatusCode, newChartTag, oldChartTag)
	}
	if resp, _ := anon.get(b.url+chart, "If-None-Match", oldChartTag); resp.StatusCode != 200 {
		t.Errorf("B chart, conditional on the old ETag: %d, want 200", resp.StatusCode)
	}

	// B: an admin whose session A opened retracts the figure; sessions live
	// in the database, so any server knows any user.
	admin := msNewBrowser(t)
	admin.signIn(a.url, "admin@example.org")
	if resp, _ := admin.get(b.url + "/staff"); resp.StatusCode != 200 {
		t.Fatalf("B /staff with a session opened on A: %d", resp.StatusCode)
	}
	version = admin.figureVersion(b.url + staffPath)
	if resp, body := admin.do("POST", b.url+staffPath+"/retract", url.Values{"version": {version},
		"reason": {"Counted twice in the multi-server test."}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("retract on B: %d\n%s", resp.StatusCode, body)
	}

	// A, within moments: A has no replica, so it keeps the dataset version
	// in memory and learns of B's change from PostgreSQL's notification, a
	// few milliseconds after B's commit. Then the figure is gone from the
	// series page, the chart and the API; the permalink stays and says why.
	msEventually(t, "A learns of the retraction on B", func() bool {
		resp, _ := anon.get(a.url+chart, "If-None-Match", newChartTag)
		return resp.StatusCode == 200
	})
	if _, page := anon.get(a.url + seriesPage); strings.Contains(page, sentence) {
		t.Error("A series page still shows the retracted figure")
	}
	if resp, body := anon.get(a.url + "/api/v1/figures/" + id); resp.StatusCode != 404 {
		t.Errorf("A API after the retraction: %d %s", resp.StatusCode, body)
	}
	if resp, page := anon.get(a.url + "/figures/" + id); resp.StatusCode != 200 || !strings.Contains(page, "Counted twice") {
		t.Errorf("A permalink after the retraction: %d", resp.StatusCode)
	}
	if resp, _ := anon.get(a.url+chart, "If-None-Match", newChartTag); resp.StatusCode != 200 {
		t.Errorf("A chart, conditional on the published ETag: %d, want 200", resp.StatusCode)
	}
	if _, page := anon.get(b.url + seriesPage); strings.Contains(page, sentence) {
		t.Error("B series page still shows the retracted figure")
	}

	// B read through its --read-db pool: PostgreSQL lists that pool's
	// connections under the application name its URL gave them, with the
	// last query each ran. Public reads ran there; staff reads did not.
	// Pages, charts, the API and downloads read in one read-only
	// transaction (store.ReadAtVersion), whose last statement is its
	// ROLLBACK; the permalink page reads on its own, its figure, the names
	// of who entered and approved it, the saved copy of its source and the
	// visits to its link.
	if resp, _ := anon.get(b.url + "/figures/" + id); resp.StatusCode != 200 {
		t.Fatalf("B permalink after the retraction: %d", resp.StatusCode)
	}
	queries := msQueriesOf(t, dsn, "tracker-read-replica")
	if !slices.ContainsFunc([]string{"FROM visible_figures", "FROM public_", "FROM users", "FROM source_copies", "FROM source_checks", "rollback"},
		func(q string) bool { return strings.Contains(queries, q) }) {
		t.Errorf("B's --read-db pool ran no public read; its last queries:\n%s", queries)
	}
	if strings.Contains(queries, "sessions") {
		t.Errorf("B's --read-db pool read sessions:\n%s", queries)
	}
}

// msEventually polls cond every 5 ms for up to 5 s: a bound on how late a
// notification may arrive, not a speed test.
func msEventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 5 s", what)
		}
	}
}

// msWithAppName returns dsn with an application_name, which names the pool's
// connections in pg_stat_activity.
func msWithAppName(t *testing.T, dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// msQueriesOf returns the last query of each connection that names itself
// app, one a line.
func msQueriesOf(t *testing.T, dsn, app string) string {
	db, err := sqlx.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var qs []string
	if err := db.SelectContext(context.Background(), &qs,
		"SELECT query FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", app); err != nil {
		t.Fatal(err)
	}
	return strings.Join(qs, "\n")
}

func TestReadDBNeedsPostgres(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "t.db")
	_, _, err := tracker(t, nil, "serve", "--db", dsn, "--addr", "127.0.0.1:0", "--read-db", "postgres://127.0.0.1:1/replica")
	if err == nil || !strings.Contains(err.Error(), "needs a PostgreSQL --db") {
		t.Errorf("serve on SQLite with --read-db: %v", err)
	}
	_, _, err = tracker(t, map[string]string{"TRACKER_READ_DB": "postgres://127.0.0.1:1/replica"}, "serve", "--db", dsn, "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "needs a PostgreSQL --db") {
		t.Errorf("serve on SQLite with TRACKER_READ_DB: %v", err)
	}
}
