package extract

import "strings"

// This file reads the words around a number: whether it is a count at all,
// and how likely it is to be the count the sentence is about.

// notACount reports numbers that the words around them show to be labels,
// money, shares, measures, ordinals or times rather than counts. The number
// spans toks[from:to] (a whole range included).
func notACount(toks []token, from, to int) bool {
	return labelled(toks, from) || measured(toks, to) || ratio(toks, from, to)
}

// maxRatioTerm bounds the terms of a ratio: "3 in 4", "9 out of 10", but
// "200,000 out of 1.7 million" is a part of a whole.
const maxRatioTerm = 100

// ratio reports either term of a small ratio: "3 in 4 returnees", "2 out of
// 3 households".
func ratio(toks []token, from, to int) bool {
	small := func(k int) bool {
		a, ok := readAmount(toks, k)
		return ok && a.whole && a.value <= maxRatioTerm
	}
	if !small(from) {
		return false
	}
	if to+1 < len(toks) && toks[to].lower == "in" && small(to+1) {
		return true
	}
	if to+2 < len(toks) && toks[to].lower == "out" && toks[to+1].lower == "of" && small(to+2) {
		return true
	}
	if from > 1 && toks[from-1].lower == "in" && (toks[from-2].kind == number || smallNumbers[toks[from-2].lower] > 0) {
		return true
	}
	return from > 2 && toks[from-1].lower == "of" && toks[from-2].lower == "out" && toks[from-3].kind == number
}

// labelled looks before the number: "$300", "US$1.2 million", "Rs. 500",
// "Resolution 2231", "COVID-19", "G7", "one in five", "051".
func labelled(toks []token, i int) bool {
	t := toks[i]
	if t.kind == number && len(t.intDigits) > 1 && t.intDigits[0] == '0' {
		return true // "051 920 1234" is a phone number, "007" a code
	}
	if i == 0 {
		return false
	}
	p := toks[i-1]
	switch {
	case currencySigns[p.text]:
		return true
	case p.kind == word && !t.spaced && !arabicScript(p.key):
		return true // "G7", "F16", "Rs500"; but "و200" is "and 200"
	case p.text == "-" && !t.spaced && !p.spaced && i > 1 && toks[i-2].kind == word:
		return true // "COVID-19", "Mi-17"
	case p.lower == "in" && i > 1 && (toks[i-2].lower == "one" || toks[i-2].text == "1"):
		return true // "one in five"
	}
	w := prevWord(toks, i)
	return labels[w] || money[w]
}

// prevWord is the word before toks[i], looking past one full stop so that
// "No. 5" and "Rs. 500" read like "No 5" and "Rs 500".
func prevWord(toks []token, i int) string {
	if i > 1 && toks[i-1].text == "." {
		i--
	}
	if i > 0 && toks[i-1].kind == word {
		return toks[i-1].lower
	}
	return ""
}

// measured looks after the number, which ends before toks[j]: "15%", "15 per
// cent", "9 days", "10th", "3pm", "10.30 a.m.", "300 dollars", "1,000 US
// dollars", "10-member", "three-day".
func measured(toks []token, j int) bool {
	if j >= len(toks) {
		return false
	}
	t := toks[j]
	next := ""
	if j+1 < len(toks) {
		next = toks[j+1].lower
	}
	switch {
	case t.text == "%" || t.text == "‰" || dayOfMonth(toks, j):
		return true // "15%", "25 أغسطس"
	case t.kind == word && !t.spaced && !arabicScript(t.key):
		return true // "10th", "1990s", "3pm", "500km"
	case t.kind == word && (units[t.lower] || money[t.lower] || money[next]):
		return true
	case t.kind == word && (arabicIn(t.key, units) || arabicIn(t.key, money)):
		return true // "9 أيام", "٣٠٠ دولار"
	case t.key == "في" && j+1 < len(toks) && units[toks[j+1].key]:
		return true // "15 في المئة"
	case t.lower == "per" && (next == "cent" || next == "capita"):
		return true
	case (t.lower == "a" || t.lower == "p") && next == "." && j+2 < len(toks) && toks[j+2].lower == "m":
		return true // "10.30 a.m."
	case t.text == "-" && !t.spaced && j+1 < len(toks) && !toks[j+1].spaced && toks[j+1].kind == word:
		return next != "odd" && next != "plus" // "10-member", "three-day", "5-year-old"
	}
	return false
}

// peopleAfter reports whether a people word follows the number within four
// words, in the same clause: "5033 illegal Afghan nationals".
func peopleAfter(toks []token, j int) bool {
	k, ok := nounAt(toks, j, people)
	// A people word that modifies a place is no count of people: "31
	// displaced camps", "12 refugee sites" count camps and sites.
	return ok && !(k+1 < len(toks) && toks[k+1].kind == word && things[toks[k+1].lower] && toks[k+1].lower != "border")
}

