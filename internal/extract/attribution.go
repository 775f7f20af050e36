package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// attribution finds who the sentence says gave the number, verbatim: the
// source an analyst records with a figure. It reads the forms of reporting:
//
//   - "according to X", past a "report/statement/data by/from": "according
//     to a report by the United Nations International Organization for
//     Migration", "according to the latest data from the IOM";
//   - a subject before a reporting verb: "UNHCR said", "the UN refugee
//     agency reported", "Pakistan's interior ministry told AFP" (the
//     ministry, not AFP), "IOM director-general Amy Pope said", "DTM Sudan
//     estimates", "the UN has said";
//   - the verb first after a comma or a quotation: "…, said the ministry";
//   - a subject before a verb of tallying or speaking that reports nothing
//     itself ("IOM Yemen DTM tracked", "IOM called for"), past an aside set
//     off by commas ("The UNOCHA, in its latest update, said"), but never
//     the subject of a passive ("the return of 45,429 was verified");
//   - the agent of a passive: "were monitored by the PRMN";
//   - Arabic: "وفقًا لـ X", "بحسب X", and a verb before its subject, "ذكرت
//     المنظمة الدولية للهجرة أن", "أكدت المفوضية …", "وقال X إن";
//   - a speaker in common words, by the grammar of its clause: "…, the
//     local traditional ruler said", "some reports estimate" (see
//     attribution_common.go), and a role set off before a name, "the
//     emir, Attahiru Ahmad, said";
//   - in reported speech, the innermost speaker ("X reported that local
//     officials estimate …") and the speaker outside a quotation that
//     opens the sentence ("“… DTM estimates …,” the IOM said").
//
// A pronoun ("he said", "they reported") names nobody and gives "". The
// first form found wins, "according to" before the others. The phrase is
// a run of capitalised words, acronyms (with a bracketed one: "(IOM)"),
// possessives, and the words that name bodies and roles ("ministry",
// "agency", "director-general"); it stops at other punctuation and at any
// other word, so it reads in one pass over the tokens.
func attribution(s string, toks []token) string {
	cut := func(from, to int) string { return s[toks[from].start:toks[to-1].end] }
	// "according to X", "X as saying"
	for i := range toks {
		w := toks[i].lower
		switch {
		case w == "according" && i+1 < len(toks) && toks[i+1].lower == "to":
			if from, to := sourceAfter(toks, i+2); to > from {
				return cut(from, listAfter(toks, titleAfter(toks, to)))
			}
			if from, to := commonAfter(toks, i+2); to > from {
				return cut(from, to) // "according to three survivors of the attacks"
			}
		case w == "per" && (i == 0 || toks[i-1].lower == "as" || toks[i-1].text == ",") && i+1 < len(toks) &&
			(nameWord(toks[i+1]) || toks[i+1].lower == "the"):
			// "As per UNHCR data", "Per IOM estimates": according to
			if from, to := sourceAfter(toks, i+1); to > from {
				return cut(from, to)
			}
		case w == "quoted" || w == "quoting":
			if from, to := sourceAfter(toks, i+1); to > from && to < len(toks) && (toks[to].lower == "as" || toks[to].text == ",") {
				return cut(from, to)
			}
		}
	}
	if from, to := outerSpeaker(toks); to > from {
		return cut(from, to)
	}
	for i, t := range toks {
		switch {
		case reportingVerbs[t.lower] || figureVerb(toks, i):
			if from, to := subjectBefore(toks, i); to > from {
				if f, t := innerSpeaker(toks, i); t > f {
					return cut(f, t)
				}
				return cut(from, to)
			}
			if i > 0 && (toks[i-1].text == "," || closingQuote(toks[i-1].text)) {
				if from, to := sourceAfter(toks, i+1); to > from && !pronouns[toks[from].lower] {
					return cut(from, titleAfter(toks, to))
				}
			}
		case speechVerbs[t.lower] && i+1 < len(toks) && toks[i+1].lower == "that":
			// "Local sources claimed that", "partners report that"
			if from, to := subjectBefore(toks, i); to > from {
				return cut(from, to)
			}
		case subjectVerbs[t.lower]:
			if from, to := subjectBefore(toks, i); to > from {
				return cut(from, to)
			}
		case t.lower == "گزارش" && i > 0 && toks[i-1].lower == "به":
			// Persian "به گزارش X،": according to the report of X
			if from, to := persianReportOf(toks, i+1); to > from {
				// The agency that reports it gives way to whom it quotes:
				// "به گزارش خبرگزاری X، مسئولان محلی … اعلام کردند".
				for j := to + 1; j < len(toks); j++ {
					if clauseVerbs[toks[j].lower] {
						if f, t := to+1, j; t > f && t-f <= 14 && allPersianWords(toks, f, t) {
							return cut(f, t)
						}
						break
					}
				}
				return cut(from, to)
			}
		case arabicVerbs[t.lower] || arabicVerbKeys[t.key]:
			if from, to := arabicSubject(toks, i+1); to > from {
				return cut(from, to)
			}
		case clauseVerbs[t.lower]:
			if from, to := clauseSubject(toks, i); to > from {
				return cut(from, to)
			}
		case arabicAccording[t.lower]:
			if from, to := arabicSubject(toks, i+1); to > from {
				if start, ok := afterArabicTo(toks, from, to); ok {
					return s[start:toks[to-1].end]
				}
			}
		}
	}
	// French, Italian, Spanish, Portuguese: "selon X", "d’après X",
	// "secondo X", "de acuerdo con X", and the verb before its subject,
	// "indique X", "a indiqué X", "rapporte X".
	for i := range toks {
		if romanceAccording(toks, i) || romanceVerbs[toks[i].lower] {
			k := i + 1
			for k < len(toks) && romanceDays[toks[k].lower] {
				k++ // "ha dichiarato martedì l'OIM"
			}
			if from, to := romanceSource(toks, k); to > from {
				return cut(from, to)
			}
			if from, to := romanceSubject(toks, i); to > from {
				return cut(from, to)
			}
		}
	}
	// "a report published by X", "(X, 23 February 2017)"
	for i := range toks {
		switch {
		case issuedBy[toks[i].lower] && i+1 < len(toks) && toks[i+1].lower == "by":
			if from, to := sourceAfter(toks, i+2); to > from {
				return cut(from, listAfter(toks, to))
			}
		case reportingVerbs[toks[i].lower] || subjectVerbs[toks[i].lower]:
			// the agent of a passive: "115,000 displacements were monitored
			// by the Protection and Returns Monitoring Network"
			if k := agentBy(toks, i+1); k > 0 {
				if from, to := sourceAfter(toks, k); to > from {
					return cut(from, titleAfter(toks, to)) // "announced by UNHCR, the UN refugee agency,"
				}
			}
		case toks[i].text == "(":
			if from, to := citation(toks, i); to > from {
				return cut(from, to)
			}
		}
	}
	return ""
}

