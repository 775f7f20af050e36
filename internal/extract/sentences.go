package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file splits a whole document's text into sentences, the unit Read
// works on. The text comes pasted from a web page, from an HTML page's
// visible text or from pdftotext, so it has what real reports have: lines
// hard-wrapped inside a sentence, headings and table rows without a full
// stop, bullet lists, abbreviations ("U.S.", "No. 5", "approx.", "Dec."),
// decimal points, and Arabic and Urdu marks ("؟", "۔").

// maxSentence bounds one sentence, in bytes. A longer run without a
// sentence end (a flattened table, a fuzzer's input) is cut at a space;
// text without spaces (Chinese prose, numbers joined by commas, dashes or
// slashes) a little later, after a mark that is not part of a number; and
// text of letters and digits only at twice the bound. So the work Read does
// on one sentence stays bounded and the whole document stays linear in its
// length.
const maxSentence = 2000

// sentenceSpan is one sentence: text[start:end], trimmed of spaces and of a bullet
// marker.
type sentenceSpan struct{ start, end int }

// line is one line of the text, without its line break.
type line struct{ start, end int }

// sentences splits text into sentence spans, in order. Blocks are first
// made of lines: a blank line, a bullet, a table row or a heading (a short
// line with no end mark) ends a block, while a long line runs on into the
// next, as a wrapped paragraph does. Each block is then cut at its sentence
// ends.
func sentences(text string) []sentenceSpan {
	var out []sentenceSpan
	blockStart, blockEnd := -1, -1
	flush := func() {
		if blockStart >= 0 {
			out = splitBlock(text, blockStart, blockEnd, out)
		}
		blockStart, blockEnd = -1, -1
	}
	prevAlone := false // the previous line stands on its own
	prevEnded := true  // the previous line ended a sentence, or there is none
	ls := lines(text)
	for n, ln := range ls {
		body := strings.TrimSpace(text[ln.start:ln.end])
		if body == "" {
			flush()
			prevAlone, prevEnded = false, true
			continue
		}
		start := ln.start + strings.Index(text[ln.start:ln.end], body)
		next := ""
		if n+1 < len(ls) {
			next = strings.TrimSpace(text[ls[n+1].start:ls[n+1].end])
		}
		alone := tabular(body) || heading(body, next)
		if b := bulletLen(body); b > 0 {
			flush()
			start += b
			for start < ln.end && (text[start] == ' ' || text[start] == '\t') {
				start++
			}
		} else if prevAlone || alone && prevEnded {
			// A heading begins a block only after a sentence ended: after a
			// wrapped line it is the tail of that sentence ("… remains\nClosed").
			flush()
		}
		if blockStart < 0 {
			blockStart = start
		}
		blockEnd = start + len(strings.TrimSpace(text[start:ln.end]))
		if blockEnd < blockStart {
			blockEnd = blockStart
		}
		prevAlone = alone
		last, _ := utf8.DecodeLastRuneInString(body)
		prevEnded = sentenceMark(last) || strings.ContainsRune(":\"”)", last)
	}
	flush()
	return out
}

// lines cuts text at "\n", "\r\n", "\r" and the form feed pdftotext puts
// between pages.
func lines(text string) []line {
	var out []line
	start := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\n', '\f':
			out = append(out, line{start, i})
			start = i + 1
		case '\r':
			out = append(out, line{start, i})
			if i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	return append(out, line{start, len(text)})
}

// tabular reports a table row as pdftotext or a pasted spreadsheet lays it
// out: cells separated by tabs or by runs of three or more spaces.
func tabular(body string) bool {
	return strings.Contains(body, "\t") || strings.Contains(body, "   ")
}

// heading reports a short line that stands on its own: a title ("Return
// from Pakistan"), a label ("Highlights"), a date line. Wrapped paragraph
// lines are longer, and a narrow column's wrapped line shows itself by
// ending on a comma or a joining word ("and", "of") or by the next line
// going on in lower case.
func heading(body, next string) bool {
	if utf8.RuneCountInString(body) >= 60 {
		return false
	}
	first, _ := utf8.DecodeRuneInString(body)
	last, _ := utf8.DecodeLastRuneInString(body)
	if unicode.IsLower(first) || sentenceMark(last) || strings.ContainsRune(",;:-–(", last) {
		return false
	}
	if first, _ := utf8.DecodeRuneInString(next); unicode.IsLower(first) {
		return false
	}
	w := body[strings.LastIndexAny(body, " \t")+1:]
	return !joining[strings.ToLower(w)]
}

// joining are words a sentence does not end on, so a line ending on one
// runs on into the next.
var joining = set(
	"a", "an", "the", "and", "or", "but", "of", "to", "from", "in", "on", "at", "by",
	"for", "with", "between", "since", "as", "than", "that", "which", "who", "some",
	"nearly", "about", "around", "over", "under", "least", "more", "less", "almost",
	"approximately", "estimated", "total", "were", "was", "are", "is", "have", "has", "had",
)

// bulletLen is the length of a list marker at the start of body, with the
// space after it: "• ", "- ", "* ", "1. ", "(a) ", "2) ". Zero when there
// is none; "1.7 million" and "-4°C" are no markers.
func bulletLen(body string) int {
	r, w := utf8.DecodeRuneInString(body)
	switch r {
	case '•', '▪', '◦', '●', '○', '■', '□', '►', '–', '—', '-', '*', '·', '‣':
		if w < len(body) && (body[w] == ' ' || body[w] == '\t') {
			return w + 1
		}
		return 0
	}
	i := 0
	if body[0] == '(' {
		i = 1
	}
	j := i
	for j < len(body) && j-i < 3 && (isDigit(body[j]) || j == i && body[j] >= 'a' && body[j] <= 'z') {
		j++
	}
	if j == i || j+1 >= len(body) {
		return 0
	}
	if (body[j] == '.' || body[j] == ')') && (body[j+1] == ' ' || body[j+1] == '\t') {
		if body[j] == '.' && i == 1 {
			return 0
		}
		return j + 2
	}
	return 0
}

