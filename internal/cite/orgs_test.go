package cite_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// Citations name the organisation, not the words a source used for it
// (issue 14): figures attributed "UNHCR" and "UNHCR (Geneva press briefing,
// A. Jamal)" have one author.

var (
	unhcr = domain.OrgRef{ID: 7, Slug: "unhcr", Name: "UNHCR"}
	iom   = domain.OrgRef{ID: 3, Slug: "iom", Name: "International Organization for Migration", Acronym: "IOM"}
)

// unhcrFigures are three figures of UNHCR in its own words, one of them a
// press briefing, and one of IOM.
func unhcrFigures() []domain.Figure {
	f := iomFigure()
	a, b, c, d := f, f, f, f
	a.AttributedTo, a.Orgs = "UNHCR", []domain.OrgRef{unhcr}
	b.AttributedTo, b.Orgs = "UNHCR (Geneva press briefing, A. Jamal)", []domain.OrgRef{unhcr}
	c.AttributedTo, c.Orgs = "IOM", []domain.OrgRef{iom}
	d.AttributedTo, d.Orgs = "the UN refugee agency", []domain.OrgRef{unhcr}
	return []domain.Figure{a, b, c, d}
}

func TestSeriesCitationNamesEachOrganisationOnce(t *testing.T) {
	want := map[cite.Format]string{
		cite.FormatText:   "UNHCR and International Organization for Migration (2026). ",
		cite.FormatBibTeX: "author       = {{UNHCR} and {International Organization for Migration}},",
		cite.FormatRIS:    "AU  - UNHCR\r\nAU  - International Organization for Migration\r\nTI  - ",
	}
	for format, w := range want {
		var b bytes.Buffer
		if err := cite.Series(&b, format, demoSeries(), unhcrFigures(), seriesLink, asOf, accessed); err != nil {
			t.Fatal(err)
		}
		got := b.String()
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", format, w, got)
		}
		for _, words := range []string{"Geneva", "refugee agency"} {
			if strings.Contains(got, words) {
				t.Errorf("%s names the words %q as an author:\n%s", format, words, got)
			}
		}
	}
	var b bytes.Buffer
	if err := cite.Series(&b, cite.FormatCSLJSON, demoSeries(), unhcrFigures(), seriesLink, asOf, accessed); err != nil {
		t.Fatal(err)
	}
	var items []cslItem
	if err := json.Unmarshal(b.Bytes(), &items); err != nil {
		t.Fatal(err)
	}
	if w := names("UNHCR", "International Organization for Migration"); !reflect.DeepEqual(items[0].Author, w) {
		t.Errorf("CSL authors %v, want %v", items[0].Author, w)
	}
}

