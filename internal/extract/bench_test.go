package extract

import (
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// corpusSentences is the sentences of the labelled corpus.
func corpusSentences(b testing.TB) []string {
	b.Helper()
	f, err := os.Open("testdata/corpus.csv")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, r := range recs[1:] {
		out = append(out, r[0])
	}
	return out
}

// BenchmarkRead reads each corpus sentence in turn, as the figure form does
// for a pasted sentence, and reports the 99th percentile of one read
// (issue 18: under 5 ms).
func BenchmarkRead(b *testing.B) {
	ss := corpusSentences(b)
	o := Options{Published: domain.Date{Year: 2025, Month: 4, Day: 20}, Series: "Afghans returned from Pakistan"}
	times := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		Read(ss[i%len(ss)], o)
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns/sentence")
	}
}

// twentyPages lays the corpus sentences out as a 20-page report as
// pdftotext gives it: a heading per section, highlights as bullets,
// paragraphs hard-wrapped at 90 columns, a table, a footer and a form feed
// per page. Each page repeats the sentences from a different starting
// point, to some 70 KB.
func twentyPages(b testing.TB) string {
	ss := corpusSentences(b)
	var w strings.Builder
	for page := 1; page <= 20; page++ {
		fmt.Fprintf(&w, "Section %d: displacement and returns\n\nHighlights\n", page)
		for k := range 3 {
			fmt.Fprintf(&w, "• %s\n", ss[(page*7+k)%len(ss)])
		}
		w.WriteString("\n")
		for para := range 3 {
			var p []string
			for k := range 5 {
				p = append(p, ss[(page*13+para*5+k)%len(ss)])
			}
			w.WriteString(wrap(strings.Join(p, " "), 90))
			w.WriteString("\n\n")
		}
		w.WriteString("Province\tIndividuals\tHouseholds\n")
		for k := range 4 {
			fmt.Fprintf(&w, "District %d\t%d\t%d\n", k+1, 1200*(page+k), 200*(page+k))
		}
		fmt.Fprintf(&w, "\nPage %d of 20\n\f", page)
	}
	return w.String()
}

// wrap breaks s into lines of at most width bytes at spaces.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len(line)+1+len(word) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

// BenchmarkDocument20Pages reads a 20-page report's text (issue 18: under
// 200 ms).
func BenchmarkDocument20Pages(b *testing.B) {
	text := twentyPages(b)
	o := Options{Published: domain.Date{Year: 2025, Month: 4, Day: 20}}
	b.SetBytes(int64(len(text)))
	n := 0
	for b.Loop() {
		n = len(Document(text, o))
	}
	b.ReportMetric(float64(n), "candidates")
	b.ReportMetric(float64(len(text))/1024, "KB")
}
