package extract

import (
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
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

// TestLongInputsRead is TestLongInputs for what a publication date and a
// registry add: relative dates, weekdays before written dates, reporting
// verbs and sources, read against the document.
func TestLongInputsRead(t *testing.T) {
	o := Options{Published: domain.MustDate("2024-05-14"), Organizations: []domain.Organization{
		{Name: "International Organization for Migration", Acronym: "IOM", Aliases: []string{"the UN migration agency"}},
	}}
	inputs := []string{
		strings.Repeat("Monday, 1 May ", 20_000),
		strings.Repeat("UNHCR said ", 20_000),
		strings.Repeat("according to the ", 20_000),
		strings.Repeat("the past 3 weeks last year ", 10_000),
		strings.Repeat("so far in ", 20_000),
		strings.Repeat("Officials of the ", 20_000),
		strings.Repeat("(IOM, ", 20_000),
		strings.Repeat("وقال المتحدث ", 20_000),
		strings.Repeat("22 and 23 March ", 20_000),
	}
	for _, s := range inputs {
		start := time.Now()
		Read(s, o)
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%q… (%d bytes) took %v", s[:12], len(s), d)
		}
	}
}
