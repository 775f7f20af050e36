package extract

import "math/big"

// smallNumbers are the number words below a hundred that sources spell out.
var smallNumbers = map[string]int64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
	"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
	"sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// wordScales are the scale words that close a group: "two hundred thousand".
var wordScales = map[string]int64{
	"thousand": 1_000, "lakh": 100_000, "lakhs": 100_000, "million": 1_000_000,
	"crore": 10_000_000, "crores": 10_000_000, "billion": 1_000_000_000,
}

// words is the running state of readWords.
type words struct {
	total, cur, lastScale int64
	seen, scaled          bool
}

// readWords reads a number in words: "a million", "half a million", "one
// million", "two hundred and fifty thousand", "twenty-five", "three".
// Plurals ("thousands", "millions", "tens of thousands", "hundreds of
// thousands") are vague and not read: they give no value at all, as no
// number would be honest. A lone "one" is
// refused: it is far more often a pronoun ("one of them") than a count.
func readWords(toks []token, i int) (amount, bool) {
	var w words
	j := i
	half := toks[i].lower == "half"
	div := int64(2)
	if half {
		j = skipHyphen(toks, i+1)
	} else if k := quarterOf(toks, i); k > 0 {
		// "a quarter of a million": a quarter of the scale that follows
		half, div, j = true, 4, k
	}
	for ; j < len(toks); j++ {
		if toks[j].text == "-" && (w.seen || half) && joinsWords(toks, j) {
			continue // "twenty-five", "half-a-million"
		}
		if toks[j].kind != word || !w.step(toks, j, half) {
			break
		}
		if w.total+w.cur > maxValue {
			return amount{}, false
		}
	}
	value := w.total + w.cur
	if !w.seen || half && (!w.scaled || value%div != 0) {
		return amount{}, false
	}
	if half {
		value /= div
	}
	if !w.scaled && value < 2 {
		return amount{}, false
	}
	a := amount{from: i, to: j, raw: big.NewRat(value, 1), scale: 1, value: value, whole: true}
	a.spelled, a.bare = true, !w.scaled
	if w.cur == 0 && w.lastScale > 0 {
		// Keep the scale so that "two to three million" can share it.
		a.raw, a.scale = big.NewRat(value, w.lastScale), w.lastScale
	}
	return a, true
}

// quarterOf reads "a quarter of" (or "one quarter of") at toks[i] before a
// scale, and says where the scale's words start; 0 when it is not there.
func quarterOf(toks []token, i int) int {
	if toks[i].lower != "a" && toks[i].lower != "one" || i+3 >= len(toks) ||
		toks[i+1].lower != "quarter" || toks[i+2].lower != "of" {
		return 0
	}
	k := i + 3
	if toks[k].lower == "a" || toks[k].lower == "one" {
		if k+1 < len(toks) && scaleWord(toks[k+1].lower) {
			return k
		}
		return 0
	}
	return 0
}

// step takes the word toks[j] into the number, or reports that it ends it.
func (w *words) step(toks []token, j int, half bool) bool {
	t := toks[j].lower
	v, small := smallNumbers[t]
	sc, isScale := wordScales[t]
	if !isScale && w.seen {
		sc, isScale = otherScaleOf(t) // "deux millions", "un milhão"
	}
	n := skipHyphen(toks, j+1) // "half-a-million"
	beforeScale := n < len(toks) && scaleWord(toks[n].lower)
	if fv, ok := otherSmall[t]; ok && !w.seen && beforeScale {
		v, small = fv, true
	}
	switch {
	case small && (w.cur == 0 || w.cur%100 == 0 || w.cur%100 >= 20 && w.cur%10 == 0 && v < 10):
		w.cur += v
	case (t == "a" || t == "an" || otherArticles[t] && toks[j].text != "UN") && !w.seen && beforeScale:
		w.cur = 1
	case t == "hundred" && w.cur > 0 && w.cur < 100:
		w.cur *= 100
		w.scaled = true
	case isScale && (w.cur > 0 || half && !w.seen) && (w.lastScale == 0 || sc < w.lastScale):
		w.total += max(w.cur, 1) * sc
		w.cur, w.lastScale, w.scaled = 0, sc, true
	case t == "and" && w.scaled && j+1 < len(toks) && smallNumbers[toks[j+1].lower] > 0:
		return true // "two hundred and fifty"
	default:
		return false
	}
	w.seen = true
	return true
}

func scaleWord(w string) bool {
	if w == "hundred" || wordScales[w] > 0 {
		return true
	}
	_, ok := otherScaleOf(w)
	return ok
}

// joinsWords reports whether the hyphen toks[j] sits tight between two number
// words, as in "twenty-five" or "half-a-million".
func joinsWords(toks []token, j int) bool {
	if j+1 >= len(toks) || toks[j].spaced || toks[j+1].spaced {
		return false
	}
	n := toks[j+1].lower
	return smallNumbers[n] > 0 || n == "a" || scaleWord(n)
}

func skipHyphen(toks []token, j int) int {
	if j < len(toks) && toks[j].text == "-" && !toks[j].spaced {
		return j + 1
	}
	return j
}