// innerSpeaker reads the speaker of reported speech inside reported
// speech: in "Tolo News reported that local officials in Herat estimate
// 1.1 million", the officials gave the figure, and the news outlet carried
// it. The inner verb must follow the "that" of the outer one before any
// number.
func innerSpeaker(toks []token, v int) (from, to int) {
	if v+2 >= len(toks) || toks[v+1].lower != "that" {
		return 0, 0
	}
	for j := v + 3; j < len(toks) && j < v+16; j++ {
		t := toks[j]
		if t.kind == number || t.kind == punct {
			return 0, 0
		}
		if reportingVerbs[t.lower] {
			if f, e := subjectBefore(toks, j); e > f && f > v+1 {
				return f, e
			}
			return 0, 0
		}
	}
	return 0, 0
}

// commonAfter reads a source in common words after "according to", when
// no name opens it: the words up to the end of the clause, a few at most,
// with no number in digits ("according to three survivors of the
// attacks", "according to local residents").
func commonAfter(toks []token, k int) (from, to int) {
	from, to = k, k
	for to < len(toks) && toks[to].kind == word && to-from < maxCommonSource {
		if pronouns[toks[to].lower] || reportingVerbs[toks[to].lower] || beForms[toks[to].lower] {
			return 0, 0
		}
		to++
	}
	if to == from || to < len(toks) && toks[to].kind != punct || to < len(toks) && toks[to].text == "-" {
		return 0, 0
	}
	if !bodyWords[toks[to-1].lower] && !people[toks[to-1].lower] && !hasBody(toks, from, to) && !peopleIn(toks, from, to) {
		return 0, 0 // the source names who: "survivors", "residents", "officials"
	}
	return from, to
}

