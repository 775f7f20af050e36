package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

func uploadForm(t *testing.T, files map[string]string) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for field, content := range files {
		fw, err := w.CreateFormFile(field, field+".csv")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(content))
	}
	w.Close()
	return w.FormDataContentType(), &b
}

func post(t *testing.T, c *http.Client, url, contentType string, body *bytes.Buffer) (*http.Response, string) {
	t.Helper()
	resp, err := c.Post(url, contentType, body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(resp.Body)
	return resp, out.String()
}

const importHeader = "series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"

// postImport sends an upload as the browser does and, when it is sent on
// to the job's page (303), waits there for the job's end; it returns the
// last answer.
func postImport(t *testing.T, c *http.Client, base, contentType string, body *bytes.Buffer) (*http.Response, string) {
	t.Helper()
	resp, page := post(t, c, base+"/staff/import", contentType, body)
	if resp.StatusCode != http.StatusSeeOther {
		return resp, page
	}
	return awaitJob(t, c, base+resp.Header.Get("Location"))
}

// confirmUpload presses the preview's confirm button and waits for the
// import's end as postImport does.
func confirmUpload(t *testing.T, c *http.Client, base, token string) (*http.Response, string) {
	t.Helper()
	resp, page := do(t, c, "POST", base+"/staff/import/confirm", url.Values{"token": {token}})
	if resp.StatusCode != http.StatusSeeOther {
		return resp, page
	}
	return awaitJob(t, c, base+resp.Header.Get("Location"))
}

// startImport uploads files and returns the address of the job's page.
func startImport(t *testing.T, c *http.Client, base string, files map[string]string) string {
	t.Helper()
	ct, body := uploadForm(t, files)
	resp, page := post(t, c, base+"/staff/import", ct, body)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/staff/import/jobs/") {
		t.Fatalf("upload: %d %q, want 303 to a job page\n%s", resp.StatusCode, resp.Header.Get("Location"), page)
	}
	return base + resp.Header.Get("Location")
}

// awaitJob reads a job's page, as a person checking it again would, until
// it no longer shows the progress bar: the job has ended.
func awaitJob(t *testing.T, c *http.Client, jobURL string) (*http.Response, string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, page := do(t, c, "GET", jobURL, nil)
		if !strings.Contains(page, `id="import-progress"`) {
			return resp, page
		}
		if time.Now().After(deadline) {
			t.Fatalf("the job at %s had not ended after 30 s:\n%s", jobURL, page)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// previewToken is the confirm button's token on a preview page.
func previewToken(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no confirm button on the page:\n%s", page)
	}
	return m[1]
}

// manyRows is a figures CSV of n valid rows, a different date each.
func manyRows(n int) string {
	var b strings.Builder
	b.WriteString(importHeader)
	day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, "%s,persons,%s,%d,IOM,IOM,Flash update,https://example.org/fu,Row %d.\n", govSeries, day.AddDate(0, 0, i).Format(time.DateOnly), 1000+i, i)
	}
	return b.String()
}

// waitFor waits for a job to reach a test's hook.
func waitFor(t *testing.T, reached <-chan struct{}) {
	t.Helper()
	select {
	case <-reached:
	case <-time.After(30 * time.Second):
		t.Fatal("the import job did not report progress within 30 s")
	}
}

func TestImportInTheBrowser(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)

	// Every problem is listed, by line and column, and nothing is written.
	ct, body := uploadForm(t, map[string]string{"figures": importHeader +
		govSeries + ",persons,2025-13-01,5,IOM,IOM,Flash update,https://example.org/fu,Five.\n" +
		govSeries + ",persons,2025-06-01,-1,IOM,IOM,Flash update,javascript:x,Minus one.\n"})
	resp, page := postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 422 {
		t.Fatalf("bad file: %d", resp.StatusCode)
	}
	mustContain(t, "problems", page, "Nothing was imported", "<td class=\"num\">2</td><td><code>period_end</code></td>",
		"<td class=\"num\">3</td><td><code>value</code></td>", "<td class=\"num\">3</td><td><code>source_url</code></td>")

	// A good file: preview, then confirm; an editor's figures wait for review.
	ct, body = uploadForm(t, map[string]string{"figures": importHeader +
		govSeries + ",persons,2025-06-15,1100000,IOM,IOM,Flash update,https://example.org/fu,\"1.1 million, IOM says.\"\n"})
	resp, page = postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 200 || !strings.Contains(page, "Preview — nothing is written yet") {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, page)
	}
	if q, _ := s.db.ReviewQueue(t.Context()); len(q) != 0 {
		t.Fatal("the preview wrote something")
	}
	token := previewToken(t, page)
	resp, page = confirmUpload(t, ed, s.URL, token)
	if resp.StatusCode != 200 || !strings.Contains(page, "Imported.") {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, page)
	}
	if q, _ := s.db.ReviewQueue(t.Context()); len(q) != 1 || q[0].Figure.Value != 1100000 {
		t.Errorf("review queue after an editor's import: %+v", q)
	}
	// A token works once.
	if resp, _ := do(t, ed, "POST", s.URL+"/staff/import/confirm", url.Values{"token": {token}}); resp.StatusCode != 404 {
		t.Errorf("second confirm: %d", resp.StatusCode)
	}
}

