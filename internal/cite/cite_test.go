package cite_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
)

func ptr(v float64) *float64 { return &v }

func TestValueText(t *testing.T) {
	tests := []struct {
		f    domain.Figure
		unit domain.Unit
		want string
	}{
		{domain.Figure{Value: 59561, Qualifier: domain.Exact}, "persons", "59,561 persons"},
		{domain.Figure{Value: 1000000, Qualifier: domain.Approx}, "persons", "about 1,000,000 persons"},
		{domain.Figure{Value: 685, Qualifier: domain.AtLeast}, "deaths", "at least 685 deaths"},
		{domain.Figure{Value: 1000000, Qualifier: domain.MoreThan}, "", "more than 1,000,000"},
		{domain.Figure{Value: 900000, Qualifier: domain.Range, ValueLow: ptr(800000), ValueHigh: ptr(1000000)}, "persons",
			"between 800,000 and 1,000,000 persons"},
	}
	for _, tt := range tests {
		if got := cite.ValueText(tt.f, tt.unit); got != tt.want {
			t.Errorf("ValueText(%v %s) = %q, want %q", tt.f.Value, tt.f.Qualifier, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	s := domain.Series{Title: "Afghans returned from Pakistan", Unit: "persons"}
	f := domain.Figure{Value: 1000000, Qualifier: domain.Approx, PeriodStart: domain.MustDate("2023-09"),
		PeriodEnd: domain.MustDate("2025-04-19"), AttributedTo: "IOM",
		Source: domain.Source{Title: "Pakistan Deputy PM in Kabul for Talks", Publisher: "Bloomberg",
			URL: "https://example.org/b", PublishedOn: domain.MustDate("2025-04-20")}}
	want := `IOM (2025). About 1,000,000 persons from Sep 2023 to 19 Apr 2025 [Afghans returned from Pakistan]. ` +
		`Reported in Bloomberg, "Pakistan Deputy PM in Kabul for Talks" (20 Apr 2025). https://example.org/b. ` +
		`Displacement Tracker: https://tracker.example.org/figures/abc`
	if got := cite.Text(s, f, "https://tracker.example.org/figures/abc"); got != want {
		t.Errorf("Text =\n%s\nwant\n%s", got, want)
	}
	// A figure published by the organisation that produced it names it once,
	// and one without a start date is "as of" its end.
	f.Source.Publisher, f.PeriodStart, f.Source.PublishedOn = "IOM", domain.Date{}, domain.Date{}
	// A document without a date is "n.d.", never the figure's period.
	want = `IOM (n.d.). About 1,000,000 persons as of 19 Apr 2025 [Afghans returned from Pakistan]. "Pakistan Deputy PM in Kabul for Talks". https://example.org/b`
	if got := cite.Text(s, f, ""); got != want {
		t.Errorf("Text =\n%s\nwant\n%s", got, want)
	}
}

// Fixed dates keep every expectation exact.
var (
	accessed = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	asOf     = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
)

const (
	iomLink    = "https://tracker.example.org/figures/kt5hw6r2"
	seriesLink = "https://tracker.example.org/series/afg-returns-from-pak-cumulative-since-2023-09"
	demoTitle  = "Cumulative Afghans returned or deported from Pakistan to Afghanistan since the Sept/Oct 2023 IFRP drive (UN agencies and others)"
	specialOrg = "Direction Générale de la Migration (Türkiye) & partners"
)

// demoSeries and iomFigure are the demo's IOM figure (demo/figures.csv).
func demoSeries() domain.Series {
	return domain.Series{Slug: "afg-returns-from-pak-cumulative-since-2023-09", Title: demoTitle,
		PopulationGroup: "returnees", Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "PAK", ToISO3: "AFG"}
}

func iomFigure() domain.Figure {
	return domain.Figure{ID: "kt5hw6r2", Value: 1000000, Qualifier: domain.Approx,
		PeriodStart: domain.MustDate("2023-09-01"), PeriodEnd: domain.MustDate("2025-04-19"), AttributedTo: "IOM",
		Source: domain.Source{Title: "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen", Publisher: "Bloomberg",
			URL: "https://techtricks365.com/?p=51775", PublishedOn: domain.MustDate("2025-04-20")},
		Excerpt: "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023, according to a report by United Nations International Organization for Migration."}
}

// specialSeries and specialFigure carry every character BibTeX treats
// specially, letters outside ASCII, and a newline inside a value; the
// figure's source has no date, so each format writes its "n.d.".
func specialSeries() domain.Series {
	return domain.Series{Slug: "tur-returns", Title: "Returns to Türkiye {braces} at 50% & rising", Unit: "persons"}
}

func specialFigure() domain.Figure {
	return domain.Figure{ID: "tr_2024-01", Value: 1234, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2024-06"),
		AttributedTo: specialOrg,
		Source: domain.Source{Title: "Rapport_2025:\n{braces}, 50% #1 ~ ^ $ \\ fin", Publisher: specialOrg,
			URL: "https://example.org/rapport_2025?x=50%25#p2"},
		Excerpt: "1 234 personnes."}
}

func seriesFigures() []domain.Figure {
	pak := domain.Figure{AttributedTo: "Pakistani officials"}
	dup := domain.Figure{AttributedTo: " iom "} // the same organisation again
	return []domain.Figure{iomFigure(), pak, dup, specialFigure()}
}

const iomBibTeX = `@misc{iom2025-kt5hw6r2,
  author       = {{IOM}},
  title        = {{About 1,000,000 persons from 1 Sep 2023 to 19 Apr 2025 [` + demoTitle + `]}},
  howpublished = {Reported in Bloomberg, ` + "``" + `Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen''},
  publisher    = {{Bloomberg}},
  year         = {2025},
  month        = apr,
  date         = {2025-04-20},
  url          = {https://tracker.example.org/figures/kt5hw6r2},
  urldate      = {2026-11-27},
  note         = {Source document: https://techtricks365.com/?p=51775},
}
`

const specialBibTeX = `@misc{direction-tr_2024-01,
  author       = {{Direction Générale de la Migration (Türkiye) \& partners}},
  title        = {{1,234 persons as of Jun 2024 [Returns to Türkiye \textbraceleft{}braces\textbraceright{} at 50\% \& rising]}},
  howpublished = {` + "``" + `Rapport\_2025: \textbraceleft{}braces\textbraceright{}, 50\% \#1 \textasciitilde{} \textasciicircum{} \$ \textbackslash{} fin''},
  publisher    = {{Direction Générale de la Migration (Türkiye) \& partners}},
  url          = {https://tracker.example.org/figures/tr_2024-01},
  urldate      = {2026-11-27},
  note         = {Source document: https://example.org/rapport\_2025?x=50\%25\#p2},
}
`

const seriesBibTeX = `@misc{afg-returns-from-pak-cumulative-since-2023-09-20261120,
  author       = {{IOM} and {Pakistani officials} and {Direction Générale de la Migration (Türkiye) \& partners}},
  title        = {{` + demoTitle + `}},
  howpublished = {Data set compiled by Displacement Tracker},
  publisher    = {{Displacement Tracker}},
  year         = {2026},
  month        = nov,
  date         = {2026-11-20},
  url          = {` + seriesLink + `},
  urldate      = {2026-11-27},
  note         = {Data as of 20 Nov 2026},
}
`

var iomRIS = crlf(`TY  - DATA
ID  - iom2025-kt5hw6r2
AU  - IOM
TI  - About 1,000,000 persons from 1 Sep 2023 to 19 Apr 2025 [` + demoTitle + `]
T2  - Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen
PB  - Bloomberg
PY  - 2025
DA  - 2025/04/20
UR  - https://tracker.example.org/figures/kt5hw6r2
Y2  - 2026/11/27
N1  - Source document: https://techtricks365.com/?p=51775
ER  - 
`)

var specialRIS = crlf(`TY  - DATA
ID  - direction-tr_2024-01
AU  - Direction Générale de la Migration (Türkiye) & partners
TI  - 1,234 persons as of Jun 2024 [Returns to Türkiye {braces} at 50% & rising]
T2  - Rapport_2025: {braces}, 50% #1 ~ ^ $ \ fin
PB  - Direction Générale de la Migration (Türkiye) & partners
UR  - https://tracker.example.org/figures/tr_2024-01
Y2  - 2026/11/27
N1  - Source document: https://example.org/rapport_2025?x=50%25#p2
ER  - 
`)

var seriesRIS = crlf(`TY  - DATA
ID  - afg-returns-from-pak-cumulative-since-2023-09-20261120
AU  - IOM
AU  - Pakistani officials
AU  - Direction Générale de la Migration (Türkiye) & partners
TI  - ` + demoTitle + `
PB  - Displacement Tracker
PY  - 2026
DA  - 2026/11/20
UR  - ` + seriesLink + `
Y2  - 2026/11/27
N1  - Data as of 20 Nov 2026
ER  - 
`)

const iomText = `IOM (2025). About 1,000,000 persons from 1 Sep 2023 to 19 Apr 2025 [` + demoTitle + `]. ` +
	`Reported in Bloomberg, "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen" (20 Apr 2025). ` +
	`https://techtricks365.com/?p=51775. Displacement Tracker: ` + iomLink + `. Accessed 27 Nov 2026.` + "\n"

const seriesText = `IOM, Pakistani officials and Direction Générale de la Migration (Türkiye) & partners (2026). ` +
	demoTitle + ` (data as of 20 Nov 2026) [Data set]. Displacement Tracker. ` + seriesLink +
	`. Accessed 27 Nov 2026.` + "\n"

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

// cslItem is what a CSL-JSON citation must hold, and all it may hold.
type cslItem struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title"`
	Author         []cslName `json:"author"`
	ContainerTitle string    `json:"container-title"`
	Publisher      string    `json:"publisher"`
	Version        string    `json:"version"` // must stay empty: no address serves an old version
	Issued         *cslDate  `json:"issued"`
	Accessed       *cslDate  `json:"accessed"`
	URL            string    `json:"URL"`
	Note           string    `json:"note"`
}

type cslName struct {
	Literal string `json:"literal"`
}

type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

func date(parts ...int) *cslDate { return &cslDate{DateParts: [][]int{parts}} }

func names(ns ...string) []cslName {
	out := make([]cslName, len(ns))
	for i, n := range ns {
		out[i] = cslName{n}
	}
	return out
}

var iomCSL = cslItem{ID: "iom2025-kt5hw6r2", Type: "dataset",
	Title:  "About 1,000,000 persons from 1 Sep 2023 to 19 Apr 2025 [" + demoTitle + "]",
	Author: names("IOM"), ContainerTitle: "Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen", Publisher: "Bloomberg",
	Issued: date(2025, 4, 20), Accessed: date(2026, 11, 27), URL: iomLink,
	Note: "Source document: https://techtricks365.com/?p=51775"}

var specialCSL = cslItem{ID: "direction-tr_2024-01", Type: "dataset",
	Title:  "1,234 persons as of Jun 2024 [Returns to Türkiye {braces} at 50% & rising]",
	Author: names(specialOrg), ContainerTitle: "Rapport_2025: {braces}, 50% #1 ~ ^ $ \\ fin", Publisher: specialOrg,
	Accessed: date(2026, 11, 27), URL: "https://tracker.example.org/figures/tr_2024-01",
	Note: "Source document: https://example.org/rapport_2025?x=50%25#p2"}

var seriesCSL = cslItem{ID: "afg-returns-from-pak-cumulative-since-2023-09-20261120", Type: "dataset", Title: demoTitle,
	Author: names("IOM", "Pakistani officials", specialOrg), Publisher: "Displacement Tracker",
	Issued: date(2026, 11, 20), Accessed: date(2026, 11, 27), URL: seriesLink, Note: "Data as of 20 Nov 2026"}

// TestCitations is the golden table: every format, for one figure (the
// demo's IOM figure and one full of special characters) and for one series.
func TestCitations(t *testing.T) {
	figure := func(s domain.Series, f domain.Figure, link string) func(*bytes.Buffer, cite.Format) error {
		return func(b *bytes.Buffer, format cite.Format) error {
			return cite.Figure(b, format, s, f, link, accessed)
		}
	}
	series := func(b *bytes.Buffer, format cite.Format) error {
		return cite.Series(b, format, demoSeries(), seriesFigures(), seriesLink, asOf, accessed)
	}
	iom := figure(demoSeries(), iomFigure(), iomLink)
	special := figure(specialSeries(), specialFigure(), "https://tracker.example.org/figures/tr_2024-01")

	tests := []struct {
		name   string
		format cite.Format
		cite   func(*bytes.Buffer, cite.Format) error
		want   string   // the exact text, for text, BibTeX and RIS
		csl    *cslItem // the item, for CSL-JSON
		keep   []string // must appear verbatim (UTF-8 and specials survive)
	}{
		{name: "figure/text", format: cite.FormatText, cite: iom, want: iomText},
		{name: "figure/bibtex", format: cite.FormatBibTeX, cite: iom, want: iomBibTeX},
		{name: "figure/csl-json", format: cite.FormatCSLJSON, cite: iom, csl: &iomCSL},
		{name: "figure/ris", format: cite.FormatRIS, cite: iom, want: iomRIS},

		{name: "special/text", format: cite.FormatText, cite: special,
			keep: []string{specialOrg, "{braces}", "50%", "https://example.org/rapport_2025?x=50%25#p2", "Accessed 27 Nov 2026."}},
		{name: "special/bibtex", format: cite.FormatBibTeX, cite: special, want: specialBibTeX},
		{name: "special/csl-json", format: cite.FormatCSLJSON, cite: special, csl: &specialCSL,
			keep: []string{specialOrg, "Türkiye {braces} at 50% & rising"}},
		{name: "special/ris", format: cite.FormatRIS, cite: special, want: specialRIS},

		{name: "series/text", format: cite.FormatText, cite: series, want: seriesText},
		{name: "series/bibtex", format: cite.FormatBibTeX, cite: series, want: seriesBibTeX},
		{name: "series/csl-json", format: cite.FormatCSLJSON, cite: series, csl: &seriesCSL, keep: []string{specialOrg}},
		{name: "series/ris", format: cite.FormatRIS, cite: series, want: seriesRIS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tt.cite(&b, tt.format); err != nil {
				t.Fatal(err)
			}
			got := b.String()
			if tt.want != "" && got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if tt.csl != nil {
				checkCSL(t, got, *tt.csl)
			}
			for _, k := range tt.keep {
				if !strings.Contains(got, k) {
					t.Errorf("%q did not survive:\n%s", k, got)
				}
			}
			checkWellFormed(t, tt.format, got)
		})
	}
}

// checkWellFormed checks what every citation of a format must be, whatever
// its values.
func checkWellFormed(t *testing.T, format cite.Format, got string) {
	t.Helper()
	if !strings.HasSuffix(got, "\n") {
		t.Errorf("%s citation does not end with a newline", format)
	}
	switch format {
	case cite.FormatText:
		if strings.Count(got, "\n") != 1 {
			t.Errorf("text citation is not one line: %q", got)
		}
	case cite.FormatBibTeX:
		checkBraces(t, got)
	case cite.FormatRIS:
		checkRIS(t, got)
	}
}

var risLine = regexp.MustCompile(`^[A-Z][A-Z0-9]  - [^\r\n]*$`)

// checkRIS checks the RIS record's shape: CRLF after every line and no bare
// CR or LF, a tag line each, TY first and "ER  - " last.
func checkRIS(t *testing.T, got string) {
	t.Helper()
	if !strings.HasSuffix(got, "\r\n") {
		t.Fatalf("RIS does not end in CRLF: %q", got)
	}
	lines := strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n")
	for i, l := range lines {
		if !risLine.MatchString(l) {
			t.Errorf("RIS line %d %q is not a tag line ending in CRLF", i+1, l)
		}
	}
	if !strings.HasPrefix(lines[0], "TY  - ") {
		t.Errorf("RIS starts with %q, not TY", lines[0])
	}
	if last := lines[len(lines)-1]; last != "ER  - " {
		t.Errorf("RIS ends with %q, not \"ER  - \"", last)
	}
}

// checkBraces checks that braces balance as BibTeX counts them: regardless
// of backslashes, never closing more than were opened.
func checkBraces(t *testing.T, got string) {
	t.Helper()
	depth := 0
	for i, r := range got {
		switch r {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth < 0 {
			t.Fatalf("BibTeX closes a brace never opened at byte %d:\n%s", i, got)
		}
	}
	if depth != 0 {
		t.Errorf("BibTeX braces do not balance (%d left open):\n%s", depth, got)
	}
}

// checkCSL parses the CSL-JSON with encoding/json, refusing fields it does
// not expect, and compares the one item with want.
func checkCSL(t *testing.T, got string, want cslItem) {
	t.Helper()
	if !strings.HasPrefix(got, "[\n  {\n    \"id\": ") || !strings.HasSuffix(got, "}\n]\n") {
		t.Errorf("CSL-JSON is not an indented array ending with a newline:\n%s", got)
	}
	dec := json.NewDecoder(strings.NewReader(got))
	dec.DisallowUnknownFields()
	var items []cslItem
	if err := dec.Decode(&items); err != nil {
		t.Fatalf("CSL-JSON does not parse: %v\n%s", err, got)
	}
	if len(items) != 1 {
		t.Fatalf("CSL-JSON has %d items, want 1", len(items))
	}
	if !reflect.DeepEqual(items[0], want) {
		t.Errorf("CSL item\n%+v\nwant\n%+v", items[0], want)
	}
}

// The text of a figure is Text, unchanged, and the access date.
func TestFigureTextIsText(t *testing.T) {
	s, f := demoSeries(), iomFigure()
	var b bytes.Buffer
	if err := cite.Figure(&b, cite.FormatText, s, f, iomLink, accessed); err != nil {
		t.Fatal(err)
	}
	if want := cite.Text(s, f, iomLink) + ". Accessed 27 Nov 2026.\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	// The zero Format is text too; a zero access date is left out.
	b.Reset()
	if err := cite.Figure(&b, "", s, f, iomLink, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if want := cite.Text(s, f, iomLink) + ".\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// The issued date has as many parts as the source's published date.
func TestIssuedPrecision(t *testing.T) {
	tests := []struct {
		published, end string
		parts          []int
		bibtex, ris    []string
	}{
		{"2025-04-20", "2025-04-19", []int{2025, 4, 20}, []string{"year         = {2025},", "month        = apr,", "date         = {2025-04-20},"}, []string{"PY  - 2025\r\n", "DA  - 2025/04/20\r\n"}},
		{"2025-04", "2025-04-19", []int{2025, 4}, []string{"month        = apr,", "date         = {2025-04},"}, []string{"DA  - 2025/04\r\n"}},
		{"2025", "2024-12-31", []int{2025}, []string{"year         = {2025},", "date         = {2025},"}, []string{"PY  - 2025\r\n", "DA  - 2025\r\n"}},
	}
	for _, tt := range tests {
		f := iomFigure()
		f.Source.PublishedOn, f.PeriodEnd = domain.MustDate(tt.published), domain.MustDate(tt.end)
		f.PeriodStart = domain.Date{}

		var b bytes.Buffer
		if err := cite.Figure(&b, cite.FormatCSLJSON, demoSeries(), f, iomLink, accessed); err != nil {
			t.Fatal(err)
		}
		var items []cslItem
		if err := json.Unmarshal(b.Bytes(), &items); err != nil {
			t.Fatal(err)
		}
		if got := items[0].Issued; !reflect.DeepEqual(got, date(tt.parts...)) {
			t.Errorf("published %q, end %q: issued %+v, want %v", tt.published, tt.end, got, tt.parts)
		}
		for format, want := range map[cite.Format][]string{cite.FormatBibTeX: tt.bibtex, cite.FormatRIS: tt.ris} {
			b.Reset()
			if err := cite.Figure(&b, format, demoSeries(), f, iomLink, accessed); err != nil {
				t.Fatal(err)
			}
			for _, w := range want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("published %q, end %q: %s lacks %q:\n%s", tt.published, tt.end, format, w, b.String())
				}
			}
			if len(tt.parts) == 1 && strings.Contains(b.String(), "month") {
				t.Errorf("a year-precision date has a month:\n%s", b.String())
			}
		}
	}
}

// Braces that do not pair in the text still balance in BibTeX.
func TestBibTeXLoneBraces(t *testing.T) {
	f := iomFigure()
	f.Source.Title, f.AttributedTo = "a { b", "Org } x"
	var b bytes.Buffer
	if err := cite.Figure(&b, cite.FormatBibTeX, demoSeries(), f, iomLink, accessed); err != nil {
		t.Fatal(err)
	}
	checkBraces(t, b.String())
	for _, w := range []string{`a \textbraceleft{} b`, `{{Org \textbraceright{} x}}`} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("BibTeX lacks %q:\n%s", w, b.String())
		}
	}
}

