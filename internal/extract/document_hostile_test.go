package extract

import (
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// BenchmarkDocumentHostile reads 512 KB (the most the web page takes) of
// text made to be read slowly — numbers run into letters with no space or
// sentence end, numbers one per word, numbers joined by commas and dashes
// — next to 512 KB of a situation report, in one run so that the ratio, not
// the machine's load, is what it shows. A security review found such text
// cost 10 to 50 times the report; sentences are now cut however the text is
// written (TestSentenceBoundWithoutSpaces) and a sentence is read for
// its first maxNumbers numbers only, which leaves the token-by-token work
// (about 5 times the report's, for text with ten times its tokens).
func BenchmarkDocumentHostile(b *testing.B) {
	o := Options{Published: domain.MustDate("2024-05-14"), Organizations: []domain.Organization{
		{Name: "International Organization for Migration", Acronym: "IOM"}}}
	const size = 512 << 10
	fill := func(unit string) string { return strings.Repeat(unit, size/len(unit)+1)[:size] }
	texts := []struct{ name, text string }{{"report", fill(sitrep(b) + "\n\n")}}
	for _, unit := range []string{"a1", "ا١", "1 ", "x1,", "1,200-"} {
		texts = append(texts, struct{ name, text string }{unit, fill(unit)})
	}
	for _, t := range texts {
		b.Run(t.name, func(b *testing.B) {
			b.SetBytes(int64(len(t.text)))
			for b.Loop() {
				Document(t.text, o)
			}
		})
	}
}

// TestSentenceNumbersBounded: however many numbers a sentence holds, at
// most maxNumbers of them are read, so a paste of numbers costs about what
// a report does.
func TestSentenceNumbersBounded(t *testing.T) {
	s := strings.Repeat("1,200 people fled; ", 200)
	toks := tokenize(s)
	_, inDate := findDates(toks)
	cands := candidates(toks, inDate)
	if len(cands) == 0 || len(cands) > maxNumbers {
		t.Errorf("%d candidates read from a sentence of 200 counts, want 1 to %d", len(cands), maxNumbers)
	}
}
