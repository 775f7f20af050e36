package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// phrase is a run of words that qualifies the number written after it.
type phrase struct {
	words []string
	q     domain.Qualifier
}

// beforeNumber lists the qualifying phrases, longest first so that "no more
// than" wins over "more than" and "no less than" over "less than".
var beforeNumber = phrases(merged(englishBefore, otherBefore))

// englishBefore are the English qualifying phrases.
var englishBefore = map[domain.Qualifier][]string{
	domain.Approx: {"nearly", "almost", "about", "around", "approximately", "roughly",
		"some", "an estimated", "estimated", "close to", "circa", "approx",
		"an approximate", "in the region of", "just about", "around about"},
	// "as many as" is an upper bound in the same sense as "up to".
	domain.AtMost: {"up to", "no more than", "not more than", "at most", "at the most",
		"a maximum of", "maximum of", "as many as"},
	domain.LessThan: {"fewer than", "less than", "under", "below", "just under",
		"just below", "well under", "well below", "slightly less than", "slightly fewer than"},
	domain.AtLeast: {"at least", "no fewer than", "no less than", "not less than",
		"not fewer than", "a minimum of", "minimum of", "at the very least"},
	domain.MoreThan: {"more than", "over", "above", "in excess of", "upwards of", "upward of",
		"exceeding", "exceeded", "exceeds", "surpassing", "surpassed", "topping", "topped",
		"well over", "well above", "just over", "just above", "slightly more than",
		"slightly over", "well more than", "far more than", "much more than"},
}

// merged joins phrase lists by qualifier.
func merged(lists ...map[domain.Qualifier][]string) map[domain.Qualifier][]string {
	m := map[domain.Qualifier][]string{}
	for _, l := range lists {
		for q, ps := range l {
			m[q] = append(m[q], ps...)
		}
	}
	return m
}

// folded spells each phrase as arabicKey folds it.
func folded(m map[domain.Qualifier][]string) map[domain.Qualifier][]string {
	out := map[domain.Qualifier][]string{}
	for q, ps := range m {
		for _, p := range ps {
			var w []string
			for _, f := range strings.Fields(p) {
				w = append(w, arabicKey(f))
			}
			out[q] = append(out[q], strings.Join(w, " "))
		}
	}
	return out
}

// arabicBefore are the Arabic and Persian qualifying phrases, by folded
// spelling (arabicKey). Their first word may carry a joined "و", "ل", "ب":
// "لأكثر من 700 ألف" is "for more than 700,000".
var arabicBefore = phrases(folded(merged(arabicScriptBefore, map[domain.Qualifier][]string{
	domain.Approx: {"نحو", "حوالي", "ما يقرب من", "يقرب من", "قرابة", "زهاء", "ما يناهز",
		"يناهز", "تقريبا", "در حدود", "حدود", "نزديك به", "قريب به", "حدودا"},
	domain.AtMost:   {"ما يصل الى", "يصل الى", "حداكثر"},
	domain.LessThan: {"اقل من", "كمتر از"},
	domain.AtLeast:  {"ما لا يقل عن", "لا يقل عن", "على الاقل", "دست كم", "دستكم", "حداقل"},
	domain.MoreThan: {"اكثر من", "ما يزيد عن", "ما يزيد على", "يزيد عن", "يزيد على", "يتجاوز",
		"تجاوز", "يفوق", "ازيد من", "ما يربو على", "يربو على", "بيش از", "بيشتر از"},
})))

func phrases(m map[domain.Qualifier][]string) []phrase {
	var out []phrase
	for q, list := range m {
		for _, p := range list {
			out = append(out, phrase{strings.Fields(p), q})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].words) != len(out[j].words) {
			return len(out[i].words) > len(out[j].words)
		}
		return strings.Join(out[i].words, " ") < strings.Join(out[j].words, " ")
	})
	return out
}

