package exchange

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// unresolvedWords is a row's problem of words that name no organisation
// known here (*store.UnresolvedName is one): the report asks about each
// distinct name once, with every line that has it, instead of once a row.
type unresolvedWords interface {
	error
	UnresolvedWords() (field, words string, closest []domain.OrgRef, ambiguous bool)
}

// UnresolvedName is words of one column of one file that name no
// organisation known here (or several), with the rows that have them.
// Spellings that differ only by case, punctuation or a trailing bracketed
// remark ("UNHCR spokesman (post on X)", "UNHCR Spokesman") are one name:
// one answer resolves them all.
type UnresolvedName struct {
	File   string
	Column string // attributed_to, organizations or source_publisher
	Words  string // as the first row with them states them
	// Alias is the words without a trailing remark: what an answer
	// records as another spelling of an organisation.
	Alias string
	// Name is what a new organisation is called by default
	// (domain.OrgNameFrom: no trailing remark, no leading "the").
	Name      string
	Spellings []string // other spellings, as stated, up to maxSpellings
	Lines     []int    // the first maxLines lines with the words
	Rows      int      // every row with them
	Excerpt   string   // of the first figure row with them
	Closest   []domain.OrgRef
	Ambiguous bool // the words name every one of Closest
	// Problem is set by the caller when a person's answer for these words
	// could not be applied (the organisation is gone, a new name is
	// taken): the question is asked again, with the reason.
	Problem string
}

// Key is what spellings of one name share: the alias's domain.OrgKey.
func (u UnresolvedName) Key() string { return NameKey(u.Words) }

// NameKey is the key of words as UnresolvedName groups them.
func NameKey(words string) string { return domain.OrgKey(AliasOf(words)) }

// AliasOf is words without a trailing bracketed remark, or the words when
// they are nothing but one.
func AliasOf(words string) string {
	words = strings.TrimSpace(words)
	if rest, ok := domain.StripRemark(words); ok && domain.OrgKey(rest) != "" {
		return rest
	}
	return words
}

const (
	maxLines     = 20
	maxSpellings = 5
)

// String is the name's problem as `tracker import` prints it.
func (u UnresolvedName) String() string {
	var b strings.Builder
	if u.File != "" {
		b.WriteString(u.File + ": ")
	}
	fmt.Fprintf(&b, "%q (%s) ", u.Words, u.Column)
	if u.Ambiguous {
		b.WriteString("names several organisations")
	} else {
		b.WriteString("names no organisation known here")
	}
	lines := make([]string, len(u.Lines))
	for i, l := range u.Lines {
		lines[i] = fmt.Sprint(l)
	}
	if len(lines) == 1 {
		fmt.Fprintf(&b, ", on line %s", lines[0])
	} else {
		fmt.Fprintf(&b, ", on lines %s", strings.Join(lines, ", "))
	}
	if more := u.Rows - len(u.Lines); more > 0 {
		fmt.Fprintf(&b, " and %d more", more)
	}
	if len(u.Spellings) > 0 {
		quoted := make([]string, len(u.Spellings))
		for i, s := range u.Spellings {
			quoted[i] = fmt.Sprintf("%q", s)
		}
		fmt.Fprintf(&b, " (also as %s)", strings.Join(quoted, ", "))
	}
	if len(u.Closest) > 0 {
		names := make([]string, len(u.Closest))
		for i, o := range u.Closest {
			names[i] = o.Name
		}
		if u.Ambiguous {
			b.WriteString("; which one: ")
		} else {
			b.WriteString("; closest: ")
		}
		b.WriteString(strings.Join(names, ", "))
	}
	return b.String()
}

// unresolved takes out of err, a row's problem, the words that name no
// organisation and files them under their names; the rest of err is
// returned, nil when nothing else is wrong with the row.
func (r *Report) unresolved(opt Options, line int, excerpt string, err error) error {
	if err == nil {
		return nil
	}
	names, rest := splitUnresolved(err)
	for _, n := range names {
		field, words, closest, ambiguous := n.UnresolvedWords()
		r.addUnresolved(opt.File, field, words, line, excerpt, closest, ambiguous)
	}
	return rest
}

// splitUnresolved separates err into its unresolved names and the rest.
func splitUnresolved(err error) ([]unresolvedWords, error) {
	if u, ok := err.(unresolvedWords); ok {
		return []unresolvedWords{u}, nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var names []unresolvedWords
		var rest []error
		for _, e := range j.Unwrap() {
			n, r := splitUnresolved(e)
			names = append(names, n...)
			if r != nil {
				rest = append(rest, r)
			}
		}
		return names, errors.Join(rest...)
	}
	var u unresolvedWords
	if errors.As(err, &u) {
		return []unresolvedWords{u}, nil
	}
	return nil, err
}

func (r *Report) addUnresolved(file, field, words string, line int, excerpt string, closest []domain.OrgRef, ambiguous bool) {
	at := file + "\x00" + field + "\x00" + NameKey(words)
	if i, ok := r.unresolvedAt[at]; ok {
		u := &r.Unresolved[i]
		u.Rows++
		if len(u.Lines) < maxLines && !slices.Contains(u.Lines, line) {
			u.Lines = append(u.Lines, line)
		}
		if words != u.Words && len(u.Spellings) < maxSpellings && !slices.Contains(u.Spellings, words) {
			u.Spellings = append(u.Spellings, words)
		}
		if u.Excerpt == "" {
			u.Excerpt = excerpt
		}
		return
	}
	if len(r.Unresolved) >= maxUnresolved {
		r.UnresolvedOmitted++
		return
	}
	if r.unresolvedAt == nil {
		r.unresolvedAt = map[string]int{}
	}
	r.unresolvedAt[at] = len(r.Unresolved)
	r.Unresolved = append(r.Unresolved, UnresolvedName{File: file, Column: field, Words: words, Alias: AliasOf(words), Name: domain.OrgNameFrom(words),
		Lines: []int{line}, Rows: 1, Excerpt: excerpt, Closest: closest, Ambiguous: ambiguous})
}

// maxUnresolved bounds the distinct names a report lists.
const maxUnresolved = 500
