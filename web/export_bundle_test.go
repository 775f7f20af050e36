package web_test

import (
	"archive/zip"
	"context"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
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

// Events on one day: the series page lists them in the order the chart
// numbers them (by date, then title), whatever order they were entered in
// (the store orders them by date and a random id), so that the chart's
// key, which points to the page for the events it has no room for, and
// the bundle's events-key.txt agree with it.
func TestEventsListedInTheChartsNumbering(t *testing.T) {
	db := storetest.Demo(t)
	ctx := context.Background()
	src := domain.Source{Title: "A report", Publisher: "Dawn", URL: "https://example.org/report", PublishedOn: domain.MustDate("2024-03-02")}
	titles := []string{"Same-day event F", "Same-day event E", "Same-day event D", "Same-day event C", "Same-day event B", "Same-day event A"}
	for _, title := range titles {
		var id string
		if err := db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
			var err error
			if id, err = tx.CreateEvent(ctx, domain.Event{Date: domain.MustDate("2024-03-01"), Title: title, Kind: "policy",
				Countries: []string{"PAK"}, Source: src, Excerpt: "…"}); err != nil {
				return err
			}
			return tx.ActEvent(ctx, id, 0, domain.ActionSubmit, "")
		}); err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, "reviewer@example.org", func(tx *store.Tx) error {
			return tx.ActEvent(ctx, id, 0, domain.ActionApprove, "")
		}); err != nil {
			t.Fatal(err)
		}
	}
	ts, _ := serve(t, db, web.Config{})
	_, page := get(t, ts.URL+"/series/"+govSeries)
	_, body := get(t, ts.URL+"/series/"+govSeries+"/bundle.zip")
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var key string
	for _, f := range zr.File {
		if f.Name == "events-key.txt" {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			key = string(b)
		}
	}
	for what, text := range map[string]string{"the page": page, "events-key.txt": key} {
		last := -1
		for i := len(titles) - 1; i >= 0; i-- { // A to F
			at := strings.Index(text, titles[i])
			if at < 0 || at < last {
				t.Errorf("%s lists %q out of the chart's order, or not at all", what, titles[i])
			}
			last = at
		}
	}
}
