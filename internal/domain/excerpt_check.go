package domain

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ExcerptStatus says whether a figure's or event's excerpt is in the text
// saved from its source. The strings go into downloads and the API as
// excerpt_status.
type ExcerptStatus string

const (
	ExcerptFound       ExcerptStatus = "found"        // every word, in order
	ExcerptNearlyFound ExcerptStatus = "nearly_found" // most words; Differences say where not
	ExcerptNotFound    ExcerptStatus = "not_found"
	ExcerptUnchecked   ExcerptStatus = "unchecked" // no excerpt, or no saved text to check it in
)

// ExcerptCheck is the result of CheckExcerpt.
type ExcerptCheck struct {
	Status ExcerptStatus
	// Start and End are the byte offsets in the original text from the
	// first word matched to the end of the last (for highlighting; the
	// punctuation around them is left out); both 0 when not found.
	Start, End int
	// Paragraph is the paragraph of the text holding the match, or the
	// text around it when paragraphs are long or not marked.
	Paragraph string
	// ParagraphStart and ParagraphEnd are Paragraph's byte offsets in the
	// text (Paragraph is text[ParagraphStart:ParagraphEnd]).
	ParagraphStart, ParagraphEnd int
	// Differences, for a nearly found excerpt, say in words where the copy
	// differs from the excerpt.
	Differences []string
}

// Bounds of the check. An excerpt "A … B" is found when B follows A by at
// most maxElided words. A nearly found excerpt is one whose best aligned
// window of the text shares at least minSimilarity of its words (the Dice
// coefficient of the words in order: 2·matches/(excerpt words + window
// words)).
const (
	maxElided     = 120
	maxParts      = 16 // an excerpt's ellipses after the 15th are not gaps
	minSimilarity = 0.8
	anchorCap     = 64 // a word more frequent in the text is no anchor
	candidates    = 6  // aligned windows tried
	diagBin       = 8  // words; votes for windows are binned this wide
	band          = 24 // words either side of a window's diagonal
	maxDiffs      = 10 // differences named; more are counted
	maxQuote      = 80 // bytes of a quoted difference
	paraReach     = 3000
)

// CheckExcerpt looks for excerpt in text, word by word, after folding
// both: case; every run of spaces, line breaks, no-break and thin spaces;
// curly quotes and every dash; soft hyphens, zero-width characters and
// direction marks; words hyphenated at a line break ("dis-\nplaced");
// Eastern Arabic and Persian digits, and Arabic letter variants, harakat
// and tatweel as OrgKey folds them; compatibility forms (full-width
// letters, Arabic presentation forms from a PDF); diacritics; footnote
// markers ("¹", "[1]"). A hyphen between letters joins them into one
// word, so that "internally-displaced" is found where a line break cut it
// as "internally-\ndisplaced" (and "dis-\nplaced" is "displaced"). Other
// punctuation, but for the points and commas inside a number, does not
// count, so "11-million" is "11 million" while "1.7" and "17" differ. An
// ellipsis ("…", "...") in the excerpt stands for up to maxElided words
// left out of the text.
//
// An excerpt not found word for word is nearly found when a window of the
// text shares most of its words in order; a number that differs never
// lets it be found. The cost is linear in the text and in the excerpt,
// times the constants above (at most maxParts passes over the text's
// words; an alignment of the excerpt's words within a band), never the
// product of their lengths.
//
// An empty excerpt, or a text with no words (a scanned PDF), is unchecked.
func CheckExcerpt(excerpt, text string) ExcerptCheck {
	var work int
	return checkExcerpt(excerpt, text, &work)
}