// tiedToPeople reports a count of people: a people word or displacement verb
// right after it, "the number of" people before it in the same clause
// ("the number of Afghans deported from Iran reached 500,000", "عدد
// اللاجئين في مصر يتجاوز 570 ألفاً"), or a figure put "at" it ("put the
// dead at 138").
func tiedToPeople(toks []token, inDate []bool, c candidate) bool {
	return peopleAfter(toks, c.numTo) || numberOfPeopleBefore(toks, inDate, c.from) || figureAt(toks, c.from)
}

// figureAt reports a count that a figure is put or stands "at", with the
// figure or the people it counts named a few words before in the same
// clause: "put the dead at 138", "the toll stood at 132", "estimates the
// number at 40,000".
func figureAt(toks []token, i int) bool {
	if i == 0 || toks[i-1].lower != "at" {
		return false
	}
	for k, n := i-2, 0; k >= 0 && n < 5; k-- {
		t := toks[k]
		if t.kind == number || t.kind == punct {
			return false
		}
		if figureNouns[t.lower] || people[t.lower] || t.lower == "population" || t.lower == "caseload" {
			return true
		}
		n++
	}
	return false
}

// numberOfPeopleBefore looks back up to twelve words, in the same clause and
// past no other number, for "number of" (or "عدد") followed closely by a
// people word. A date and the old value of a change do not end the look-back:
// "the number of arrivals rose from 200,000 in 2023 to 350,000".
func numberOfPeopleBefore(toks []token, inDate []bool, i int) bool {
	for k, n := i-1, 0; k >= 0 && n < 12; k-- {
		t := toks[k]
		oldValue := k > 0 && toks[k-1].lower == "from"
		if t.text == "." || t.text == ";" || t.kind == number && !inDate[k] && !oldValue && !dayOfMonth(toks, k+1) {
			return false
		}
		if t.kind != word {
			continue
		}
		n++
		if t.lower == "number" && k+1 < i && toks[k+1].lower == "of" || arabicIs(t.key, "عدد") {
			return nounAfter(toks, k+1, people) && k+3 < i
		}
	}
	return false
}

// thingAfter reports whether the number counts something other than people:
// a thing comes before any people word ("2,000 trucks", but not "1.5m
// Rohingya live in camps").
func thingAfter(toks []token, j int) bool {
	return nounAfter(toks, j, things) && !peopleAfter(toks, j)
}

func nounAfter(toks []token, j int, nouns map[string]bool) bool {
	_, ok := nounAt(toks, j, nouns)
	return ok
}

// nounAt finds one of nouns within four words after toks[j], and says
// where.
func nounAt(toks []token, j int, nouns map[string]bool) (int, bool) {
	for n, end := 0, j+8; j < len(toks) && j < end && n < 4; j++ {
		t := toks[j]
		switch {
		case t.kind == word && (nouns[t.lower] || arabicIn(t.key, nouns)):
			return j, true
		case t.kind == word:
			n++
		case t.text == "-" || t.text == "—" || t.text == "’" || t.text == "'":
		default:
			return 0, false
		}
	}
	return 0, false
}

// salience scores how likely a number is to be the figure the sentence is
// about. The weights are small integers chosen on test sentences: a "total"
// cue beats a people word; a denominator ("out of an estimated 1.7
// million"), a sub-count ("including 400 children", "(446)"), a restatement
// ("equivalent to 267,000 households"), the old value of a change ("rose
// from 200,000") and a count of things lose. A qualifier adds nothing: "about
// 4,278,535 have crossed" is no more the subject than the exact count before
// it, and between equals the first, the headline, wins.
func salience(toks []token, inDate []bool, c candidate) int {
	score := 0
	if tiedToPeople(toks, inDate, c) {
		score += 3
	}
	if subCount(toks, c.from) {
		score -= 3
	}
	if planned(toks, c.from) {
		score -= 2
	}
	if rateAfter(toks, c.to) {
		score-- // "averaged more than 20,000 weekly": a pace, not a count
	}
	if wordsBefore(toks, c.from, []string{"equivalent", "to"}) || wordsBefore(toks, c.from, []string{"equal", "to"}) {
		score -= 2 // "1,337,117 individuals, equivalent to 267,000 households"
	}
	if totalBefore(toks, inDate, c.from) || totalAfter(toks, c.to) {
		score += 5
	}
	if thingAfter(toks, c.numTo) {
		score -= 2
	}
	if affected(toks, c) {
		score-- // "affecting 46,000 people and displacing 13,000": the displaced
	}
	if denominator(toks, c.from) {
		score -= 4
	}
	if c.from > 1 && toks[c.from-1].lower == "from" && changeBefore(toks, c.from-1) {
		score -= 3
	}
	return score
}

