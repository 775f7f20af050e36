package extract

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// MaxDocumentBytes caps the text Document reads: 2 MB, some 600 pages of a
// report. Text past it is not read, so a pasted or fetched document can
// never make the reading take long; callers that accept text say so to the
// user (the web form refuses longer text, `tracker extract` warns).
const MaxDocumentBytes = 2 << 20

// MaxDocumentCandidates caps the figures Document returns. A 20-page
// situation report has a few hundred numbers; past this, a document is a
// table dump that no one ticks row by row.
const MaxDocumentCandidates = 2000

// Candidate is one figure a document offers: a sentence's proposal, or one
// of its other numbers, with the sentence it was read from.
type Candidate struct {
	Proposal
	// Sentence is text[Start:End], verbatim: the excerpt a figure entered
	// from the candidate keeps. It may hold the hard line breaks of the
	// document.
	Sentence   string
	Start, End int
	// ValueAt is the byte offset of ValueAsStated in Sentence, so a form
	// can highlight the number; -1 when the candidate has no value.
	ValueAt int
}

// Confidence of a sentence's best number when Read gives none, and the
// share of the best's confidence that the sentence's other numbers get:
// a sentence's other numbers are always less likely than the one it is
// about.
// A value the document already offered is likelier the same figure again
// when it comes with the same qualifier, or in a table row or heading (a
// table of the figures above): repeatShare of its confidence is kept.
// "Nearly a million" and "over one million" in two sentences stay apart.
const (
	defaultConfidence = 0.6
	otherShare        = 0.5
	repeatShare       = 0.5
)

// Document reads a whole article or report and returns every candidate
// figure in it, in the order the text gives them: for each sentence with a
// count, its proposal and each of its other numbers as candidates of their
// own (without nested Candidates). The other numbers of a sentence, and a
// value the document already offered, are less sure. Each sentence is read
// with o, so the publication date, series and organisation registry of the
// document apply to all of them.
//
// The work is linear in the text: it reads at most MaxDocumentBytes of it
// (cut at a character boundary), a sentence is at most a few kilobytes,
// and it stops at MaxDocumentCandidates. It never panics.
func Document(text string, o Options) (out []Candidate) {
	defer func() {
		if recover() != nil {
			out = nil // a last guard, as in Read: no known panic
		}
	}()
	text = capText(text)
	offered := map[float64]domain.Qualifier{} // values offered, with the first qualifier
	var heading headingAbove                  // the fragment just read, if it was one
	for _, sp := range sentences(text) {
		s := text[sp.start:sp.end]
		p := Read(s, o)
		if !p.HasValue {
			continue
		}
		at := make([]Candidate, 0, 1+len(p.Candidates))
		best := p.Confidence
		if best <= 0 {
			best = defaultConfidence
		}
		others := p.Candidates
		p.Candidates = nil
		p.Confidence = best
		at = append(at, Candidate{Proposal: p, Sentence: s, Start: sp.start, End: sp.end})
		for _, c := range others {
			if c.Confidence <= 0 || c.Confidence >= best {
				c.Confidence = best * otherShare
			}
			c.Candidates = nil
			at = append(at, Candidate{Proposal: c, Sentence: s, Start: sp.start, End: sp.end})
		}
		placeValues(at)
		last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(s, "\"'”’»)]"))
		fragment := !sentenceMark(last) // a table row, a heading, a bullet's words
		if fragment {
			headlineSource(at, o.Organizations)
		}
		for i := range at {
			if !fragment && heading.restates(at[i].Value) {
				heading.lower(out, at[i].Value)
				continue // the heading was the repeat: the sentence keeps its confidence
			}
			if q, ok := offered[at[i].Value]; ok && (fragment || q == at[i].Qualifier) {
				at[i].Confidence *= repeatShare
			}
		}
		heading = headingAbove{}
		if fragment {
			heading = headingAbove{from: len(out), to: len(out) + len(at), first: map[float64]bool{}}
		}
		for _, c := range at {
			if _, ok := offered[c.Value]; !ok {
				offered[c.Value] = c.Qualifier
				if fragment {
					heading.first[c.Value] = true
				}
			}
		}
		out = append(out, at...)
		if len(out) >= MaxDocumentCandidates {
			return out[:MaxDocumentCandidates]
		}
	}
	return out
}

// capText cuts text to MaxDocumentBytes without splitting a character.
func capText(text string) string {
	if len(text) <= MaxDocumentBytes {
		return text
	}
	n := MaxDocumentBytes
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n]
}

// placeValues finds where each candidate's words as stated sit in their
// sentence and orders the candidates by it. The proposal's other numbers
// come in sentence order, so each is looked for after the previous one;
// the best number is looked for first, from the start, and an other number
// whose words it already took is looked for after it.
func placeValues(cs []Candidate) {
	s := cs[0].Sentence
	cs[0].ValueAt = indexFrom(s, cs[0].ValueAsStated, 0)
	bestFrom, bestTo := cs[0].ValueAt, cs[0].ValueAt+len(cs[0].ValueAsStated)
	from := 0
	for i := 1; i < len(cs); i++ {
		at := indexFrom(s, cs[i].ValueAsStated, from)
		if at >= 0 && at < bestTo && at+len(cs[i].ValueAsStated) > bestFrom {
			at = indexFrom(s, cs[i].ValueAsStated, bestTo)
		}
		if at < 0 {
			at = indexFrom(s, cs[i].ValueAsStated, 0)
		}
		cs[i].ValueAt = at
		if at >= 0 {
			from = at + len(cs[i].ValueAsStated)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].ValueAt < cs[j].ValueAt })
}

// indexFrom is the offset in s of the first sub in s[from:], preferring
// one that is not part of a longer word or number ("0" in "100 0 people"
// is the second), and -1 when there is none.
func indexFrom(s, sub string, from int) int {
	first := -1
	for from <= len(s) {
		i := strings.Index(s[from:], sub)
		if i < 0 {
			break
		}
		at := from + i
		if first < 0 {
			first = at
		}
		if !joined(s, at, at+len(sub)) {
			return at
		}
		_, w := utf8.DecodeRuneInString(s[at:])
		from = at + max(w, 1)
	}
	return first
}

// joined reports whether s[from:to] runs on into a letter or digit on
// either side.
func joined(s string, from, to int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:from])
	after, _ := utf8.DecodeRuneInString(s[to:])
	first, _ := utf8.DecodeRuneInString(s[from:to])
	last, _ := utf8.DecodeLastRuneInString(s[from:to])
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	return from > 0 && alnum(first) && alnum(before) || to < len(s) && alnum(last) && alnum(after)
}

// OneLine is s with every run of spaces and line breaks made one space:
// a candidate's sentence and words as stated, as an excerpt keeps them
// (the excerpt check reads whitespace the same either way).
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
