package exchange_test

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

const xlsxBase = "https://tracker.example.org"

var xlsxMeta = exchange.XLSXMeta{Title: "All published figures", Licence: "CC-BY-4.0", Version: 42,
	Downloaded: time.Date(2025, 6, 5, 12, 30, 0, 0, time.UTC), Permalink: xlsxBase + "/figures"}

type xlsxFig struct {
	s domain.Series
	f domain.Figure
}

// xlsxDemo loads the demo dataset and returns its published figures
// and events with fixed ids (the demo file gives none, so the store draws
// random ones), in an order that does not depend on those ids.
func xlsxDemo(t *testing.T) ([]xlsxFig, []domain.Event) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Demo(t)
	var figs []xlsxFig
	err := db.PublicFigureStream(ctx, store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
		figs = append(figs, xlsxFig{s, f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.SortStableFunc(figs, func(a, b xlsxFig) int {
		return cmp.Or(cmp.Compare(a.s.Slug, b.s.Slug), a.f.PeriodEnd.Last().Compare(b.f.PeriodEnd.Last()),
			cmp.Compare(a.f.AttributedTo, b.f.AttributedTo), cmp.Compare(a.f.Value, b.f.Value))
	})
	for i := range figs {
		figs[i].f.ID = fmt.Sprintf("demo-%02d", i+1)
	}
	events, err := db.PublicEvents(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range events {
		events[i].ID = fmt.Sprintf("event-%02d", i+1)
	}
	if len(figs) == 0 || len(events) == 0 {
		t.Fatalf("demo: %d figures, %d events", len(figs), len(events))
	}
	return figs, events
}

// writeXLSX writes figs and events as a workbook.
func writeXLSX(t testing.TB, figs []xlsxFig, events []domain.Event) []byte {
	t.Helper()
	x, err := exchange.NewXLSXWriter(exchange.WriteOptions{HXL: true, BaseURL: xlsxBase})
	if err != nil {
		t.Fatal(err)
	}
	for _, sf := range figs {
		if err := x.Write(sf.s, sf.f); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := x.Finish(&buf, events, xlsxMeta); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// col is the letter of a Figures column.
func xlsxCol(t testing.TB, cols []exchange.Column, name string) string {
	t.Helper()
	i := slices.IndexFunc(cols, func(c exchange.Column) bool { return c.Name == name })
	if i < 0 {
		t.Fatalf("no column %s", name)
	}
	letter, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		t.Fatal(err)
	}
	return letter
}

func xlsxCell(t testing.TB, f *excelize.File, sheet, ref string, raw bool) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: raw})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func xlsxRows(t testing.TB, f *excelize.File, sheet string) [][]string {
	t.Helper()
	r, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func xlsxNumFmt(t testing.TB, f *excelize.File, sheet, ref string) (int, string) {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	custom := ""
	if st.CustomNumFmt != nil {
		custom = *st.CustomNumFmt
	}
	return st.NumFmt, custom
}

func xlsxCellType(t testing.TB, f *excelize.File, sheet, ref string) excelize.CellType {
	t.Helper()
	ct, err := f.GetCellType(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	return ct
}

// assertDay checks that ref holds day as an Excel date: a number (no
// string type) shown as yyyy-mm-dd.
func xlsxAssertDay(t *testing.T, f *excelize.File, sheet, ref, day string) {
	t.Helper()
	if ct := xlsxCellType(t, f, sheet, ref); ct != excelize.CellTypeUnset && ct != excelize.CellTypeNumber {
		t.Errorf("%s!%s: cell type %v, want a number (a date serial)", sheet, ref, ct)
	}
	raw := xlsxCell(t, f, sheet, ref, true)
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil {
		t.Fatalf("%s!%s: raw value %q is not a date serial", sheet, ref, raw)
	}
	got, err := excelize.ExcelDateToTime(serial, false)
	if err != nil || got.Format(time.DateOnly) != day {
		t.Errorf("%s!%s: serial %v is %v (%v), want %s", sheet, ref, serial, got, err, day)
	}
	if _, custom := xlsxNumFmt(t, f, sheet, ref); custom != "yyyy-mm-dd" {
		t.Errorf("%s!%s: number format %q, want yyyy-mm-dd", sheet, ref, custom)
	}
	if shown := xlsxCell(t, f, sheet, ref, false); shown != day {
		t.Errorf("%s!%s shows %q, want %q", sheet, ref, shown, day)
	}
}

// assertText checks that ref holds exactly text, as a string, not a formula.
func xlsxAssertText(t *testing.T, f *excelize.File, sheet, ref, text string) {
	t.Helper()
	if ct := xlsxCellType(t, f, sheet, ref); ct != excelize.CellTypeInlineString && ct != excelize.CellTypeSharedString {
		t.Errorf("%s!%s: cell type %v, want a string", sheet, ref, ct)
	}
	if got := xlsxCell(t, f, sheet, ref, true); got != text {
		t.Errorf("%s!%s = %q, want %q", sheet, ref, got, text)
	}
	formula, err := f.GetCellFormula(sheet, ref)
	if err != nil || formula != "" {
		t.Errorf("%s!%s: formula %q (%v), want none", sheet, ref, formula, err)
	}
}

func TestXLSXDemo(t *testing.T) {
	figs, events := xlsxDemo(t)
	data := writeXLSX(t, figs, events)
	f := openXLSX(t, data)

	if got, want := f.GetSheetList(), []string{"Figures", "Sources", "Events", "README"}; !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	if got := f.GetSheetName(f.GetActiveSheetIndex()); got != "Figures" {
		t.Errorf("active sheet %s, want Figures", got)
	}

	t.Run("figures header", func(t *testing.T) {
		all := xlsxRows(t, f, "Figures")
		var want []string
		for _, c := range exchange.FigureColumns {
			want = append(want, c.Name)
		}
		if !slices.Equal(all[0], want) {
			t.Errorf("header\n got %v\nwant %v", all[0], want)
		}
		if len(all) != len(figs)+1 {
			t.Errorf("%d rows, want the header and %d figures (no HXL row)", len(all), len(figs))
		}
		if strings.HasPrefix(all[1][0], "#") {
			t.Errorf("row 2 is an HXL row: %v", all[1])
		}
		panes, err := f.GetPanes("Figures")
		if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("panes %+v (%v), want the header row frozen", panes, err)
		}
		id, _ := f.GetCellStyle("Figures", "A1")
		if st, _ := f.GetStyle(id); st == nil || st.Font == nil || !st.Font.Bold {
			t.Errorf("header style %+v is not bold", st)
		}
		if w, _ := f.GetColWidth("Figures", xlsxCol(t, exchange.FigureColumns, "excerpt")); w < 40 {
			t.Errorf("excerpt column is %v wide", w)
		}
		id, _ = f.GetCellStyle("Figures", xlsxCol(t, exchange.FigureColumns, "excerpt")+"2")
		if st, _ := f.GetStyle(id); st == nil || st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("excerpt cells are not wrapped: %+v", st)
		}
	})

	t.Run("column order", func(t *testing.T) {
		// Excel repairs a sheet whose <col> elements are not in ascending order.
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		colMin := regexp.MustCompile(`<col min="(\d+)"`)
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			prev := 0
			for _, m := range colMin.FindAllSubmatch(b, -1) {
				n, _ := strconv.Atoi(string(m[1]))
				if n <= prev {
					t.Errorf("%s: <col min=%d> after %d", zf.Name, n, prev)
					break
				}
				prev = n
			}
			if prev == 0 {
				t.Errorf("%s sets no column widths", zf.Name)
			}
		}
	})

	t.Run("autofilter", func(t *testing.T) {
		names := f.GetDefinedName()
		last, err := excelize.ColumnNumberToName(len(exchange.FigureColumns))
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("'Figures'!$A$1:$%s$%d", last, len(figs)+1)
		found := false
		for _, n := range names {
			if n.Name == "_xlnm._FilterDatabase" && strings.ReplaceAll(n.RefersTo, "$", "") == strings.ReplaceAll(want, "$", "") {
				found = true
			}
		}
		if !found {
			t.Errorf("no autofilter %s among %+v", want, names)
		}
	})

	t.Run("IOM figure", func(t *testing.T) {
		r := 0
		for i, sf := range figs {
			if sf.f.AttributedTo == "IOM" {
				r = i + 2
			}
		}
		if r == 0 {
			t.Fatal("the demo has no IOM figure")
		}
		ref := func(name string) string { return xlsxCol(t, exchange.FigureColumns, name) + strconv.Itoa(r) }
		v := ref("value")
		if ct := xlsxCellType(t, f, "Figures", v); ct != excelize.CellTypeUnset && ct != excelize.CellTypeNumber {
			t.Errorf("value cell type %v, want a number", ct)
		}
		if got := xlsxCell(t, f, "Figures", v, true); got != "1000000" {
			t.Errorf("value raw %q, want 1000000", got)
		}
		if n, _ := xlsxNumFmt(t, f, "Figures", v); n != 3 {
			t.Errorf("value number format %d, want 3 (#,##0)", n)
		}
		if got := xlsxCell(t, f, "Figures", v, false); got != "1,000,000" {
			t.Errorf("value shows %q, want 1,000,000", got)
		}
		xlsxAssertDay(t, f, "Figures", ref("period_start"), "2023-09-01")
		xlsxAssertDay(t, f, "Figures", ref("period_end"), "2025-04-19")
		xlsxAssertDay(t, f, "Figures", ref("source_published"), "2025-04-20")
		xlsxAssertText(t, f, "Figures", ref("qualifier"), "approx")
		xlsxAssertText(t, f, "Figures", ref("source_url"), "https://techtricks365.com/?p=51775")
		xlsxAssertText(t, f, "Figures", ref("permalink"), xlsxBase+"/figures/"+figs[r-2].f.ID)
		if got := xlsxCell(t, f, "Figures", ref("citation"), true); !strings.HasPrefix(got, "International Organization for Migration (2025). About 1,000,000 persons") ||
			!strings.HasSuffix(got, "Displacement Tracker: "+xlsxBase+"/figures/"+figs[r-2].f.ID) {
			t.Errorf("citation %q", got)
		}
		for _, empty := range []string{"value_low", "value_high", "source_accessed"} {
			if got := xlsxCell(t, f, "Figures", ref(empty), true); got != "" {
				t.Errorf("%s = %q, want empty", empty, got)
			}
		}
	})

	t.Run("sources", func(t *testing.T) {
		var urls []string
		for _, sf := range figs {
			if !slices.Contains(urls, sf.f.Source.URL) {
				urls = append(urls, sf.f.Source.URL)
			}
		}
		if len(urls) >= len(figs) {
			t.Fatalf("the demo should share a source between figures: %d urls, %d figures", len(urls), len(figs))
		}
		all := xlsxRows(t, f, "Sources")
		if want := []string{"title", "publisher", "url", "published", "accessed", "archive_url", "licence"}; !slices.Equal(all[0], want) {
			t.Errorf("Sources header %v, want %v", all[0], want)
		}
		var got []string
		for _, r := range all[1:] {
			got = append(got, r[2])
		}
		if !slices.Equal(got, urls) {
			t.Errorf("Sources urls\n got %q\nwant %q (one per distinct url, in order of first appearance)", got, urls)
		}
		ok, link, err := f.GetCellHyperLink("Sources", "C2")
		if err != nil || !ok || link != urls[0] {
			t.Errorf("Sources!C2 link %v %q %v, want %s", ok, link, err, urls[0])
		}
	})

	t.Run("events", func(t *testing.T) {
		all := xlsxRows(t, f, "Events")
		var want []string
		for _, c := range exchange.EventColumns {
			want = append(want, c.Name)
		}
		if !slices.Equal(all[0], want) {
			t.Errorf("Events header %v, want %v", all[0], want)
		}
		if len(all) != len(events)+1 {
			t.Fatalf("%d event rows, want %d", len(all)-1, len(events))
		}
		for i, e := range events {
			r := strconv.Itoa(i + 2)
			xlsxAssertDay(t, f, "Events", "B"+r, e.Date.String())
			xlsxAssertText(t, f, "Events", "D"+r, e.Title)
			xlsxAssertText(t, f, "Events", "F"+r, strings.Join(e.Countries, ";"))
		}
	})

	t.Run("readme", func(t *testing.T) {
		all := xlsxRows(t, f, "README")
		defined := map[string]string{}
		var text strings.Builder
		for _, r := range all {
			if len(r) >= 2 {
				defined[r[0]] = r[1]
			}
			text.WriteString(strings.Join(r, "\t") + "\n")
		}
		for _, cols := range [][]exchange.Column{exchange.FigureColumns, exchange.EventColumns} {
			for _, c := range cols {
				if len(defined[c.Name]) < 10 {
					t.Errorf("README does not define column %s: %q", c.Name, defined[c.Name])
				}
			}
		}
		for _, q := range domain.Qualifiers {
			if defined[string(q)] == "" {
				t.Errorf("README does not define qualifier %s", q)
			}
		}
		for _, want := range []string{"All published figures", "CC-BY-4.0", "42", xlsxBase + "/figures", "How to cite",
			"In-line", "Full", "never invents a day", `"2023-09"`, figs[0].f.Orgs[0].Name + " (", figs[0].f.ID} {
			if !strings.Contains(text.String(), want) {
				t.Errorf("README does not say %q", want)
			}
		}
		for _, r := range all {
			if len(r) >= 2 && r[0] == "Downloaded" {
				serial, err := strconv.ParseFloat(r[1], 64)
				got, _ := excelize.ExcelDateToTime(serial, false)
				if err != nil || !got.Equal(xlsxMeta.Downloaded) {
					t.Errorf("Downloaded %q is %v, want %v", r[1], got, xlsxMeta.Downloaded)
				}
			}
		}
	})

	t.Run("golden", func(t *testing.T) {
		var b strings.Builder
		esc := strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\r", `\r`, "\t", `\t`)
		for i, r := range xlsxRows(t, f, "Figures") {
			for j, v := range r {
				if v == "" {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
				fmt.Fprintf(&b, "Figures!%s\t%s\n", ref, esc.Replace(v))
			}
		}
		xlsxGolden(t, filepath.Join("testdata", "xlsx", "demo-cells.golden"), b.String())
	})
}

func xlsxGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run XLSX -update to write it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\n got %q\nwant %q\n(run go test -run XLSX -update if the change is intended)", path, i+1, g, w)
			}
		}
	}
}

