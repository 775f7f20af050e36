package charts

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var pngDir = flag.String("png", "", "write example PNGs (chart-demo.png, chart-empty.png, chart-one.png, …) to this directory for a person to look at")

// TestExamplePNGs renders the examples a reviewer looks at:
// go test ./charts -run ExamplePNGs -png /tmp
func TestExamplePNGs(t *testing.T) {
	if *pngDir == "" {
		t.Skip("no -png directory")
	}
	cases := map[string]struct {
		in   Input
		size Size
	}{
		"chart-demo.png":        {demoInput(), SizeMedium},
		"chart-demo-small.png":  {demoInput(), SizeSmall},
		"chart-demo-large.png":  {demoInput(), SizeLarge},
		"chart-demo-social.png": {demoInput(), SizeSocial},
		"chart-empty.png":       {emptyInput(), SizeMedium},
		"chart-one.png":         {oneInput(), SizeMedium},
		"chart-1000.png":        {benchInput(1000), SizeMedium},
		"chart-mixed.png":       {mixedInput(), SizeMedium},
		"chart-unicode.png":     {unicodeInput(), SizeSmall},
		"chart-one-small.png":   {oneInput(), SizeSmall},
	}
	for name, tc := range cases {
		c, err := SeriesChart(tc.in, tc.size)
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