// symbols qualify a number written right after them: "~500", "<1,000".
var symbols = map[string]domain.Qualifier{
	"~": domain.Approx, "≈": domain.Approx, "<": domain.LessThan, ">": domain.MoreThan,
	"≤": domain.AtMost, "≥": domain.AtLeast,
}

// qualifierBefore finds the qualifier ending just before toks[i] and the
// index of its first token. It returns "" and i when there is none.
func qualifierBefore(toks []token, i int) (domain.Qualifier, int) {
	if i > 0 {
		if q, ok := symbols[toks[i-1].text]; ok {
			return q, i - 1
		}
	}
	// "c. 500", "ca. 500", "approx. 500", "est. 500"
	if i > 1 && toks[i-1].text == "." && !toks[i-1].spaced {
		switch toks[i-2].lower {
		case "c", "ca", "approx", "est":
			return domain.Approx, i - 2
		}
	}
	end := i
	if i > 1 && (toks[i-1].text == "'" || toks[i-1].text == "’") && toks[i-2].lower == "d" {
		end = i - 1 // "plus d'un million", "près d'un million"
	}
	if i > 1 && (toks[i-1].text == "\"" || toks[i-1].text == "“") && toks[i-2].kind == word {
		end = i - 1 // a quotation opening on the number: About "seven people were killed"
	}
	for _, p := range beforeNumber {
		if wordsBefore(toks, end, p.words) {
			return p.q, end - len(p.words)
		}
	}
	if i > 0 && arabicScript(toks[i-1].key) {
		for _, p := range arabicBefore {
			if wordsBefore(toks, i, p.words) {
				return p.q, i - len(p.words)
			}
		}
	}
	return "", i
}

// wordsBefore reports whether the words w stand right before toks[i].
func wordsBefore(toks []token, i int, w []string) bool {
	if i < len(w) {
		return false
	}
	for k, want := range w {
		t := toks[i-len(w)+k]
		if t.kind != word || t.lower != want && t.key != want && (k > 0 || !arabicIs(t.key, want)) {
			return false
		}
	}
	return true
}

// qualifierAfter reads a qualifier written after the number that ends before
// toks[j]: "500,000 or more", "1,000 or so", "200 or fewer", "1,000+",
// "500-odd", "1,000-plus". It returns the index after it.
func qualifierAfter(toks []token, j int) (domain.Qualifier, int) {
	if j >= len(toks) {
		return "", j
	}
	if toks[j].text == "+" && !toks[j].spaced {
		return domain.AtLeast, j + 1
	}
	if j+1 >= len(toks) {
		return "", j
	}
	next := toks[j+1].lower
	if q, ok := afterNumber[[2]string{toks[j].key, toks[j+1].key}]; ok {
		return q, j + 2 // "5000 سے زائد", "1 000 ou plus"
	}
	switch {
	case toks[j].key == "تقريبا":
		return domain.Approx, j + 1 // "500 ألف تقريبا"
	case toks[j].key == "فاكثر":
		return domain.AtLeast, j + 1 // "1000 فأكثر"
	case toks[j].key == "على" && toks[j+1].key == "الاقل":
		return domain.AtLeast, j + 2 // "3 آلاف على الأقل"
	}
	if people[toks[j].lower] && j+2 < len(toks) && !people[toks[j+1].lower] {
		// "200 000 personnes ou plus", "1,000 people or more"
		if q, k := qualifierAfter(toks, j+1); q != "" && k > j+1 {
			return q, k
		}
	}
	if toks[j].lower == "or" {
		switch next {
		case "more", "above", "over":
			return domain.AtLeast, j + 2
		case "so", "thereabouts":
			return domain.Approx, j + 2
		case "fewer", "less":
			return domain.AtMost, j + 2
		}
	}
	if toks[j].text == "-" && !toks[j].spaced && !toks[j+1].spaced {
		switch next {
		case "odd":
			return domain.Approx, j + 2
		case "plus":
			return domain.AtLeast, j + 2
		}
	}
	return "", j
}