func TestAuthors(t *testing.T) {
	figs := unhcrFigures()
	joint := iomFigure()
	joint.AttributedTo, joint.Orgs = "UNHCR-IOM joint report", []domain.OrgRef{iom, unhcr}
	unresolved := domain.Figure{AttributedTo: "Pakistani officials"} // no organisation yet: its words
	notStated := domain.Figure{AttributedTo: "(not stated)", Orgs: nil}
	tests := []struct {
		name string
		figs []domain.Figure
		want []string
	}{
		{"one spelling of many", figs[1:2], []string{"UNHCR"}},
		{"all spellings", figs, []string{"UNHCR", "International Organization for Migration"}},
		{"a joint report, in its order", []domain.Figure{joint}, []string{"International Organization for Migration", "UNHCR"}},
		{"words where there is no organisation", []domain.Figure{unresolved, figs[0], unresolved}, []string{"Pakistani officials", "UNHCR"}},
		{"words that name nobody are nobody", []domain.Figure{notStated, figs[0], notStated}, []string{"UNHCR"}},
		{"only words that name nobody", []domain.Figure{notStated}, nil},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		if got := cite.Authors(tt.figs...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Authors = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// A series whose figures name nobody is the tracker's own; a figure that
// names nobody says so in its words.
func TestCitationOfWordsThatNameNobody(t *testing.T) {
	f := iomFigure()
	f.AttributedTo, f.Orgs = "(statement signatories not named)", nil
	var b bytes.Buffer
	if err := cite.Series(&b, cite.FormatText, demoSeries(), []domain.Figure{f}, seriesLink, asOf, accessed); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); !strings.HasPrefix(got, "Displacement Tracker (2026). ") || strings.Contains(got, "signatories") {
		t.Errorf("series text:\n%s", got)
	}
	if got := cite.Text(demoSeries(), f, ""); !strings.HasPrefix(got, "(statement signatories not named) (2025). ") {
		t.Errorf("figure text:\n%s", got)
	}
}

func TestFigureCitationNamesTheOrganisation(t *testing.T) {
	f := unhcrFigures()[1] // "UNHCR (Geneva press briefing, A. Jamal)", reported in Bloomberg
	got := cite.Text(demoSeries(), f, iomLink)
	if !strings.HasPrefix(got, "UNHCR (2025). About 1,000,000 persons") || strings.Contains(got, "Geneva") {
		t.Errorf("Text names the words, not the organisation:\n%s", got)
	}
	if !strings.Contains(got, "Reported in Bloomberg, ") {
		t.Errorf("Text lost the publisher:\n%s", got)
	}

	// A joint report has two authors, each one name in every format; the
	// key takes the first one's acronym.
	f.AttributedTo, f.Orgs = "IOM and UNHCR", []domain.OrgRef{iom, unhcr}
	if got := cite.Text(demoSeries(), f, ""); !strings.HasPrefix(got, "International Organization for Migration and UNHCR (2025). ") {
		t.Errorf("joint report text:\n%s", got)
	}
	var b bytes.Buffer
	if err := cite.Figure(&b, cite.FormatBibTeX, demoSeries(), f, iomLink, accessed); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"@misc{iom2025-kt5hw6r2,", "author       = {{International Organization for Migration} and {UNHCR}},"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("BibTeX lacks %q:\n%s", w, b.String())
		}
	}
	b.Reset()
	if err := cite.Figure(&b, cite.FormatRIS, demoSeries(), f, iomLink, accessed); err != nil {
		t.Fatal(err)
	}
	if w := "AU  - International Organization for Migration\r\nAU  - UNHCR\r\n"; !strings.Contains(b.String(), w) {
		t.Errorf("RIS lacks %q:\n%s", w, b.String())
	}
}

// An organisation that published its own number is named once, whatever
// words the figure and the source used for it.
func TestFigureCitationPublishedByItsOrganisation(t *testing.T) {
	f := unhcrFigures()[1]
	if got := cite.Reporter(f); got != "Bloomberg" {
		t.Errorf("Reporter = %q, want Bloomberg", got)
	}
	f.Source.Publisher, f.Source.PublisherOrg = "UNHCR Pakistan", unhcr
	if got := cite.Reporter(f); got != "" {
		t.Errorf("Reporter = %q of a figure UNHCR published itself, want none", got)
	}
	got := cite.Text(demoSeries(), f, "")
	if strings.Contains(got, "Reported in") {
		t.Errorf("Text names the organisation as its own reporter:\n%s", got)
	}
	var b bytes.Buffer
	if err := cite.Figure(&b, cite.FormatBibTeX, demoSeries(), f, iomLink, accessed); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "Reported in") {
		t.Errorf("BibTeX names the organisation as its own reporter:\n%s", b.String())
	}
	// Publisher words that are the organisation's name count too.
	f.Source.Publisher, f.Source.PublisherOrg = "unhcr", domain.OrgRef{}
	if got := cite.Text(demoSeries(), f, ""); strings.Contains(got, "Reported in") {
		t.Errorf("Text names the organisation as its own reporter:\n%s", got)
	}
}
