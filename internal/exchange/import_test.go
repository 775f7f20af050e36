package exchange_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// testColumns is a file with the columns a person would fill in.
var testColumns = []string{"series", "series_title", "population_group", "measure", "unit", "from_iso3", "to_iso3",
	"period_start", "period_end", "value", "qualifier", "value_low", "value_high", "attributed_to",
	"source_publisher", "source_title", "source_url", "excerpt"}

// validRow is the seed article's IOM figure.
var validRow = map[string]string{
	"series": "afg-returns-from-pak", "series_title": "Afghans returned from Pakistan", "population_group": "returnees",
	"measure": "cumulative", "unit": "persons", "from_iso3": "PAK", "to_iso3": "AFG", "period_start": "2023-09",
	"period_end": "2025-04-19", "value": "1000000", "qualifier": "approx", "attributed_to": "IOM",
	"source_publisher": "Bloomberg", "source_title": "Pakistan Deputy PM in Kabul for Talks",
	"source_url": "https://example.org/bloomberg", "excerpt": "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023.",
}

// csvOf writes a file with testColumns: the header, then one row per
// override map applied to validRow.
func csvOf(rows ...map[string]string) string { return csvWith(testColumns, rows...) }

// csvWith is csvOf with the columns cols.
func csvWith(cols []string, rows ...map[string]string) string {
	var b strings.Builder
	b.WriteString(strings.Join(cols, ",") + "\n")
	for _, over := range rows {
		cells := make([]string, len(cols))
		for i, c := range cols {
			v, ok := over[c]
			if !ok {
				v = validRow[c]
			}
			cells[i] = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		b.WriteString(strings.Join(cells, ",") + "\n")
	}
	return b.String()
}

func importFigures(t *testing.T, db *store.DB, file string) (exchange.Report, error) {
	t.Helper()
	return importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(file), CreateOrganizations: true}, exchange.Options{})
}

// assertNothingWritten checks that a rejected import left no trace.
func assertNothingWritten(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	empty, err := db.IsEmpty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.CountRevisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !empty || n != 0 {
		t.Errorf("rejected import wrote something: empty=%v revisions=%d", empty, n)
	}
}