// rangeAfter reads the high end of a range whose low end is a: "between A
// and B", "from A to B", "A to B", "A-B", "A–B". A low end without a scale
// borrows the high end's when it is smaller: "1.5 to 2 million" is 1.5
// million to 2 million, but "between 800,000 and 1 million" keeps 800,000.
// "rose from A to B" is a change, not a range.
func rangeAfter(toks []token, a amount, inDate []bool) (low, high amount, ok bool) {
	j := a.to
	if j+1 >= len(toks) || inDate[j+1] {
		return a, amount{}, false
	}
	opener := ""
	if a.from > 0 {
		opener = toks[a.from-1].key
	}
	hyphen := false
	next := j + 1 // where the high end starts
	switch leadText(toks[j]) {
	case "and":
		ok = opener == "between"
		if n := upperBound(toks, j+1); n > 0 && wordsBefore(toks, a.from, []string{"at", "least"}) {
			// "at least 13 and as many as 46 civilians": both bounds given
			ok, next = true, j+1+n
		}
	case "y", "et", "e", "und", "og", "och", "en", "і", "и", "dan", "at":
		ok = betweenWords[opener] // "entre 30 y 34 millones", "tra 2 e 3 milioni"
	case "و":
		ok = opener == "بين" // "بين 10 آلاف و20 ألف"
	case "إلى", "الى", "حتى":
		ok = opener == "من" // "من 10 إلى 20 ألفا"
	case "تا":
		ok = true // "۱۰ تا ۲۰ هزار"
	case "to":
		ok = opener != "from" || !changeBefore(toks, a.from-1)
	case "-", "–", "—":
		ok, hyphen = !a.spelled, true
	}
	if !ok {
		return a, amount{}, false
	}
	if next >= len(toks) {
		return a, amount{}, false
	}
	b, ok := readAmount(toks, next)
	if !ok || !b.whole || hyphen && b.spelled {
		return a, amount{}, false
	}
	b = joinRemainder(toks, inDate, b)
	low = a
	if a.scale == 1 && b.scale > 1 && a.raw.Cmp(b.raw) < 0 {
		low.value, low.whole = wholeValue(a.raw, b.scale)
		low.scale, low.bare = b.scale, false
	}
	if !low.whole || low.value >= b.value {
		return a, amount{}, false
	}
	return low, b, true
}

// arabicQualifyingVerbs qualify the count of the "عدد" (number) they open,
// as Arabic puts the verb first: "يقارب عدد النازحين 10 ملايين" (the
// number of the displaced approaches 10 million), "يتجاوز عدد …" (exceeds).
var arabicQualifyingVerbs = func() map[string]domain.Qualifier {
	m := map[string]domain.Qualifier{}
	for w, q := range map[string]domain.Qualifier{
		"يقارب": domain.Approx, "قارب": domain.Approx, "يناهز": domain.Approx, "ناهز": domain.Approx,
		"يتجاوز": domain.MoreThan, "تجاوز": domain.MoreThan, "يفوق": domain.MoreThan, "فاق": domain.MoreThan,
		"يزيد": domain.MoreThan,
	} {
		m[arabicKey(w)] = q
	}
	return m
}()

// frontedQualifier reads the qualifying verb before the "عدد" whose count
// starts at toks[i], in the same clause and past no other number: "يقارب
// عدد النازحين داخليا بسبب النزاعات في السودان 10 مليون شخص".
func frontedQualifier(toks []token, i int) domain.Qualifier {
	for k, n := i-1, 0; k > 0 && n < 12; k, n = k-1, n+1 {
		t := toks[k]
		if t.kind == number || t.kind == punct && t.text != "\u200c" {
			return ""
		}
		if t.key == "عدد" || arabicIs(t.key, "عدد") {
			v := toks[k-1].key
			if q, ok := arabicQualifyingVerbs[v]; ok {
				return q
			}
			return arabicQualifyingVerbs[strings.TrimPrefix(v, "و")] // "ويناهز"
		}
	}
	return ""
}

