package exchange_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

// A bundle whose chart numbers events carries them all in events-key.txt,
// in the chart's numbering, and its readme says so; one without events
// carries no such file.
func TestBundleEventKeyFile(t *testing.T) {
	series := domain.Series{Slug: "s", Title: "A series", Unit: "persons"}
	for _, keys := range [][]string{nil, {"1. 3 Oct 2023: A plan is announced", "2. 1 Nov 2023: A deadline\nwith a line break"}} {
		meta := exchange.BundleMeta{Title: series.Title, Permalink: "https://tracker.example.org/series/s", Licence: "CC-BY-4.0",
			Version: 1, Downloaded: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), EventKey: keys}
		var buf bytes.Buffer
		if err := exchange.WriteBundle(&buf, meta, exchange.WriteOptions{}, series, nil, []byte("png"), []byte("<svg/>")); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		files := map[string]string{}
		for _, f := range zr.File {
			r, _ := f.Open()
			b, _ := io.ReadAll(r)
			files[f.Name] = string(b)
		}
		key, ok := files["events-key.txt"]
		if len(keys) == 0 {
			if ok || strings.Contains(files["readme.md"], "events-key.txt") {
				t.Error("a bundle without events has an events-key.txt, or its readme names one")
			}
			continue
		}
		want := "Events on the chart of A series, numbered as on chart.png and chart.svg.\nOnline: https://tracker.example.org/series/s\n\n" +
			"1. 3 Oct 2023: A plan is announced\n2. 1 Nov 2023: A deadline with a line break\n"
		if key != want {
			t.Errorf("events-key.txt:\n%s\nwant:\n%s", key, want)
		}
		if !strings.Contains(files["readme.md"], "`events-key.txt`") || !strings.Contains(files["manifest.sha256"], "  events-key.txt\n") {
			t.Error("the readme or the manifest does not name events-key.txt")
		}
	}
}
