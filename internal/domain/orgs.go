package domain

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// OrgKey folds the words a document used for an organisation to the form
// aliases are matched in: case, spacing, punctuation and diacritics do not
// count, nor does a leading "the". "The International Organization for
// Migration" and "the international organisation  for migration" differ
// (s/z is a spelling, not a fold); "U.N.H.C.R." and "UNHCR" do not.
func OrgKey(words string) string {
	d := norm.NFD.String(words)
	var b strings.Builder
	space := false
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining mark: the diacritic of the letter before
		case r == '.' || r == '\'' || r == '’' || r == 'ʼ':
			continue // "U.N." is "UN", "Pakistan's" is "Pakistans"
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	k := b.String()
	if rest, ok := strings.CutPrefix(k, "the "); ok {
		k = rest
	}
	return k
}

// StripRemark removes a trailing bracketed remark: "UNHCR (Geneva press
// briefing)" is "UNHCR". ok is false when there is none. Words that are
// nothing but a remark ("(not stated)") come back empty.
func StripRemark(words string) (rest string, ok bool) {
	w := strings.TrimSpace(words)
	if !strings.HasSuffix(w, ")") && !strings.HasSuffix(w, "]") {
		return w, false
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
				return strings.TrimSpace(w[:i]), true
			}
		}
	}
	return w, false
}

// NotStated reports whether the attribution words name nobody: empty, or a
// bracketed remark only ("(not stated)", "(statement signatories not named)").
func NotStated(words string) bool {
	rest, _ := StripRemark(words)
	return OrgKey(rest) == ""
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
// OrgKey. The whole words are tried first, then without a trailing
// bracketed remark; words that are only a remark name nobody (an empty
// Resolution, resolved). Nothing is guessed: anything else is Unresolved.
func ResolveAttribution(words string, lookup func(key string) []int64) Resolution {
	if NotStated(words) {
		return Resolution{}
	}
	try := func(w string) (Resolution, bool) {
		ids := lookup(OrgKey(w))
		switch len(ids) {
		case 0:
			return Resolution{}, false
		case 1:
			return Resolution{IDs: ids}, true
		}
		return Resolution{Unresolved: true, Candidates: ids}, true
	}
	if r, ok := try(words); ok {
		return r
	}
	if rest, ok := StripRemark(words); ok {
		if r, ok := try(rest); ok {
			return r
		}
	}
	return Resolution{Unresolved: true}
}