// upperBound reads "as many as" or "up to" at toks[k], the upper bound
// that closes a lower one ("at least 13 and as many as 46"), and says how
// many tokens it takes (0 when it is not there).
func upperBound(toks []token, k int) int {
	switch {
	case wordsAt(toks, k, "as", "many", "as"), wordsAt(toks, k, "as", "much", "as"):
		return 3
	case wordsAt(toks, k, "up", "to"), wordsAt(toks, k, "at", "most"):
		return 2
	}
	return 0
}

// wordsAt reports the words w at toks[k].
func wordsAt(toks []token, k int, w ...string) bool {
	if k+len(w) > len(toks) {
		return false
	}
	for i, x := range w {
		if toks[k+i].lower != x {
			return false
		}
	}
	return true
}

// rangeOpeners stand before the low end of a range and belong to its words:
// "between 20,000 and 30,000", "from 15,000 to 20,000", "بين 10 آلاف و20 ألف".
var rangeOpeners = set("between", "from", "بين", "من", "از", "entre", "tra", "fra", "zwischen",
	"mellom", "mellan", "tussen", "між", "между", "antara")

// betweenWords open a range closed by "and" in other languages.
var betweenWords = set("entre", "tra", "fra", "zwischen", "mellom", "mellan", "tussen", "між",
	"между", "antara")

// estimatedToTheUnit reports an "estimated" before a number given to the
// unit: "an estimated 8,268,984 people" is a count the source made with a
// method it calls an estimate, and an analyst enters it as exact; "an
// estimated 450,000" is rounded, and approximate. A number is given to the
// unit when it has four or more significant digits.
func estimatedToTheUnit(toks []token, qFrom int, a amount) bool {
	switch toks[qFrom].lower {
	case "estimated", "an", "est":
	default:
		return false
	}
	return significantDigits(a.value) >= 4
}

// significantDigits counts the digits of v without its trailing zeros:
// 8,268,984 has 7, 450,000 has 2.
func significantDigits(v int64) int {
	for v != 0 && v%10 == 0 {
		v /= 10
	}
	n := 0
	for ; v != 0; v /= 10 {
		n++
	}
	return n
}

// passVerbs and marks make "surpassed the 8 million mark" and "crossed the
// one million threshold" read as more than the number.
var (
	passVerbs = set("surpassed", "surpasses", "passed", "passes", "crossed", "crosses",
		"exceeded", "exceeds", "topped", "tops", "broke", "breaks")
	marks = set("mark", "threshold", "milestone", "barrier", "line")
)

// markPassed reads a number between "surpassed the" and "mark": the number
// spans toks[i:j]. It returns the qualifier and where its words start.
func markPassed(toks []token, i, j int) (domain.Qualifier, int) {
	if i < 2 || j >= len(toks) || toks[i-1].lower != "the" || !passVerbs[toks[i-2].lower] ||
		!marks[toks[j].lower] {
		return "", i
	}
	return domain.MoreThan, i - 2
}

// arabicPhraseStarts are the first words of the Arabic-script qualifiers.
var arabicPhraseStarts = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range arabicBefore {
		m[p.words[0]] = true
	}
	return m
}()

// joinedPrefix is the length in bytes of a one-letter word joined to the
// first word of an Arabic qualifier, which is not part of the words of the
// source: "لأكثر من 700 ألف" states "أكثر من 700 ألف".
func joinedPrefix(toks []token, c candidate) int {
	t := toks[c.from]
	if c.from >= c.numFrom || !arabicScript(t.key) || arabicPhraseStarts[t.key] {
		return 0
	}
	for _, p := range arabicPrefixes {
		if strings.HasPrefix(t.key, p) && arabicPhraseStarts[t.key[len(p):]] {
			_, n := utf8.DecodeRuneInString(t.text)
			return n
		}
	}
	return 0
}
