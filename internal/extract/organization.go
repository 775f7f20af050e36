package extract

import (
	"strings"
	"unicode"

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
//  3. the longest name or alias the attribution contains as whole words
//     ("IOM director-general Amy Pope" contains no name, but…);
//  4. …an acronym written as a word of it, in capitals as registered
//     ("IOM", "UNHCR Egypt"), so "who" never matches WHO.
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
	padded := " " + key + " "
	if inner != "" {
		padded = " " + foldName(by) + " "
	}
	for i := range orgs {
		o := &orgs[i]
		if o.Acronym != "" && (inner == o.Acronym || strings.TrimSpace(by) == o.Acronym) {
			return canonical(orgs, i)
		}
		for _, n := range names(o) {
			f := foldName(n)
			if f == "" {
				continue
			}
			if f == key {
				return canonical(orgs, i)
			}
			if len(f) > bestLen && strings.Contains(padded, " "+f+" ") {
				best, bestLen = i, len(f)
			}
		}
	}
	if best >= 0 {
		return canonical(orgs, best)
	}
	for _, w := range strings.FieldsFunc(by, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for i := range orgs {
			if orgs[i].Acronym != "" && w == orgs[i].Acronym {
				return canonical(orgs, i)
			}
		}
	}
	return ""
}

// names are the name and the aliases of o (its acronym is matched as
// written, in capitals).
func names(o *domain.Organization) []string {
	return append([]string{o.Name}, o.Aliases...)
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
func foldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	f := strings.TrimSpace(b.String())
	f = strings.TrimPrefix(f, "the ")
	return strings.ReplaceAll(f, "isation", "ization")
}
