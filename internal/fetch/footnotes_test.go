package fetch

import (
	"strings"
	"testing"
)

// A footnote marker in a superscript, a link in it or not, is kept as
// "[3]", which the excerpt check reads as a marker, rather than glued to
// the word before it ("Sudan3"); a superscript that is not a number, such
// as an ordinal's, is left as it is (a unit's "km<sup>2</sup>" is read as a
// marker too: no page says which it is).
func TestFootnoteMarkers(t *testing.T) {
	page := `<html><head><title>Sudan situation</title></head><body><article><h1>Sudan situation</h1>
<p>As of 13 June, the fighting had displaced an estimated 1.67 million people inside Sudan<sup>3</sup>. A further 528,000 people
have crossed into neighbouring countries<sup><a href="#fn4">[4]</a></sup>, most of them into Chad and Egypt.</p>
<p>The camp covers 2 km<sup>2</sup> and is the 1<sup>st</sup> of its kind, with more than 100,000 people in it by the end of June.</p>
</article></body></html>`
	text, _, err := htmlText([]byte(page), "text/html; charset=utf-8", "https://example.org/report")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"inside Sudan[3].", "neighbouring countries[4],", "1st of its kind"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}
