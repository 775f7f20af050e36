package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/web"
)

// A form body over a megabyte is refused before any handler reads it, with
// the security headers like every other response; one sent without a
// length (chunked) is cut off at the bound and never becomes a 500.
func TestFormBodyLimit(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	big := "email=a%40example.org&password=" + strings.Repeat("x", 2<<20)

	resp, err := http.Post(s.URL+"/staff/login", "application/x-www-form-urlencoded", strings.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "more than 1 MB") {
		t.Errorf("2 MB form: %d %.200s", resp.StatusCode, body)
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("413 without security headers")
	}

	// No Content-Length: the reader stops at the bound.
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/staff/login", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Errorf("chunked 2 MB form: %d", resp.StatusCode)
	}
}