// Without a permalink the source URL is the url, and there is no note.
func TestFigureWithoutPermalink(t *testing.T) {
	var b bytes.Buffer
	if err := cite.Figure(&b, cite.FormatRIS, demoSeries(), iomFigure(), "", accessed); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "UR  - https://techtricks365.com/?p=51775\r\n") || strings.Contains(b.String(), "N1  - ") {
		t.Errorf("RIS without permalink:\n%s", b.String())
	}
}

// The access date is the day in the location of the time given.
func TestAccessedDay(t *testing.T) {
	late := time.Date(2026, 11, 27, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)) // 28 Nov in UTC
	var b bytes.Buffer
	if err := cite.Figure(&b, cite.FormatRIS, demoSeries(), iomFigure(), iomLink, late); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Y2  - 2026/11/27\r\n") {
		t.Errorf("RIS access date:\n%s", b.String())
	}
}

// A series names at most ten organisations, then "others"; one without
// figures is authored by Displacement Tracker, and the text then names it once.
func TestSeriesAuthors(t *testing.T) {
	var figs []domain.Figure
	for _, org := range []string{"O1", "O2", "O3", "O4", "O5", "O6", "O7", "O8", "O9", "O10", "O1", "O11", "O12", ""} {
		figs = append(figs, domain.Figure{AttributedTo: org})
	}
	cases := map[cite.Format]string{
		cite.FormatText:   "O1, O2, O3, O4, O5, O6, O7, O8, O9, O10 and others (2026). ",
		cite.FormatBibTeX: "author       = {{O1} and {O2} and {O3} and {O4} and {O5} and {O6} and {O7} and {O8} and {O9} and {O10} and others},",
		cite.FormatRIS:    "AU  - O9\r\nAU  - O10\r\nAU  - others\r\nTI  - ",
	}
	for format, want := range cases {
		var b bytes.Buffer
		if err := cite.Series(&b, format, demoSeries(), figs, seriesLink, asOf, accessed); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s lacks %q:\n%s", format, want, b.String())
		}
		if strings.Contains(b.String(), "O11") {
			t.Errorf("%s names an eleventh organisation:\n%s", format, b.String())
		}
	}
	var b bytes.Buffer
	if err := cite.Series(&b, cite.FormatCSLJSON, demoSeries(), figs, seriesLink, asOf, accessed); err != nil {
		t.Fatal(err)
	}
	var items []cslItem
	if err := json.Unmarshal(b.Bytes(), &items); err != nil {
		t.Fatal(err)
	}
	if want := names("O1", "O2", "O3", "O4", "O5", "O6", "O7", "O8", "O9", "O10", "others"); !reflect.DeepEqual(items[0].Author, want) {
		t.Errorf("CSL authors %v, want %v", items[0].Author, want)
	}

	b.Reset()
	if err := cite.Series(&b, cite.FormatText, demoSeries(), nil, seriesLink, time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if want := "Displacement Tracker (n.d.). " + demoTitle + " [Data set]. " + seriesLink + ".\n"; b.String() != want {
		t.Errorf("empty series text\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := cite.Series(&b, cite.FormatCSLJSON, demoSeries(), nil, seriesLink, time.Time{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	items = nil
	if err := json.Unmarshal(b.Bytes(), &items); err != nil {
		t.Fatal(err)
	}
	want := cslItem{ID: "afg-returns-from-pak-cumulative-since-2023-09", Type: "dataset", Title: demoTitle,
		Author: names("Displacement Tracker"), Publisher: "Displacement Tracker", URL: seriesLink}
	if !reflect.DeepEqual(items[0], want) {
		t.Errorf("empty series CSL %+v, want %+v", items[0], want)
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]cite.Format{"": cite.FormatText, "text": cite.FormatText,
		"bibtex": cite.FormatBibTeX, "csl-json": cite.FormatCSLJSON, "ris": cite.FormatRIS} {
		got, err := cite.ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"BibTeX", "json", "csl", "pdf", " ris", "text/plain"} {
		_, err := cite.ParseFormat(in)
		var e *domain.Error
		if !errors.As(err, &e) || e.Code != domain.EINVALID || e.Field != "format" {
			t.Errorf("ParseFormat(%q) error = %#v, want EINVALID on field format", in, err)
			continue
		}
		for _, name := range []string{"text", "bibtex", "csl-json", "ris"} {
			if !strings.Contains(e.Message, name) {
				t.Errorf("ParseFormat(%q) message %q does not list %s", in, e.Message, name)
			}
		}
	}
}

func TestFormatMediaTypes(t *testing.T) {
	tests := []struct {
		f           cite.Format
		contentType string
		ext         string
	}{
		{cite.FormatText, "text/plain; charset=utf-8", "txt"},
		{cite.FormatBibTeX, "application/x-bibtex; charset=utf-8", "bib"},
		{cite.FormatCSLJSON, "application/vnd.citationstyles.csl+json", "json"},
		{cite.FormatRIS, "application/x-research-info-systems; charset=utf-8", "ris"},
	}
	for _, tt := range tests {
		if got := tt.f.ContentType(); got != tt.contentType {
			t.Errorf("%s.ContentType() = %q, want %q", tt.f, got, tt.contentType)
		}
		if got := tt.f.Extension(); got != tt.ext {
			t.Errorf("%s.Extension() = %q, want %q", tt.f, got, tt.ext)
		}
	}
	if got := cite.Formats(); len(got) != len(tests) {
		t.Errorf("Formats() = %v", got)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

// An unknown format is EINVALID and writes nothing; a writer's error is
// returned.
func TestCiteErrors(t *testing.T) {
	var b bytes.Buffer
	err := cite.Figure(&b, "pdf", demoSeries(), iomFigure(), iomLink, accessed)
	if domain.ErrorCode(err) != domain.EINVALID || b.Len() != 0 {
		t.Errorf("Figure(pdf) = %v, wrote %q", err, b.String())
	}
	err = cite.Series(&b, "pdf", demoSeries(), nil, seriesLink, asOf, accessed)
	if domain.ErrorCode(err) != domain.EINVALID || b.Len() != 0 {
		t.Errorf("Series(pdf) = %v, wrote %q", err, b.String())
	}
	for _, f := range cite.Formats() {
		if err := cite.Figure(failWriter{}, f, demoSeries(), iomFigure(), iomLink, accessed); err == nil || err.Error() != "disk full" {
			t.Errorf("Figure(%s) to a failing writer = %v", f, err)
		}
		if err := cite.Series(failWriter{}, f, demoSeries(), seriesFigures(), seriesLink, asOf, accessed); err == nil || err.Error() != "disk full" {
			t.Errorf("Series(%s) to a failing writer = %v", f, err)
		}
	}
}

// A source without a date is cited as undated in each format's own way, and
// the figure's period never stands in for the year of publication.
func TestUndatedSource(t *testing.T) {
	f := iomFigure()
	f.Source.PublishedOn = domain.Date{}
	cases := map[cite.Format]struct{ has, lacks []string }{
		cite.FormatText:    {[]string{"IOM (n.d.). ", ". Accessed 27 Nov 2026.\n"}, []string{"(2025)"}},
		cite.FormatBibTeX:  {[]string{"@misc{iom-kt5hw6r2,", "urldate      = {2026-11-27},"}, []string{"year", "month", "\n  date "}},
		cite.FormatRIS:     {[]string{"ID  - iom-kt5hw6r2\r\n", "Y2  - 2026/11/27\r\n"}, []string{"PY  - ", "DA  - "}},
		cite.FormatCSLJSON: {[]string{`"accessed"`}, []string{`"issued"`}},
	}
	for format, want := range cases {
		var b bytes.Buffer
		if err := cite.Figure(&b, format, demoSeries(), f, iomLink, accessed); err != nil {
			t.Fatal(err)
		}
		for _, w := range want.has {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s lacks %q:\n%s", format, w, b.String())
			}
		}
		for _, w := range want.lacks {
			if strings.Contains(b.String(), w) {
				t.Errorf("%s has %q:\n%s", format, w, b.String())
			}
		}
	}
}
