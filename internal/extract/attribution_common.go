package extract

// This file reads a source named in common words rather than by a name: the
// subject of a verb of speaking that opens its own clause, "…, the local
// traditional ruler said", "some reports estimate more than 100,000",
// "Two other village chairmen told the newspaper". Reporting names such
// sources as often as it names agencies; what marks them is the grammar, a
// determiner-led noun phrase standing alone between a clause boundary and a
// verb of speaking, not the words themselves.

// speechVerbs are the verbs whose subject is a speaker: a noun phrase
// before them gave the figure. Verbs of showing and finding ("shows",
// "found") are left out, as their subject is as often a thing.
var speechVerbs = set("said", "says", "say", "told", "tell", "tells", "stated", "states", "added",
	"noted", "estimate", "estimates", "estimated", "reported", "report", "claimed", "claim", "claims",
	"alleged", "alleges", "put", "puts", "confirmed", "insisted", "insist", "insists")

// commonDeterminers open a noun phrase that names a speaker in common
// words: "the", "some", "two other", "local".
var commonDeterminers = set("the", "some", "a", "an", "these", "those", "two", "three", "four", "five",
	"several", "many", "other", "both", "local", "most")

// figureWords are heads of a noun phrase that are a number, not a
// speaker: "the figures show", "the numbers say".
var figureWords = set("numbers", "number", "figures", "figure", "data", "toll", "tally", "count", "total",
	"statistics")

// clauseJoins end one clause and open the next: "the area is tense and
// some reports estimate".
var clauseJoins = set("and", "but", "while", "whereas", "although", "though", "that")

// maxCommonSubject bounds the words of such a phrase.
const maxCommonSubject = 7

// commonSubject reads a subject in common words ending at toks[k], before
// the verb of speaking at toks[v]: the phrase must open its clause (at the
// start of the sentence, after a comma, colon, quotation mark or a word
// joining clauses), open with a determiner or a capital at the start of the
// sentence, and end with a noun that is not a document or a number.
func commonSubject(toks []token, k, v int) (from, to int) {
	if !speechVerbs[toks[v].lower] || k < 0 || k >= len(toks) || figureWords[toks[k].lower] {
		return 0, 0
	}
	start, ok := commonPhrase(toks, k)
	if !ok {
		return 0, 0
	}
	if j := start - 1; j > 0 && toks[j].lower == "and" && !commonOpener(toks, start) {
		// "Officials and residents say": two heads joined.
		if s2, ok2 := commonPhrase(toks, j-1); ok2 && commonOpener(toks, s2) {
			start = s2
		}
	}
	if !commonOpener(toks, start) || start == k && commonDeterminers[toks[start].lower] {
		return 0, 0 // "residents say" mid-clause; "some say": no noun
	}
	return start, k + 1
}

// commonPhrase walks back from toks[k] over the words of a noun phrase to
// a clause boundary, and says where the phrase starts.
func commonPhrase(toks []token, k int) (start int, ok bool) {
	j := k
	for n := 0; j >= 0 && n < maxCommonSubject && toks[j].kind == word && !clauseJoins[toks[j].lower]; n++ {
		t := toks[j].lower
		if pronouns[t] || beForms[t] || reportingVerbs[t] && j < k || auxiliaries[t] || issuedBy[t] || dayNames[t] {
			return 0, false
		}
		if _, month := months[t]; month {
			return 0, false
		}
		j--
	}
	if j+1 > k {
		return 0, false
	}
	switch {
	case j < 0:
	case toks[j].kind == word && clauseJoins[toks[j].lower]:
	case toks[j].text == "," || toks[j].text == ":" || toks[j].text == ";" || closingQuote(toks[j].text) ||
		toks[j].text == "“":
	default:
		return 0, false
	}
	return j + 1, true
}

// commonOpener reports a phrase at toks[start] that opens as a noun phrase
// naming a speaker does: with a determiner, or with a capital at the start
// of the sentence ("Officials and residents say").
func commonOpener(toks []token, start int) bool {
	return commonDeterminers[toks[start].lower] || start == 0 && nameWord(toks[start])
}
