package extract

import (
	"math/big"
	"strings"
)

// maxValue bounds what is read as a count. No displacement figure comes near
// a trillion, and below 2^53 every whole number is an exact float64.
const maxValue = 1_000_000_000_000

// groupedNumber reads the separators of the number starting at s[i], whose
// first digit run ends at first: Western "1,000,000", Indian "1,65,000",
// spaced "12 000" (also with U+00A0, U+202F or U+2009), European
// "1.234.567", and a decimal part "2.43".
func groupedNumber(s string, i, first int) (end int, intDigits, frac string, grouped bool) {
	head := s[i:first]
	groups, ends := groupsAfter(s, first, ",", "،")
	n := commaGroups(head, groups)
	if n == 0 {
		groups, ends = groupsAfter(s, first, ".")
		n = dotGroups(head, groups)
	}
	if n == 0 && len(head) <= 3 {
		groups, ends = groupsAfter(s, first, " ", "\u00a0", "\u202f", "\u2009")
		n = spacedGroups(groups)
	}
	end, intDigits = first, head
	if n > 0 {
		end, intDigits, grouped = ends[n-1], head+strings.Join(groups[:n], ""), true
	}
	if digitAfter(s, end, ".") {
		k := digitsEnd(s, end+1)
		end, frac = k, s[end+1:k]
	}
	return end, intDigits, frac, grouped
}

// maxGroups is the most separator groups a count can have: maxValue has 13
// digits. Reading no further keeps "1,1,1,1,…" linear, not quadratic.
const maxGroups = 6

// groupsAfter reads separator-and-digits pieces from s[j]: ",65,000" gives
// ["65" "000"] and the offset after each. Groups longer than three digits end
// it, as no grouping has them.
func groupsAfter(s string, j int, seps ...string) (groups []string, ends []int) {
	for len(groups) < maxGroups {
		n := 0
		for _, sep := range seps {
			if strings.HasPrefix(s[j:], sep) {
				n = len(sep)
				break
			}
		}
		k := digitsEnd(s, j+n)
		if n == 0 || k == j+n || k-(j+n) > 3 {
			return groups, ends
		}
		groups, ends = append(groups, s[j+n:k]), append(ends, k)
		j = k
	}
	return groups, ends
}

// commaGroups says how many comma groups belong to the number: the longest
// prefix that is Western (1-3 digits, then threes) or Indian (1-2 digits,
// twos, then a final three: "1,65,000", "12,34,567"). "1,2,3" is a list.
func commaGroups(head string, groups []string) int {
	for k := len(groups); k > 0; k-- {
		if western(head, groups[:k]) || indian(head, groups[:k]) {
			return k
		}
	}
	return 0
}

