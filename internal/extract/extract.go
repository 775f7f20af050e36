// Package extract proposes a figure from a pasted sentence: "paste a
// sentence, get a figure". The staff figure form takes the verbatim excerpt
// first; FromSentence proposes the value, its qualifier, the words of the
// source and the period, and the editor confirms or corrects each of them.
//
// It is a small tokenizer and a handful of rules, not a parser of English:
// it reads the forms that UN agencies, governments and newspapers use for
// counts of people ("nearly a million", "at least 1,65,000", "2.43m",
// "between 800,000 and 1 million") and leaves alone what is not a count
// (years, dates, percentages, money, ordinals, times, phone numbers). It
// reads the same forms in Arabic and Persian (arabic.go, persian.go) and in
// the other languages reporting is written in (languages.go), and when a
// sentence has several counts it chooses the one an analyst would
// (choose.go, context.go, series.go).
package extract

import "github.com/displacement-tracker/tracker/internal/domain"

// Proposal is what a sentence suggests; every field may be empty/zero when
// the sentence does not say.
type Proposal struct {
	Value    float64 // 0 with HasValue false when no number was found
	HasValue bool
	// Qualifier is exact when the number is bare. For a range, Value is the
	// midpoint of ValueLow and ValueHigh rounded down to a whole number.
	Qualifier           domain.Qualifier
	ValueLow, ValueHigh *float64 // for domain.Range
	// ValueAsStated is the words of the source, a verbatim substring of the
	// sentence with the qualifier: "Nearly a million", "At least 1,65,000".
	ValueAsStated string
	PeriodStart   domain.Date // "since September 2023" → 2023-09 (month precision)
	PeriodEnd     domain.Date // "as of January 23, 2024" → 2024-01-23; zero when not stated
	// AttributedTo is who the sentence says gave the number, in its own
	// words and verbatim ("IOM", "Pakistan's interior ministry", "the UN
	// refugee agency"); empty when the sentence names nobody.
	AttributedTo string
	// Organization is the registry name AttributedTo resolves to, through
	// Options.Organizations (names, acronyms and aliases); empty when there
	// is no registry or no match.
	Organization string
	// Confidence is how sure the reading is that this is a figure worth
	// entering, from 0 to 1: high for a count tied to a displacement noun,
	// with its qualifier and period read; low for a bare number among many.
	// The scale is documented on confidence (choose.go).
	Confidence float64
	// Candidates are the other numbers found in the sentence, in order, so the
	// form can offer them. They carry the sentence's period too, and no
	// Candidates of their own.
	Candidates []Proposal
}

// Options is what the document around a sentence tells the reader. The
// zero Options reads the sentence alone.
type Options struct {
	// Published is the document's publication date: it resolves the
	// implied and relative dates of real reporting ("so far", "on Tuesday",
	// "last month", "since 1 April", "this year"). Zero: only dates the
	// sentence states in full are read.
	Published domain.Date
	// Series is words naming the series being entered ("Afghans returned
	// from Pakistan", or a slug's words): a number tied to them is preferred
	// when a sentence has several.
	Series string
	// Organizations is the registry that attributions resolve to.
	Organizations []domain.Organization
}

// maxCandidates bounds what the form is offered for a pasted paragraph.
const maxCandidates = 20

// FromSentence proposes a figure from one excerpt. It never panics and never
// errors on any input: it returns a zero Proposal when nothing is found, and
// only the period when the sentence has a date but no count.
func FromSentence(s string) Proposal { return Read(s, Options{}) }

// Read proposes a figure from one sentence with what the document around it
// tells (its publication date, the series, the organisation registry). Like
// FromSentence it never panics and never errors.
func Read(s string, o Options) (p Proposal) {
	defer func() {
		// propose has no known panic (the fuzz test calls it directly); this
		// is a last guard so that a form helper can never take a request down.
		if recover() != nil {
			p = Proposal{}
		}
	}()
	return propose(s, o)
}

func propose(s string, o Options) Proposal {
	toks := tokenize(s)
	spans, inDate := findDates(toks)
	by := attribution(s, toks)
	start, end, startAt := period(toks, spans, o.Published, by != "")
	org := organization(by, o.Organizations)
	if org == "" {
		org = foreignOrganization(by, o.Organizations)
	}
	cands := candidates(toks, inDate)
	if len(cands) == 0 {
		return Proposal{PeriodStart: start, PeriodEnd: end, AttributedTo: by, Organization: org}
	}
	ch := choose(toks, inDate, cands, o.Series)
	best := ch.best
	p := cands[best].proposal(s, toks)
	p.PeriodStart, p.PeriodEnd, p.Confidence = start, end, ch.confidence[best]
	if startAt >= 0 && otherClause(toks, cands, best, startAt) {
		// "1.1 million IDPs live in Somalia, and 548,000 more have been
		// displaced since 2016": the start dates the other count, which
		// keeps it as a candidate.
		p.PeriodStart = domain.Date{}
	}
	p.AttributedTo, p.Organization = by, org
	for i, c := range cands {
		if i != best && len(p.Candidates) < maxCandidates {
			o := c.proposal(s, toks)
			o.PeriodStart, o.PeriodEnd, o.Confidence = start, end, ch.confidence[i]
			o.AttributedTo, o.Organization = by, org
			p.Candidates = append(p.Candidates, o)
		}
	}
	return p
}

