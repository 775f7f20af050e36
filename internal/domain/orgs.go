package domain

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// OrgKey folds the words a document used for an organisation to the form
// aliases are matched in: case, spacing, punctuation and diacritics do not
// count, nor does a leading "the". "The International Organization for
// Migration" and "the international organisation  for migration" differ
// (s/z is a spelling, not a fold); "U.N.H.C.R." and "UNHCR" do not.
//
// Arabic and Persian writing folds as the press writes it: harakat and
// tatweel go; أ إ آ ٱ are ا; ى and Persian ی are ي, ک is ك; the hamza seats
// ؤ and ئ are both ء ("لشؤون" and "لشئون" are one spelling); ة ending a word
// is ه; Eastern Arabic and Persian digits are ASCII; zero-width joiners and
// direction marks are not there. A space inside a word ("المت حدة") still
// counts, and the article ال is kept. Compatibility forms (Arabic
// presentation forms copied from a PDF, full-width letters) are their
// plain letters. OrgKey(OrgKey(w)) == OrgKey(w).
func OrgKey(words string) string {
	// Compose first so that a hamza seat is one rune whatever the input did,
	// and fold the Arabic letters; then decompose, so that the diacritics of
	// Latin letters become marks that are dropped.
	var pre strings.Builder
	for _, r := range norm.NFKC.String(words) {
		if r = foldArabic(r); r >= 0 {
			pre.WriteRune(r)
		}
	}
	var key []rune
	space := false
	for _, r := range norm.NFD.String(pre.String()) {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.Is(unicode.Cf, r):
			continue // a diacritic or harakah; a joiner or direction mark
		case r == '.' || r == '\'' || r == '’' || r == 'ʼ':
			continue // "U.N." is "UN", "Pakistan's" is "Pakistans"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && len(key) > 0 {
				key = append(key, ' ')
			}
			space = false
			key = append(key, unicode.ToLower(r))
		default:
			space = true
		}
	}
	for i, r := range key {
		if r == 'ة' && (i == len(key)-1 || key[i+1] == ' ') {
			key[i] = 'ه'
		}
	}
	k := string(key)
	for strings.HasPrefix(k, "the ") {
		k = k[len("the "):]
	}
	return k
}

// foldArabic maps one Arabic or Persian letter or digit to the form OrgKey
// keeps; -1 drops it.
func foldArabic(r rune) rune {
	switch {
	case r == 'ـ': // tatweel, a stretch of the line
		return -1
	case r == 'أ' || r == 'إ' || r == 'آ' || r == 'ٱ':
		return 'ا'
	case r == 'ؤ' || r == 'ئ':
		return 'ء'
	case r == 'ى' || r == 'ی':
		return 'ي'
	case r == 'ک':
		return 'ك'
	case r >= '٠' && r <= '٩':
		return '0' + r - '٠'
	case r >= '۰' && r <= '۹':
		return '0' + r - '۰'
	}
	return r
}

// StripRemark removes a trailing bracketed remark: "UNHCR (Geneva press
// briefing)" is "UNHCR". ok is false when there is none. Words that are
// nothing but a remark ("(not stated)") come back empty.
func StripRemark(words string) (rest string, ok bool) {
	rest, _, ok = splitRemark(words)
	return rest, ok
}

// splitRemark is StripRemark that also returns what the brackets hold.
func splitRemark(words string) (rest, remark string, ok bool) {
	w := strings.TrimSpace(words)
	if !strings.HasSuffix(w, ")") && !strings.HasSuffix(w, "]") {
		return w, "", false
	}
	open, closing := '(', ')'
	if strings.HasSuffix(w, "]") {
		open, closing = '[', ']'
	}
	depth := 0
	for i := len(w) - 1; i >= 0; i-- {
		switch rune(w[i]) {
		case closing:
			depth++
		case open:
			depth--
			if depth == 0 {
				return strings.TrimSpace(w[:i]), strings.TrimSpace(w[i+1 : len(w)-1]), true
			}
		}
	}
	return w, "", false
}

// OrgNameFrom is the name a new organisation gets, by default, from words
// that named none: without a trailing bracketed remark (unless that is all
// there is) and without a leading "the" ("the United Nations (UN)" gives
// "United Nations").
func OrgNameFrom(words string) string {
	name := strings.TrimSpace(words)
	if rest, ok := StripRemark(name); ok && OrgKey(rest) != "" {
		name = rest
	}
	for _, the := range []string{"the ", "The ", "THE "} {
		if rest, ok := strings.CutPrefix(name, the); ok && OrgKey(rest) != "" {
			name = strings.TrimSpace(rest)
			break
		}
	}
	return name
}

