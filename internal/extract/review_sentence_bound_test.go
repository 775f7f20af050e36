package extract

import (
	"strings"
	"testing"
)

// TestReviewSentenceBoundWithoutSpaces: maxSentence promises that a run
// without sentence ends is cut, "so that the work Read does on one
// sentence stays bounded", but it is cut only at a space. Text without
// spaces — Chinese or Japanese prose, a flattened table joined by commas,
// dashes or slashes, Arabic numbers joined by the Arabic comma — is one
// sentence of the whole text. Document then offers candidates whose
// Sentence (the excerpt the web form carries twice per row and posts
// back) is the whole 512 KB paste, and reading it costs seconds.
func TestReviewSentenceBoundWithoutSpaces(t *testing.T) {
	for _, unit := range []string{"约有1200人流离失所，", "1,200-", "(1,200)/", "۱۲۰۰،"} {
		text := strings.Repeat(unit, (64<<10)/len(unit))
		for _, sp := range sentences(text) {
			if n := sp.end - sp.start; n > 2*maxSentence {
				t.Errorf("%q repeated to %d bytes: a sentence of %d bytes, want at most about %d", unit, len(text), n, maxSentence)
				break
			}
		}
		for _, c := range Document(text, Options{}) {
			if len(c.Sentence) > 2*maxSentence {
				t.Errorf("%q repeated: a candidate's sentence is %d bytes", unit, len(c.Sentence))
				break
			}
		}
	}
}