// maxCommonSource bounds the words of such a source.
const maxCommonSource = 8

// peopleIn reports a people word in toks[from:to].
func peopleIn(toks []token, from, to int) bool {
	for k := from; k < to; k++ {
		if people[toks[k].lower] {
			return true
		}
	}
	return false
}

// outerSpeaker reads who speaks a quotation that opens the sentence, after
// it: in "“… IOM’s tracking matrix estimates that 12,000 …,” the IOM said",
// the one who quotes the words gave them, not a subject inside them.
func outerSpeaker(toks []token) (from, to int) {
	if len(toks) < 4 || toks[0].text != "“" && toks[0].text != "\"" {
		return 0, 0
	}
	q := 1
	for q < len(toks) && toks[q].text != "”" && toks[q].text != "\"" {
		q++
	}
	for i := q + 1; i < len(toks) && i < q+12; i++ {
		if !reportingVerbs[toks[i].lower] {
			continue
		}
		if from, to := subjectBefore(toks, i); to > from && from > q {
			return from, to
		}
		if toks[i-1].text == "," || i-1 == q {
			if from, to := sourceAfter(toks, i+1); to > from && !pronouns[toks[from].lower] {
				return from, titleAfter(toks, to)
			}
		}
		return 0, 0
	}
	return 0, 0
}

// acronymAhead reports "(ACRONYM)" within a few words of toks[j], with only
// words between.
func acronymAhead(toks []token, j int) bool {
	for k := j; k < len(toks) && k < j+8; k++ {
		if toks[k].text == "(" {
			end := bracketEnd(toks, k)
			return end > 0 && acronym(toks[end-1])
		}
		if toks[k].kind != word && toks[k].text != "’" && toks[k].text != "'" && toks[k].text != "-" {
			return false
		}
	}
	return false
}

// figureVerb reports a verb that gives a figure by changing it: "put the
// number higher", "raised the toll to", "revised the estimate".
func figureVerb(toks []token, i int) bool {
	if !figureVerbs[toks[i].lower] || i+2 >= len(toks) || toks[i+1].lower != "the" {
		return false
	}
	// The figure noun may carry a modifier or two: "put the civilian death
	// toll at 10".
	for j := i + 2; j < min(i+5, len(toks)) && toks[j].kind == word; j++ {
		if figureNouns[toks[j].lower] {
			return true
		}
	}
	return false
}

// citation reads a bracketed citation, a source and a date: "(UNHCR, 23
// February 2017)", "(OCHA, May 2024)".
func citation(toks []token, open int) (from, to int) {
	from, to = sourceAfter(toks, open+1)
	if to <= from || to+1 >= len(toks) || toks[to].text != "," {
		return 0, 0
	}
	for k := to + 1; k < len(toks) && k < to+6; k++ {
		switch {
		case toks[k].text == ")":
			return from, to
		case toks[k].kind == number || toks[k].kind == isoDate || months[toks[k].lower] != 0:
		default:
			if toks[k].text != "," && toks[k].text != "." {
				return 0, 0
			}
		}
	}
	return 0, 0
}

// agentBy is where the agent starts after a passive verb ending before
// toks[k]: past "by", and a day between ("released Tuesday by"); 0 when
// there is no "by".
func agentBy(toks []token, k int) int {
	if k < len(toks) && dayNames[toks[k].lower] {
		k++
	}
	if k+1 < len(toks) && toks[k].lower == "by" {
		return k + 1
	}
	return 0
}