// xlsxTestFigure is a valid figure of its own: the tests change what they need.
func xlsxTestFigure() xlsxFig {
	return xlsxFig{
		s: domain.Series{Slug: "afg-returns-from-pak", Title: "Afghans returned from Pakistan", PopulationGroup: "returnees",
			Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "PAK", ToISO3: "AFG"},
		f: domain.Figure{ID: "fig-1", Value: 1000000, Qualifier: domain.Approx, ValueAsStated: "nearly a million",
			PeriodStart: domain.MustDate("2023-09"), PeriodEnd: domain.MustDate("2025-04-19"), AttributedTo: "IOM",
			Excerpt: "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023.",
			Status:  domain.StatusPublished,
			Source: domain.Source{Title: "Pakistan Deputy PM in Kabul for Talks", Publisher: "Bloomberg",
				URL: "https://example.org/bloomberg", PublishedOn: domain.MustDate("2025-04-20")}},
	}
}

func TestXLSXFormulaInjection(t *testing.T) {
	sf := xlsxTestFigure()
	sf.f.Excerpt = `=HYPERLINK("http://evil","x")`
	sf.f.AttributedTo = "+SUM(1,2)"
	sf.f.Notes = "-2+3"
	sf.f.ValueAsStated = "@SUM(A1)"
	sf.s.Title = "\t=1+1"
	sf.f.Source.Title = "\r=1+1"
	sf.f.Source.Publisher = "=cmd|' /C calc'!A0"
	ev := domain.Event{ID: "ev-1", Date: domain.MustDate("2025-04-30"), Title: "=1+2", Kind: "deadline",
		Source: sf.f.Source, Excerpt: "@evil"}
	f := openXLSX(t, writeXLSX(t, []xlsxFig{sf}, []domain.Event{ev}))

	ref := func(name string) string { return xlsxCol(t, exchange.FigureColumns, name) + "2" }
	xlsxAssertText(t, f, "Figures", ref("excerpt"), `=HYPERLINK("http://evil","x")`)
	xlsxAssertText(t, f, "Figures", ref("attributed_to"), "+SUM(1,2)")
	xlsxAssertText(t, f, "Figures", ref("notes"), "-2+3")
	xlsxAssertText(t, f, "Figures", ref("value_as_stated"), "@SUM(A1)")
	xlsxAssertText(t, f, "Figures", ref("series_title"), "\t=1+1")
	xlsxAssertText(t, f, "Figures", ref("source_title"), "\r=1+1")
	xlsxAssertText(t, f, "Figures", ref("source_publisher"), "=cmd|' /C calc'!A0")
	xlsxAssertText(t, f, "Sources", "B2", "=cmd|' /C calc'!A0")
	xlsxAssertText(t, f, "Events", "D2", "=1+2")
	xlsxAssertText(t, f, "Events", xlsxCol(t, exchange.EventColumns, "excerpt")+"2", "@evil")

	// And in the file itself: no sheet holds a formula element at all.
	data := writeXLSX(t, []xlsxFig{sf}, []domain.Event{ev})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sheets := 0
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		sheets++
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("<f>")) || bytes.Contains(b, []byte("<f ")) {
			t.Errorf("%s holds a formula", zf.Name)
		}
	}
	if sheets != 4 {
		t.Errorf("%d worksheets in the zip, want 4", sheets)
	}
}