// affected reports a count of people affected by a disaster rather than
// displaced by it: "affecting over 46,000 people", "46,000 people were
// affected". Displacement reporting gives both, and the tracker enters the
// displaced; alone, the affected count is still read.
func affected(toks []token, c candidate) bool {
	for k, n := c.from-1, 0; k >= 0 && n < 3; k-- {
		if toks[k].kind != word {
			break
		}
		if affectWords[toks[k].lower] {
			return true
		}
		n++
	}
	for k, n := c.numTo, 0; k < len(toks) && n < 4 && toks[k].kind == word; k, n = k+1, n+1 {
		t := toks[k].lower
		if affectWords[t] {
			return true
		}
		if !people[t] && !beForms[t] && t != "have" && t != "had" && t != "has" {
			break // "13,000 people fled areas affected by floods": the areas were
		}
	}
	return false
}

var affectWords = set("affecting", "affected", "affects", "impacting", "impacted", "touché", "touchées", "touchés", "afectadas", "afectados", "colpite")

// planned reports a count that an appeal or a plan aims at, not people who
// moved: "to cover the needs of the most vulnerable 315,000 people", "to
// assist 50,000 returnees", "targets 2.5 million people".
func planned(toks []token, i int) bool {
	for k, n := i-1, 0; k >= 0 && n < 4; k-- {
		t := toks[k]
		if t.kind == number || t.text == "." || t.text == ";" {
			return false
		}
		if t.kind == word {
			if planWords[t.lower] {
				return true
			}
			n++
		}
	}
	return false
}

// planWords come before the count that a plan or an appeal aims at.
var planWords = set("vulnerable", "target", "targets", "targeted", "targeting",
	"assist", "assisting", "reach", "reaching", "support", "supporting", "help", "helping")

// subCount reports a count that is a part of another: in brackets after it
// ("481 Afghans returned (446) or were deported (35)") or after "including"
// in the same clause ("1,000 people, including 400 children").
func subCount(toks []token, i int) bool {
	if i > 0 && (toks[i-1].text == "(" || toks[i-1].text == "[") {
		return true
	}
	for k := i - 1; k >= 0 && k >= i-4; k-- {
		t := toks[k]
		if t.text == "." || t.text == ";" || t.kind == number {
			return false
		}
		if partWords[t.lower] || arabicIn(t.key, partWords) || t.lower == "whom" || t.lower == "which" && k > 0 && toks[k-1].lower == "of" {
			return true
		}
	}
	return false
}

// partWords open a part of a count given before: "including 400 children",
// "among them 30 women", "in addition to 110,000 refugees".
var partWords = set("including", "includes", "included", "incl", "among", "addition")

// denominator reports a number that others are a part of: "200,000 out of
// an estimated 1.7 million", "Of the 1.7 million Afghans, 600,000 have left".
// A mid-clause "of the" is left alone: "55 per cent of the 1.1 million".
func denominator(toks []token, i int) bool {
	if wordsBefore(toks, i, []string{"out", "of"}) {
		return true
	}
	if !wordsBefore(toks, i, []string{"of", "the"}) {
		return false
	}
	return i == 2 || toks[i-3].kind == punct
}

// totalBefore looks back up to ten tokens in the same clause for a word that
// marks a running total: "taking the total number of returned immigrants to".
// Another number ends the look-back, but a date does not: "Cumulatively,
// since 15th September 2023, 501,242 individuals".
func totalBefore(toks []token, inDate []bool, i int) bool {
	for k := i - 1; k >= 0 && k >= i-10; k-- {
		t := toks[k]
		if t.text == "." || t.text == ";" || t.kind == number && !inDate[k] {
			return false
		}
		if totals[t.lower] || arabicIn(t.key, totals) {
			return true
		}
	}
	return false
}

// totalAfter finds "in total", "in all" or "altogether" right after.
func totalAfter(toks []token, j int) bool {
	if j < len(toks) && toks[j].lower == "altogether" {
		return true
	}
	return j+1 < len(toks) && toks[j].lower == "in" && (toks[j+1].lower == "total" || toks[j+1].lower == "all")
}

// changeBefore reports a verb of change in the clause before the "from" at
// toks[k], which makes "from A to B" a change, not a range: "rose from",
// "increased tenfold since 2013, from 217,000 to 2.1 million".
func changeBefore(toks []token, k int) bool {
	for j := k - 1; j >= 0 && j >= k-6; j-- {
		t := toks[j]
		if t.text == "." || t.text == ";" {
			return false
		}
		if changeVerbs[t.lower] || strings.HasSuffix(t.lower, "fold") && len(t.lower) > 4 {
			return true
		}
	}
	return false
}

// rateAfter reports a count given per unit of time, within the next three
// words: "20,000 weekly", "9,000 per day", "3,000 people a day", "300 each
// week".
func rateAfter(toks []token, j int) bool {
	for k := j; k < len(toks) && k < j+3 && toks[k].kind == word; k++ {
		switch t := toks[k].lower; {
		case t == "daily" || t == "weekly" || t == "monthly" || t == "nightly" || t == "annually" ||
			t == "yearly" || otherRates[toks[k].key]:
			return true
		case t == "a" || t == "per" || t == "each" || t == "every":
			return k+1 < len(toks) && units[toks[k+1].lower]
		case otherPer[t]:
			return k+1 < len(toks) && otherPeriods[toks[k+1].key]
		}
	}
	return false
}
