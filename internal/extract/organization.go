package extract

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// organization resolves an attribution to the registry's name for it, so
// that "the UN refugee agency", "UNHCR Egypt" and "the United Nations High
// Commissioner for Refugees (UNHCR)" all give the same organisation. In
// order, the first that matches wins:
//
//  1. the whole attribution is a name, an acronym or an alias, with case,
//     a leading "the", punctuation and British "-isation" spellings folded;
//  2. "Name (ACR)": the name before the bracket or the acronym in it;
//  3. the longest name or alias of two words or more that the attribution
//     contains as whole words ("a spokesperson for the UN World Food
//     Programme");
//  4. an acronym written as a word of it, in capitals as registered, the
//     longest when there are several ("IOM director-general Amy Pope",
//     "the UN agency OCHA"), and of equal ones the last, as the head of an
//     English noun phrase comes last ("IOM Yemen DTM" is the DTM); so "who"
//     never matches WHO;
//  5. a one-word name that opens it ("Dawn news outlet"); one inside it
//     ("the United Nation’s refugee body") is too weak a sign.
//
// An organisation merged into another resolves to the one it was merged
// into. It returns "" when nothing matches or there is no registry.
func organization(by string, orgs []domain.Organization) string {
	if by == "" || len(orgs) == 0 {
		return ""
	}
	key := foldName(by)
	if strings.HasPrefix(key, "لل") {
		key = "ال" + strings.TrimPrefix(key, "لل") // "للمفوضية": ل + المفوضية
	}
	inner := ""
	if i := strings.IndexAny(by, "(["); i > 0 {
		if j := strings.IndexAny(by[i:], ")]"); j > 0 {
			inner = strings.TrimSpace(by[i+1 : i+j])
			key = foldName(by[:i])
		}
	}
	best, bestLen := -1, 0
	padded := []byte(" " + key + " ")
	if inner != "" {
		padded = appendFold(append(padded[:0], ' '), by)
		padded = append(padded, ' ')
	}
	var buf []byte // each name folded in turn, padded with spaces
	opener := -1   // an org whose one-word name opens the attribution
	for i := range orgs {
		o := &orgs[i]
		if o.Acronym != "" && (inner == o.Acronym || strings.TrimSpace(by) == o.Acronym) {
			return canonical(orgs, i)
		}
		for n := -1; n < len(o.Aliases); n++ {
			name := o.Name
			if n >= 0 {
				name = o.Aliases[n]
			}
			buf = appendFold(append(buf[:0], ' '), name)
			buf = append(buf, ' ')
			f := buf[1 : len(buf)-1]
			if len(f) == 0 {
				continue
			}
			if string(f) == key {
				return canonical(orgs, i)
			}
			switch {
			case bytes.IndexByte(f, ' ') < 0:
				if opener < 0 && bytes.HasPrefix(padded, buf) {
					opener = i
				}
			case len(f) > bestLen && bytes.Contains(padded, buf):
				best, bestLen = i, len(f)
			}
		}
	}
	if best >= 0 {
		return canonical(orgs, best)
	}
	best = -1
	for _, w := range strings.FieldsFunc(by, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for i := range orgs {
			if a := orgs[i].Acronym; a != "" && (w == a || wordAcronym(w, a)) && (best < 0 || len(a) >= len(orgs[best].Acronym)) {
				best = i
			}
		}
	}
	if best >= 0 {
		return canonical(orgs, best)
	}
	if opener >= 0 {
		return canonical(orgs, opener)
	}
	return ""
}

// wordAcronym reports an acronym of four letters or more written as a
// word, the way much of the press writes an acronym said as one: "Unicef",
// "Unesco", "Ocha" for UNICEF, UNESCO, OCHA. The capital must open it and
// the rest be lower case, so a common word ("care", "who") never matches.
func wordAcronym(w, a string) bool {
	if len(w) != len(a) || len(a) < 4 {
		return false
	}
	r, n := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) && w[n:] == strings.ToLower(a[n:]) && strings.ToUpper(w) == a
}

// canonical is the name of orgs[i], or of the organisation it was merged
// into when the registry holds it.
func canonical(orgs []domain.Organization, i int) string {
	if m := orgs[i].MergedInto; m != 0 {
		for k := range orgs {
			if orgs[k].ID == m {
				return orgs[k].Name
			}
		}
	}
	return orgs[i].Name
}

// foldName lower-cases a name, drops a leading "the" and punctuation, and
// writes "-isation" as "-ization": "The International Organisation for
// Migration." and "international organization for migration" fold alike.
func foldName(s string) string { return string(appendFold(nil, s)) }

// appendFold appends the folded s to b, without allocating when b has room.
// The abbreviation "UN" (or "U.N.") folds as "united nations", so that "the
// UN Office for the Coordination of Humanitarian Affairs" is the registry's
// "United Nations Office for …".
func appendFold(b []byte, s string) []byte {
	s = expandUN(s)
	start := len(b)
	space := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b = utf8.AppendRune(b, unicode.ToLower(r))
			space = false
			if n := len(b); n-start >= len("isation") && string(b[n-len("isation"):]) == "isation" {
				b[n-len("isation")+1] = 'z' // "organisation" → "organization"
			}
		case !space:
			b = append(b, ' ')
			space = true
		}
	}
	if n := len(b); n > start && b[n-1] == ' ' {
		b = b[:n-1]
	}
	if len(b)-start > len("the ") && string(b[start:start+len("the ")]) == "the " {
		b = append(b[:start], b[start+len("the "):]...)
	}
	return b
}

// expandUN writes the abbreviation "UN" or "U.N." as "United Nations" when
// it opens a proper name, a word in capitals before a capitalised word ("UN
// Office for …", "U.N. World Food Programme"), but not before a common noun
// ("the UN agency OCHA", "the UN refugee agency", whose head comes later);
// s is returned as is when it has none.
func expandUN(s string) string {
	if !strings.Contains(s, "UN") && !strings.Contains(s, "U.N") {
		return s
	}
	var out strings.Builder
	i := 0
	for i < len(s) {
		n := 0
		switch {
		case strings.HasPrefix(s[i:], "U.N."):
			n = 4
		case strings.HasPrefix(s[i:], "UN"):
			n = 2
		}
		if n > 0 && !letterBefore(s, i) && !letterAt(s, i+n) && capitalAfter(s, i+n) {
			out.WriteString("United Nations ")
			i += n
			continue
		}
		out.WriteByte(s[i])
		i++
	}
	return out.String()
}

func letterBefore(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r)
}

func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// capitalAfter reports a capitalised word after the spaces at s[i:].
func capitalAfter(s string, i int) bool {
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsUpper(r)
}
