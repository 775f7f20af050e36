package charts

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.svg from the current output")

// goldens are the charts a person has looked at, one per kind. After an
// intended change: go test ./charts -update, read the diff, look at the PNGs
// (go test ./charts -run ExamplePNGs -png /tmp).
var goldens = map[string]func() (*Chart, error){
	"series":  func() (*Chart, error) { return SeriesChart(demoInput(), SizeMedium) },
	"compare": func() (*Chart, error) { return CompareChart(compareInputs(), SizeMedium, compareLink) },
	"empty":   func() (*Chart, error) { return SeriesChart(emptyInput(), SizeMedium) },
	"one":     func() (*Chart, error) { return SeriesChart(oneInput(), SizeMedium) },
	"window":  func() (*Chart, error) { return SeriesChart(windowInput(), SizeMedium) },
	"range":   func() (*Chart, error) { return SeriesChart(rangeInput(), SizeMedium) },
	"orgs":    func() (*Chart, error) { return SeriesChart(unhcrFiveWaysInput(), SizeMedium) },
	// A deprecated and a preferred claim; the phone size draws the headline.
	"marks":       func() (*Chart, error) { return SeriesChart(marksInput(), SizeMedium) },
	"marks-phone": func() (*Chart, error) { return SeriesChart(marksInput(), SizePhone) },
	"compare-orgs": func() (*Chart, error) {
		return CompareChart([]Input{resolvedPakInput(), unhcrFiveWaysInput()}, SizeMedium, compareLink)
	},
	// Dari, Pashto and Arabic in the title, legend, events and sources.
	"arabic":       func() (*Chart, error) { return SeriesChart(arabicInput(), SizeMedium) },
	"arabic-phone": func() (*Chart, error) { return SeriesChart(arabicInput(), SizePhone) },
	// The worst realistic case (room_test.go): many events, many
	// organisations, many sources; each key compact, the plot half the height.
	"many-events": func() (*Chart, error) { return SeriesChart(fewOrgs(worstInput(), 3), SizeMedium) },
	"many-orgs": func() (*Chart, error) {
		in := worstInput()
		in.Events = nil
		return SeriesChart(in, SizeMedium)
	},
	"many-phone":   func() (*Chart, error) { return SeriesChart(worstInput(), SizePhone) },
	"compare-many": func() (*Chart, error) { return CompareChart(worstCompare(), SizeMedium, worstCompareLink) },
	"window-empty": func() (*Chart, error) {
		in := demoInput()
		in.From, in.To = time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
		return SeriesChart(in, SizeMedium)
	},
}

func TestGoldenSVGs(t *testing.T) {
	for name, chart := range goldens {
		t.Run(name, func(t *testing.T) {
			got := svgOf(t, chart)
			path := filepath.Join("testdata", name+".golden.svg")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./charts -update to create it)", err)
			}
			if got != string(want) {
				bad := filepath.Join(t.TempDir(), name+".got.svg")
				os.WriteFile(bad, []byte(got), 0o644)
				t.Errorf("SVG differs from %s; got written to %s (go test ./charts -update accepts it)", path, bad)
			}
		})
	}
}

func svgOf(t *testing.T, chart func() (*Chart, error)) string {
	t.Helper()
	c, err := chart()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.WriteSVG(&b); err != nil {
		t.Fatalf("WriteSVG: %v", err)
	}
	return b.String()
}