func TestXLSXDatePrecision(t *testing.T) {
	month := xlsxTestFigure() // period_start 2023-09
	year := xlsxTestFigure()
	year.f.ID, year.f.PeriodStart, year.f.PeriodEnd = "fig-2", domain.Date{}, domain.MustDate("2024")
	year.f.Source.PublishedOn, year.f.Source.AccessedOn = domain.MustDate("2025-01"), domain.MustDate("2025-02-03")
	lo, hi := 800000.0, 1200000.0
	year.f.Qualifier, year.f.Value, year.f.ValueLow, year.f.ValueHigh = domain.Range, 1000000, &lo, &hi
	f := openXLSX(t, writeXLSX(t, []xlsxFig{month, year}, nil))
	ref := func(name string, row int) string { return xlsxCol(t, exchange.FigureColumns, name) + strconv.Itoa(row) }

	xlsxAssertText(t, f, "Figures", ref("period_start", 2), "2023-09")
	if shown := xlsxCell(t, f, "Figures", ref("period_start", 2), false); shown != "2023-09" {
		t.Errorf("month period_start shows %q", shown)
	}
	xlsxAssertDay(t, f, "Figures", ref("period_end", 2), "2025-04-19")
	if got := xlsxCell(t, f, "Figures", ref("period_start", 3), true); got != "" {
		t.Errorf("empty period_start holds %q", got)
	}
	xlsxAssertText(t, f, "Figures", ref("period_end", 3), "2024")
	xlsxAssertText(t, f, "Figures", ref("source_published", 3), "2025-01")
	xlsxAssertDay(t, f, "Figures", ref("source_accessed", 3), "2025-02-03")
	for name, want := range map[string]string{"value": "1000000", "value_low": "800000", "value_high": "1200000"} {
		if got := xlsxCell(t, f, "Figures", ref(name, 3), true); got != want {
			t.Errorf("%s = %q, want %s", name, got, want)
		}
		if n, _ := xlsxNumFmt(t, f, "Figures", ref(name, 3)); n != 3 {
			t.Errorf("%s number format %d, want 3", name, n)
		}
	}
	// The Sources sheet types its dates the same way.
	xlsxAssertDay(t, f, "Sources", "D2", "2025-04-20")
}