// NotStated reports whether the attribution words name nobody: empty, or a
// bracketed remark only ("(not stated)", "(statement signatories not named)").
// A bracket holding only an acronym ("(IOM)") names that organisation.
func NotStated(words string) bool {
	rest, remark, _ := splitRemark(words)
	return OrgKey(rest) == "" && !looksLikeAcronym(remark)
}

// looksLikeAcronym reports whether the words in a trailing bracket are a
// short name rather than a remark: "IOM", "U.N.", "UN Women", "OCHA" are;
// "Geneva press briefing", "not stated", "annual report", "2024" are not.
// In a script without capitals (Arabic), one word is.
func looksLikeAcronym(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 || len(f) > 2 || len([]rune(s)) > 24 {
		return false
	}
	upper, lower, caseless := 0, 0, 0
	for _, r := range f[0] {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		case unicode.IsLetter(r):
			caseless++
		}
	}
	if upper >= 2 && lower == 0 && caseless == 0 {
		return true
	}
	return len(f) == 1 && caseless > 0 && upper == 0 && lower == 0
}

// Resolution is what attribution words were found to name.
type Resolution struct {
	IDs []int64 // the organisations, in the order the words name them
	// Unresolved is set when the words name no organisation that lookup
	// knows, or more than one with one spelling: a person must choose.
	Unresolved bool
	// Candidates are the ids a key matched when it matched more than one.
	Candidates []int64
}

// ResolveAttribution finds the organisations words name. lookup returns
// the ids of the organisations whose name, acronym or alias has the given
// OrgKey. Nothing is guessed: every step is an exact match of a key.
//
//  1. Words that are only a remark name nobody: an empty Resolution,
//     resolved.
//  2. The whole words; then without a trailing bracketed remark; then, when
//     that fails and the bracket holds an acronym, the acronym alone ("the
//     International Organisation for Migration (IOM)" is IOM) unless the
//     words before it are joint (see 3). An acronym also chooses among the
//     organisations the words before it matched.
//  3. A joint attribution: "IOM and UNHCR", "UNHCR-IOM joint report",
//     "UNICEF and the UN World Food Programme (WFP)". The words are split
//     on " and ", "&", "/", "+", commas, and "-" between two acronyms
//     (never inside brackets), a trailing "joint report" is dropped, and
//     each part is resolved as in 2. The split counts only when every
//     part names exactly one organisation; a known name that holds a
//     separator ("Food and Agriculture Organization") stays one part, as
//     the split with the fewest parts wins. The ids are deduplicated, in
//     order.
//
// Anything else is Unresolved; when a key matched several organisations,
// Candidates lists them.
func ResolveAttribution(words string, lookup func(key string) []int64) Resolution {
	if NotStated(words) {
		return Resolution{}
	}
	if lookup == nil {
		return Resolution{Unresolved: true}
	}
	one := resolveOne(words, lookup)
	switch {
	case len(one) == 1:
		return Resolution{IDs: one}
	case len(one) > 1:
		return Resolution{Unresolved: true, Candidates: one}
	}
	tries := []string{words}
	if rest, ok := StripRemark(words); ok {
		tries = append(tries, rest)
	}
	for _, w := range tries {
		if r, ok := resolveJoint(w, lookup); ok {
			return r
		}
	}
	return Resolution{Unresolved: true}
}

// resolveOne resolves words that name one organisation (step 2 of
// ResolveAttribution): one id when found, several when the words are
// ambiguous, none when unknown.
func resolveOne(words string, lookup func(string) []int64) []int64 {
	find := func(w string) []int64 {
		k := OrgKey(w)
		if k == "" {
			return nil
		}
		return dedupe(lookup(k))
	}
	if ids := find(words); len(ids) > 0 {
		return ids
	}
	rest, remark, ok := splitRemark(words)
	if !ok {
		return nil
	}
	ids := find(rest)
	if len(ids) == 1 || !looksLikeAcronym(remark) || len(jointCuts(rest)) > 0 {
		// The acronym in "UNICEF and the World Food Programme (WFP)" is
		// the last part's, not the whole words'.
		return ids
	}
	acr := find(remark)
	switch {
	case len(ids) == 0:
		return acr
	case len(acr) == 1 && slices.Contains(ids, acr[0]):
		return acr
	}
	return ids
}

// maxJointParts bounds the pieces a joint attribution is split into; the
// splits tried grow as 2^pieces.
const maxJointParts = 12

