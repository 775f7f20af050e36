package domain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Folding and tokenizing for CheckExcerpt (excerpt_check.go): the text and
// the excerpt become words compared after folding, each with its byte
// offsets in the original.

// token is one folded word: its interned id and its place in the original.
type token struct {
	id         int32
	start, end int  // bytes of the original
	gap        bool // an ellipsis comes before it
}

type interner map[string]int32

func (in interner) id(b []byte) int32 {
	if id, ok := in[string(b)]; ok {
		return id
	}
	id := int32(len(in))
	in[string(b)] = id
	return id
}

// Runes the folder gives the tokenizer besides letters and digits.
const (
	softHyphen = '\u00AD'
	lineBreak  = '\n'
)

type frune struct {
	r          rune
	start, end int
}

// folder yields the folded runes of s, each with the bytes of s it came
// from, and lets the tokenizer look ahead.
type folder struct {
	s    string
	i    int
	buf  []frune
	head int
	dec  []byte
	work *int
}

func (f *folder) peek(k int) (frune, bool) {
	for len(f.buf)-f.head <= k {
		if !f.fill() {
			return frune{}, false
		}
	}
	return f.buf[f.head+k], true
}

func (f *folder) next() (frune, bool) {
	r, ok := f.peek(0)
	if ok {
		f.head++
		if f.head == len(f.buf) {
			f.buf, f.head = f.buf[:0], 0
		}
	}
	return r, ok
}

// fill folds the next rune of s into buf (perhaps none, perhaps several);
// false at the end of s.
func (f *folder) fill() bool {
	if f.i >= len(f.s) {
		return false
	}
	*f.work++
	start := f.i
	r, size := utf8.DecodeRuneInString(f.s[start:])
	f.i += size
	emit := func(r rune) { f.buf = append(f.buf, frune{r, start, f.i}) }
	if r < utf8.RuneSelf {
		switch {
		case r == '[':
			if n := footnoteLen(f.s[f.i:]); n > 0 {
				f.i += n
				emit(' ')
				return true
			}
			emit(r)
		case r == '\n' || r == '\r' || r == '\v' || r == '\f':
			emit(lineBreak)
		case r == '\t':
			emit(' ')
		default:
			emit(unicode.ToLower(r))
		}
		return true
	}
	switch {
	case r == utf8.RuneError && size == 1:
		emit(' ')
		return true
	case superscriptDigit(r):
		return true // a footnote marker
	case r == softHyphen:
		emit(softHyphen)
		return true
	case r == '\u066B': // Arabic decimal separator
		emit('.')
		return true
	case r == '\u066C': // Arabic thousands separator
		emit(',')
		return true
	case r == '\u2028' || r == '\u2029' || r == '\u0085':
		emit(lineBreak)
		return true
	}
	if r = foldArabic(r); r < 0 {
		return true
	}
	var one [utf8.UTFMax]byte
	f.dec = norm.NFKD.Append(f.dec[:0], one[:utf8.EncodeRune(one[:], r)]...)
	for _, d := range string(f.dec) {
		if d = foldArabic(d); d < 0 || unicode.Is(unicode.Mn, d) || unicode.Is(unicode.Cf, d) {
			continue
		}
		switch {
		case unicode.IsSpace(d):
			emit(' ')
		case strings.ContainsRune("‘’‚‛′ʼ`", d):
			emit('\'')
		case strings.ContainsRune("“”„‟″«»", d):
			emit('"')
		case strings.ContainsRune("‐‑‒–—―−﹘﹣－", d):
			emit('-')
		default:
			emit(unicode.ToLower(d))
		}
	}
	return true
}

// footnoteLen is the length of "12]" at the start of s (a footnote marker
// after its "["): one to three ASCII digits and the bracket; 0 if not.
func footnoteLen(s string) int {
	n := 0
	for n < len(s) && n < 3 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n >= len(s) || s[n] != ']' {
		return 0
	}
	return n + 1
}

func superscriptDigit(r rune) bool {
	return r == '¹' || r == '²' || r == '³' || r >= '⁰' && r <= '⁹'
}

func wordRune(r rune) bool {
	return r != softHyphen && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// tokenize splits s into folded words.
func tokenize(s string, in interner, work *int) []token {
	f := &folder{s: s, work: work}
	var toks []token
	var cur []byte
	var curStart, curEnd int
	var last rune // the last rune of cur
	gap, dots := false, 0
	flush := func() {
		if len(cur) == 0 {
			return
		}
		if last == 'ة' { // a word ending in ta marbuta, as OrgKey folds it
			cur = append(cur[:len(cur)-len("ة")], "ه"...)
		}
		toks = append(toks, token{id: in.id(cur), start: curStart, end: curEnd, gap: gap})
		cur, gap = cur[:0], false
	}
	for {
		fr, ok := f.next()
		if !ok {
			break
		}
		r := fr.r
		if r == '.' {
			if dots++; dots >= 3 {
				gap = true
			}
		} else {
			dots = 0
		}
		switch {
		case wordRune(r):
			if len(cur) == 0 {
				curStart = fr.start
			}
			cur = utf8.AppendRune(cur, r)
			curEnd, last = fr.end, r
		case len(cur) == 0:
			// punctuation or space between words
		case r == '\'':
			if n, ok := f.peek(0); ok && unicode.IsLetter(last) && unicode.IsLetter(n.r) {
				continue // "that's" is "thats" whichever apostrophe
			}
			flush()
		case r == '.' || r == ',':
			if n, ok := f.peek(0); ok && unicode.IsDigit(last) && unicode.IsDigit(n.r) {
				cur = append(cur, byte(r)) // inside a number
				continue
			}
			flush()
		case r == '-' || r == softHyphen:
			if n, ok := f.peek(0); ok && r == '-' && unicode.IsLetter(last) && unicode.IsLetter(n.r) {
				continue // "internally-displaced" is one word, wrapped or not
			}
			if k := hyphenBreak(f); k > 0 && unicode.IsLetter(last) {
				for range k {
					f.next()
				}
				continue // "dis-\nplaced" is "displaced"
			}
			if r == softHyphen {
				continue
			}
			flush()
		default:
			flush()
		}
	}
	flush()
	return toks
}

// hyphenBreak is the number of folded runes of a line break (spaces with at
// least one line break) that the folder holds next, followed by a letter; 0
// when it holds none.
func hyphenBreak(f *folder) int {
	broke := false
	for k := 0; k < 64; k++ {
		n, ok := f.peek(k)
		switch {
		case !ok:
			return 0
		case n.r == lineBreak:
			broke = true
		case n.r == ' ':
		case broke && unicode.IsLetter(n.r):
			return k
		default:
			return 0
		}
	}
	return 0
}