// A job's page is its owner's: to anyone else it is as unknown as an id
// that never was, and the page says so in words, not a bare 404.
func TestImportJobIsOnlyItsOwners(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	job := startImport(t, ed, s.URL, map[string]string{"figures": manyRows(3)})
	if resp, page := awaitJob(t, ed, job); resp.StatusCode != 200 || !strings.Contains(page, "3 figure rows") {
		t.Fatalf("the owner's page: %d\n%s", resp.StatusCode, page)
	}
	for who, c := range map[string]*http.Client{"an admin's": s.signIn(t, domain.RoleAdmin), "a reviewer's": s.signIn(t, domain.RoleReviewer)} {
		resp, page := do(t, c, "GET", job, nil)
		if resp.StatusCode != 404 || strings.Contains(page, "figure rows") || strings.Contains(page, `name="token"`) {
			t.Errorf("%s view of the job: %d\n%s", who, resp.StatusCode, page)
		}
		mustContain(t, who+" view", page, "This import is not known to this server")
	}
	if resp, _ := do(t, s.signIn(t, ""), "GET", job, nil); resp.StatusCode != 303 {
		t.Errorf("anonymous: %d, want 303 to sign in", resp.StatusCode)
	}
	resp, page := do(t, ed, "GET", s.URL+"/staff/import/jobs/NOSUCHJOB", nil)
	if resp.StatusCode != 404 {
		t.Errorf("unknown job: %d", resp.StatusCode)
	}
	mustContain(t, "unknown job", page, "This import is not known to this server", "docs/DEPLOY.md", `href="/staff/import"`)
}