// checkExcerpt is CheckExcerpt counting its steps into work.
func checkExcerpt(excerpt, text string, work *int) ExcerptCheck {
	in := interner{}
	ex := tokenize(excerpt, in, work)
	if len(ex) == 0 {
		return ExcerptCheck{Status: ExcerptUnchecked}
	}
	tx := tokenize(text, in, work)
	if len(tx) == 0 {
		// No words to look in (a scanned PDF, a page of scripts): the
		// excerpt cannot be said to be missing.
		return ExcerptCheck{Status: ExcerptUnchecked}
	}
	parts := splitParts(ex)
	if a, b, ok := findChain(parts, tx, work); ok {
		start, end := tx[a].start, tx[b-1].end
		a, b := paragraphAround(text, start, end)
		return ExcerptCheck{Status: ExcerptFound, Start: start, End: end, Paragraph: text[a:b], ParagraphStart: a, ParagraphEnd: b}
	}
	// Nearly found: each part aligned on its own, in order, close enough.
	var diffs []string
	first, last, prevEnd := -1, -1, -1
	ids := wordPlaces(ex, tx, work)
	for pi, p := range parts {
		al, ok := nearest(p, tx, ids, work)
		if !ok || al.sim < minSimilarity {
			return ExcerptCheck{Status: ExcerptNotFound}
		}
		if pi > 0 && (al.from < prevEnd || al.from-prevEnd > maxElided) {
			return ExcerptCheck{Status: ExcerptNotFound}
		}
		if first < 0 {
			first = al.from
		}
		last, prevEnd = al.to, al.to
		diffs = append(diffs, describe(al, p, tx, excerpt, text, pi == 0, pi == len(parts)-1)...)
	}
	if len(diffs) > maxDiffs {
		diffs = append(diffs[:maxDiffs], fmt.Sprintf("and %d more differences", len(diffs)-maxDiffs))
	}
	start, end := tx[first].start, tx[last-1].end
	pa, pb := paragraphAround(text, start, end)
	return ExcerptCheck{Status: ExcerptNearlyFound, Start: start, End: end,
		Paragraph: text[pa:pb], ParagraphStart: pa, ParagraphEnd: pb, Differences: diffs}
}

// splitParts cuts the excerpt's words at its ellipses, the first
// maxParts-1 of them: each part costs a pass over the text.
func splitParts(ex []token) [][]token {
	var parts [][]token
	from := 0
	for i := 1; i < len(ex); i++ {
		if ex[i].gap && len(parts) < maxParts-1 {
			parts = append(parts, ex[from:i])
			from = i
		}
	}
	return append(parts, ex[from:])
}

// occurrences are the positions in tx where p occurs (Knuth–Morris–Pratt).
func occurrences(p, tx []token, work *int) []int {
	fail := make([]int, len(p)+1)
	fail[0] = -1
	for i, k := 1, -1; i <= len(p); i++ {
		for k >= 0 && p[k].id != p[i-1].id {
			k = fail[k]
			*work++
		}
		k++
		fail[i] = k
	}
	var at []int
	k := 0
	for j := range tx {
		*work++
		for k >= 0 && (k == len(p) || p[k].id != tx[j].id) {
			k = fail[k]
			*work++
		}
		k++
		if k == len(p) {
			at = append(at, j-len(p)+1)
		}
	}
	return at
}

// findChain finds the parts in tx in order, each at most maxElided words
// after the one before: the words [a, b) of tx.
func findChain(parts [][]token, tx []token, work *int) (a, b int, ok bool) {
	occ := make([][]int, len(parts))
	for i, p := range parts {
		if occ[i] = occurrences(p, tx, work); len(occ[i]) == 0 {
			return 0, 0, false
		}
	}
	ptr := make([]int, len(parts))
next:
	for _, o := range occ[0] {
		pos := o + len(parts[0])
		for j := 1; j < len(parts); j++ {
			for ptr[j] < len(occ[j]) && occ[j][ptr[j]] < pos {
				ptr[j]++
				*work++
			}
			if ptr[j] == len(occ[j]) {
				return 0, 0, false // no later start can find part j
			}
			if occ[j][ptr[j]]-pos > maxElided {
				continue next
			}
			pos = occ[j][ptr[j]] + len(parts[j])
		}
		return o, pos, true
	}
	return 0, 0, false
}

// Alignment steps.
const (
	opMatch byte = iota + 1
	opSub        // a word of the copy where the excerpt has another
	opDel        // a word of the excerpt not in the copy
	opIns        // a word of the copy not in the excerpt
)

type alignStep struct {
	op   byte
	i, j int // excerpt word, text word (the one consumed)
}

type alignment struct {
	from, to int // words of tx
	sim      float64
	steps    []alignStep
}

// wordPlaces are the places in tx of the words of ex, up to anchorCap+1
// of each.
func wordPlaces(ex, tx []token, work *int) map[int32][]int {
	ids := map[int32][]int{}
	for _, t := range ex {
		ids[t.id] = nil
	}
	for j, t := range tx {
		*work++
		if at, ok := ids[t.id]; ok && len(at) <= anchorCap {
			ids[t.id] = append(at, j)
		}
	}
	return ids
}

