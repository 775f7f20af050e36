package charts

import (
	"fmt"
	"strings"
	"testing"
)

// longText is n characters of words, or of one word: a pasted page, or
// an identifier without spaces.
func longText(kind string, n int) string {
	if kind == "word" {
		return strings.Repeat("M", n)
	}
	return strings.Repeat("Ministry of ", n/12+1)[:n]
}

// BenchmarkWrap wraps a whole long text, without the chart's line limit:
// go test -run=^$ -bench=Wrap ./charts. The time per character stays the
// same from 1,000 to 100,000 characters.
func BenchmarkWrap(b *testing.B) {
	th := newTheme(960, fits[0])
	for _, kind := range []string{"words", "word"} {
		for _, n := range []int{1_000, 10_000, 100_000} {
			s := longText(kind, n)
			b.Run(fmt.Sprintf("%s/chars=%d", kind, n), func(b *testing.B) {
				for b.Loop() {
					wrapAtMost(th.legend, s, 900, 1<<30)
				}
			})
		}
	}
}
