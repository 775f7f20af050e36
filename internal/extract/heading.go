package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// restatedHeading is the most a heading's figure keeps when the sentence
// under it gives the same value: below the 0.5 at which a page ticks a
// candidate, so a headline ("More than 500K …") and its lede ("Nearly
// 500,000 …") are not saved as two drafts of one claim. The sentence is the
// one kept likely: it has the period and the attribution a headline leaves
// out.
const restatedHeading = 0.45

// headingAbove is the fragment (a heading, a table row, a bullet's words)
// Document read just before the current sentence: out[from:to] are its
// candidates, and first the values it was the first in the document to
// offer.
type headingAbove struct {
	from, to int
	first    map[float64]bool
}

// restates reports whether the sentence under the heading gives value, a
// value the heading was the first to offer, with any qualifier: a headline
// rounds ("More than 2M") what its lede states ("Nearly 2.0 million").
func (h headingAbove) restates(value float64) bool {
	return h.first[value]
}

// lower takes the heading's candidates of value below the ticking line,
// once.
func (h headingAbove) lower(out []Candidate, value float64) {
	delete(h.first, value)
	for j := h.from; j < h.to; j++ {
		if out[j].Value == value {
			out[j].Confidence = min(out[j].Confidence*repeatShare, restatedHeading)
		}
	}
}

// maxHeadlineSource bounds the words before a headline's colon read as its
// source.
const maxHeadlineSource = 60

// headlineSource gives a heading that opens with its source before a colon,
// the way news headlines cite an agency ("IOM: More than 2M Sudanese
// returned", "UNHCR: 239,000 refugees stranded"), that source as the
// attribution of each of its candidates, when the reader found none. The
// source must be an acronym in capitals ("IOM", "UNHCR", "MSF") or an
// organisation of the registry; a place or a kind of report before the
// colon ("Sudan: Flash update", "Update 3: …") is not a source.
func headlineSource(at []Candidate, orgs []domain.Organization) {
	if len(at) == 0 {
		return
	}
	s := at[0].Sentence
	i := strings.IndexByte(s, ':')
	if i <= 0 || i > maxHeadlineSource {
		return
	}
	name := strings.TrimSpace(s[:i])
	org := organization(name, orgs)
	if org == "" && !capitalsName(name) {
		return
	}
	for k := range at {
		if at[k].AttributedTo == "" && at[k].ValueAt > i {
			at[k].AttributedTo = name
			at[k].Organization = org
		}
	}
}

// capitalsName reports whether s is one word of two to ten capital letters
// ("IOM", "UNHCR"), as an organisation's short name is written.
func capitalsName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 10 {
		return false
	}
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}