// resolveJoint is step 3 of ResolveAttribution. ok is false when the words
// do not split into organisations.
func resolveJoint(words string, lookup func(string) []int64) (Resolution, bool) {
	w := stripJoint(words)
	cuts := jointCuts(w)
	if len(cuts) == 0 && w == strings.TrimSpace(words) || len(cuts) >= maxJointParts {
		return Resolution{}, false
	}
	// Piece i runs from bounds[i] to ends[i]; a part is pieces i..j-1, the
	// words from bounds[i] to ends[j-1] with their separators.
	bounds, ends := []int{0}, []int{}
	for _, c := range cuts {
		ends = append(ends, c[0])
		bounds = append(bounds, c[1])
	}
	ends = append(ends, len(w))
	n := len(bounds)
	memo := map[[2]int][]int64{}
	part := func(i, j int) []int64 {
		k := [2]int{i, j}
		if ids, ok := memo[k]; ok {
			return ids
		}
		var ids []int64
		if bounds[i] <= ends[j-1] { // jointCuts never overlap; this holds the line if that changes
			ids = resolveOne(w[bounds[i]:ends[j-1]], lookup)
		}
		memo[k] = ids
		return ids
	}
	// Every split of the pieces into parts that each name one organisation;
	// keep those with the fewest parts.
	best := n + 1
	var found [][]int64
	var walk func(i int, ids []int64)
	walk = func(i int, ids []int64) {
		if i == n {
			if len(ids) < best {
				best, found = len(ids), nil
			}
			found = append(found, append([]int64(nil), ids...))
			return
		}
		if len(ids) >= best {
			return // one more part is more than the best split has
		}
		for j := i + 1; j <= n; j++ {
			if p := part(i, j); len(p) == 1 {
				walk(j, append(ids, p[0]))
			}
		}
	}
	walk(0, nil)
	if len(found) == 0 {
		return Resolution{}, false
	}
	first := dedupe(found[0])
	var all []int64
	agree := true
	for _, ids := range found {
		all = append(all, ids...)
		agree = agree && slices.Equal(dedupe(ids), first)
	}
	if !agree {
		return Resolution{Unresolved: true, Candidates: dedupe(all)}, true
	}
	return Resolution{IDs: first}, true
}

// jointWords are what may follow the names in a joint attribution and is
// dropped: "UNHCR-IOM joint report".
var jointWords = map[string]bool{
	"report": true, "statement": true, "press": true, "release": true, "assessment": true,
	"analysis": true, "update": true, "appeal": true, "plan": true, "survey": true, "study": true,
	"data": true, "figures": true, "estimate": true, "estimates": true, "briefing": true,
}

// stripJoint drops a trailing "joint", "joint report", "joint press
// release" and the like.
func stripJoint(words string) string {
	f := strings.Fields(words)
	for i := len(f) - 1; i >= 1 && i >= len(f)-3; i-- {
		if !strings.EqualFold(f[i], "joint") {
			if jointWords[strings.ToLower(f[i])] {
				continue
			}
			break
		}
		return strings.Join(f[:i], " ")
	}
	return strings.TrimSpace(words)
}

// jointCuts finds the separators of a joint attribution outside brackets,
// as [start, end) byte offsets in w.
func jointCuts(w string) [][2]int {
	var cuts [][2]int
	depth := 0
	for i := 0; i < len(w); {
		r, size := utf8.DecodeRuneInString(w[i:])
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case depth > 0:
		case r == ',' || r == '،' || r == '&' || r == '/' || r == '+':
			cuts = addCut(cuts, i, i+size)
		case (r == '-' || r == '‐' || r == '–') && acronymBefore(w[:i]) && acronymAfter(w[i+size:]):
			cuts = addCut(cuts, i, i+size)
		case r == ' ' && strings.EqualFold(w[i:min(i+5, len(w))], " and "):
			cuts = addCut(cuts, i, i+5)
			i += 4 // the space after "and" may start the next word's search
			continue
		}
		i += size
	}
	return cuts
}

// addCut appends the cut [start, end) unless it overlaps the one before
// ("IOM and and UNHCR": the second " and " begins inside the first), so
// that the pieces between cuts never run backwards.
func addCut(cuts [][2]int, start, end int) [][2]int {
	if n := len(cuts); n > 0 && start < cuts[n-1][1] {
		return cuts
	}
	return append(cuts, [2]int{start, end})
}

// acronymBefore and acronymAfter report whether the word next to a dash is
// an acronym: "UNHCR-IOM" splits, "UN-Habitat" does not.
func acronymBefore(s string) bool {
	s = strings.TrimRight(s, " ")
	s = s[max(0, len(s)-64):] // an acronym is short; a long word is not one
	i := strings.LastIndexAny(s, " ,/&+([")
	return isAcronymWord(s[i+1:])
}

func acronymAfter(s string) bool {
	s = strings.TrimLeft(s, " ")
	if i := strings.IndexAny(s, " ,/&+-)]"); i >= 0 {
		s = s[:i]
	}
	return isAcronymWord(s)
}

func isAcronymWord(s string) bool {
	upper := 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r) || r == '.':
		default:
			return false
		}
	}
	return upper >= 2
}

func dedupe(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
