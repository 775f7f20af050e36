package domain

import (
	"cmp"
	"math"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OrgIndex answers, for many words against one list of organisations,
// which organisations a key names (Lookup) and which are most like the
// words (Closest). Build it once with NewOrgIndex; it is read-only after,
// and safe for concurrent use. Merged organisations are left out: their
// page redirects to the one they were merged into.
type OrgIndex struct {
	orgs      []Organization
	keys      map[string][]int64 // OrgKey of name, acronym, alias → ids
	spellings []spelling
	exact     map[string][]posting // a token (or a variant of it) → where
	prefix    map[string][]posting // a proper prefix of a token → where
}

// spelling is one name, acronym or alias of an organisation, as tokens.
type spelling struct {
	org    int // index in OrgIndex.orgs
	tokens int
}

// posting is token pos of spelling sp.
type posting struct {
	sp  int32
	pos uint8
}

// maxTokens bounds the tokens of a spelling or of words that are scored.
const maxTokens = 64

// prefixQuality is what a token matched by its prefix counts for, against
// 1 for the token itself.
const prefixQuality = 0.7

// prefixable reports whether a token may match by its prefix: words do,
// numbers and codes do not ("mda10" is not "mda100").
func prefixable(t string) bool {
	return !strings.ContainsFunc(t, unicode.IsDigit)
}

// prefixFrom is the shortest prefix of an n-letter token that matches it:
// at least five letters and three fifths of it. "egypt" matches "egyptian"
// and "program" "programme"; "world" does not match "worldwide".
func prefixFrom(n int) int {
	return max(5, (3*n+4)/5)
}

// NewOrgIndex indexes the organisations' names, acronyms and aliases.
func NewOrgIndex(orgs []Organization) *OrgIndex {
	x := &OrgIndex{keys: map[string][]int64{}, exact: map[string][]posting{}, prefix: map[string][]posting{}}
	for _, o := range orgs {
		if o.MergedInto != 0 {
			continue
		}
		oi := len(x.orgs)
		x.orgs = append(x.orgs, o)
		for _, s := range append([]string{o.Name, o.Acronym}, o.Aliases...) {
			k := OrgKey(s)
			if k == "" {
				continue
			}
			if !slices.Contains(x.keys[k], o.ID) {
				x.keys[k] = append(x.keys[k], o.ID)
			}
			toks := scoreTokens(k)
			if len(toks) == 0 {
				continue
			}
			sp := int32(len(x.spellings))
			x.spellings = append(x.spellings, spelling{org: oi, tokens: len(toks)})
			for pos, t := range toks {
				p := posting{sp: sp, pos: uint8(pos)}
				for _, v := range tokenVariants(t) {
					x.exact[v] = append(x.exact[v], p)
					if !prefixable(v) {
						continue
					}
					r := []rune(v)
					for n := prefixFrom(len(r)); n < len(r); n++ {
						x.prefix[string(r[:n])] = append(x.prefix[string(r[:n])], p)
					}
				}
			}
		}
	}
	return x
}

// Lookup returns the ids of the organisations whose name, acronym or alias
// has the OrgKey key: the lookup ResolveAttribution needs.
func (x *OrgIndex) Lookup(key string) []int64 {
	return slices.Clone(x.keys[key])
}

// Resolve is ResolveAttribution against the indexed organisations.
func (x *OrgIndex) Resolve(words string) Resolution {
	return ResolveAttribution(words, x.Lookup)
}

// Closest returns the n organisations most like the words, best first, for
// a person to choose from when the words resolve to none: those sharing
// tokens with a name, acronym or alias (after OrgKey, ignoring "of", "for"
// and the like; "refugee" is "refugees", "egypt" begins "egyptian", and
// Arabic "للمفوضية" is "المفوضية"). A rare shared token counts for more
// than a common one, so an acronym among the words ("UNHCR spokesman Evan
// Watson") puts its organisation first; so does a name whose tokens are
// all among the words. Organisations sharing nothing are not proposed.
// Ties are broken by name, then id.
func (x *OrgIndex) Closest(words string, n int) []Organization {
	if n <= 0 {
		return nil
	}
	toks := scoreTokens(OrgKey(words))
	type hit struct {
		shared float64 // the weight of the words' tokens it shares
		cover  float64 // the largest share of one spelling's tokens found
	}
	hits := map[int]*hit{}        // by org index
	posHits := map[int32]uint64{} // by spelling: its tokens found
	for _, t := range toks {
		quality := map[int]float64{} // by org: 1 for the word, less for a prefix
		add := func(ps []posting, q float64) {
			for _, p := range ps {
				posHits[p.sp] |= 1 << p.pos
				if oi := x.spellings[p.sp].org; quality[oi] < q {
					quality[oi] = q
				}
			}
		}
		for _, v := range tokenVariants(t) {
			add(x.exact[v], 1)
			if !prefixable(v) {
				continue
			}
			add(x.prefix[v], prefixQuality)
			r := []rune(v)
			for m := prefixFrom(len(r)); m < len(r); m++ {
				add(x.exact[string(r[:m])], prefixQuality)
			}
		}
		if len(quality) == 0 {
			continue
		}
		// A token few organisations share says more than a common one.
		weight := math.Log1p(float64(len(x.orgs)) / float64(len(quality)))
		for oi, q := range quality {
			if hits[oi] == nil {
				hits[oi] = &hit{}
			}
			hits[oi].shared += weight * q
		}
	}
	for sp, found := range posHits {
		s := x.spellings[sp]
		if c := float64(bits.OnesCount64(found)) / float64(s.tokens); c > hits[s.org].cover {
			hits[s.org].cover = c
		}
	}
	type scored struct {
		org   int
		score float64
	}
	var all []scored
	for oi, h := range hits {
		all = append(all, scored{oi, h.shared * (0.5 + 0.5*h.cover)})
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		oa, ob := &x.orgs[a.org], &x.orgs[b.org]
		if c := strings.Compare(oa.Name, ob.Name); c != 0 {
			return c
		}
		return cmp.Compare(oa.ID, ob.ID)
	})
	out := make([]Organization, 0, min(n, len(all)))
	for _, s := range all[:min(n, len(all))] {
		out = append(out, x.orgs[s.org])
	}
	return out
}

