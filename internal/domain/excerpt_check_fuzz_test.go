package domain_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// FuzzCheckExcerpt checks that no excerpt and text make CheckExcerpt panic;
// that its offsets lie in the text, in order, on rune boundaries; that a
// found or nearly found excerpt has a paragraph holding the match; and that
// an excerpt is found in a text made of it.
func FuzzCheckExcerpt(f *testing.F) {
	for _, s := range [][2]string{
		{"", ""},
		{"a", ""},
		{"", "a"},
		{exIOMQuote, article(exIOMQuote)},
		{exArabic, strings.ReplaceAll(exArabic, "101", "١٠١")},
		{"dis-\nplaced … people", "dis-\n\nplaced¹ [1] people"},
		{"1.7 million", "1.8 million"},
		{"…...", "..."},
		{"\u00AD-\n", "-\u00AD\n\nx"},
		{"\xff\xfe", "\xffa\xfe"},
		{"ة", "ةة ة"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, excerpt, text string) {
		got := domain.CheckExcerpt(excerpt, text)
		if got.Start < 0 || got.Start > got.End || got.End > len(text) {
			t.Fatalf("CheckExcerpt(%q, %q): offsets %d:%d", excerpt, text, got.Start, got.End)
		}
		if utf8.ValidString(text) && (got.Start < len(text) && !utf8.RuneStart(text[got.Start]) || got.End < len(text) && !utf8.RuneStart(text[got.End])) {
			t.Fatalf("CheckExcerpt(%q, %q): offsets %d:%d inside a rune", excerpt, text, got.Start, got.End)
		}
		switch got.Status {
		case domain.ExcerptFound, domain.ExcerptNearlyFound:
			if got.Start == got.End || !strings.Contains(got.Paragraph, strings.TrimSpace(text[got.Start:got.End])) {
				t.Fatalf("CheckExcerpt(%q, %q): match %d:%d, paragraph %q", excerpt, text, got.Start, got.End, got.Paragraph)
			}
			if got.ParagraphStart > got.Start || got.End > got.ParagraphEnd || text[got.ParagraphStart:got.ParagraphEnd] != got.Paragraph {
				t.Fatalf("CheckExcerpt(%q, %q): paragraph %d:%d around match %d:%d", excerpt, text, got.ParagraphStart, got.ParagraphEnd, got.Start, got.End)
			}
		case domain.ExcerptNotFound, domain.ExcerptUnchecked:
			if got.Start != 0 || got.End != 0 || got.Paragraph != "" || len(got.Differences) > 0 {
				t.Fatalf("CheckExcerpt(%q, %q): %+v", excerpt, text, got)
			}
		default:
			t.Fatalf("CheckExcerpt(%q, %q): status %q", excerpt, text, got.Status)
		}
		if self := domain.CheckExcerpt(excerpt, excerpt); got.Status != domain.ExcerptUnchecked && self.Status != domain.ExcerptFound {
			t.Fatalf("CheckExcerpt(%q, itself) = %q", excerpt, self.Status)
		}
	})
}

// A 2 MB text and a 4 KB excerpt take work linear in the text: no
// quadratic blow-up, whether the excerpt is found, nearly found or not.
func TestCheckExcerptLargeText(t *testing.T) {
	var b strings.Builder
	filler := "The rains came early this year and roads to the camps in the east closed for weeks. "
	for b.Len() < 2<<20 {
		b.WriteString(filler)
	}
	long := strings.Repeat(exChad+" ", 4096/len(exChad)+1)[:4096]
	long = long[:strings.LastIndexByte(long, ' ')]
	text := b.String()
	mid := len(text) / 2
	mid -= mid % len(filler)
	big := text[:mid] + long + " " + text[mid:]
	changed := strings.Replace(big, "844,000", "845,000", 1)
	cases := []struct {
		name, excerpt, text string
		want                domain.ExcerptStatus
	}{
		{"found", long, big, domain.ExcerptFound},
		{"nearly found", long, changed, domain.ExcerptNearlyFound},
		{"not found", exEgypt + " " + exArabic, big, domain.ExcerptNotFound},
		{"many ellipses", strings.Repeat("rains … camps … ", 300), big, domain.ExcerptNotFound},
		{"every word common", strings.Repeat("the rains came early ", 200), big, domain.ExcerptNotFound},
	}
	for _, c := range cases {
		work := 0
		got := domain.CheckExcerptCounting(c.excerpt, c.text, &work)
		if got.Status != c.want {
			t.Errorf("%s: %q, want %q", c.name, got.Status, c.want)
		}
		// Each rune of each text is folded once and each word visited a few
		// times; an alignment costs the excerpt's words times the band.
		if limit := 12*(len(c.text)+len(c.excerpt)) + 50*len(c.excerpt)*8; work > limit {
			t.Errorf("%s: %d steps for %d bytes of text, more than %d", c.name, work, len(c.text), limit)
		}
		t.Logf("%s: %d steps for %d + %d bytes", c.name, work, len(c.text), len(c.excerpt))
	}
}
