package extract

import (
	"strings"
	"testing"
	"time"
)

// TestLongInputs guards against quadratic work: a pasted page, or the
// fuzzer, can send long runs of separators, digits or number words. Each
// input here takes well under a second; a quadratic scan takes minutes.
func TestLongInputs(t *testing.T) {
	inputs := []string{
		strings.Repeat("1,", 50_000),
		strings.Repeat("1 ", 50_000),
		strings.Repeat("1.", 50_000),
		strings.Repeat("1-", 50_000),
		strings.Repeat("9", 100_000),
		strings.Repeat("since ", 20_000),
		strings.Repeat("a million ", 10_000),
		strings.Repeat("half-", 20_000),
		strings.Repeat("twenty-", 20_000),
		strings.Repeat("5 - ", 20_000),
		strings.Repeat(demoCases[0].sentence+" ", 500),
	}
	for _, s := range inputs {
		start := time.Now()
		FromSentence(s)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%q… (%d bytes) took %v", s[:12], len(s), d)
		}
	}
}
