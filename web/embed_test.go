package web_test

import (
	"strings"
	"testing"
)

func TestEmbedPage(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/embed/series/"+iomSeries)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || resp.Header.Get("X-Frame-Options") != "" {
		t.Errorf("the embed page cannot be framed: CSP %q, X-Frame-Options %q", csp, resp.Header.Get("X-Frame-Options"))
	}
	mustContain(t, "embed page", body, "<svg", "Source: IOM via Bloomberg (20 Apr 2025)", `href="`+ts.URL+`/series/`+iomSeries+`" target="_top"`)
	if strings.Contains(body, `class="site"`) {
		t.Error("the embed page carries the site header")
	}
	// Every other page refuses to be framed.
	resp, page := get(t, ts.URL+"/series/"+iomSeries)
	if resp.Header.Get("X-Frame-Options") != "DENY" || !strings.Contains(resp.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		t.Error("the series page can be framed")
	}
	mustContain(t, "series page", page, `&lt;iframe src="`+ts.URL+`/embed/series/`+iomSeries+`"`)
}
