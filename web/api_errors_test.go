package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// uriChars is every character RFC 3986 allows in a URI outside a
// percent-encoding: unreserved and reserved.
const uriChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;="

// checkURIReference fails unless s is an RFC 3986 URI reference: only
// allowed ASCII characters, every % followed by two hex digits.
func checkURIReference(t *testing.T, what, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '%':
			if i+2 >= len(s) || !strings.ContainsRune("0123456789ABCDEFabcdef", rune(s[i+1])) ||
				!strings.ContainsRune("0123456789ABCDEFabcdef", rune(s[i+2])) {
				t.Errorf("%s %q: %% at %d is not followed by two hex digits", what, s, i)
				return
			}
		case !strings.ContainsRune(uriChars, rune(s[i])) || s[i] > 0x7F:
			t.Errorf("%s %q: byte %#x at %d may not appear in a URI", what, s, s[i], i)
			return
		}
	}
	if _, err := url.Parse(s); err != nil {
		t.Errorf("%s %q: %v", what, s, err)
	}
}

// problemOf decodes a problem+json answer.
func problemOf(t *testing.T, resp *http.Response, body string) map[string]any {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json\n%s", ct, body)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatalf("problem: %v\n%s", err, body)
	}
	return p
}

func TestProblemInstanceIsAURIReference(t *testing.T) {
	ts, _ := newSite(t)
	for _, path := range []string{
		"/api/v1/figures/%E2%80%9Cno%20such%E2%80%9D",     // “no such”: 400 or 404, a problem either way
		"/api/v1/figures?limit=%E2%80%9Cten%E2%80%9D",     // a bad parameter: the API's 400
		"/no%20such%20%E2%80%9Cpage%E2%80%9D/figures.csv", // outside the API
		"/api/v1/%D8%A8%D9%84%D8%A7%20x",                  // an unknown API path in Arabic
	} {
		resp, body := get(t, ts.URL+path)
		p := problemOf(t, resp, body)
		instance, _ := p["instance"].(string)
		checkURIReference(t, path+": instance", instance)
		want, _ := url.Parse(ts.URL + path)
		if got, err := url.PathUnescape(instance); err != nil || got != want.Path {
			t.Errorf("%s: instance %q decodes to %q, want the path %q", path, instance, got, want.Path)
		}
	}
}

func TestUnknownAPIPathsAre404WithCORS(t *testing.T) {
	ts, _ := newSite(t)
	for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodHead} {
		for _, path := range []string{"/api/v1/nope", "/api/v1/series/" + govSeries + "/nope", "/api/v1/"} {
			req, _ := http.NewRequest(method, ts.URL+path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var p struct{ Status int }
			json.NewDecoder(resp.Body).Decode(&p)
			resp.Body.Close()
			h := resp.Header
			if resp.StatusCode != 404 || h.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s %s: %d %s, want 404 application/problem+json", method, path, resp.StatusCode, h.Get("Content-Type"))
			}
			if method != http.MethodHead && p.Status != 404 {
				t.Errorf("%s %s: problem status %d", method, path, p.Status)
			}
			if h.Get("Allow") != "" {
				t.Errorf("%s %s: Allow %q on a 404", method, path, h.Get("Allow"))
			}
			if h.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s %s: no CORS header on the 404", method, path)
			}
		}
	}
	// Known API paths keep their preflight and their 405 for other methods.
	req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/api/v1/series/"+govSeries, nil)
	req.Header.Set("Origin", "https://news.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != "*" ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight of a known path: %d %v", resp.StatusCode, resp.Header)
	}
	resp, err = http.Post(ts.URL+"/api/v1/figures", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || !strings.Contains(resp.Header.Get("Allow"), "GET") {
		t.Errorf("POST /api/v1/figures: %d Allow %q, want 405 naming GET", resp.StatusCode, resp.Header.Get("Allow"))
	}
}
