package web

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// A part of a long text ends at a line end, else a sentence end, else a
// space, else at a character's start: never inside a letter.
func TestSentenceCut(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		limit      int
		want       string // the part ends with it
	}{
		{"fits", "All of it.", 100, "All of it."},
		{"line end", strings.Repeat("word ", 30) + "end.\n" + strings.Repeat("more ", 40), 200, "end.\n"},
		{"sentence end", strings.Repeat("One sentence here. ", 12), 100, "here."},
		{"Arabic question", strings.Repeat("هل عادوا؟ ", 30), 100, "عادوا؟"},
		{"CJK full stop", strings.Repeat("约有1200人流离失所。", 20), 100, "所。"},
		{"space", strings.Repeat("word ", 40), 100, "word "},
		{"no space", strings.Repeat("ب", 200), 101, "ب"},
	} {
		n := sentenceCut(tc.text, tc.limit)
		part := tc.text[:n]
		if n > tc.limit || !utf8.ValidString(part) || !strings.HasSuffix(part, tc.want) || n < min(tc.limit/2, len(tc.text)) {
			t.Errorf("%s: cut at %d of %d (limit %d): %q, want it to end with %q", tc.name, n, len(tc.text), tc.limit, part[max(0, len(part)-20):], tc.want)
		}
	}
}
