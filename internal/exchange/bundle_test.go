package exchange_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func TestBundle(t *testing.T) {
	db := storetest.Demo(t)
	ctx := context.Background()
	var series domain.Series
	var figs []domain.Figure
	db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: "afg-repatriated-from-pak-cumulative-pak-gov"}, func(s domain.Series, f domain.Figure) error {
		series, figs = s, append(figs, f)
		return nil
	})
	meta := exchange.BundleMeta{Title: series.Title, Subtitle: "Returnees · Pakistan → Afghanistan · persons, cumulative total",
		Citation: "Pakistani officials and others (2025). The series [Data set]. Displacement Tracker.", InlineCitation: "(Pakistani officials; others, via Displacement Tracker, 2025)",
		Permalink: "https://tracker.example.org/series/" + series.Slug, Licence: "CC-BY-4.0", Version: 7,
		Downloaded: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)}
	// Text a spreadsheet would run: the bundle is for spreadsheet users.
	figs[0].Excerpt, figs[0].AttributedTo = `=HYPERLINK("http://evil.example","x")`, "@SUM(A1)"
	var buf bytes.Buffer
	if err := exchange.WriteBundle(&buf, meta, exchange.WriteOptions{BaseURL: "https://tracker.example.org"}, series, figs,
		[]byte("\x89PNG fake"), []byte("<svg/>")); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		r, _ := f.Open()
		files[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	for _, name := range []string{"figures.csv", "metadata.json", "readme.md", "chart.png", "chart.svg", "manifest.sha256"} {
		if _, ok := files[name]; !ok {
			t.Errorf("the bundle lacks %s", name)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(string(files["manifest.sha256"])), "\n") {
		sum, name, _ := strings.Cut(line, "  ")
		got := sha256.Sum256(files[name])
		if hex.EncodeToString(got[:]) != sum {
			t.Errorf("manifest hash of %s does not match", name)
		}
	}
	var md struct {
		Citation    string `json:"citation"`
		DataVersion int64  `json:"data_version"`
		Sources     []struct {
			Publisher, Title, URL string
		} `json:"sources"`
	}
	if err := json.Unmarshal(files["metadata.json"], &md); err != nil || md.DataVersion != 7 || len(md.Sources) != 10 || md.Citation != meta.Citation {
		t.Errorf("metadata.json: %+v %v", md, err)
	}
	// The canonical columns with the HXL row, after a byte-order mark so
	// that Excel reads UTF-8, and formula-like text defused as ?excel=1 does.
	if !bytes.HasPrefix(files["figures.csv"], []byte("\xEF\xBB\xBFfigure_id,")) || !bytes.Contains(files["figures.csv"], []byte("#meta+id")) {
		t.Errorf("figures.csv is not the canonical CSV with its HXL row after a byte-order mark: %.40q", files["figures.csv"])
	}
	rows, err := csv.NewReader(bytes.NewReader(files["figures.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var row map[string]string
	for _, r := range rows {
		if r[0] == figs[0].ID {
			row = map[string]string{}
			for i, c := range exchange.FigureColumns {
				row[c.Name] = r[i]
			}
		}
	}
	if row["excerpt"] != `'=HYPERLINK("http://evil.example","x")` || row["attributed_to"] != "'@SUM(A1)" {
		t.Errorf("figures.csv carries formula-like text raw: excerpt %q, attributed_to %q", row["excerpt"], row["attributed_to"])
	}
	golden := filepath.Join("testdata", "bundle", "readme.golden.md")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		os.WriteFile(golden, files["readme.md"], 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./internal/exchange -run Bundle -update writes it)", err)
	}
	if !bytes.Equal(files["readme.md"], want) {
		t.Errorf("readme.md differs from %s:\n%s", golden, files["readme.md"])
	}
}