// While a job runs its page shows how far it is and announces the progress
// politely; it reloads itself only when asked to (a timed reload nobody
// chose fails WCAG 2.2.1).
func TestImportShowsProgressWhileItRuns(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	web.SetImportHook(s.srv, func(ctx context.Context) {
		once.Do(func() {
			reached <- struct{}{}
			<-release
		})
	})
	ed := s.signIn(t, domain.RoleEditor)
	job := startImport(t, ed, s.URL, map[string]string{"figures": manyRows(2000)})
	waitFor(t, reached)

	resp, page := do(t, ed, "GET", job, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("job page mid-way: %d\n%s", resp.StatusCode, page)
	}
	mustContain(t, "progress", page, "<title>Checking ", `<label for="import-progress">`,
		`role="status">Checking: 256 rows so far`, "nothing is written yet", "Check again", "?refresh=on")
	if strings.Contains(page, `http-equiv="refresh"`) {
		t.Errorf("the job page reloads itself without being asked:\n%s", page)
	}
	m := regexp.MustCompile(`<progress id="import-progress" max="100" value="(\d+)">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no progress bar:\n%s", page)
	}
	if p, _ := strconv.Atoi(m[1]); p <= 0 || p >= 100 {
		t.Errorf("after 256 rows of 2,000 the bar shows %d %%", p)
	}
	_, asked := do(t, ed, "GET", job+"?refresh=on", nil)
	mustContain(t, "asked to refresh", asked, `<meta http-equiv="refresh" content="1">`, "Stop refreshing")

	close(release)
	if resp, page := awaitJob(t, ed, job); resp.StatusCode != 200 || !strings.Contains(page, "2,000 figure rows") {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, page)
	}
}

// A server shutting down cancels a running import, which rolls back whole;
// the job's page, while the process lasts, says so.
func TestShutdownRollsBackARunningImport(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	var armed atomic.Bool
	reached := make(chan struct{}, 1)
	web.SetImportHook(s.srv, func(ctx context.Context) {
		if armed.Load() {
			select {
			case reached <- struct{}{}:
			default:
			}
			<-ctx.Done()
		}
	})
	ed := s.signIn(t, domain.RoleEditor)
	ct, body := uploadForm(t, map[string]string{"figures": manyRows(2000)})
	_, page := postImport(t, ed, s.URL, ct, body)
	token := previewToken(t, page)

	armed.Store(true)
	resp, _ := do(t, ed, "POST", s.URL+"/staff/import/confirm", url.Values{"token": {token}})
	if resp.StatusCode != 303 {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	waitFor(t, reached)
	s.srv.Close() // returns when the job has ended

	if q, err := s.db.ReviewQueue(t.Context()); err != nil || len(q) != 0 {
		t.Errorf("%d figures written by an import cancelled mid-way (%v)", len(q), err)
	}
	resp, page = do(t, ed, "GET", s.URL+resp.Header.Get("Location"), nil)
	if resp.StatusCode != 503 || !strings.Contains(page, "stopped because the server was shutting down; nothing was written") {
		t.Errorf("the cancelled job's page: %d\n%s", resp.StatusCode, page)
	}
	ct, body = uploadForm(t, map[string]string{"figures": manyRows(1)})
	if resp, page := post(t, ed, s.URL+"/staff/import", ct, body); resp.StatusCode != 503 || !strings.Contains(page, "shutting down") {
		t.Errorf("an upload after shutdown: %d", resp.StatusCode)
	}
}

// One job runs at a time and a few wait; past them an upload is refused,
// and a refused confirmation keeps its upload for a later try.
func TestImportQueueIsBounded(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	var armed atomic.Bool
	reached, release := make(chan struct{}, 1), make(chan struct{})
	web.SetImportHook(s.srv, func(ctx context.Context) {
		if armed.Load() {
			select {
			case reached <- struct{}{}:
			default:
			}
			<-release
		}
	})
	ed := s.signIn(t, domain.RoleEditor)
	ct, body := uploadForm(t, map[string]string{"figures": manyRows(1)})
	_, page := postImport(t, ed, s.URL, ct, body)
	token := previewToken(t, page)

	armed.Store(true)
	var jobs []string
	for i := range 5 { // one runs, four wait
		jobs = append(jobs, startImport(t, ed, s.URL, map[string]string{"figures": manyRows(1)}))
		if i == 0 {
			waitFor(t, reached)
		}
	}
	resp, page := do(t, ed, "GET", jobs[1], nil)
	mustContain(t, "a waiting job", page, "<title>Waiting", "Waiting for another import on this server to end")
	if resp.StatusCode != 200 {
		t.Errorf("a waiting job's page: %d", resp.StatusCode)
	}
	ct, body = uploadForm(t, map[string]string{"figures": manyRows(1)})
	if resp, page := post(t, ed, s.URL+"/staff/import", ct, body); resp.StatusCode != 503 || !strings.Contains(page, "busy with other imports") {
		t.Errorf("a sixth upload: %d\n%s", resp.StatusCode, page)
	}
	if resp, _ := do(t, ed, "POST", s.URL+"/staff/import/confirm", url.Values{"token": {token}}); resp.StatusCode != 503 {
		t.Errorf("a confirmation while busy: %d", resp.StatusCode)
	}

	close(release)
	for _, job := range jobs {
		if resp, _ := awaitJob(t, ed, job); resp.StatusCode != 200 {
			t.Errorf("%s: %d", job, resp.StatusCode)
		}
	}
	if resp, page := confirmUpload(t, ed, s.URL, token); resp.StatusCode != 200 || !strings.Contains(page, "Imported.") {
		t.Errorf("the refused confirmation, again: %d", resp.StatusCode)
	}
}

func TestImportUploadTooLarge(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	ct, body := uploadForm(t, map[string]string{"figures": importHeader + strings.Repeat("x", 21<<20)})
	resp, page := post(t, ed, s.URL+"/staff/import", ct, body)
	if resp.StatusCode != 413 || !strings.Contains(page, "larger than 20 MB") {
		t.Errorf("too large: %d", resp.StatusCode)
	}
}

// A browser import past the row limit is refused whole, naming the line
// past the limit; the page says what the limits are.
func TestImportTooManyRows(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	var b strings.Builder
	b.WriteString(importHeader)
	row := govSeries + ",persons,2025-06-15,7,IOM,IOM,Flash update,https://example.org/fu,Seven.\n"
	for range 50_001 {
		b.WriteString(row)
	}
	ct, body := uploadForm(t, map[string]string{"figures": b.String()})
	resp, page := postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 422 {
		t.Fatalf("50,001 rows: %d", resp.StatusCode)
	}
	mustContain(t, "limit", page, "Nothing was imported", "more than 50,000 figure rows", ">50002<", "Up to 20 MB and 50,000 rows per file")
	if q, _ := s.db.ReviewQueue(t.Context()); len(q) != 0 {
		t.Errorf("%d figures in review after a refused import", len(q))
	}
}