// nearest aligns p with the windows of tx that share most of its rarer
// words (their places in ids) and returns the best alignment.
func nearest(p, tx []token, ids map[int32][]int, work *int) (alignment, bool) {
	votes := map[int]int{}
	common := true
	for i, t := range p {
		if at := ids[t.id]; len(at) > 0 && len(at) <= anchorCap {
			common = false
			for _, j := range at {
				votes[floorDiv(j-i, diagBin)]++
				*work++
			}
		}
	}
	if common { // every word of p is frequent: anchor on what there is
		for i, t := range p {
			for _, j := range ids[t.id] {
				votes[floorDiv(j-i, diagBin)]++
				*work++
			}
		}
	}
	var best alignment
	found := false
	for range candidates {
		bin, n := 0, 0
		for b, v := range votes {
			if v > n || v == n && b < bin {
				bin, n = b, v
			}
		}
		if n == 0 {
			break
		}
		delete(votes, bin)
		al, ok := align(p, tx, bin*diagBin+diagBin/2, work)
		if ok && (!found || al.sim > best.sim) {
			best, found = al, true
		}
	}
	return best, found
}

func floorDiv(a, b int) int {
	if a < 0 {
		return -((-a + b - 1) / b)
	}
	return a / b
}

// align is a banded semi-global alignment of p (all of it) with a window
// of tx (free ends) around the diagonal j = i + d: edit distance on words.
func align(p, tx []token, d int, work *int) (alignment, bool) {
	const inf = 1 << 30
	n, m, w := len(p), len(tx), 2*band+1
	cost := make([]int32, (n+1)*w)
	from := make([]byte, (n+1)*w)
	at := func(i, k int) int { return i*w + k + band }
	for i := 0; i <= n; i++ {
		for k := -band; k <= band; k++ {
			*work++
			c := at(i, k)
			j := i + d + k
			cost[c] = inf
			if j < 0 || j > m {
				continue
			}
			if i == 0 {
				cost[c] = 0 // the window starts anywhere
				continue
			}
			// diagonal: same k on row i-1
			if v := cost[at(i-1, k)]; j >= 1 && v < inf {
				op, add := opMatch, int32(0)
				if p[i-1].id != tx[j-1].id {
					op, add = opSub, 1
				}
				cost[c], from[c] = v+add, op
			}
			if k+1 <= band { // excerpt word dropped: row i-1, same j
				// On a tie the word is dropped: the traceback, from the
				// end, then keeps the excerpt's missing words together
				// at its end ("the last 5 words are not in the copy").
				if v := cost[at(i-1, k+1)]; v < inf && v+1 <= cost[c] {
					cost[c], from[c] = v+1, opDel
				}
			}
			if k-1 >= -band && j >= 1 { // copy word added: row i, j-1
				if v := cost[at(i, k-1)]; v < inf && v+1 < cost[c] {
					cost[c], from[c] = v+1, opIns
				}
			}
		}
	}
	bestK, bestC := 0, int32(inf)
	for k := -band; k <= band; k++ {
		if v := cost[at(n, k)]; v < bestC {
			bestK, bestC = k, v
		}
	}
	if bestC >= inf {
		return alignment{}, false
	}
	var steps []alignStep
	i, k := n, bestK
	matches := 0
	for i > 0 {
		c := at(i, k)
		j := i + d + k
		switch from[c] {
		case opMatch, opSub:
			if from[c] == opMatch {
				matches++
			}
			steps = append(steps, alignStep{from[c], i - 1, j - 1})
			i--
		case opDel:
			steps = append(steps, alignStep{opDel, i - 1, j})
			i--
			k++
		case opIns:
			steps = append(steps, alignStep{opIns, i, j - 1})
			k--
		default:
			return alignment{}, false
		}
	}
	for a, b := 0, len(steps)-1; a < b; a, b = a+1, b-1 {
		steps[a], steps[b] = steps[b], steps[a]
	}
	// The window: from the first word of the copy the path uses to the last.
	lo, hi := -1, -1
	for _, s := range steps {
		if s.op != opDel {
			if lo < 0 {
				lo = s.j
			}
			hi = s.j + 1
		}
	}
	if lo < 0 || matches == 0 {
		return alignment{}, false
	}
	// Trim copy words added at the window's edges (they cost nothing to drop).
	for len(steps) > 0 && steps[0].op == opIns {
		steps = steps[1:]
		lo++
	}
	for len(steps) > 0 && steps[len(steps)-1].op == opIns {
		steps = steps[:len(steps)-1]
		hi--
	}
	sim := 2 * float64(matches) / float64(n+hi-lo)
	return alignment{from: lo, to: hi, sim: sim, steps: steps}, true
}