// otherClause reports a "since" at toks[at] that belongs to a later clause
// than the chosen count, a clause that gives its own count: "An estimated
// 1.1 million IDPs currently live in Somalia, and at least 548,000
// additional people have been displaced since November 2016". The start
// dates that other count, not the chosen one. A clause opens at ";", or at
// a comma before "and", "but", "while" or "whereas", or at "while".
func otherClause(toks []token, cands []candidate, best, at int) bool {
	c := cands[best]
	if at < c.numTo {
		return false
	}
	boundary := -1
	for k := c.numTo; k < at; k++ {
		t := toks[k]
		next := ""
		if k+1 < len(toks) {
			next = toks[k+1].lower
		}
		if t.text == ";" || t.lower == "while" || t.lower == "whereas" ||
			t.text == "," && (next == "and" || next == "but" || next == "while" || next == "whereas") {
			boundary = k
			break
		}
	}
	if boundary < 0 {
		return false
	}
	for i, o := range cands {
		if i != best && o.from > boundary && o.from < at {
			return true
		}
	}
	return false
}

// candidate is one count found in the sentence.
type candidate struct {
	low, high amount // high is set for a range
	isRange   bool
	q         domain.Qualifier
	numFrom   int // first token of the number(s)
	numTo     int // after the last token of the number(s)
	from, to  int // the words as stated, qualifier included
}

// candidates finds the counts of the sentence, left to right.
func candidates(toks []token, inDate []bool) []candidate {
	var out []candidate
	numbers := 0
	for i := 0; i < len(toks) && numbers < maxNumbers; {
		if toks[i].kind == number {
			numbers++
		}
		c, next, ok := candidateAt(toks, inDate, i)
		if ok {
			out = append(out, c)
		}
		i = next
	}
	return out
}

// maxNumbers bounds the numbers of one sentence that are read as possible
// counts. A sentence with more is a flattened table or noise, whose first
// numbers are what a reader would look at; the bound keeps a document's
// cost linear with a small constant, whatever the text holds (a paste of
// numbers only costs about what a report does).
const maxNumbers = 64

// candidateAt reads a count starting at toks[i], with its range and
// qualifier. next is where to look for the following one: past the number
// even when it is not a count, so that "$300 million" does not leave
// "million" behind.
func candidateAt(toks []token, inDate []bool, i int) (c candidate, next int, ok bool) {
	if inDate[i] {
		return c, i + 1, false
	}
	a, ok := readAmount(toks, i)
	if !ok {
		return c, i + 1, false
	}
	a = joinRemainder(toks, inDate, a)
	c = candidate{low: a, q: domain.Exact, numFrom: i, numTo: a.to, from: i}
	if low, high, ok := rangeAfter(toks, a, inDate); ok {
		c.low, c.high, c.isRange, c.q, c.numTo = low, high, true, domain.Range, high.to
	}
	if !c.low.whole || notACount(toks, c.numFrom, c.numTo) {
		return c, c.numTo, false
	}
	if (c.low.bare || c.isRange && c.high.bare) && !peopleAfter(toks, c.numTo) {
		return c, c.numTo, false // "two sides", "One Document Policy"
	}
	if c.isRange && i > 0 && rangeOpeners[toks[i-1].key] {
		c.from = i - 1
		if i > 1 && toks[i-2].key == "ما" {
			c.from = i - 2 // "ما بين"
		}
	}
	q, qFrom := qualifierBefore(toks, c.from)
	if q == "" && !c.isRange {
		q, qFrom = markPassed(toks, c.from, c.numTo)
	}
	if q == "" && !c.isRange {
		if vq := frontedQualifier(toks, c.from); vq != "" {
			c.q = vq // "يقارب عدد النازحين … 10 ملايين": the verb qualifies the count
		}
	}
	if q != "" && ageBound(toks, qFrom) {
		return c, c.numTo, false // "children under five", "people over 60"
	}
	if q != "" {
		c.from = qFrom
		if !c.isRange && !estimatedToTheUnit(toks, qFrom, c.low) {
			c.q = q
		}
	}
	c.to = c.numTo
	if q2, k := qualifierAfter(toks, c.numTo); q2 != "" {
		// "Some 500-odd": the words are stated in full, the first qualifier wins.
		c.to = k
		if c.q == domain.Exact {
			c.q = q2
		}
	}
	return c, c.numTo, true
}

// ageBound reports "under"/"over" right after a people word, which bounds an
// age, not a count: "children under five", "people over 60".
func ageBound(toks []token, qFrom int) bool {
	if qFrom == 0 {
		return false
	}
	switch toks[qFrom].lower {
	case "under", "over", "above", "below":
		return people[toks[qFrom-1].lower]
	}
	return false
}

// proposal turns the candidate into what the form shows.
func (c candidate) proposal(s string, toks []token) Proposal {
	p := Proposal{
		HasValue:      true,
		Qualifier:     c.q,
		Value:         float64(c.low.value),
		ValueAsStated: s[toks[c.from].start+joinedPrefix(toks, c) : toks[c.to-1].end],
	}
	if c.isRange {
		low, high := float64(c.low.value), float64(c.high.value)
		p.ValueLow, p.ValueHigh = &low, &high
		p.Value = float64((c.low.value + c.high.value) / 2)
	}
	return p
}
