package web_test

import (
	"archive/zip"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The bundle's chart lists the events it has room for and points to the
// rest; its events-key.txt lists them all, numbered as on the chart.
func TestBundleEventKey(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/series/"+govSeries+"/bundle.zip")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(b)
	}
	key := files["events-key.txt"]
	mustContain(t, "readme.md", files["readme.md"], "`events-key.txt`")
	mustContain(t, "manifest.sha256", files["manifest.sha256"], "  events-key.txt")
	if !regexp.MustCompile(`(?m)^\d+\. 30 Apr 2025: Deadline for undocumented Afghans to leave Pakistan`).MatchString(key) ||
		!strings.Contains(key, ts.URL+"/series/"+govSeries) {
		t.Errorf("events-key.txt lacks the numbered deadline or the permalink:\n%s", key)
	}
	_, list, _ := strings.Cut(key, "\n\n")
	lines := strings.Split(strings.TrimSpace(list), "\n")
	for i, line := range lines {
		n := strconv.Itoa(i + 1)
		if !strings.HasPrefix(line, n+". ") {
			t.Errorf("events-key.txt line %q is not number %s", line, n)
		}
		if !strings.Contains(files["chart.svg"], ">"+n+"<") {
			t.Errorf("the chart does not number event %s", n)
		}
	}
	// The chart points to the permalink for the events its key leaves out.
	if svg := files["chart.svg"]; len(lines) < 2 || !strings.Contains(svg, strings.TrimPrefix(lines[0], "1. ")) && !strings.Contains(svg, "listed at ") {
		t.Errorf("the chart neither lists event 1 nor says where the events are (%d events)", len(lines))
	}
}
