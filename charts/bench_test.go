package charts

import (
	"fmt"
	"io"
	"math"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// benchInput is a series of n daily figures shared among four publishers.
func benchInput(n int) Input {
	in := demoInput()
	in.Figures = make([]domain.Figure, n)
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	pubs := []string{"IOM", "UNHCR", "Pakistan Ministry of Interior", "Border Consortium"}
	quals := []domain.Qualifier{domain.Exact, domain.Exact, domain.Approx, domain.AtLeast}
	for i := range in.Figures {
		p := i % len(pubs)
		v := math.Round(float64(i)*900 + 20000*math.Sin(float64(i)/40) + float64(p)*15000 + 30000)
		in.Figures[i] = fig(fmt.Sprintf("b%04d", i), start.AddDate(0, 0, i).Format("2006-01-02"),
			v, quals[p], pubs[p], "Example News", "")
	}
	return in
}

// BenchmarkSVG1000 measures an uncached SVG of 1,000 figures at medium size.
func BenchmarkSVG1000(b *testing.B) {
	in := benchInput(1000)
	b.ReportAllocs()
	for b.Loop() {
		c, err := SeriesChart(in, SizeMedium)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.WriteSVG(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPNG1000 measures an uncached PNG of 1,000 figures at medium size.
func BenchmarkPNG1000(b *testing.B) {
	in := benchInput(1000)
	b.ReportAllocs()
	for b.Loop() {
		c, err := SeriesChart(in, SizeMedium)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.WritePNG(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
