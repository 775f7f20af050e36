package exchange_test

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

// Issue 14: every download carries the organisations a figure's words
// resolve to, next to the words; the canonical CSV's organizations column
// imports back.

var (
	orgUNHCR = domain.OrgRef{ID: 7, Slug: "unhcr", Name: "UNHCR"}
	orgIOM   = domain.OrgRef{ID: 3, Slug: "iom", Name: "International Organization for Migration", Acronym: "IOM"}
	orgCOR   = domain.OrgRef{ID: 9, Slug: "sudan-cor", Name: "معتمدية اللاجئين (Commissioner for Refugees, Sudan)", Acronym: "COR"}
)

// orgFigures are figures of one series attributed in many words: UNHCR
// twice in its own words, a joint report, an organisation with an Arabic
// name, words that name nobody, and words not resolved yet.
func orgFigures() (domain.Series, []domain.Figure) {
	s := domain.Series{Slug: "sdn-refugees-in-egy", Title: "Sudanese refugees in Egypt", PopulationGroup: "refugees",
		Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN", ToISO3: "EGY"}
	base := domain.Figure{Value: 1200000, Qualifier: domain.Approx, PeriodEnd: domain.MustDate("2024-06"),
		Excerpt: "About 1.2 million people have fled to Egypt.", Status: domain.StatusPublished,
		Source: domain.Source{Title: "Sudan situation update", Publisher: "Reuters", URL: "https://example.org/sudan-update",
			PublishedOn: domain.MustDate("2024-07-02")}}
	words := []struct {
		id, words string
		orgs      []domain.OrgRef
	}{
		{"f-unhcr", "UNHCR", []domain.OrgRef{orgUNHCR}},
		{"f-geneva", "UNHCR (Geneva press briefing, A. Jamal)", []domain.OrgRef{orgUNHCR}},
		{"f-joint", "IOM and UNHCR joint statement", []domain.OrgRef{orgIOM, orgUNHCR}},
		{"f-cor", "معتمدية اللاجئين", []domain.OrgRef{orgCOR}},
		{"f-none", "(not stated)", nil},
		{"f-words", "Egyptian officials", nil},
	}
	var figs []domain.Figure
	for i, w := range words {
		f := base
		f.ID, f.AttributedTo, f.Orgs = w.id, w.words, w.orgs
		f.Value += float64(i)
		figs = append(figs, f)
	}
	return s, figs
}

func writeCSV(t *testing.T, s domain.Series, figs []domain.Figure) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw, err := exchange.NewFigureWriter(&buf, exchange.WriteOptions{HXL: true, BaseURL: "https://tracker.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		if err := fw.Write(s, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := fw.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCSVOrganizationsColumn(t *testing.T) {
	i := slices.IndexFunc(exchange.FigureColumns, func(c exchange.Column) bool { return c.Name == "organizations" })
	if i < 1 || exchange.FigureColumns[i-1].Name != "attributed_to" {
		t.Fatalf("organizations is column %d, not right after attributed_to: %v", i, exchange.FigureColumns)
	}
	if c := exchange.FigureColumns[i]; c.HXL != "#org+name+canonical" || c.Required || c.ExportOnly {
		t.Errorf("organizations column %+v: want HXL #org+name+canonical, optional, imported", c)
	}

	s, figs := orgFigures()
	lines := strings.Split(string(writeCSV(t, s, figs)), "\r\n")
	want := map[string]string{ // figure id → the organizations cell
		"f-unhcr": ",UNHCR,UNHCR,", "f-geneva": `,"UNHCR (Geneva press briefing, A. Jamal)",UNHCR,`,
		"f-joint": ",IOM and UNHCR joint statement,International Organization for Migration; UNHCR,",
		"f-cor":   `,معتمدية اللاجئين,"معتمدية اللاجئين (Commissioner for Refugees, Sudan)",`,
		"f-none":  ",(not stated),,", "f-words": ",Egyptian officials,,",
	}
	for _, line := range lines[2 : len(lines)-1] {
		id, _, _ := strings.Cut(line, ",")
		if !strings.Contains(line, want[id]) {
			t.Errorf("row %s lacks %q:\n%s", id, want[id], line)
		}
	}
	if !strings.Contains(lines[1], ",#org+name,#org+name+canonical,") {
		t.Errorf("HXL row: %s", lines[1])
	}
}

// orgResolver is the recording store plus what the real store does with
// the organizations column: it resolves each name to its organisation,
// and a figure without names by its words. Figures come back published,
// as an import without --status saves them.
type orgResolver struct {
	recordingStore
	known []domain.OrgRef
}

func (r *orgResolver) resolve(f domain.Figure) domain.Figure {
	f.Status = domain.StatusPublished
	if f.Orgs == nil {
		// The store resolves the words; these tests only need those whose
		// words are an organisation's name.
		for _, o := range r.known {
			if domain.OrgKey(o.Name) == domain.OrgKey(f.AttributedTo) {
				f.Orgs = []domain.OrgRef{o}
			}
		}
		return f
	}
	for i, ref := range f.Orgs {
		for _, o := range r.known {
			if domain.OrgKey(o.Name) == domain.OrgKey(ref.Name) {
				f.Orgs[i] = o
			}
		}
	}
	return f
}

func TestCSVOrganizationsImport(t *testing.T) {
	cols := append(slices.Clone(testColumns), "organizations")
	tests := []struct {
		name string
		cols []string
		cell string
		want []domain.OrgRef
	}{
		{"one", cols, "UNHCR", []domain.OrgRef{{Name: "UNHCR"}}},
		{"several, spaced as written", cols, " IOM ;UNHCR;  معتمدية اللاجئين ",
			[]domain.OrgRef{{Name: "IOM"}, {Name: "UNHCR"}, {Name: "معتمدية اللاجئين"}}},
		{"empty cell: the store resolves the words", cols, "  ", nil},
		{"no column: the store resolves the words", testColumns, "", nil},
	}
	for _, tt := range tests {
		st := &recordingStore{}
		var rep exchange.Report
		file := csvWith(tt.cols, map[string]string{"organizations": tt.cell})
		if err := exchange.ImportFigures(context.Background(), strings.NewReader(file), st, exchange.Options{}, &rep); err != nil {
			t.Fatalf("%s: %v %v", tt.name, err, rep.Problems)
		}
		if got := st.figures[0].Orgs; !slices.Equal(got, tt.want) || (tt.want == nil) != (got == nil) {
			t.Errorf("%s: Orgs = %#v, want %#v", tt.name, got, tt.want)
		}
	}

	bad := []struct{ cell, problem string }{
		{"UNHCR;;IOM", `line 2, column organizations: name 2 of 3 is empty`},
		{"UNHCR;", `line 2, column organizations: name 2 of 2 is empty`},
		{"; UNHCR", `line 2, column organizations: name 1 of 2 is empty`},
		{"UNHCR; unhcr", `line 2, column organizations: names "unhcr" twice`},
		{"IOM; " + strings.Repeat("x", domain.MaxLine+1), `line 2, column organizations: name 2 is 301 characters long; the limit is 300`},
	}
	for _, b := range bad {
		var rep exchange.Report
		file := csvWith(cols, map[string]string{"organizations": b.cell})
		err := exchange.ImportFigures(context.Background(), strings.NewReader(file), &recordingStore{}, exchange.Options{}, &rep)
		if err == nil || !strings.Contains(rep.Problems.Error(), b.problem) {
			t.Errorf("%q: problems %q, want %q", b.cell, rep.Problems.Error(), b.problem)
		}
	}
}

// TestCSVRoundTripWithOrganizations: export → import → export is the same
// file, byte for byte, organisations included.
func TestCSVRoundTripWithOrganizations(t *testing.T) {
	s, figs := orgFigures()
	first := writeCSV(t, s, figs)

	st := &orgResolver{known: []domain.OrgRef{orgUNHCR, orgIOM, orgCOR}}
	var rep exchange.Report
	if err := exchange.ImportFigures(context.Background(), bytes.NewReader(first), st, exchange.Options{}, &rep); err != nil {
		t.Fatalf("%v %v", err, rep.Problems)
	}
	if len(st.figures) != len(figs) {
		t.Fatalf("%d figures imported, want %d", len(st.figures), len(figs))
	}
	var again []domain.Figure
	for i, f := range st.figures {
		if got, want := exchange.OrgNames(f.Orgs), exchange.OrgNames(figs[i].Orgs); got != want {
			t.Errorf("%s: imported organisations %q, want %q", f.ID, got, want)
		}
		again = append(again, st.resolve(f))
	}
	if second := writeCSV(t, st.series[0], again); !bytes.Equal(first, second) {
		t.Errorf("the round trip changed the file:\n%s\n---\n%s", first, second)
	}
}

func TestJSONOrganizations(t *testing.T) {
	s, figs := orgFigures()
	var buf bytes.Buffer
	jw, err := exchange.NewJSONWriter(&buf, exchange.WriteOptions{BaseURL: "https://tracker.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		if err := jw.Write(s, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := jw.Flush(); err != nil {
		t.Fatal(err)
	}
	var got []map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("%v\n%s", err, buf.Bytes())
	}
	want := map[string]string{
		"f-geneva": `[{"slug":"unhcr","name":"UNHCR","acronym":null}]`,
		"f-joint":  `[{"slug":"iom","name":"International Organization for Migration","acronym":"IOM"},{"slug":"unhcr","name":"UNHCR","acronym":null}]`,
		"f-none":   `[]`,
		"f-words":  `[]`,
	}
	for _, o := range got {
		var id, words string
		json.Unmarshal(o["figure_id"], &id)
		json.Unmarshal(o["attributed_to"], &words)
		w, ok := want[id]
		if !ok {
			continue
		}
		if string(o["organizations"]) != w {
			t.Errorf("%s (%q): organizations %s, want %s", id, words, o["organizations"], w)
		}
	}
	if !strings.Contains(buf.String(), `"attributed_to":"UNHCR (Geneva press briefing, A. Jamal)","organizations":[{"slug":"unhcr"`) {
		t.Errorf("organizations is not next to attributed_to:\n%s", buf.String())
	}
	// The citation names the organisation, not the words.
	if !strings.Contains(buf.String(), `"citation":"UNHCR (2024). About 1,200,001 persons as of Jun 2024`) {
		t.Errorf("the Geneva briefing's citation does not name UNHCR as author:\n%s", buf.String())
	}
}

func TestXLSXOrganizations(t *testing.T) {
	s, figs := orgFigures()
	var xf []xlsxFig
	for _, f := range figs {
		xf = append(xf, xlsxFig{s, f})
	}
	f := openXLSX(t, writeXLSX(t, xf, nil))
	col := xlsxCol(t, exchange.FigureColumns, "organizations")
	if got := xlsxCell(t, f, "Figures", col+"1", true); got != "organizations" {
		t.Errorf("header %s1 = %q", col, got)
	}
	xlsxAssertText(t, f, "Figures", col+"4", "International Organization for Migration; UNHCR") // f-joint, row 4
	if got := xlsxCell(t, f, "Figures", col+"6", true); got != "" {
		t.Errorf("(not stated) has organisations %q", got)
	}
	if w, err := f.GetColWidth("Figures", col); err != nil || w < 20 {
		t.Errorf("organizations column is %v characters wide (%v)", w, err)
	}
	readme := map[string]string{}
	for _, r := range xlsxRows(t, f, "README") {
		if len(r) >= 2 {
			readme[r[0]] = r[1]
		}
	}
	if d := readme["attributed_to"]; !strings.Contains(d, "own words") {
		t.Errorf("README says attributed_to is %q, not the words", d)
	}
	if d := readme["organizations"]; !strings.Contains(d, "organisation(s) that produced the number") {
		t.Errorf("README says organizations is %q", d)
	}
	// The README's citation example names the first figure's organisation.
	if d := readme["In-line"]; !strings.Contains(d, "(UNHCR, 2024, reported in Reuters, via Displacement Tracker)") {
		t.Errorf("README in-line citation: %q", d)
	}
}

func TestPackageOrganizations(t *testing.T) {
	s, figs := orgFigures()
	var buf bytes.Buffer
	pw, err := exchange.NewPackageWriter(&buf, exchange.WriteOptions{HXL: true, BaseURL: dpBase})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figs {
		if err := pw.Write(s, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := pw.Finish(nil, dpMeta); err != nil {
		t.Fatal(err)
	}
	files, _ := dpUnzip(t, buf.Bytes())
	if err := dpValidate(dpProfile(t), files["datapackage.json"]); err != nil {
		t.Fatalf("not valid against the v2 profile: %v", err)
	}
	var d dpDescriptor
	if err := json.Unmarshal(files["datapackage.json"], &d); err != nil {
		t.Fatal(err)
	}
	type contributor struct{ title, path string }
	var got []contributor
	for _, c := range d.Contributors[1:] {
		got = append(got, contributor{c.Title, c.Path})
	}
	// One entry per organisation, by name, whatever the words; words that
	// resolve to none yet stand for themselves; "(not stated)" is nobody.
	want := []contributor{
		{"Egyptian officials", ""},
		{"International Organization for Migration", dpBase + "/organisations/iom"},
		{"UNHCR", dpBase + "/organisations/unhcr"},
		{"معتمدية اللاجئين (Commissioner for Refugees, Sudan)", dpBase + "/organisations/sudan-cor"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("contributors\n%q\nwant\n%q", got, want)
	}

	fields := d.resource(t, exchange.PackageFigures).Schema.Fields
	found := false
	for i, f := range fields {
		if f.Name != "organizations" {
			continue
		}
		found = true
		if fields[i-1].Name != "attributed_to" || f.HXL != "#org+name+canonical" || f.Type != "string" ||
			f.Constraints.Required || !strings.Contains(f.Description, "organisations") {
			t.Errorf("figures schema: organizations field %d: %+v", i, f)
		}
	}
	if !found {
		t.Errorf("the figures schema has no organizations field")
	}
	if !bytes.Contains(files["figures.csv"], []byte(",International Organization for Migration; UNHCR,")) {
		t.Errorf("figures.csv lacks the joint report's organisations:\n%s", files["figures.csv"])
	}
}

// The spreadsheet variant defuses an organisation's name as it does the
// words: a name is text a person typed.
func TestSpreadsheetSafeOrganizations(t *testing.T) {
	s, figs := orgFigures()
	f := figs[0]
	f.Orgs = []domain.OrgRef{{Slug: "x", Name: "=HYPERLINK(\"http://evil.example\")"}, orgUNHCR}
	var buf bytes.Buffer
	fw, err := exchange.NewFigureWriter(&buf, exchange.WriteOptions{SpreadsheetSafe: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := fw.Write(s, f); err != nil {
		t.Fatal(err)
	}
	fw.Flush()
	if want := `,UNHCR,"'=HYPERLINK(""http://evil.example""); UNHCR",`; !strings.Contains(buf.String(), want) {
		t.Errorf("spreadsheet CSV lacks %s:\n%s", want, buf.String())
	}
}