func TestXLSXSourcesMerge(t *testing.T) {
	a, b, c := xlsxTestFigure(), xlsxTestFigure(), xlsxTestFigure()
	b.f.ID, c.f.ID = "fig-2", "fig-3"
	b.f.Source = domain.Source{Title: "Other", Publisher: "Dawn", URL: "https://example.org/dawn"}
	c.f.Source.AccessedOn, c.f.Source.ArchiveURL = domain.MustDate("2025-05-01"), "https://web.archive.org/x"
	f := openXLSX(t, writeXLSX(t, []xlsxFig{a, b, c}, nil))
	all := xlsxRows(t, f, "Sources")
	if len(all) != 3 || all[1][2] != a.f.Source.URL || all[2][2] != b.f.Source.URL {
		t.Fatalf("Sources %q, want a's and b's, in that order", all)
	}
	xlsxAssertDay(t, f, "Sources", "E2", "2025-05-01")
	xlsxAssertText(t, f, "Sources", "F2", "https://web.archive.org/x")
}

func TestXLSXWriterLifecycle(t *testing.T) {
	sf := xlsxTestFigure()
	x, err := exchange.NewXLSXWriter(exchange.WriteOptions{BaseURL: xlsxBase})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Write(sf.s, sf.f); err != nil {
		t.Fatal(err)
	}
	if x.Rows() != 1 {
		t.Errorf("Rows() = %d", x.Rows())
	}
	if err := x.Finish(io.Discard, nil, exchange.XLSXMeta{}); err != nil {
		t.Fatal(err)
	}
	if err := x.Write(sf.s, sf.f); err == nil {
		t.Error("Write after Finish did not fail")
	}
	if err := x.Finish(io.Discard, nil, exchange.XLSXMeta{}); err == nil {
		t.Error("a second Finish did not fail")
	}
	if err := x.Close(); err != nil {
		t.Errorf("Close after Finish: %v", err)
	}

	// An export abandoned half way is closed without Finish.
	y, err := exchange.NewXLSXWriter(exchange.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := y.Close(); err != nil {
		t.Fatal(err)
	}

	// An empty workbook is still a workbook.
	z, err := exchange.NewXLSXWriter(exchange.WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := z.Finish(&buf, nil, exchange.XLSXMeta{}); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, buf.Bytes())
	if all := xlsxRows(t, f, "Figures"); len(all) != 1 {
		t.Errorf("empty workbook has %d Figures rows", len(all))
	}
}

// BenchmarkXLSX100k writes 100,000 figures, made on the fly so that only the
// writer's memory is measured, to io.Discard. peak-heap-MB is the highest
// HeapInuse sampled while it runs, above what was in use before.
func BenchmarkXLSX100k(b *testing.B) { benchXLSX(b, 100_000) }

// BenchmarkXLSX1M is the million figures. It writes about 1 GB to
// temporary files, so it runs only when asked for: -bench XLSX1M.
func BenchmarkXLSX1M(b *testing.B) {
	if !strings.Contains(flag.Lookup("test.bench").Value.String(), "1M") {
		b.Skip("run with -bench XLSX1M")
	}
	benchXLSX(b, 1_000_000)
}

func benchXLSX(b *testing.B, n int) {
	base := xlsxTestFigure()
	base.f.Notes = "Said at a press conference; the count starts on 1 September 2023 and includes deportations."
	sources := make([]domain.Source, 50)
	for i := range sources {
		sources[i] = base.f.Source
		sources[i].URL = "https://example.org/report/" + strconv.Itoa(i)
		sources[i].Title = "Report " + strconv.Itoa(i)
	}
	var (
		mu      sync.Mutex
		peak    uint64
		written int64
	)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.HeapInuse
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				runtime.ReadMemStats(&ms)
				mu.Lock()
				peak = max(peak, ms.HeapInuse)
				mu.Unlock()
			}
		}
	}()
	b.ReportAllocs()
	for b.Loop() {
		x, err := exchange.NewXLSXWriter(exchange.WriteOptions{BaseURL: xlsxBase})
		if err != nil {
			b.Fatal(err)
		}
		for i := range n {
			f := base.f
			f.ID = "fig" + strconv.Itoa(i)
			f.Value = float64(1000 + i)
			f.PeriodEnd = domain.Date{Year: 2000 + (i/336)%200, Month: time.Month(1 + (i/28)%12), Day: 1 + i%28, Precision: domain.PrecisionDay}
			f.Source = sources[i%len(sources)]
			if err := x.Write(base.s, f); err != nil {
				b.Fatal(err)
			}
		}
		cw := &xlsxCountingWriter{w: io.Discard}
		if err := x.Finish(cw, nil, xlsxMeta); err != nil {
			b.Fatal(err)
		}
		written = cw.n
	}
	close(stop)
	<-done
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
	mu.Lock()
	b.ReportMetric(float64(peak-min(before, peak))/(1<<20), "peak-heap-MB")
	mu.Unlock()
	b.ReportMetric(float64(written)/(1<<20), "xlsx-MB")
}

