package charts

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var pngDir = flag.String("png", "", "write example PNGs and SVGs (chart-demo.png, chart-compare.png, chart-window.png, chart-range.png, …) to this directory for a person to look at")

// TestExamplePNGs renders the examples a reviewer looks at:
// go test ./charts -run ExamplePNGs -png /tmp
func TestExamplePNGs(t *testing.T) {
	if *pngDir == "" {
		t.Skip("no -png directory")
	}
	series := func(in Input, size Size) func() (*Chart, error) {
		return func() (*Chart, error) { return SeriesChart(in, size) }
	}
	short := demoInput()
	short.From, short.To = time.Date(2023, 10, 15, 0, 0, 0, 0, time.UTC), time.Date(2023, 11, 10, 0, 0, 0, 0, time.UTC)
	six := sixInputs()
	cases := map[string]func() (*Chart, error){
		"chart-demo.png":          series(demoInput(), SizeMedium),
		"chart-demo-small.png":    series(demoInput(), SizeSmall),
		"chart-demo-large.png":    series(demoInput(), SizeLarge),
		"chart-demo-social.png":   series(demoInput(), SizeSocial),
		"chart-empty.png":         series(emptyInput(), SizeMedium),
		"chart-one.png":           series(oneInput(), SizeMedium),
		"chart-1000.png":          series(benchInput(1000), SizeMedium),
		"chart-mixed.png":         series(mixedInput(), SizeMedium),
		"chart-unicode.png":       series(unicodeInput(), SizeSmall),
		"chart-one-small.png":     series(oneInput(), SizeSmall),
		"chart-window.png":        series(windowInput(), SizeMedium),
		"chart-window-short.png":  series(short, SizeMedium),
		"chart-range.png":         series(rangeInput(), SizeMedium),
		"chart-compare.png":       func() (*Chart, error) { return CompareChart(compareInputs(), SizeMedium, compareLink) },
		"chart-compare-small.png": func() (*Chart, error) { return CompareChart(compareInputs(), SizeSmall, compareLink) },
		"chart-compare-six.png":   func() (*Chart, error) { return CompareChart(six, SizeMedium, compareLink) },
		"chart-orgs.png":          series(unhcrFiveWaysInput(), SizeMedium),
		"chart-orgs-phone.png":    series(unhcrFiveWaysInput(), SizePhone),
		"chart-orgs-pak.png":      series(resolvedPakInput(), SizeMedium),
		"chart-marks.png":         series(marksInput(), SizeMedium),
		"chart-marks-small.png":   series(marksInput(), SizeSmall),
		"chart-marks-large.png":   series(marksInput(), SizeLarge),
		"chart-marks-social.png":  series(marksInput(), SizeSocial),
		"chart-marks-phone.png":   series(marksInput(), SizePhone),
		"chart-compare-marks.png": func() (*Chart, error) {
			return CompareChart([]Input{marksInput(), resolvedPakInput()}, SizeMedium, compareLink)
		},
		"chart-compare-orgs.png": func() (*Chart, error) {
			return CompareChart([]Input{resolvedPakInput(), unhcrFiveWaysInput()}, SizeMedium, compareLink)
		},
	}
	for name, chart := range cases {
		c, err := chart()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		base := filepath.Join(*pngDir, strings.TrimSuffix(name, ".png"))
		write(t, base+".png", c.WritePNG)
		write(t, base+".svg", c.WriteSVG)
	}
}

func write(t *testing.T, path string, to func(io.Writer) error) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := to(f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
