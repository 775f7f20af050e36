package exchange_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// generated returns a canonical CSV of n distinct figures spread over 100
// series, 5 publishers and 50 sources, with the qualifiers real data has.
func generated(n int) []byte {
	var b bytes.Buffer
	b.WriteString(strings.Join(testColumns, ",") + "\n")
	qualifiers := []string{"exact", "exact", "approx", "at_least", "more_than"}
	for i := range n {
		s := i % 100
		day := 1 + i%28
		month := 1 + (i/28)%12
		year := 2000 + (i/336)%200
		fmt.Fprintf(&b, "series-%d,Series %d,returnees,cumulative,persons,PAK,AFG,,%04d-%02d-%02d,%d,%s,,,Publisher %d,Outlet %d,Report %d,https://example.org/report/%d,\"Row %d: %d people have returned, officials said.\"\n",
			s, s, year, month, day, 1000+i, qualifiers[i%5], i%5, i%50, i%50, i%50, i, 1000+i)
	}
	return b.Bytes()
}

// BenchmarkImport100k imports 100,000 new rows into an empty SQLite file.
func BenchmarkImport100k(b *testing.B) {
	file := generated(100_000)
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		db := storetest.SQLite(b)
		b.StartTimer()
		rep, err := importer.Run(context.Background(), db, "bench", importer.Input{Figures: bytes.NewReader(file), CreateOrganizations: true}, exchange.Options{})
		if err != nil || rep.Figures.Created != 100_000 {
			b.Fatalf("%v %+v %v", err, rep.Figures, rep.Problems)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkExport100k streams 100,000 published figures from SQLite to CSV.
func BenchmarkExport100k(b *testing.B) {
	db := storetest.SQLite(b)
	if _, err := importer.Run(context.Background(), db, "bench", importer.Input{Figures: bytes.NewReader(generated(100_000)), CreateOrganizations: true}, exchange.Options{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		fw, err := exchange.NewFigureWriter(io.Discard, exchange.WriteOptions{HXL: true, BaseURL: "https://tracker.example.org"})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		err = db.PublicFigureStream(context.Background(), store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
			n++
			return fw.Write(s, f)
		})
		if err != nil || fw.Flush() != nil || n != 100_000 {
			b.Fatalf("%v, %d rows", err, n)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkExport1M streams 1,000,000 published figures to CSV and reports
// rows/s and the peak heap above the baseline: the export must not hold the
// rows. It needs a minute or two to import them first, so it runs only when
// named: go test -run '^$' -bench Export1M ./internal/exchange
func BenchmarkExport1M(b *testing.B) {
	if !strings.Contains(flagBench(), "Export1M") {
		b.Skip("run with -bench Export1M")
	}
	db := storetest.SQLite(b)
	if _, err := importer.Run(context.Background(), db, "bench", importer.Input{Figures: bytes.NewReader(generated(1_000_000)), CreateOrganizations: true}, exchange.Options{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			fw, _ := exchange.NewFigureWriter(io.Discard, exchange.WriteOptions{HXL: true, BaseURL: "https://tracker.example.org"})
			if err := db.PublicFigureStream(context.Background(), store.FigureFilter{}, fw.Write); err != nil {
				b.Fatal(err)
			}
			fw.Flush()
		}))
	}
	b.ReportMetric(float64(1_000_000*b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

func flagBench() string {
	if f := flag.Lookup("test.bench"); f != nil {
		return f.Value.String()
	}
	return ""
}