// sourceAfter reads the source phrase from toks[k], past "a report by",
// "the latest data from".
func sourceAfter(toks []token, k int) (from, to int) {
	for j, n := k, 0; j < len(toks) && n < 8 && toks[j].kind == word && sourceLead[toks[j].lower]; n++ {
		j++
		if w := toks[j-1].lower; w == "by" || w == "from" || w == "of" {
			k = j
		}
	}
	if k < len(toks) && toks[k].lower == "the" {
		from, to = k, k+1
		k++
	} else {
		from, to = k, k
	}
	for n := 0; k < len(toks) && n < 16; n++ {
		t := toks[k]
		switch {
		case t.kind == word && (nameWord(t) || bodyWords[t.lower]):
			k++
			to = k
		case t.kind == word && to == from && !joinWords[t.lower] && !pronouns[t.lower] && t.lower != "a" && t.lower != "an" && bodyAhead(toks, k+1):
			k++ // "community leaders", "camp management committees": a modifier opens it
		case t.kind == word && (joinWords[t.lower] || t.lower == "in") && to > from && k+1 < len(toks) &&
			(nameWord(toks[k+1]) || t.lower != "in" && bodyWords[toks[k+1].lower] ||
				toks[k+1].lower == "the" && k+2 < len(toks) && (nameWord(toks[k+2]) || bodyWords[toks[k+2].lower])):
			k++ // "Office for the Coordination", "representative in Niger", "a spokesman for the regional government"
		case t.kind == word && (t.lower == "in" || t.lower == "at") && to > from && placeAfter(toks, k+1) > 0:
			k = placeAfter(toks, k+1) // "officials in eastern Nangarhar province", "official sources at the border"
		case possessive(toks, k) && k+2 < len(toks) && (nameWord(toks[k+2]) || bodyWords[toks[k+2].lower]):
			k += 2 // "Pakistan's interior ministry", but not "the IOM’s (IOM) latest report"
		case t.text == "." && !t.spaced && k > 0 && initial(toks[k-1]):
			k++ // "the U.N. refugee agency"
			to = k
		case t.text == "-" && !t.spaced && k+1 < len(toks) && !toks[k+1].spaced && toks[k+1].kind == word:
			k += 2 // "the UNHCR-led Protection and Returns Monitoring Network": the name that follows ends it
		case to > from && t.lower == "and" && k+1 < len(toks) && (nameWord(toks[k+1]) || bodyWords[toks[k+1].lower] ||
			toks[k+1].lower == "the" && k+2 < len(toks) && nameWord(toks[k+2])):
			k++ // "UNHCR and the International Organization for Migration", "authorities and humanitarian partners"
		case to > from && issuedBy[t.lower] && k+2 < len(toks) && toks[k+1].lower == "by":
			k += 2 // "the Displacement Tracking Matrix (DTM) issued by the IOM"
		case t.text == "(" || t.text == "[":
			end := bracketEnd(toks, k)
			if end < 0 {
				return from, trimJoin(toks, from, to)
			}
			k = end + 1
			to = k
		default:
			return from, acronymAfter(toks, trimJoin(toks, from, to))
		}
	}
	return from, acronymAfter(toks, trimJoin(toks, from, to))
}

// maxListItems bounds the sources of a list read after a first one.
const maxListItems = 4

// listAfter takes in the rest of a list of sources set off by commas and
// closed by "and", after the first source ending at toks[to]: "according to
// a statement by A, B (UNHCR) and the IOM", "by A, B, and C". Every item
// must be a source phrase, and the list must end the clause (punctuation
// or the end of the sentence follows), so that "according to UNHCR, Chad
// and Sudan host …" stays "UNHCR".
func listAfter(toks []token, to int) int {
	end, closed := to, false
	for n := 0; n < maxListItems && end+1 < len(toks) && toks[end].text == ","; n++ {
		k := end + 1
		last := toks[k].lower == "and"
		if last {
			k++
		}
		from, next := sourceAfter(toks, k)
		if next <= from {
			break
		}
		for j := from; j < next; j++ {
			last = last || toks[j].lower == "and"
		}
		end = next
		if last {
			closed = true
			break
		}
	}
	if !closed || end < len(toks) && toks[end].kind != punct {
		return to
	}
	return end
}

// bodyAhead reports a body word at toks[k] or after one more lower-case
// word.
func bodyAhead(toks []token, k int) bool {
	for n := 0; k < len(toks) && n < 2 && toks[k].kind == word; k, n = k+1, n+1 {
		if bodyWords[toks[k].lower] {
			return true
		}
	}
	return false
}

