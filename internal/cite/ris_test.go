package cite_test

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/cite"
)

// risReaderName splits an AU value as RIS readers do (citation.js's
// plugin-ris: at ", ?" into family, given and suffix).
func risReaderName(v string) []string { return regexp.MustCompile(`, ?`).Split(v, -1) }

// An organisation whose name has a comma stays one name in RIS, and one
// braced name in BibTeX.
func TestCorporateAuthorWithACommaStaysOneName(t *testing.T) {
	const org = "UNHCR (Geneva press briefing, A. Jamal)"
	f := iomFigure()
	f.AttributedTo, f.Source.Publisher = org, org

	var b bytes.Buffer
	if err := cite.Figure(&b, cite.FormatRIS, demoSeries(), f, iomLink, accessed); err != nil {
		t.Fatal(err)
	}
	var authors []string
	for _, line := range strings.Split(b.String(), "\r\n") {
		if v, ok := strings.CutPrefix(line, "AU  - "); ok {
			authors = append(authors, v)
			if parts := risReaderName(v); len(parts) != 1 {
				t.Errorf("AU %q is read as %d name parts %q, not one organisation", v, len(parts), parts)
			}
		}
	}
	if want := []string{"UNHCR (Geneva press briefing; A. Jamal)"}; !slices.Equal(authors, want) {
		t.Errorf("RIS authors %q, want %q\n%s", authors, want, b.String())
	}
	if !strings.Contains(b.String(), "PB  - "+org+"\r\n") {
		t.Errorf("RIS publisher (not a name field) should keep the comma:\n%s", b.String())
	}

	b.Reset()
	if err := cite.Figure(&b, cite.FormatBibTeX, demoSeries(), f, iomLink, accessed); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "author       = {{"+org+"}},") {
		t.Errorf("BibTeX does not brace the organisation as one name:\n%s", b.String())
	}
}
