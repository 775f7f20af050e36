package extract

// This file reads a count given in households and restated in people right
// after it: "222 households (1,332 individuals)", "470 families, comprising
// 2,453 persons". The people are the figure an analyst enters, unless the
// series being entered counts households.

// householdWords are the units a count of people is often given in first,
// in the languages reporting is written in (Arabic-script words folded).
var householdWords = func() map[string]bool {
	m := set("households", "household", "families", "family", "hh", "hhs", "ménages", "menages",
		"familles", "famille", "familias", "familia", "hogares", "famiglie", "famílias", "familien")
	for _, w := range []string{"أسرة", "أسر", "عائلة", "عائلات", "خانوار", "خانواده", "خاندان", "خاندانوں"} {
		m[arabicKey(w)] = true
	}
	return m
}()

// household reports a household word, with the Arabic prefixes and article.
func household(t token) bool {
	return t.kind == word && (householdWords[t.lower] || arabicIn(t.key, householdWords))
}

// restating are the words between a count of households and its people:
// "comprising", "consisting of", "totalling", "or".
var restating = set("comprising", "comprised", "consisting", "composed", "made", "up", "of",
	"totalling", "totaling", "representing", "or", "i", "e", "that", "is", "with", "soit", "o", "sea",
	"أي", "اي", "يضمون", "تضم", "بواقع", "یعنی", "يمثلون", "يمثل", "تمثل", "ما", "يعادل", "يعادلون",
	// a qualifier of the restated count: "(representing approximately 2,000 individuals)"
	"approximately", "about", "around", "roughly", "some", "nearly", "almost", "حوالي", "نحو")

// restatedInPeople finds, for a count of households, the count that
// restates it in people: the next larger count a few tokens on, joined only
// by brackets, commas, an acronym, a footnote mark or a restating word, with
// a people noun that is not a household word. It returns that count's
// index, or -1.
func restatedInPeople(toks []token, cands []candidate, i int) int {
	c := cands[i]
	k, ok := householdNounAt(toks, c.numTo)
	if !ok {
		return -1
	}
	for m := i + 1; m < len(cands) && m <= i+2; m++ {
		next := cands[m]
		if next.from-k > 8 {
			return -1
		}
		if next.low.value <= c.low.value {
			continue // a footnote mark: "(HH)3 (42,000 Individuals)"
		}
		for j := k + 1; j < next.from; j++ {
			t := toks[j]
			switch {
			case j == k+1 && t.kind == word && arabicScript(t.key) && j+1 < next.from && restating[toks[j+1].key]:
				// an Arabic adjective follows its noun: "21 أسرة يمنية يمثلون 126 فردا"
			case t.text == "(" || t.text == ")" || t.text == "," || t.text == "،" || t.text == "[" || t.text == "]" || t.text == "." && !t.spaced:
			case t.kind == number || acronym(t) || t.kind == word && (restating[t.lower] || restating[t.key]):
			default:
				return -1
			}
		}
		if k, ok := firstPeopleNoun(toks, next.numTo); ok && !household(toks[k]) {
			return m
		}
		return -1
	}
	return -1
}

// householdNounAt finds a household word within three words after a
// number ("470 Afghan families") and returns its index.
func householdNounAt(toks []token, j int) (int, bool) {
	for n := 0; j < len(toks) && n < 3 && toks[j].kind == word; j++ {
		if household(toks[j]) {
			return j, true
		}
		if people[toks[j].lower] || arabicIn(toks[j].key, people) {
			return 0, false
		}
		n++
	}
	return 0, false
}

// firstPeopleNoun finds the first people word within four words after a
// number.
func firstPeopleNoun(toks []token, j int) (int, bool) {
	for n := 0; j < len(toks) && n < 4 && toks[j].kind == word; j++ {
		if people[toks[j].lower] || arabicIn(toks[j].key, people) {
			return j, true
		}
		n++
	}
	return 0, false
}

// countsHouseholds reports a series whose head counts households.
func countsHouseholds(head []string) bool {
	for _, w := range head {
		if w == "household" {
			return true
		}
	}
	return false
}