// describe says in words where the copy differs from the excerpt part p.
func describe(al alignment, p, tx []token, excerpt, text string, first, last bool) []string {
	var out []string
	s := al.steps
	for a := 0; a < len(s); {
		if s[a].op == opMatch {
			a++
			continue
		}
		b := a
		for b < len(s) && s[b].op != opMatch {
			b++
		}
		var ei, tj []int
		for _, st := range s[a:b] {
			if st.op != opIns {
				ei = append(ei, st.i)
			}
			if st.op != opDel {
				tj = append(tj, st.j)
			}
		}
		switch {
		case len(ei) > 0 && len(tj) > 0:
			ea, eb, ta, tb := ei[0], ei[len(ei)-1], tj[0], tj[len(tj)-1]
			if b < len(s) && numeric(excerpt, p[ea:eb+1]) && numeric(text, tx[ta:tb+1]) {
				eb, tb = s[b].i, s[b].j // "1.7 million", not "1.7"
			}
			out = append(out, fmt.Sprintf("the copy has “%s” where the excerpt has “%s”",
				quote(text, tx[ta].start, tx[tb].end), quote(excerpt, p[ea].start, p[eb].end)))
		case len(ei) > 0:
			q := quote(excerpt, p[ei[0]].start, p[ei[len(ei)-1]].end)
			switch {
			case first && a == 0:
				out = append(out, fmt.Sprintf("the excerpt's first %s not in the copy (“%s”)", countWords(len(ei)), q))
			case last && b == len(s):
				out = append(out, fmt.Sprintf("the excerpt's last %s not in the copy (“%s”)", countWords(len(ei)), q))
			default:
				out = append(out, fmt.Sprintf("the copy leaves out “%s”", q))
			}
		case len(tj) > 0:
			out = append(out, fmt.Sprintf("the copy has “%s” where the excerpt has nothing",
				quote(text, tx[tj[0]].start, tx[tj[len(tj)-1]].end)))
		}
		a = b
	}
	return out
}

func countWords(n int) string {
	if n == 1 {
		return "word is"
	}
	return fmt.Sprintf("%d words are", n)
}

// numeric reports whether every word is a number.
func numeric(s string, ts []token) bool {
	for _, t := range ts {
		if strings.IndexFunc(s[t.start:t.end], unicode.IsLetter) >= 0 {
			return false
		}
	}
	return true
}

// quote is s[a:b] on one line, cut in its middle when long.
func quote(s string, a, b int) string {
	q := strings.Join(strings.Fields(s[a:b]), " ")
	if len(q) <= maxQuote {
		return q
	}
	h := maxQuote / 2
	l, r := h, len(q)-h
	for l > 0 && !utf8.RuneStart(q[l]) {
		l--
	}
	for r < len(q) && !utf8.RuneStart(q[r]) {
		r++
	}
	return q[:l] + " … " + q[r:]
}

var blankLine = regexp.MustCompile(`\n[ \t\r\f\v\x{00A0}]*\n|\x{2029}`)

// paragraphAround is the paragraph of text holding text[start:end]: it
// runs between blank lines, else between line breaks, else at most
// paraReach bytes either side, cut at a space.
func paragraphAround(text string, start, end int) (a, b int) {
	lo := max(0, start-paraReach)
	hi := min(len(text), end+paraReach)
	// Cut at rune starts, never past the match: in invalid UTF-8 (a run
	// of continuation bytes) there may be none between the reach and it.
	for lo > 0 && lo < start && !utf8.RuneStart(text[lo]) {
		lo++
	}
	for hi < len(text) && hi > end && !utf8.RuneStart(text[hi]) {
		hi--
	}
	before, after := text[lo:start], text[end:hi]
	a, b = -1, -1
	if ms := blankLine.FindAllStringIndex(before, -1); len(ms) > 0 {
		a = lo + ms[len(ms)-1][1]
	} else if i := strings.LastIndexByte(before, '\n'); i >= 0 {
		a = lo + i + 1
	} else if lo == 0 {
		a = 0
	} else if i := strings.IndexByte(before, ' '); i >= 0 {
		a = lo + i + 1
	} else {
		a = lo
	}
	if m := blankLine.FindStringIndex(after); m != nil {
		b = end + m[0]
	} else if i := strings.IndexByte(after, '\n'); i >= 0 {
		b = end + i
	} else if hi == len(text) {
		b = hi
	} else if i := strings.LastIndexByte(after, ' '); i >= 0 {
		b = end + i
	} else {
		b = hi
	}
	// Without the spaces at either end.
	seg := text[a:b]
	a += len(seg) - len(strings.TrimLeftFunc(seg, unicode.IsSpace))
	b -= len(seg) - len(strings.TrimRightFunc(seg, unicode.IsSpace))
	return a, max(a, b)
}
