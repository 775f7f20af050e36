package exchange_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// update rewrites the golden files of the tests that run (narrow them with
// -run): testdata/csv, testdata/xlsx, testdata/bundle, testdata/datapackage.
var update = flag.Bool("update", false, "rewrite the golden files under testdata of the tests that run")

// TestDemoSeriesCSVGolden pins the canonical CSV of the demo's government
// series, byte for byte, but for the figure ids, which are random per
// install and are numbered here in order of appearance.
func TestDemoSeriesCSVGolden(t *testing.T) {
	db := storetest.Demo(t)
	ctx := context.Background()
	var buf bytes.Buffer
	fw, err := exchange.NewFigureWriter(&buf, exchange.WriteOptions{HXL: true, BaseURL: "https://tracker.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PublicFigureStream(ctx, store.FigureFilter{SeriesSlug: "afg-repatriated-from-pak-cumulative-pak-gov"}, fw.Write); err != nil {
		t.Fatal(err)
	}
	fw.Flush()
	ids := map[string]string{}
	got := regexp.MustCompile(`\b[0-9a-hjkmnp-tv-z]{16}\b`).ReplaceAllFunc(buf.Bytes(), func(id []byte) []byte {
		if _, ok := ids[string(id)]; !ok {
			ids[string(id)] = "figure-" + strconv.Itoa(len(ids)+1)
		}
		return []byte(ids[string(id)])
	})
	golden := filepath.Join("testdata", "csv", "demo-series.golden.csv")
	if *update {
		os.MkdirAll(filepath.Dir(golden), 0o755)
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./internal/exchange -run CSVGolden -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the demo series CSV differs from %s:\n%s", golden, got)
	}
}