type xlsxCountingWriter struct {
	w io.Writer
	n int64
}

func (c *xlsxCountingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// TestXLSXSourceLinksAreBounded: excelize adds each link by scanning the
// sheet's links so far, so a workbook of tens of thousands of sources spent
// minutes making them clickable. Past the first 2,000 links the URLs stay
// text, still whole and in their columns.
func TestXLSXSourceLinksAreBounded(t *testing.T) {
	base := xlsxTestFigure()
	const n = 1500 // two URLs each: 3,000 candidate links
	figs := make([]xlsxFig, n)
	for i := range figs {
		figs[i] = base
		figs[i].f.ID = "fig-" + strconv.Itoa(i)
		figs[i].f.Source.URL = "https://example.org/r/" + strconv.Itoa(i)
		figs[i].f.Source.ArchiveURL = "https://archive.example.org/r/" + strconv.Itoa(i)
	}
	f := openXLSX(t, writeXLSX(t, figs, nil))
	rows := xlsxRows(t, f, "Sources")
	if len(rows) != n+1 {
		t.Fatalf("Sources has %d rows, want %d", len(rows), n+1)
	}
	links := 0
	for r := 2; r <= n+1; r++ {
		for _, col := range []string{"C", "F"} {
			ok, link, err := f.GetCellHyperLink("Sources", col+strconv.Itoa(r))
			if err != nil {
				t.Fatal(err)
			}
			if ok {
				links++
				if want := rows[r-1][map[string]int{"C": 2, "F": 5}[col]]; link != want {
					t.Errorf("Sources!%s%d links to %q, shows %q", col, r, link, want)
				}
			}
		}
		if got, want := rows[r-1][2], figs[r-2].f.Source.URL; got != want {
			t.Errorf("Sources!C%d = %q, want %q", r, got, want)
		}
	}
	if links != 2000 {
		t.Errorf("%d links on the Sources sheet, want the first 2,000", links)
	}
}
