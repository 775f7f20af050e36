package extract

import (
	"slices"
	"strings"
)

// This file ties a count to the series being entered (Options.Series): a
// sentence often gives several counts ("685 members killed in 444 terror
// attacks"), and the one to propose is the one the series counts.

// seriesHeadWeight is what a count gains for each word of the series' head
// (what it counts: "deaths" of "deaths in attacks") found near it, and
// seriesOtherWeight for each other word ("attacks", "Pakistan").
const (
	seriesHeadWeight  = 6
	seriesOtherWeight = 1
	maxSeriesBonus    = 8
)

// concepts gathers the words reporting uses for one thing counted, so that a
// series named "deaths in attacks" finds "685 members killed" and one named
// "Afghans returned from Pakistan" finds "repatriated". A word outside them
// stands for itself (by its stem).
var concepts = func() map[string]string {
	groups := map[string][]string{
		"death": {"deaths", "death", "dead", "killed", "died", "fatalities", "fatality",
			"killings", "lives", "casualties"},
		"injury": {"injured", "wounded", "injuries", "injury"},
		"return": {"returned", "returnees", "returnee", "returns", "return", "returning",
			"repatriated", "repatriation", "repatriations", "repatriates"},
		"deport": {"deported", "deportees", "deportee", "deportations", "deportation",
			"expelled", "expulsions", "expulsion", "removals"},
		"displace": {"displaced", "displacement", "idps", "idp", "uprooted", "internally"},
		"refugee": {"refugees", "refugee", "asylum", "crossed", "crossing", "crossings",
			"arrivals", "arrived", "fled", "flee", "fleeing"},
		"household": {"households", "household", "families", "family"},
		"arrest":    {"arrested", "arrests", "detained", "detainees", "detention"},
		"attack":    {"attacks", "attack", "incidents", "strikes"},
		"migrant":   {"migrants", "migrant", "immigrants", "emigrants"},
	}
	m := map[string]string{}
	for c, words := range groups {
		for _, w := range words {
			m[w] = c
		}
	}
	return m
}()

// seriesBreaks end the head of a series name: what comes after a preposition
// qualifies what is counted ("deaths in attacks", "returns from Pakistan").
var seriesBreaks = set("in", "into", "from", "to", "of", "by", "at", "on", "across", "within",
	"for", "via", "through", "since", "after", "during", "among", "with", "per", "inside",
	"outside", "between", "near", "around", "throughout")

// seriesSkip are words of a series name that tell nothing about a count.
var seriesSkip = set("the", "a", "an", "and", "or", "number", "total", "new", "people",
	"persons", "individuals")

// maxSeriesWords bounds what is read of a series name.
const maxSeriesWords = 12

// seriesWords splits a series name into the concepts of its head and of the
// rest: "Afghans returned from Pakistan" has head {afghan, return} and rest
// {pakistan}. A slug's hyphens split words too.
func seriesWords(series string) (head, other []string) {
	inHead := true
	for _, t := range tokenize(series) {
		if len(head)+len(other) >= maxSeriesWords {
			break
		}
		if t.kind != word {
			continue
		}
		if seriesBreaks[t.lower] {
			inHead = false
			continue
		}
		if seriesSkip[t.lower] {
			continue
		}
		if inHead {
			head = append(head, conceptOf(t.lower))
		} else {
			other = append(other, conceptOf(t.lower))
		}
	}
	return head, other
}

// conceptOf is the concept of a word, or its stem.
func conceptOf(w string) string {
	if c, ok := concepts[w]; ok {
		return c
	}
	return stem(w)
}

// stem drops the English endings that do not change what a word counts:
// "Afghans" and "Afghan", "attacks" and "attack".
func stem(w string) string {
	for _, suf := range []string{"ies", "es", "s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			if suf == "ies" {
				return w[:len(w)-3] + "y"
			}
			return w[:len(w)-len(suf)]
		}
	}
	return w
}

// seriesMatch is what candidate c gains from the series words found near it:
// up to three words before its qualifier and six after its number, in the
// same clause and up to the next number.
func seriesMatch(toks []token, c candidate, head, other []string) int {
	if len(head)+len(other) == 0 {
		return 0
	}
	if w := countedThing(toks, c.numTo); w != "" && !slices.Contains(head, conceptOf(w)) {
		return 0 // "IDPs living in 2,310 sites": the sites are counted, not the IDPs
	}
	near := map[string]bool{}
	for k, n := c.from-1, 0; k >= 0 && n < 3; k-- {
		if stopsWindow(toks[k]) {
			break
		}
		if toks[k].kind == word {
			near[conceptOf(toks[k].lower)] = true
			n++
		}
	}
	for k, n := c.numTo, 0; k < len(toks) && n < 6; k++ {
		if stopsWindow(toks[k]) {
			break
		}
		if toks[k].kind == word {
			near[conceptOf(toks[k].lower)] = true
			n++
		}
	}
	bonus := 0
	for _, w := range head {
		if near[w] {
			bonus += seriesHeadWeight
			delete(near, w)
		}
	}
	for _, w := range other {
		if near[w] {
			bonus += seriesOtherWeight
			delete(near, w)
		}
	}
	return min(bonus, maxSeriesBonus)
}

// stopsWindow ends the words looked at around a count: a clause end or
// another number.
func stopsWindow(t token) bool {
	return t.kind == number || t.text == "." || t.text == ";" || t.text == "(" || t.text == ")"
}

// countedThing is the noun of things a count counts, when it has one: a
// noun of things right after it ("2,310 sites") or closing a partitive
// ("12 of Kenya's 18 provinces", "16 of the 18 states"); "" otherwise. Such
// a count takes no series words from around it unless the series counts
// that thing ("attacks" for a series of attacks).
func countedThing(toks []token, j int) string {
	if w := thingNoun(toks, j); w != "" {
		return w
	}
	if j >= len(toks) || toks[j].lower != "of" {
		return ""
	}
	for k := j + 1; k < len(toks) && k <= j+5; k++ {
		if toks[k].kind == number {
			return thingNoun(toks, k+1)
		}
		if stopsWindow(toks[k]) {
			break
		}
	}
	return ""
}

// thingNoun is the noun of things within the few words after toks[j], before
// any people word, like thingAfter; "" when there is none.
func thingNoun(toks []token, j int) string {
	if !thingAfter(toks, j) {
		return ""
	}
	for k := j; k < len(toks) && k < j+8; k++ {
		if t := toks[k]; t.kind == word && (things[t.lower] || arabicIn(t.key, things)) {
			return t.lower
		}
	}
	return ""
}
