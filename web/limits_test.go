package web_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
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
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "larger than 1 MB") {
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
	if errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return // refused and closed before the client had sent it all: also a refusal
	}
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Errorf("chunked 2 MB form: %d", resp.StatusCode)
	}
}

// A series reported often by several organisations has hundreds of
// conflicts, revisions and falls; its page lists the latest ten (and the
// latest three facts where sources agree) and says how many there are, so
// that it stays light enough for a phone.
func TestSeriesPageBoundsDisagreements(t *testing.T) {
	ts, db := newSite(t)
	storetest.LoadSynthetic(t, db, synth.Config{Figures: 300, Series: 1, Seed: 2})
	resp, page := get(t, ts.URL+"/series/syn-00000-pak-afg-returnees-cumulative")
	if resp.StatusCode != 200 {
		t.Fatalf("%d", resp.StatusCode)
	}
	if n := strings.Count(page, `class="pair-title"`); n != 10 {
		t.Errorf("%d conflicts, revisions and falls listed, want 10", n)
	}
	if n := strings.Count(page, `class="agree-title"`); n != 3 {
		t.Errorf("%d facts where sources agree listed, want 3", n)
	}
	if !strings.Contains(page, "These are the latest 10 of ") || !strings.Contains(page, "more facts where sources agree are not listed") {
		t.Error("the page does not say that more findings exist")
	}
	// 300 figures with their excerpts, each attribution linked to its
	// organisation's page, two inline charts (wide, and phone with the
	// series' headline), their text drawn as glyphs (about 55 KB each,
	// 17 KB gzipped), the link preview's meta, and the findings (ten with
	// both claims' sentences, three facts where sources agree): about 645
	// KB, about 85 KB gzipped as it is sent.
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte(page))
	zw.Close()
	if len(page) > 660_000 || z.Len() > 90_000 {
		t.Errorf("the page is %d bytes, %d gzipped", len(page), z.Len())
	}
}

// API pages come from the render cache until the dataset changes; a
// publish is in the next response, whatever was cached before.
func TestAPIPagesCachedUntilThePublishedDataChanges(t *testing.T) {
	ts, db := newSite(t)
	_, first := get(t, ts.URL+"/api/v1/figures?limit=1000")
	_, again := get(t, ts.URL+"/api/v1/figures?limit=1000")
	if first != again || strings.Contains(first, "syn-00000") {
		t.Fatalf("two reads of an unchanged dataset differ, or the new series is there too early")
	}
	storetest.LoadSynthetic(t, db, synth.Config{Figures: 3, Series: 1, Seed: 4})
	if _, after := get(t, ts.URL+"/api/v1/figures?limit=1000"); !strings.Contains(after, "syn-00000") {
		t.Error("the cached page hid a published figure")
	}
}

// Cached pages come gzipped to clients that take it (the same page, a
// tenth of the bytes), plain to the others, with Vary and matching tags.
func TestCachedPagesCompressed(t *testing.T) {
	ts, _ := newSite(t)
	tr := &http.Transport{DisableCompression: true} // see the raw bytes
	client := &http.Client{Transport: tr}
	fetch := func(enc, inm string) (*http.Response, []byte) {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/series/"+iomSeries, nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		if inm != "" {
			req.Header.Set("If-None-Match", inm)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	plainResp, plain := fetch("", "")
	zResp, z := fetch("br, gzip;q=0.8", "")
	if plainResp.Header.Get("Content-Encoding") != "" || zResp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("encodings %q and %q", plainResp.Header.Get("Content-Encoding"), zResp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		t.Fatal(err)
	}
	unz, _ := io.ReadAll(zr)
	if !bytes.Equal(unz, plain) || len(z)*3 > len(plain) {
		t.Errorf("gzip body: %d bytes for %d plain, same content %v", len(z), len(plain), bytes.Equal(unz, plain))
	}
	for _, r := range []*http.Response{plainResp, zResp} {
		if r.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Vary %q", r.Header.Get("Vary"))
		}
	}
	if et := zResp.Header.Get("ETag"); et != "W/"+plainResp.Header.Get("ETag") {
		t.Errorf("ETags %q (gzip) and %q", et, plainResp.Header.Get("ETag"))
	}
	if r, _ := fetch("gzip", zResp.Header.Get("ETag")); r.StatusCode != 304 {
		t.Errorf("conditional gzip request: %d", r.StatusCode)
	}
	if r, _ := fetch("gzip;q=0", ""); r.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 got gzip")
	}
}
