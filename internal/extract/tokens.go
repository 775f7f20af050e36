package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind is what a token is. The tokenizer decides early which digit runs can
// never be counts (clock times, slash dates, phone numbers), so the later
// stages only ever see numbers that might be.
type kind uint8

const (
	word     kind = iota + 1 // letters of any script: "Afghans", "million", "م"
	number                   // "685", "59,561", "1,65,000", "12 000", "2.43"
	isoDate                  // "2024-01-23"
	notCount                 // "10:30", "30/04/2025", "2023/24", "+92 51 1234567", "1.2.3"
	punct                    // any other single character: "$", "%", "-", ","
)

// token is one piece of the sentence, with byte offsets so that the words of
// the source can be cut out verbatim.
type token struct {
	kind       kind
	start, end int    // byte offsets in the sentence
	text       string // s[start:end]
	lower      string // lower-case text, for words
	key        string // lower, with Arabic-script spellings folded (arabicKey)
	spaced     bool   // whitespace separates it from the previous token
	intDigits  string // numbers: digits before the decimal point, separators removed
	fracDigits string // numbers: digits after the decimal point
	grouped    bool   // numbers: written with thousands separators
	dotDecimal bool   // numbers: the fraction follows a full stop (not "٫")
}

// tokenize splits s into words, numbers and single punctuation characters.
// Invalid UTF-8 bytes become one-byte punctuation tokens.
func tokenize(s string) []token {
	var toks []token
	spaced := true
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		var t token
		switch {
		case unicode.IsSpace(r):
			spaced = true
			i += w
			continue
		case isDigit(s[i]):
			t = scanNumber(s, i, toks)
		case isEastern(r):
			t = scanEasternNumber(s, i)
		case unicode.IsLetter(r) || unicode.IsMark(r):
			t = token{kind: word, start: i, end: wordEnd(s, i)}
		default:
			t = token{kind: punct, start: i, end: i + w}
		}
		t.text = s[t.start:t.end]
		if t.kind == word {
			t.lower = strings.ToLower(t.text)
			t.key = arabicKey(t.lower)
		}
		t.spaced = spaced
		toks = append(toks, t)
		spaced = false
		i = t.end
	}
	return toks
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

func isEastern(r rune) bool { _, ok := easternDigit(r); return ok }

// wordEnd finds the end of the word at s[i]. A zero-width non-joiner or
// joiner belongs to the word: Persian writes "بازگشت‌کنندگان" as one word.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '\u200c' && r != '\u200d' {
			break
		}
		i += w
	}
	return i
}

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// digitAfter reports whether s[i] is one of seps and a digit follows it.
func digitAfter(s string, i int, seps string) bool {
	return i+1 < len(s) && strings.IndexByte(seps, s[i]) >= 0 && isDigit(s[i+1])
}

// scanNumber reads the digit run at s[i] with whatever grouping it carries.
func scanNumber(s string, i int, prev []token) token {
	t := token{kind: number, start: i}
	first := digitsEnd(s, i)
	switch {
	case len(prev) > 0 && prev[len(prev)-1].text == "+" && prev[len(prev)-1].end == i:
		// "+92 51 1234567": an international phone number.
		t.kind, t.end = notCount, phoneEnd(s, i)
	case digitAfter(s, first, ":/"):
		// "10:30", "30/04/2025", "2023/24".
		t.kind, t.end = notCount, runEnd(s, first, ":/")
	case first-i == 4 && isISODate(s, i):
		t.kind, t.end = isoDate, i+10
	default:
		t.end, t.intDigits, t.fracDigits, t.grouped = groupedNumber(s, i, first)
		t.dotDecimal = t.fracDigits != ""
		if digitAfter(s, t.end, "-") && digitAfter(s, digitsEnd(s, t.end+1), "-") {
			// "051-920-1234": two hyphens between digits is no range.
			t.kind, t.end = notCount, runEnd(s, t.end, "-")
		}
		if k := digitsEnd(s, t.end+1); t.kind == number && !t.grouped && t.fracDigits == "" &&
			digitAfter(s, t.end, ",") && k-t.end-1 <= 2 && scaleWordAt(s, k) {
			// "1,5 milioni", "1,6 millioner": a decimal comma before a scale word.
			t.fracDigits, t.end = s[t.end+1:k], k
		}
		if t.kind == number && !t.grouped && t.fracDigits == "" && digitAfter(s, t.end, ",") {
			// "18,0622", "1,2,3": a comma the grouping rules do not take
			// makes a malformed number or a list, never a count.
			t.kind, t.end = notCount, runEnd(s, t.end, ",")
		}
		if t.kind == number && digitAfter(s, t.end, ".") {
			// "30.04.2025", "1.2.3": dotted dates and version numbers.
			t.kind, t.end = notCount, runEnd(s, t.end, ".")
		}
	}
	return t
}

// runEnd continues past digits joined by any of seps: "30/04/2025".
func runEnd(s string, i int, seps string) int {
	for i < len(s) && (isDigit(s[i]) || digitAfter(s, i, seps)) {
		i++
	}
	return i
}

// phoneEnd continues past digits joined by single spaces, hyphens, dots or
// brackets.
func phoneEnd(s string, i int) int {
	for i < len(s) {
		switch {
		case isDigit(s[i]):
			i++
		case i+1 < len(s) && strings.IndexByte(" -.()", s[i]) >= 0 && (isDigit(s[i+1]) || s[i+1] == '('):
			i++
		default:
			return i
		}
	}
	return i
}

// isISODate reports whether s[i:] starts with YYYY-MM-DD (and no more digits).
func isISODate(s string, i int) bool {
	if i+10 > len(s) || s[i+4] != '-' || s[i+7] != '-' {
		return false
	}
	for _, k := range []int{5, 6, 8, 9} {
		if !isDigit(s[i+k]) {
			return false
		}
	}
	return i+10 == len(s) || !isDigit(s[i+10])
}

// scaleWordAt reports whether a scale word follows s[i] after spaces:
// "million", "milioni", "millioner", "ألف".
func scaleWordAt(s string, i int) bool {
	rest := strings.TrimLeftFunc(s[i:], unicode.IsSpace)
	if len(rest) == len(s[i:]) {
		return false
	}
	w := strings.ToLower(rest[:wordEnd(rest, 0)])
	if _, ok := scales[w]; ok && len(w) > 2 {
		return true
	}
	_, ok := otherScaleOf(w)
	return ok || arabicScales[arabicKey(w)] > 0
}
