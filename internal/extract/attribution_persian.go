package extract

// This file holds the Persian and Urdu forms of attribution
// (attribution.go): the subject of a clause that ends in its verb.

// clauseVerbs end a clause whose subject gave the number, in the
// subject-first languages whose sources are written before the verb:
// Persian "اعلام کرد" (announced), "گفت"/"گفتهاند" (said), "نشان میدهد"
// (shows), "گزارش داد" (reported); Urdu "نے کہا" (said), "کے مطابق"
// (according to).
var clauseVerbs = set("اعلام", "گفت", "گفته", "گفتهاند", "نشان", "گزارش", "نے", "کے")

// clauseFillers are the adverbs of such a clause, dropped from its end:
// Persian "also", "earlier".
var clauseFillers = set("نیز", "پیشتر", "هم", "قبلا", "همچنین")

// clauseSubject reads the subject of a clause verb at toks[v]: the words
// from the start of the clause (the sentence, or after a bracket or a
// colon) up to the verb or the first comma, past a cited document ("آمار",
// statistics). Urdu "کے" counts only in "کے مطابق".
func clauseSubject(toks []token, v int) (from, to int) {
	if toks[v].lower == "کے" && (v+1 >= len(toks) || toks[v+1].lower != "مطابق") {
		return 0, 0
	}
	if toks[v].lower == "نے" && (v+1 >= len(toks) || toks[v+1].lower != "کہا") {
		return 0, 0
	}
	from = v
	for from > 0 && v-from < 14 {
		t := toks[from-1]
		if t.kind == punct && t.text != "،" && t.text != "\u200c" || t.kind == number {
			break
		}
		from--
	}
	for k := from; k < v; k++ {
		if toks[k].text == "،" || toks[k].lower == "که" {
			v = k
			break
		}
		if (toks[k].lower == "در" || toks[k].lower == "با") && k > from && persianDocAhead(toks, k+1, v) {
			// "X در تازه ترین گزارش خود گفته", "X با انتشار بیانیه ای اعلام
			// کرد": the document it spoke in is no part of the source
			v = k
			break
		}
	}
	if from < v && arabicLeads[toks[from].lower] {
		from++
	}
	for v > from && clauseFillers[toks[v-1].lower] {
		v--
	}
	for k := from; k < v; k++ {
		if toks[k].kind != word || toks[k].lower[0] < 0x80 {
			return 0, 0
		}
	}
	return from, v
}

// persianDocs are the Persian words of a document or of issuing one:
// report, statement, notice, publishing, latest.
var persianDocs = set("گزارش", "گزارشی", "بیانیه", "اطلاعیه", "انتشار", "تازه", "جدیدترین", "آخرین")

// persianDocAhead reports a document word in toks[k:v+1], the phrase
// before a clause verb at v (which may be one itself: "گزارش داد"), up to
// the next "در" or "با" that opens another phrase.
func persianDocAhead(toks []token, k, v int) bool {
	for ; k <= v && k < len(toks) && toks[k].lower != "در" && toks[k].lower != "با"; k++ {
		if persianDocs[toks[k].lower] {
			return true
		}
	}
	return false
}

// allPersianWords reports toks[from:to] all words in Arabic script.
func allPersianWords(toks []token, from, to int) bool {
	for k := from; k < to; k++ {
		if toks[k].kind != word || !arabicScript(toks[k].key) || toks[k].lower == "که" {
			return false
		}
	}
	return true
}

// persianReportOf reads the source of "به گزارش X،" from toks[k]: the
// words up to the comma or other punctuation, at most a dozen.
func persianReportOf(toks []token, k int) (from, to int) {
	from, to = k, k
	for to < len(toks) && to-from < 12 && toks[to].kind == word && arabicScript(toks[to].key) {
		to++
	}
	if to >= len(toks) || toks[to].kind != punct {
		return 0, 0 // no comma closes it: not the cited source
	}
	return from, to
}