// ClosestOrgs returns the n organisations most like the words, best first
// (see OrgIndex.Closest). To ask for many words, build an OrgIndex once.
func ClosestOrgs(words string, orgs []Organization, n int) []Organization {
	return NewOrgIndex(orgs).Closest(words, n)
}

// stopTokens carry no sign of which organisation is meant.
var stopTokens = map[string]bool{
	"the": true, "of": true, "for": true, "and": true, "in": true, "on": true, "at": true,
	"by": true, "to": true, "a": true, "an": true, "de": true, "des": true, "du": true,
	"la": true, "le": true, "les": true, "et": true, "في": true, "من": true, "علي": true,
	"عن": true, "الي": true,
}

// scoreTokens are the distinct tokens of a key that count in Closest.
func scoreTokens(key string) []string {
	var out []string
	for _, t := range strings.Fields(key) {
		if !stopTokens[t] && !slices.Contains(out, t) && len(out) < maxTokens {
			out = append(out, t)
		}
	}
	return out
}

// arabicProclitics are the particles Arabic writes onto the next word:
// "للمفوضية", "بالمفوضية" and "المفوضية" share "مفوضيه". Longest first.
var arabicProclitics = []string{"وال", "فال", "بال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك"}

// tokenVariants are the forms a token matches in Closest: itself; an
// English plural without its s and "-isation" as "-ization"; an Arabic word
// without the particles written onto it.
func tokenVariants(t string) []string {
	vs := []string{t}
	r := []rune(t)
	if len(r) > 0 && unicode.Is(unicode.Arabic, r[0]) {
		for _, p := range arabicProclitics {
			if rest, ok := strings.CutPrefix(t, p); ok && utf8.RuneCountInString(rest) >= 3 && !slices.Contains(vs, rest) {
				vs = append(vs, rest)
			}
		}
		return vs
	}
	if len(r) > 3 && strings.HasSuffix(t, "s") && !strings.HasSuffix(t, "ss") {
		vs = append(vs, t[:len(t)-1])
	}
	if stem, ok := strings.CutSuffix(t, "isation"); ok {
		vs = append(vs, stem+"ization")
	}
	return vs
}