func western(head string, groups []string) bool {
	if len(head) > 3 {
		return false
	}
	for _, g := range groups {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

func indian(head string, groups []string) bool {
	k := len(groups)
	if len(head) > 2 || k < 2 || len(groups[k-1]) != 3 {
		return false
	}
	for _, g := range groups[:k-1] {
		if len(g) != 2 {
			return false
		}
	}
	return true
}

// dotGroups accepts European grouping only when it cannot be a decimal:
// "1.234.567" is grouped, "1.234" stays a decimal.
func dotGroups(head string, groups []string) int {
	if len(groups) < 2 || !western(head, groups) {
		return 0
	}
	return len(groups)
}

// spacedGroups counts the leading groups of exactly three digits: "12 000".
func spacedGroups(groups []string) int {
	n := 0
	for n < len(groups) && len(groups[n]) == 3 {
		n++
	}
	return n
}

// scales are the words that multiply a number. The one-letter forms count
// only when written against the digits ("2.43m", "250k").
var scales = map[string]int64{
	"hundred": 100, "thousand": 1_000, "k": 1_000,
	"lakh": 100_000, "lakhs": 100_000, "lac": 100_000, "lacs": 100_000,
	"million": 1_000_000, "mn": 1_000_000, "m": 1_000_000, "mln": 1_000_000,
	"crore": 10_000_000, "crores": 10_000_000,
	"billion": 1_000_000_000, "bn": 1_000_000_000,
}

func scaleOf(t token) (int64, bool) {
	if t.kind != word {
		return 0, false
	}
	if sc, ok := arabicScales[t.key]; ok {
		return sc, true
	}
	if sc, ok := otherScaleOf(t.lower); ok {
		return sc, true
	}
	sc, ok := scales[t.lower]
	if ok && (t.lower == "m" || t.lower == "k") && t.spaced {
		return 0, false // "5 m" may be metres, "Plan B k" nothing
	}
	return sc, ok
}

// amount is one number read from the tokens.
type amount struct {
	from, to int      // token span [from, to)
	raw      *big.Rat // the number before its scale: 2.43 of "2.43m"
	scale    int64    // 1 unless a scale word follows
	value    int64    // raw × scale, rounded to a whole number
	whole    bool     // value is a count: "2.5" alone is not
	spelled  bool     // written in words: "a million", "three"
	bare     bool     // a number word with no scale: "three"
}

// readAmount reads the number starting at toks[i], in digits or in words.
func readAmount(toks []token, i int) (amount, bool) {
	if toks[i].kind == number {
		return readNumeral(toks, i)
	}
	if toks[i].kind == word && arabicScript(toks[i].key) {
		if a, ok := readArabicWords(toks, i); ok {
			return a, true
		}
		return readPersianWords(toks, i)
	}
	if toks[i].kind == word {
		return readWords(toks, i)
	}
	return amount{}, false
}

// readNumeral reads "59,561", "1.3 million", "2.43m", "1.65 lakh", "2 crore".
func readNumeral(toks []token, i int) (amount, bool) {
	t := toks[i]
	if len(t.intDigits) > 13 || len(t.fracDigits) > 6 {
		return amount{}, false // identifiers, not counts
	}
	digits := t.intDigits
	_, scaled := scaleAt(toks, i+1)
	hasScale := scaled > 0
	switch {
	case dotThousands(t) && !hasScale:
		digits += t.fracDigits // "493.157 internt fordrevne", "2.500 personas"
	case t.fracDigits != "":
		digits += "." + t.fracDigits
	}
	raw, ok := new(big.Rat).SetString(digits)
	if !ok {
		return amount{}, false
	}
	a := amount{from: i, to: i + 1, raw: raw, scale: 1}
	if sc, n := scaleAt(toks, i+1); n > 0 {
		a.scale, a.to = sc, i+1+n
	}
	a.value, a.whole = wholeValue(raw, a.scale)
	return a, true
}

// wholeValue is raw × scale rounded half up, computed exactly (2.43 million
// is 2430000, not 2429999.9999999995). Without a scale the number must be
// whole already: "2.5" is not a count. Values beyond maxValue are refused.
func wholeValue(raw *big.Rat, scale int64) (int64, bool) {
	r := new(big.Rat).Mul(raw, new(big.Rat).SetInt64(scale))
	if scale == 1 && !r.IsInt() {
		return 0, false
	}
	two := big.NewInt(2)
	num := new(big.Int).Mul(r.Num(), two)
	num.Add(num, r.Denom())
	num.Quo(num, new(big.Int).Mul(r.Denom(), two))
	if !num.IsInt64() || num.Int64() > maxValue {
		return 0, false
	}
	return num.Int64(), true
}

// hyphenScale reads a scale word joined by a hyphen, as South African and
// some wire reporting writes it: "11-million", "3.1-million". The one-letter
// forms do not count: "5-m" is no number.
func hyphenScale(toks []token, j int) (int64, bool) {
	if j+1 >= len(toks) || toks[j].text != "-" || toks[j].spaced || toks[j+1].spaced ||
		toks[j+1].kind != word || len(toks[j+1].lower) < 3 {
		return 0, false
	}
	return scaleOf(toks[j+1])
}

func bigInt(v int64) *big.Rat { return big.NewRat(v, 1) }

// scaleAt reads the scale word at toks[j], or joined by a hyphen, and says
// how many tokens it takes (0 when there is none).
func scaleAt(toks []token, j int) (int64, int) {
	if j >= len(toks) {
		return 0, 0
	}
	if sc, ok := scaleOf(toks[j]); ok {
		return sc, 1
	}
	if sc, ok := hyphenScale(toks, j); ok {
		return sc, 2
	}
	return 0, 0
}

// dotThousands reports a number written with one dot and three digits after
// it, "493.157", with no scale after: as a count of people cannot have a
// fraction, the dot groups thousands, as in most of continental Europe. With
// a scale word it is a decimal: "1.234 million".
func dotThousands(t token) bool {
	return len(t.fracDigits) == 3 && !t.grouped && len(t.intDigits) <= 3 &&
		t.intDigits != "0" && t.dotDecimal
}