// placeAfter finds a place after "in" or "at" at toks[k]: "the border",
// "eastern Nangarhar province". It returns the index of its first name or
// body word, or 0.
func placeAfter(toks []token, k int) int {
	if k < len(toks) && toks[k].lower == "the" {
		k++
	}
	if k < len(toks) && compass[toks[k].lower] {
		k++
	}
	if k < len(toks) && toks[k].kind == word && (nameWord(toks[k]) || bodyWords[toks[k].lower]) {
		return k
	}
	return 0
}

// acronymAfter takes in an acronym set off by a comma at the end of a
// source: "the U.N. refugee agency, UNHCR", "…, or OCHA".
func acronymAfter(toks []token, to int) int {
	if to+1 >= len(toks) || toks[to].text != "," {
		return to
	}
	k := to + 1
	if toks[k].lower == "or" && k+1 < len(toks) {
		k++ // "the UN Office for the Coordination of Humanitarian Affairs, or OCHA"
	}
	if acronym(toks[k]) && (k+1 == len(toks) || toks[k+1].kind == punct) {
		return k + 1
	}
	return to
}

// acronym is a word of two or more capitals: "UNHCR", "IOM".
func acronym(t token) bool {
	if t.kind != word || len(t.text) < 2 {
		return false
	}
	for _, r := range t.text {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// initial is a single capital letter, as in "U.N.".
func initial(t token) bool {
	return t.kind == word && len(t.text) == 1 && t.text[0] >= 'A' && t.text[0] <= 'Z'
}

// titleAfter takes in a title set off by commas after a name: "said
// Salvatore Lombardo, the UNHCR representative in Afghanistan, adding",
// "said Jens Laerke, a spokesman for OCHA".
// The title must name a role.
func titleAfter(toks []token, to int) int {
	if to+1 >= len(toks) || toks[to].text != "," {
		return to
	}
	k := to + 1
	if (toks[k].lower == "a" || toks[k].lower == "an") && k+1 < len(toks) {
		k++ // "said Jens Laerke, a spokesman for OCHA"
	}
	from, end := sourceAfter(toks, k)
	if end <= from || end < len(toks) && toks[end].kind != punct {
		return to
	}
	for k := from; k < end; k++ {
		if bodyWords[toks[k].lower] {
			return end
		}
	}
	return to
}

// subjectBefore reads the subject of the reporting verb at toks[v] walking
// back: "the UN refugee agency reported", "IOM director-general Amy Pope
// told", "the United Nations humanitarian agency (OCHA) said".
func subjectBefore(toks []token, v int) (from, to int) {
	k := v - 1
	passive := false
	for n := 0; k >= 0 && n < 4 && toks[k].kind == word && (auxiliaries[toks[k].lower] || adverb(toks[k])); n++ {
		passive = passive || beForms[toks[k].lower]
		k--
	}
	if passive && !strings.HasSuffix(toks[v].lower, "ing") {
		return 0, 0 // "the return of 45,429 was verified": the subject is what was counted
	}
	// "The latest IOM survey estimates": the survey's name gave it;
	// "OCHA's latest situation report says": the name that owns it.
	owned := false
	if k > 0 && docNouns[toks[k].lower] {
		j := docOwner(toks, k)
		owned, k = j != k, j
	}
	// "Ahmed Ali, UNHCR representative in Niger, told": the comma closes
	// an appositive, and only a name before it makes a subject.
	closed := k >= 0 && toks[k].text == ","
	if closed {
		k--
	}
	from, to = subjectWalk(toks, k)
	if closed {
		for j := from; j < to; j++ {
			if toks[j].text == "," {
				return from, to
			}
		}
		if f, ok := roleBeforeName(toks, from, to); ok {
			return f, to // "the emir, Attahiru Ahmad, said"
		}
		return aside(toks, k, v)
	}
	if owned {
		return from, to
	}
	return longerSubject(toks, k, v, from, to)
}

// longerSubject prefers the subject in common words when the walk over
// names stopped at a word of it: "Some rights groups", not "groups".
func longerSubject(toks []token, k, v, from, to int) (int, int) {
	if from == to || from > 0 && toks[from-1].kind == word && toks[from-1].lower != "the" && !nameWord(toks[from-1]) {
		if f, t := commonSubject(toks, k, v); t > f && f <= from {
			return f, t
		}
	}
	return from, to
}

// roleBeforeName reads the role set off before a name that is the
// subject of a verb: "the police spokesman in the state, Mohammed Shehu,
// said", "the Syria representative of the UN refugee agency, Jane Roe,
// told". The name toks[from:to] must be all name words after a comma, and
// the role a phrase that opens its clause with "the" or "a" (or names a
// body). It returns where the role starts.
func roleBeforeName(toks []token, from, to int) (int, bool) {
	if from < 2 || toks[from-1].text != "," || to-from > 5 {
		return 0, false
	}
	for k := from; k < to; k++ {
		if toks[k].kind != word || !nameWord(toks[k]) {
			return 0, false
		}
	}
	opens := func(f int) bool {
		return f == 0 || toks[f-1].kind == punct
	}
	end := from - 2
	if f, t := subjectWalk(toks, end); t > f && opens(f) && (toks[f].lower == "the" || toks[f].lower == "a" || hasBody(toks, f, t)) {
		return f, true
	}
	if f, ok := commonPhrase(toks, end); ok && (toks[f].lower == "the" || toks[f].lower == "a") && f < end && opens(f) {
		return f, true
	}
	return 0, false
}

// maxAside bounds the words of such a phrase.
const maxAside = 16

// aside reads the subject before a phrase set off by commas that ends at
// toks[k]: the phrase must open with a preposition and hold no other
// clause punctuation, and the subject must be a name with no comma.
func aside(toks []token, k, v int) (from, to int) {
	for j := k; j > 0 && j > k-maxAside; j-- {
		t := toks[j]
		if t.text == "." || t.text == ";" || t.text == ":" || closingQuote(t.text) {
			return 0, 0
		}
		if t.text != "," {
			continue
		}
		if j+1 > k || !asideOpener(toks, j+1, k) {
			return 0, 0
		}
		from, to = subjectWalk(toks, j-1)
		from, to = longerSubject(toks, j-1, v, from, to)
		for m := from; m < to; m++ {
			if toks[m].text == "," {
				return 0, 0
			}
		}
		if to > from && (toks[j+1].lower == "citing" || toks[j+1].lower == "quoting") {
			return from, k + 1 // "Reuters, citing a Pakistani official, reported": the cited source goes with it
		}
		return from, to
	}
	return 0, 0
}

// asideOpener reports a phrase toks[i:k+1] set off by commas that stands
// aside from its clause: one opening with a preposition ("in its latest
// update") or a participle ("preferring anonymity", "speaking to
// reporters"), or a single adverb ("however", "meanwhile").
func asideOpener(toks []token, i, k int) bool {
	t := toks[i]
	if t.kind != word {
		return false
	}
	return asideOpeners[t.lower] || i == k && !nameWord(t) && !bodyWords[t.lower] ||
		len(t.lower) > 5 && strings.HasSuffix(t.lower, "ing") && !nameWord(t)
}

// namedBefore takes in the name before the article of a role at toks[a],
// set off by a comma, when it opens the clause: "Ron Redmond, a UNHCR
// spokesman". Otherwise the role starts at a.
func namedBefore(toks []token, a int) int {
	if a < 2 || toks[a-1].text != "," {
		return a
	}
	j := a - 2
	for j >= 0 && a-2-j < 4 && toks[j].kind == word && nameWord(toks[j]) {
		j--
	}
	if j == a-2 || j >= 0 && toks[j].kind != punct {
		return a
	}
	return j + 1
}

// adverb is a manner adverb between a subject and its verb: "Taliban
// authorities officially registered", "UNHCR separately reported".
func adverb(t token) bool {
	return t.kind == word && len(t.lower) > 5 && strings.HasSuffix(t.lower, "ly") && !nameWord(t) &&
		!people[t.lower] && !bodyWords[t.lower]
}

// docOwner finds who a document at toks[k] belongs to, back past up to
// three lower-case modifiers ("latest", "situation", "monthly"): a name
// before it ("the latest IOM survey") or a possessive ("OCHA's latest
// situation report"). It returns the last token of the owner's name, or k
// when there is none.
func docOwner(toks []token, k int) int {
	j := k - 1
	for n := 0; j >= 0 && n < 3 && toks[j].kind == word && !nameWord(toks[j]) && toks[j].lower != "s" && toks[j].lower != "the"; n++ {
		j--
	}
	switch {
	case j >= 0 && toks[j].kind == word && nameWord(toks[j]):
		return j
	case j >= 2 && toks[j].lower == "s" && (toks[j-1].text == "’" || toks[j-1].text == "'") && !toks[j].spaced && nameWord(toks[j-2]):
		return j - 2
	}
	return k
}

// subjectWalk reads a subject back from toks[k].
func subjectWalk(toks []token, k int) (from, to int) {
	to = k + 1
	from = to
	for n := 0; k >= 0 && n < 16; n++ {
		t := toks[k]
		switch {
		case t.kind == word && t.lower == "the":
			if from < to {
				from = k
			}
			if from < to && k > 1 && (toks[k-1].lower == "of" || toks[k-1].lower == "for" || toks[k-1].lower == "at" ||
				toks[k-1].lower == "and") && (nameWord(toks[k-2]) || bodyWords[toks[k-2].lower]) {
				// "Officials of the Assam State…", "Office for the
				// Coordination", "an official at the UN refugee body",
				// "the government and the UN refugee agency"
				k -= 2
				continue
			}
			return from, to
		case t.kind == word && (t.lower == "a" || t.lower == "an") && from < to:
			// "a UN spokesman said", "A senior official of the ministry
			// said": the article is kept when the phrase names a role, and
			// the name it is set off from by a comma when one opens the
			// clause: "Ron Redmond, a UNHCR spokesman in Geneva, said".
			for j := from; j < to; j++ {
				if bodyWords[toks[j].lower] {
					return namedBefore(toks, k), to
				}
			}
			return from, to
		case t.text == "," && from < to:
			return appositive(toks, k, from, to), to
		case t.text == "." && !t.spaced && k > 0 && initial(toks[k-1]):
			k-- // "the U.N. refugee agency"
		case t.kind == word && !t.spaced && k > 0 && toks[k-1].text == "-" && !toks[k-1].spaced && from == k+1 && from < to:
			from = k // "the Taliban-led Ministry", "UNHCR-led"
			k--
		case t.kind == word && pronouns[t.lower]:
			return to, to
		case t.kind == word && (nameWord(t) || bodyWords[t.lower]):
			from = k
			k--
		case t.kind == word && (joinWords[t.lower] || t.lower == "and" || t.lower == "in" || t.lower == "at") && from < to && k > 0 &&
			(nameWord(toks[k-1]) || bodyWords[toks[k-1].lower] || toks[k-1].text == ")"):
			k-- // "the government of Chad", "UNHCR and IOM", "representative in Niger"
		case t.kind == word && compass[t.lower] && from == k+1 && k > 1 && (toks[k-1].lower == "in" || toks[k-1].lower == "at") &&
			bodyWords[toks[k-2].lower]:
			from = k // "officials in eastern Nangarhar province"
			k--
		case t.kind == word && t.lower == "s" && k > 1 && (toks[k-1].text == "’" || toks[k-1].text == "'") && !t.spaced:
			k -= 2 // "Pakistan's"
		case t.text == "-" && !t.spaced && from == k+1 && k > 0 && toks[k-1].kind == word:
			k--
		case (t.text == ")" || t.text == "]") && (from == k+1 || from == k+2 && joinWords[toks[k+1].lower] || from == k+2 && toks[k+1].lower == "in") ||
			t.text == ")" && from == to:
			// "the unit for Internally Displaced People (IDPs) in Marib"
			open := bracketStart(toks, k)
			if open < 0 {
				return from, to
			}
			from = open
			k = open - 1
		case t.kind == word && from < to && hasBody(toks, from, to):
			// "the UN children's agency", "Somalia’s disaster management
			// agency": a few lower-case words before a body's name are
			// its modifiers when a name, a possessive or "the" opens them.
			j := k
			for n := 0; j >= 0 && n < 3 && toks[j].kind == word && !nameWord(toks[j]) && !pronouns[toks[j].lower] &&
				toks[j].lower != "the" && !(toks[j].lower == "s" && j > 0 && (toks[j-1].text == "’" || toks[j-1].text == "'")); n++ {
				j--
			}
			if j < 0 || !(toks[j].kind == word && (nameWord(toks[j]) || toks[j].lower == "the" ||
				toks[j].lower == "s" && j > 0 && (toks[j-1].text == "’" || toks[j-1].text == "'"))) {
				return from, to
			}
			from = j + 1
			k = j
		default:
			return from, to
		}
	}
	return from, to
}

// hasBody reports a body word in toks[from:to]: "the UN children's agency
// UNICEF" is a body's name even though it ends with an acronym.
func hasBody(toks []token, from, to int) bool {
	for k := from; k < to; k++ {
		if bodyWords[toks[k].lower] {
			return true
		}
	}
	return false
}

// appositive takes in the name before a title set off by commas after a
// quotation: "“…,” Raouf Mazou, Assistant High Commissioner for UNHCR
// Operations, told reporters". The title must name a role, and the name
// must follow the closing quotation mark, so that "In Chad, UNHCR said"
// stays "UNHCR".
func appositive(toks []token, comma, from, to int) int {
	if to-from == 1 && acronym(toks[from]) && comma > 0 {
		// "The International Organisation for Migration, IOM estimates":
		// the acronym restates the name before it.
		if f, t := subjectWalk(toks, comma-1); t == comma && t-f >= 2 && (f == 0 || toks[f-1].kind == punct) &&
			initialsOf(toks, f, t, toks[from].text) {
			return f
		}
	}
	role := false
	for k := from; k < to; k++ {
		role = role || toks[k].kind == word && bodyWords[strings.ToLower(toks[k].text)]
	}
	if !role {
		return from
	}
	k := comma - 1
	for k >= 0 && toks[k].kind == word && nameWord(toks[k]) {
		k--
	}
	if k == comma-1 || k < 0 || !closingQuote(toks[k].text) && toks[k].text != "," {
		return from
	}
	if toks[k].text == "," && (k == 0 || !closingQuote(toks[k-1].text)) {
		return from
	}
	return k + 1
}

// initialsOf reports an acronym whose letters are, in order, initials of
// the words toks[from:to]: IOM of "The International Organisation for
// Migration", but not of "Across Sudan".
func initialsOf(toks []token, from, to int, acr string) bool {
	i := 0
	for k := from; k < to && i < len(acr); k++ {
		if toks[k].kind != word || toks[k].text == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(toks[k].text)
		if unicode.ToUpper(r) == rune(acr[i]) {
			i++
		}
	}
	return i == len(acr)
}

// nameWord is a word that can be part of a name: capitalised or an
// acronym.
func nameWord(t token) bool {
	r, _ := utf8.DecodeRuneInString(t.text)
	if !unicode.IsUpper(r) || notNames[t.lower] {
		return false
	}
	_, month := months[t.lower]
	return !month || len(t.lower) < 4 // "Jan Berg", "Theresa May"
}

// possessive reports "’s" at toks[k]: "Pakistan’s interior ministry".
func possessive(toks []token, k int) bool {
	return k+1 < len(toks) && (toks[k].text == "’" || toks[k].text == "'") && !toks[k].spaced &&
		toks[k+1].lower == "s" && !toks[k+1].spaced
}

// bracketEnd finds the ")" or "]" that closes the bracket at toks[k], a few
// words on, or -1.
func bracketEnd(toks []token, k int) int {
	want := ")"
	if toks[k].text == "[" {
		want = "]"
	}
	for j := k + 1; j < len(toks) && j < k+8; j++ {
		if toks[j].text == want {
			return j
		}
	}
	return -1
}

// bracketStart finds the "(" or "[" that opens the bracket closed at
// toks[k], or -1.
func bracketStart(toks []token, k int) int {
	want := "("
	if toks[k].text == "]" {
		want = "["
	}
	for j := k - 1; j >= 0 && j > k-8; j-- {
		if toks[j].text == want {
			return j
		}
	}
	return -1
}

// trimJoin drops a dangling "the"/"of" at the end of a phrase.
func trimJoin(toks []token, from, to int) int {
	for to > from && joinWords[toks[to-1].lower] {
		to--
	}
	return to
}

func closingQuote(s string) bool {
	return s == "”" || s == "\"" || s == "’" || s == "'"
}
