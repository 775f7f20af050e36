package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The stylesheet and icons are linked by their content's hash and served
// immutable for a year, with an ETag and compressed; /favicon.ico is the
// icon, not a 404.
func TestStaticFilesAreCachedAndCompressed(t *testing.T) {
	ts, _ := newSite(t)
	_, home := get(t, ts.URL+"/")
	mustContain(t, "home page", home, `<link rel="icon" href="/favicon.ico" sizes="32x32">`, `type="image/svg+xml">`)
	css := regexp.MustCompile(`<link rel="stylesheet" href="(/static/style\.css\?v=[0-9a-f]{16})">`).FindStringSubmatch(home)
	svg := regexp.MustCompile(`<link rel="icon" href="(/static/favicon\.svg\?v=[0-9a-f]{16})"`).FindStringSubmatch(home)
	if css == nil || svg == nil {
		t.Fatalf("the stylesheet and the icon are not linked by hash:\n%s", home)
	}

	resp, plain := get(t, ts.URL+css[1])
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || etag == "" ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(plain, "--accent") {
		t.Errorf("hashed stylesheet: %d %v", resp.StatusCode, resp.Header)
	}
	// Compressed for a client that takes gzip, and the same bytes unpacked.
	req, _ := http.NewRequest("GET", ts.URL+css[1], nil)
	req.Header.Set("Accept-Encoding", "gzip")
	zresp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	zbody, _ := io.ReadAll(zresp.Body)
	zresp.Body.Close()
	if zresp.Header.Get("Content-Encoding") != "gzip" || len(zbody) >= len(plain) || zresp.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("compressed stylesheet: %v, %d bytes for %d", zresp.Header, len(zbody), len(plain))
	} else if zr, err := gzip.NewReader(bytes.NewReader(zbody)); err != nil {
		t.Error(err)
	} else if unpacked, _ := io.ReadAll(zr); string(unpacked) != plain {
		t.Error("the compressed stylesheet unpacks to other bytes")
	}
	// A client that has it gets 304.
	if resp, _ := get(t, ts.URL+css[1], "If-None-Match", etag); resp.StatusCode != 304 {
		t.Errorf("If-None-Match: %d", resp.StatusCode)
	}
	// Without the hash (or with an old one) the file may change: not immutable.
	for _, addr := range []string{"/static/style.css", "/static/style.css?v=0123456789abcdef"} {
		if resp, _ := get(t, ts.URL+addr); resp.StatusCode != 200 || strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %q", addr, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
	if resp, _ := get(t, ts.URL+"/static/nothing.css"); resp.StatusCode != 404 {
		t.Errorf("unknown static file: %d", resp.StatusCode)
	}
	if resp, body := get(t, ts.URL+svg[1]); resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(body, "#0b5cab") {
		t.Errorf("SVG icon: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// A real ICO: the header 0,0 1,0 and at least one image.
	resp, ico := get(t, ts.URL+"/favicon.ico")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/x-icon" || !strings.HasPrefix(ico, "\x00\x00\x01\x00") || ico[4] == 0 {
		t.Errorf("/favicon.ico: %d %q % x", resp.StatusCode, resp.Header.Get("Content-Type"), ico[:min(len(ico), 8)])
	}
}

// Every public page says what it holds in a meta description of its own.
func TestPagesHaveMetaDescriptions(t *testing.T) {
	ts, db := newSite(t)
	figure := firstFigure(t, db, iomSeries)
	seen := map[string]string{}
	for addr, want := range map[string]string{
		"/":                    "Sourced figures on migration and displacement",
		"/series/" + govSeries: "Cumulative Afghans repatriated/left Pakistan",
		"/figures/" + figure:   "according to IOM",
		"/compare":             "Choose series",
		"/compare?series=" + govSeries + "," + iomSeries: " on one chart",
		"/changes": "Every publication",
		"/sources/" + sourceIDOf(t, db, bloombergURL): "read in this document",
		"/data": "Download every published",
	} {
		_, page := get(t, ts.URL+addr)
		m := regexp.MustCompile(`<meta name="description" content="([^"]+)">`).FindAllStringSubmatch(page, -1)
		if len(m) != 1 {
			t.Errorf("%s has %d meta descriptions", addr, len(m))
			continue
		}
		if !strings.Contains(m[0][1], want) {
			t.Errorf("%s: description %q lacks %q", addr, m[0][1], want)
		}
		if other, dup := seen[m[0][1]]; dup {
			t.Errorf("%s has the description of %s", addr, other)
		}
		seen[m[0][1]] = addr
	}
}
