package domain_test

import (
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// A saved copy's text is at most 2 MB (store.MaxCopyText); pages check
// excerpts against it as they are built. These measure one check against
// a 2 MB report: the excerpt at its end, nearly there (one word changed),
// and not there at all.
func BenchmarkCheckExcerpt2MB(b *testing.B) {
	var sb strings.Builder
	for sb.Len() < 2<<20-4096 {
		sb.WriteString(article(exPakistan, exInterior, exDawn, exArabic))
		sb.WriteString("\n\n")
	}
	sb.WriteString(exChad)
	text := sb.String()
	for _, bc := range []struct{ name, excerpt string }{
		{"found", exChad},
		{"nearly", strings.Replace(exChad, "crossed", "fled", 1)},
		{"not-found", "Iran deported 5,000 Afghans through Islam Qala in a single week, officials in Herat said."},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				domain.CheckExcerpt(bc.excerpt, text)
			}
		})
	}
}
