package cite

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// writeBibTeX writes r as one @misc entry. Text stays UTF-8 (biber and
// biblatex read it; so do Zotero and JabRef); the characters TeX or BibTeX
// treat specially are escaped by escapeBibTeX. Names are organisations, so
// each is wrapped in an extra pair of braces: {{IOM}} is never split into
// given and family names, and an "and" inside it never splits the list. The
// title is braced too, so that sentence-case styles keep its capitals
// ("Apr", "Afghans"). The url field is verbatim for biblatex and url.sty, so
// it is not escaped; only braces, backslashes and spaces in it are
// percent-encoded.
func writeBibTeX(b *bytes.Buffer, r record) {
	type field struct{ name, value string }
	var fs []field
	add := func(name, value string) {
		if value != "" {
			fs = append(fs, field{name, value})
		}
	}
	if len(r.authors) > 0 {
		names := make([]string, 0, len(r.authors)+1)
		for _, a := range r.authors {
			names = append(names, "{"+escapeBibTeX(a)+"}")
		}
		if r.others {
			names = append(names, "others")
		}
		add("author", "{"+strings.Join(names, " and ")+"}")
	}
	if r.title != "" {
		add("title", "{{"+escapeBibTeX(r.title)+"}}")
	}
	if r.howPublished != "" {
		add("howpublished", "{"+escapeBibTeX(r.howPublished)+"}")
	}
	if r.publisher != "" {
		// publisher is a list in biblatex: brace it as a name.
		add("publisher", "{{"+escapeBibTeX(r.publisher)+"}}")
	}
	if !r.issued.IsZero() {
		add("year", "{"+strconv.Itoa(r.issued.Year)+"}")
		if r.issued.Month != 0 {
			add("month", monthMacros[r.issued.Month-1])
		}
		add("date", "{"+r.issued.String()+"}")
	}
	if r.url != "" {
		add("url", "{"+verbatimURL(r.url)+"}")
	}
	if !r.accessed.IsZero() {
		add("urldate", "{"+r.accessed.String()+"}")
	}
	if r.note != "" {
		add("note", "{"+escapeBibTeX(r.note)+"}")
	}
	width := 0
	for _, f := range fs {
		width = max(width, len(f.name))
	}
	fmt.Fprintf(b, "@misc{%s,\n", r.key)
	for _, f := range fs {
		fmt.Fprintf(b, "  %-*s = %s,\n", width, f.name, f.value)
	}
	b.WriteString("}\n")
}

var monthMacros = [12]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// escapeBibTeX escapes the characters that TeX or BibTeX treat specially:
// # $ % & _ get a backslash; \ ^ ~ become text commands. Braces become
// \textbraceleft{} and \textbraceright{} rather than \{ and \}: BibTeX counts
// braces without regard to backslashes, so a lone "\{" would unbalance the
// field, while the text commands always balance. Other characters, UTF-8
// letters included, are kept as they are. The typographic quotes “…” that
// howpublished is written with are not special and pass through.
func escapeBibTeX(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '#', '$', '%', '&', '_':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\\':
			b.WriteString(`\textbackslash{}`)
		case '^':
			b.WriteString(`\textasciicircum{}`)
		case '~':
			b.WriteString(`\textasciitilde{}`)
		case '{':
			b.WriteString(`\textbraceleft{}`)
		case '}':
			b.WriteString(`\textbraceright{}`)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// verbatimURL percent-encodes the characters that cannot stand in a verbatim
// BibTeX field: braces (which would unbalance it), backslash and white space.
func verbatimURL(u string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D", `\`, "%5C", " ", "%20").Replace(u)
}
