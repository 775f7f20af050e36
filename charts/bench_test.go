package charts

import (
	"fmt"
	"io"
	"math"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// benchInput is a series of n figures shared among four publishers, each
// publishing one a day and the last on 1 Jun 2025: 100,000 figures reach
// back to 1957, inside the years a domain.Date may hold.
func benchInput(n int) Input {
	in := demoInput()
	in.Figures = make([]domain.Figure, n)
	pubs := []string{"IOM", "UNHCR", "Pakistan Ministry of Interior", "Border Consortium"}
	quals := []domain.Qualifier{domain.Exact, domain.Exact, domain.Approx, domain.AtLeast}
	start := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(n-1)/len(pubs))
	for i := range in.Figures {
		p := i % len(pubs)
		d := i / len(pubs)
		v := math.Round(float64(d)*900 + 20000*math.Sin(float64(d)/40) + float64(p)*15000 + 30000)
		in.Figures[i] = fig(fmt.Sprintf("b%06d", i), "", v, quals[p], pubs[p], "Example News", "")
		in.Figures[i].PeriodEnd = domain.DateOf(start.AddDate(0, 0, d))
	}
	return in
}

var benchSizes = []int{10, 1_000, 100_000}

// BenchmarkSVG measures an uncached SVG at medium size, layout included:
// go test -run=^$ -bench=. -benchmem ./charts
func BenchmarkSVG(b *testing.B) {
	benchWrite(b, (*Chart).WriteSVG)
}

// BenchmarkPNG measures an uncached PNG at medium size, layout included.
func BenchmarkPNG(b *testing.B) {
	benchWrite(b, (*Chart).WritePNG)
}

func benchWrite(b *testing.B, write func(*Chart, io.Writer) error) {
	for _, n := range benchSizes {
		in := benchInput(n)
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c, err := SeriesChart(in, SizeMedium)
				if err != nil {
					b.Fatal(err)
				}
				if err := write(c, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
