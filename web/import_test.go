package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

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

func TestImportInTheBrowser(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)

	// Every problem is listed, by line and column, and nothing is written.
	ct, body := uploadForm(t, map[string]string{"figures": importHeader +
		govSeries + ",persons,2025-13-01,5,IOM,IOM,Flash update,https://example.org/fu,Five.\n" +
		govSeries + ",persons,2025-06-01,-1,IOM,IOM,Flash update,javascript:x,Minus one.\n"})
	resp, page := post(t, ed, s.URL+"/staff/import", ct, body)
	if resp.StatusCode != 422 {
		t.Fatalf("bad file: %d", resp.StatusCode)
	}
	mustContain(t, "problems", page, "Nothing was imported", "<td class=\"num\">2</td><td><code>period_end</code></td>",
		"<td class=\"num\">3</td><td><code>value</code></td>", "<td class=\"num\">3</td><td><code>source_url</code></td>")

	// A good file: preview, then confirm; an editor's figures wait for review.
	ct, body = uploadForm(t, map[string]string{"figures": importHeader +
		govSeries + ",persons,2025-06-15,1100000,IOM,IOM,Flash update,https://example.org/fu,\"1.1 million, IOM says.\"\n"})
	resp, page = post(t, ed, s.URL+"/staff/import", ct, body)
	if resp.StatusCode != 200 || !strings.Contains(page, "Preview — nothing is written yet") {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, page)
	}
	if q, _ := s.db.ReviewQueue(t.Context()); len(q) != 0 {
		t.Fatal("the preview wrote something")
	}
	token := regexp.MustCompile(`name="token" value="([^"]+)"`).FindStringSubmatch(page)[1]
	resp, page = do(t, ed, "POST", s.URL+"/staff/import/confirm", map[string][]string{"token": {token}})
	if resp.StatusCode != 200 || !strings.Contains(page, "Imported.") {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, page)
	}
	if q, _ := s.db.ReviewQueue(t.Context()); len(q) != 1 || q[0].Figure.Value != 1100000 {
		t.Errorf("review queue after an editor's import: %+v", q)
	}
	// A token works once.
	if resp, _ := do(t, ed, "POST", s.URL+"/staff/import/confirm", map[string][]string{"token": {token}}); resp.StatusCode != 404 {
		t.Errorf("second confirm: %d", resp.StatusCode)
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
	resp, page := post(t, ed, s.URL+"/staff/import", ct, body)
	if resp.StatusCode != 422 {
		t.Fatalf("50,001 rows: %d", resp.StatusCode)
	}
	mustContain(t, "limit", page, "Nothing was imported", "more than 50,000 figure rows", ">50002<", "Up to 20 MB and 50,000 rows per file")
	if q, _ := s.db.ReviewQueue(t.Context()); len(q) != 0 {
		t.Errorf("%d figures in review after a refused import", len(q))
	}
}