// splitBlock cuts text[from:to] at its sentence ends and appends the
// sentences to out.
func splitBlock(text string, from, to int, out []sentenceSpan) []sentenceSpan {
	start := from
	for i := from; i < to; {
		r, w := utf8.DecodeRuneInString(text[i:to])
		end := i + w
		if sentenceMark(r) {
			// Closing quotes and brackets belong to the sentence they end.
			for end < to {
				c, cw := utf8.DecodeRuneInString(text[end:to])
				if !strings.ContainsRune("\"'”’»)]", c) {
					break
				}
				end += cw
			}
			if endsSentence(text, start, i, end, to, r) {
				out = appendSpan(text, start, end, out)
				start = end
			}
		} else if n := i - start; n >= maxSentence && unicode.IsSpace(r) {
			out = appendSpan(text, start, i, out)
			start = end
		} else if n >= maxSentence+maxSentence/4 && separator(text, i, end, to, r) {
			out = appendSpan(text, start, end, out) // "人，", "1,200-", "(1,200)/"
			start = end
		} else if end-start > 2*maxSentence {
			out = appendSpan(text, start, i, out) // no space or mark at all
			start = i
		}
		i = end
	}
	return appendSpan(text, start, to, out)
}

// separator reports a rune, text[i:end], that is neither part of a word
// nor of a number: punctuation, a dash, a slash, a bracket — but not a
// thousands or decimal separator between two digits ("1,200", "۱٬۲۰۰").
func separator(text string, i, end, to int, r rune) bool {
	if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return false
	}
	if !strings.ContainsRune(",.'٬٫،", r) || i == 0 || end >= to {
		return true
	}
	before, _ := utf8.DecodeLastRuneInString(text[:i])
	after, _ := utf8.DecodeRuneInString(text[end:to])
	return !unicode.IsDigit(before) || !unicode.IsDigit(after)
}

// sentenceMark reports the marks that may end a sentence: full stop,
// question and exclamation marks, and the Arabic question mark and Urdu
// full stop.
func sentenceMark(r rune) bool {
	switch r {
	case '.', '!', '?', '؟', '۔', '…', '。':
		return true
	}
	return false
}

// endsSentence decides whether the mark at text[i] (with its closing
// quotes, up to end) ends the sentence begun at start: it must be followed
// by a space and a word that can begin a sentence, and a full stop must not
// close an abbreviation ("U.S.", "No.", "approx.", "Dec.").
func endsSentence(text string, start, i, end, to int, mark rune) bool {
	if end >= to {
		return true
	}
	next, _ := utf8.DecodeRuneInString(text[end:to])
	if !unicode.IsSpace(next) {
		return false // "2.43", "U.S", "e.g.,"
	}
	k := end
	for k < to {
		c, cw := utf8.DecodeRuneInString(text[k:to])
		if !unicode.IsSpace(c) {
			break
		}
		k += cw
	}
	first, _ := utf8.DecodeRuneInString(text[k:to])
	if unicode.IsLower(first) {
		return false // "approx. 500", "e.g. returnees"
	}
	if mark != '.' {
		return true
	}
	w := wordBefore(text, start, i)
	if abbreviation(w) {
		// "No. 5", "Dec. 12", "approx. 1,000": an abbreviation before a
		// number or a capital. "in the U.S. Officials said" is the one
		// case this keeps together.
		return false
	}
	return true
}

// wordBefore is the letters and inner dots right before text[i]: "U.S" for
// "U.S.", "No" for "No.".
func wordBefore(text string, start, i int) string {
	j := i
	for j > start {
		r, w := utf8.DecodeLastRuneInString(text[start:j])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		j -= w
	}
	return text[j:i]
}

// abbreviation reports words that take a full stop without ending a
// sentence: single letters and dotted initials ("U.S", "U.N", "J"), titles,
// months, and the short forms of reports ("No", "approx", "est", "fig").
func abbreviation(w string) bool {
	if w == "" {
		return false
	}
	if strings.Contains(w, ".") {
		return true // "U.S", "e.g", "i.e", "a.m"
	}
	if utf8.RuneCountInString(w) == 1 {
		return true // "J. Smith", "A. Introduction"
	}
	return abbreviations[strings.ToLower(w)]
}

var abbreviations = set(
	"no", "nos", "approx", "est", "fig", "figs", "para", "paras", "vol", "p", "pp",
	"art", "sec", "ch", "ref", "cf", "vs", "incl", "excl", "resp", "ca",
	"mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt",
	"gov", "govt", "sen", "rep", "st", "mt", "hon", "amb", "pres", "min", "dept",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"rs", "inc", "ltd", "co", "corp", "jr", "sr",
)

// appendSpan appends text[from:to] trimmed of spaces, when anything is left.
func appendSpan(text string, from, to int, out []sentenceSpan) []sentenceSpan {
	for from < to {
		r, w := utf8.DecodeRuneInString(text[from:to])
		if !unicode.IsSpace(r) {
			break
		}
		from += w
	}
	for to > from {
		r, w := utf8.DecodeLastRuneInString(text[from:to])
		if !unicode.IsSpace(r) {
			break
		}
		to -= w
	}
	if from < to {
		out = append(out, sentenceSpan{from, to})
	}
	return out
}