func TestImportRejectsBadInput(t *testing.T) {
	header := strings.Join(testColumns, ",")
	tests := []struct {
		name string
		file string
		want []string // every one must appear among the problems
	}{
		{"tab-separated (Unicode Text)", strings.ReplaceAll(csvOf(nil), ",", "\t"),
			[]string{`line 1: the columns are separated by tabs, not commas: save the file as CSV UTF-8`}},
		{"semicolon-separated", strings.ReplaceAll(csvOf(nil), ",", ";"),
			[]string{`line 1: the columns are separated by semicolons, not commas`}},
		{"non-numeric value", csvOf(map[string]string{"value": "lots"}),
			[]string{`line 2, column value: "lots" is not a plain number`}},
		{"value with separators", csvOf(map[string]string{"value": "1,000,000"}),
			[]string{`line 2, column value: "1,000,000" is not a plain number: write 1000000`}},
		{"negative value", csvOf(map[string]string{"value": "-5"}),
			[]string{`line 2, column value: -5 is negative`}},
		{"value_low above value_high", csvOf(map[string]string{"qualifier": "range", "value": "7", "value_low": "10", "value_high": "5"}),
			[]string{`line 2, column value_low: 10 is greater than value_high 5`}},
		{"unknown qualifier", csvOf(map[string]string{"qualifier": "roughly"}),
			[]string{`line 2, column qualifier: "roughly" is not known; use one of exact, approx`}},
		{"unknown unit", csvOf(map[string]string{"unit": "people"}),
			[]string{`line 2, column unit: "people" is not known; use one of persons, households, deaths or events`}},
		{"unknown measure", csvOf(map[string]string{"measure": "total"}),
			[]string{`line 2, column measure: "total" is not known`}},
		{"unknown population group", csvOf(map[string]string{"population_group": "expats"}),
			[]string{`line 2, column population_group: "expats" is not known`}},
		{"ISO3 code that does not exist", csvOf(map[string]string{"from_iso3": "PAX"}),
			[]string{`line 2, column from_iso3: "PAX" is not an ISO 3166-1 alpha-3 country code`}},
		{"period_end missing", csvOf(map[string]string{"period_end": ""}),
			[]string{`line 2, column period_end: is required`}},
		{"period_end before period_start", csvOf(map[string]string{"period_start": "2025-05-01", "period_end": "2025-04-19"}),
			[]string{`line 2, column period_end: 2025-04-19 is before period_start 2025-05-01`}},
		{"month 13", csvOf(map[string]string{"period_end": "2025-13-01"}),
			[]string{`line 2, column period_end: "2025-13-01": month 13 does not exist`}},
		{"day-first date", csvOf(map[string]string{"period_end": "31/04/2025"}),
			[]string{`line 2, column period_end: "31/04/2025" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY`}},
		{"30 February", csvOf(map[string]string{"period_end": "2025-02-30"}),
			[]string{`line 2, column period_end: "2025-02-30": February 2025 has no day 30`}},
		{"missing excerpt", csvOf(map[string]string{"excerpt": "  "}),
			[]string{`line 2, column excerpt: is required`}},
		{"missing source URL", csvOf(map[string]string{"source_url": ""}),
			[]string{`line 2, column source_url: is required`}},
		{"missing attributed_to", csvOf(map[string]string{"attributed_to": ""}),
			[]string{`line 2, column attributed_to: is required`}},
		{"javascript URL", csvOf(map[string]string{"source_url": "javascript:alert(1)"}),
			[]string{`line 2, column source_url: "javascript:alert(1)" must start with http:// or https://`}},
		{"ftp URL", csvOf(map[string]string{"source_url": "ftp://example.org/report.pdf"}),
			[]string{`line 2, column source_url: "ftp://example.org/report.pdf" must start with http:// or https://`}},
		{"unknown column", strings.Replace(csvOf(validRow), "excerpt\n", "excerpt,colour\n", 1),
			[]string{`line 1, column colour: unknown column`}},
		{"duplicated column", strings.Replace(csvOf(validRow), "excerpt\n", "excerpt,value\n", 1),
			[]string{`line 1, column value: appears twice (column 10 and column 19)`}},
		{"missing required column", "series,unit,period_end,value\nx,persons,2025,1\n",
			[]string{`line 1, column excerpt: required column is missing`, `line 1, column source_url: required column is missing`}},
		{"empty file", "", []string{`line 1: the file is empty`}},
		{"header only", header + "\n", []string{`line 2: the file has a header but no figure rows`}},
		{"header and HXL row only", header + "\n#indicator+code,#indicator+name\n", []string{`line 2: the file has a header but no figure rows`}},
		{"new series without a title", csvOf(map[string]string{"series_title": ""}),
			[]string{`line 2, column series_title: is required for a new series`}},
		{"slug with capitals", csvOf(map[string]string{"series": "Afg Returns"}),
			[]string{`line 2, column series: "Afg Returns" is not a slug`}},
		{"row with too few fields", header + "\nafg,Afghans\n", []string{`line 2: has 2 fields, the header has 18`}},
		{"bare quote", header + "\n" + `a,"b"c,` + "\n", []string{`line 2: malformed CSV`}},
		{"unit contradicts the series", csvOf(validRow, map[string]string{"unit": "households", "value": "5"}),
			[]string{`line 3, column unit: "households" does not match series afg-returns-from-pak, which has "persons"`}},
		{"several problems on several lines", csvOf(map[string]string{"value": "x"}, validRow, map[string]string{"period_end": "2025-13-01", "excerpt": ""}),
			[]string{`line 2, column value:`, `line 4, column period_end:`, `line 4, column excerpt: is required`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := storetest.SQLite(t)
			rep, err := importFigures(t, db, tc.file)
			if !errors.Is(err, exchange.ErrRejected) {
				t.Fatalf("err = %v, want ErrRejected", err)
			}
			got := rep.Problems.Error()
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("problems:\n%s\nwant one containing:\n%s", got, w)
				}
			}
			assertNothingWritten(t, db)
		})
	}
}

func TestImportAcceptsFileVariants(t *testing.T) {
	multiline := map[string]string{"excerpt": "Nearly a million, \"nearly\",\nacross two lines."}
	tests := []struct {
		name string
		file string
		want int // figures created
	}{
		{"LF line ends", csvOf(validRow), 1},
		{"CRLF line ends", strings.ReplaceAll(csvOf(validRow), "\n", "\r\n"), 1},
		{"UTF-8 BOM", "\xef\xbb\xbf" + csvOf(validRow), 1},
		{"quoted commas, quotes and newlines", csvOf(multiline, map[string]string{"value": "2"}), 2},
		{"HXL row", strings.Replace(csvOf(validRow), "excerpt\n", "excerpt\n#indicator+code,#indicator+name,,,,,,,,,,,,,,,,#description+quote\n", 1), 1},
		{"columns in another order, upper case", "Value,series,unit,period_end,attributed_to,source_publisher,source_title,source_url,excerpt,series_title,population_group,measure\n" +
			"5,s,persons,2024,UNHCR,UNHCR,Report,https://example.org/r,Five people.,Title,refugees,stock\n", 1},
		{"blank line at the end", csvOf(validRow) + "\n\n", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db := storetest.SQLite(t)
			rep, err := importFigures(t, db, tc.file)
			if err != nil {
				t.Fatalf("import: %v\n%v", err, rep.Problems)
			}
			if rep.Figures.Created != tc.want {
				t.Errorf("created %d figures, want %d", rep.Figures.Created, tc.want)
			}
		})
	}
}

func TestImportLineNumbersAfterMultilineField(t *testing.T) {
	db := storetest.SQLite(t)
	file := csvOf(map[string]string{"excerpt": "one\ntwo\nthree"}, map[string]string{"value": "bad"})
	rep, _ := importFigures(t, db, file)
	if got, want := rep.Problems.Error(), `line 5, column value:`; !strings.Contains(got, want) {
		t.Errorf("problems %q, want %q: the second row starts on line 5", got, want)
	}
}

func TestImportIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		file := csvOf(validRow, map[string]string{"value": "857157", "qualifier": "exact", "attributed_to": "Pakistani officials"})
		rep, err := importFigures(t, db, file)
		if err != nil || rep.Figures.Created != 2 {
			t.Fatalf("first import: %+v, %v", rep, err)
		}
		ctx := context.Background()
		revs, _ := db.CountRevisions(ctx)
		version, _ := db.DatasetVersion(ctx)
		rep, err = importFigures(t, db, file)
		if err != nil || rep.Figures.Unchanged != 2 || rep.Figures.Created != 0 {
			t.Fatalf("second import: %+v, %v", rep, err)
		}
		revs2, _ := db.CountRevisions(ctx)
		version2, _ := db.DatasetVersion(ctx)
		if revs2 != revs || version2 != version {
			t.Errorf("re-import changed something: revisions %d → %d, dataset version %d → %d", revs, revs2, version, version2)
		}
	})
}

func TestImportUpdatesByFigureID(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		row := map[string]string{"series": validRow["series"]}
		cols := append([]string{"figure_id"}, testColumns...)
		file := func(value string) string {
			cells := []string{"iom-2025-04"}
			for _, c := range testColumns {
				v := validRow[c]
				if c == "value" {
					v = value
				}
				cells = append(cells, `"`+v+`"`)
			}
			_ = row
			return strings.Join(cols, ",") + "\n" + strings.Join(cells, ",") + "\n"
		}
		if rep, err := importFigures(t, db, file("1000000")); err != nil || rep.Figures.Created != 1 {
			t.Fatalf("create: %+v %v", rep, err)
		}
		rep, err := importFigures(t, db, file("990000"))
		if err != nil || rep.Figures.Updated != 1 {
			t.Fatalf("update: %+v %v", rep, err)
		}
		f, _, err := db.PublicFigure(ctx, "iom-2025-04")
		if err != nil {
			t.Fatal(err)
		}
		if f.Value != 990000 || f.Version != 2 {
			t.Errorf("figure is %v at version %d, want 990000 at version 2", f.Value, f.Version)
		}
		revs, err := db.Revisions(ctx, "figure", "iom-2025-04")
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 || !strings.Contains(string(revs[0].Snapshot), `"value":1000000`) || !strings.Contains(string(revs[1].Snapshot), `"value":990000`) {
			t.Errorf("revisions do not keep both versions: %+v", revs)
		}
	})
}

// TestImportStreamsLargeFile imports a 50 MB file and checks that the heap
// stays far below the file's size: rows are read, checked and written one at
// a time.
func TestImportStreamsLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB import skipped in -short mode")
	}
	db := storetest.SQLite(t)
	const size = 50 << 20
	pr, pw := io.Pipe()
	go func() {
		pw.Write([]byte(strings.Join(testColumns, ",") + "\n"))
		row := csvOf(validRow)
		row = row[strings.Index(row, "\n")+1:]
		written := 0
		for i := 0; written < size; i++ {
			// Distinct excerpts make distinct figures every 500 rows; the rest
			// are repeats that the importer must recognise, not duplicate.
			line := strings.Replace(row, "since September 2023.", fmt.Sprintf("since September 2023 (%d).", i%500), 1)
			n, err := pw.Write([]byte(line))
			if err != nil {
				return
			}
			written += n
		}
		pw.Close()
	}()
	var rep exchange.Report
	var err error
	peak := peakHeap(func() {
		rep, err = importer.Run(context.Background(), db, "test", importer.Input{Figures: pr, CreateOrganizations: true}, exchange.Options{})
	})
	if err != nil {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	if rep.Figures.Created != 500 || rep.Figures.Rows < 100000 {
		t.Errorf("report %+v, want 500 created among >100,000 rows", rep.Figures)
	}
	if p := peak; p > 40<<20 {
		t.Errorf("peak heap %d MB while importing a 50 MB file: the import does not stream", p>>20)
	}
	t.Logf("%d rows, peak heap %d MB", rep.Figures.Rows, peak>>20)
}

// An import over its row limit is refused whole, naming the first line past
// the limit; at the limit it goes through.
func TestImportRowLimit(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	rows := []map[string]string{{"value": "1"}, {"value": "2"}, {"value": "3"}}
	rep, err := importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(csvOf(rows...)), CreateOrganizations: true}, exchange.Options{MaxRows: 2})
	if !errors.Is(err, exchange.ErrRejected) || len(rep.Problems) != 1 {
		t.Fatalf("err %v, problems %v", err, rep.Problems)
	}
	if p := rep.Problems[0].Error(); !strings.Contains(p, "line 4") || !strings.Contains(p, "more than 2 figure rows") {
		t.Errorf("problem %q should name line 4 and the limit", p)
	}
	assertNothingWritten(t, db)
	if _, err := importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(csvOf(rows[:2]...)), CreateOrganizations: true}, exchange.Options{MaxRows: 2}); err != nil {
		t.Fatal(err)
	}
}
