package cite

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Format names a citation format: what ?format= selects when a reporter
// downloads the citation of a figure or a series.
type Format string

// The citation formats.
const (
	FormatText    Format = "text"     // a plain sentence (APA-like)
	FormatBibTeX  Format = "bibtex"   // one @misc entry, UTF-8, for BibTeX and biblatex
	FormatCSLJSON Format = "csl-json" // a CSL-JSON array of one item (Zotero, Mendeley, pandoc)
	FormatRIS     Format = "ris"      // one RIS record, CRLF line ends (EndNote, Zotero)
)

// Formats returns the citation formats in the order a page offers them.
func Formats() []Format {
	return []Format{FormatText, FormatBibTeX, FormatCSLJSON, FormatRIS}
}

// Publisher is the name under which Displacement Tracker appears in
// citations: the compiler and publisher of a series data set.
const Publisher = "Displacement Tracker"

// MaxAuthors is how many organisations a series citation names before it
// ends the list with "others".
const MaxAuthors = 10

// ParseFormat reads the value of ?format=. The empty string means text. Any
// other value outside the list is an EINVALID error on the field "format"
// that lists the allowed values. Matching is exact (lower case), so that a
// format is spelled one way in URLs and cache keys.
func ParseFormat(s string) (Format, error) {
	if s == "" {
		return FormatText, nil
	}
	for _, f := range Formats() {
		if s == string(f) {
			return f, nil
		}
	}
	return "", domain.FieldErrorf(domain.EINVALID, "format", "%q is not a citation format; use one of %s", s, formatList())
}

func formatList() string {
	names := make([]string, 0, 4)
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// ContentType returns the media type to serve the format with. An unknown
// format is served as plain text.
func (f Format) ContentType() string {
	switch f {
	case FormatBibTeX:
		return "application/x-bibtex; charset=utf-8"
	case FormatCSLJSON:
		return "application/vnd.citationstyles.csl+json"
	case FormatRIS:
		return "application/x-research-info-systems; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}

// Extension returns the file-name extension of the format, without the dot:
// "txt", "bib", "json", "ris". An unknown format gives "txt".
func (f Format) Extension() string {
	switch f {
	case FormatBibTeX:
		return "bib"
	case FormatCSLJSON:
		return "json"
	case FormatRIS:
		return "ris"
	}
	return "txt"
}

// record is one citation, format-neutral: the fields that BibTeX, CSL-JSON
// and RIS each spell in their own way. Values are single lines, not escaped.
type record struct {
	key          string   // BibTeX key, CSL id, RIS ID
	title        string   // what is cited
	authors      []string // organisations, never persons
	others       bool     // more authors than are named
	container    string   // title of the document the figure was read in
	howPublished string   // BibTeX howpublished: where it appeared, for plain BibTeX styles
	publisher    string
	issued       domain.Date // zero: no date (n.d.), and each format leaves its date out
	accessed     domain.Date
	url          string
	note         string
}

// Figure writes the citation of one figure in format f to w.
//
// The authors are the organisations the number is attributed to (see
// Authors; each an organisation, never split into given and family names); the title is the
// value with its qualifier words and unit, its period and the series title;
// the container is the source document, whose publisher is the publisher.
// The issued date is the source's published date, at the precision it was
// given. A source without a date has none: the text says "n.d." and BibTeX,
// CSL-JSON and RIS leave their date fields out (no year, no issued, no PY),
// as each format's readers expect of an undated work; the access date stays.
// The figure's period is never put in its place: it is when people moved,
// not when the document was published.
//
// URLs: the url (CSL "URL", BibTeX url, RIS UR) is the permalink, the page
// on Displacement Tracker that shows the figure with its excerpt, source and
// history; the source document's URL (and its archived copy, if any) goes in
// the note (CSL "note", BibTeX note, RIS N1) as "Source document: <url>".
// When permalink is empty, the source URL takes the url's place and no note
// is written.
//
// accessed is the access date, the day of the download in accessed's own
// location (CSL "accessed", BibTeX urldate, RIS Y2, and "Accessed …" in
// text); a zero accessed leaves it out. The text format is Text followed by
// ". Accessed 27 Nov 2026.".
func Figure(w io.Writer, f Format, s domain.Series, fig domain.Figure, permalink string, accessed time.Time) error {
	f, err := ParseFormat(string(f)) // the zero Format is text
	if err != nil {
		return err
	}
	if f == FormatText {
		t := Text(s, fig, permalink)
		if !accessed.IsZero() {
			t += ". Accessed " + domain.DateOf(accessed).Human()
		}
		return write(w, []byte(t+".\n"))
	}
	return write(w, render(f, figureRecord(s, fig, permalink, accessed)))
}

// Series writes the citation of a series as a data set in format f to w:
// its title; as authors the organisations it draws on (Authors of figs:
// each organisation once, in order of first appearance, at most
// MaxAuthors named and then "others"; Displacement Tracker when figs is
// empty); Displacement Tracker as compiler and publisher; as issued date the
// day of asOf, its latest change, also said as "data as of <day>"; the
// permalink as url; and the access date. figs are the figures the series
// page shows. A zero asOf or accessed leaves that date out.
//
// No version number is named: the permalink always shows the series as it
// stands now, and no address serves an older state, so a number would
// promise what a reader cannot retrieve. The date of the data and the
// access date tell a reader which state was cited, and the series page's
// change log says what changed since.
func Series(w io.Writer, f Format, s domain.Series, figs []domain.Figure, permalink string, asOf, accessed time.Time) error {
	f, err := ParseFormat(string(f)) // the zero Format is text
	if err != nil {
		return err
	}
	r := seriesRecord(s, figs, permalink, asOf, accessed)
	if f == FormatText {
		return write(w, []byte(seriesText(r)))
	}
	return write(w, render(f, r))
}

func write(w io.Writer, b []byte) error {
	_, err := w.Write(b)
	return err
}

func render(f Format, r record) []byte {
	var b bytes.Buffer
	switch f {
	case FormatBibTeX:
		writeBibTeX(&b, r)
	case FormatCSLJSON:
		writeCSL(&b, r)
	case FormatRIS:
		writeRIS(&b, r)
	}
	return b.Bytes()
}

func figureRecord(s domain.Series, fig domain.Figure, permalink string, accessed time.Time) record {
	issued := fig.Source.PublishedOn
	authors := figureAuthors(fig)
	keyName := "" // the acronym makes the shorter key: "iom2025-…"
	switch {
	case len(fig.Orgs) > 0:
		keyName = fig.Orgs[0].Label()
	case len(authors) > 0:
		keyName = authors[0]
	}
	r := record{
		key:       figureKey(keyName, issued, fig.ID),
		title:     figureTitle(s, fig),
		authors:   authors,
		container: oneLine(fig.Source.Title),
		publisher: oneLine(fig.Source.Publisher),
		issued:    issued,
		url:       permalink,
	}
	if !accessed.IsZero() {
		r.accessed = domain.DateOf(accessed)
	}
	if r.container != "" {
		r.howPublished = "``" + r.container + "''"
		if r.publisher != "" && reportedIn(fig, authors) {
			r.howPublished = "Reported in " + r.publisher + ", " + r.howPublished
		}
	}
	src := oneLine(fig.Source.URL)
	if r.url == "" {
		r.url = src
	} else if src != "" {
		r.note = "Source document: " + src
		if a := oneLine(fig.Source.ArchiveURL); a != "" {
			r.note += " (archived copy: " + a + ")"
		}
	}
	return r
}

// figureTitle is what a figure citation names: "About 1,000,000 persons from
// 1 Sep 2023 to 19 Apr 2025 [Afghans returned from Pakistan]", as Text says it.
func figureTitle(s domain.Series, f domain.Figure) string {
	what := ValueText(f, s.Unit)
	t := strings.ToUpper(what[:1]) + what[1:]
	switch {
	case f.PeriodEnd.IsZero():
	case f.PeriodStart.IsZero():
		t += " as of " + f.PeriodEnd.Human()
	default:
		t += " from " + f.PeriodStart.Human() + " to " + f.PeriodEnd.Human()
	}
	if st := oneLine(s.Title); st != "" {
		t += " [" + st + "]"
	}
	return oneLine(t)
}

// figureKey is a stable citation key: the first word of the organisation's
// acronym or name, the year, and the figure id: "iom2025-kt5hw6r2".
func figureKey(org string, issued domain.Date, id string) string {
	k := keyWord(org)
	if !issued.IsZero() {
		k += strconv.Itoa(issued.Year)
	}
	if id != "" {
		k += "-" + keySafe(id)
	}
	return k
}

var keyStopWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "de": true, "la": true,
	"le": true, "les": true, "du": true, "des": true, "el": true, "al": true, "and": true, "et": true}

// keyWord is the first significant word of name, folded to ASCII lower case
// ("Direction Générale …" → "direction"), at most 20 letters.
func keyWord(name string) string {
	words := strings.Split(domain.Slugify(name), "-")
	w := words[0]
	for _, x := range words {
		if !keyStopWords[x] {
			w = x
			break
		}
	}
	if len(w) > 20 {
		w = w[:20]
	}
	return w
}

// keySafe keeps the characters a BibTeX key may hold.
func keySafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			return r
		}
		return -1
	}, s)
}

func seriesRecord(s domain.Series, figs []domain.Figure, permalink string, asOf, accessed time.Time) record {
	r := record{
		title:     oneLine(s.Title),
		publisher: Publisher,
		url:       permalink,
	}
	r.key = keySafe(s.Slug)
	if r.key == "" {
		r.key = "series"
	}
	r.authors = Authors(figs...)
	if len(r.authors) > MaxAuthors {
		r.authors, r.others = r.authors[:MaxAuthors], true
	}
	if len(r.authors) == 0 {
		r.authors = []string{Publisher}
	}
	r.howPublished = "Data set compiled by " + Publisher
	if !asOf.IsZero() {
		r.issued = domain.DateOf(asOf)
		// Styles print the issued year only; the note keeps the day.
		r.note = "Data as of " + r.issued.Human()
		r.key += "-" + strings.ReplaceAll(r.issued.String(), "-", "")
	}
	if !accessed.IsZero() {
		r.accessed = domain.DateOf(accessed)
	}
	return r
}

// seriesText is the plain-sentence citation of a series, in the manner of
// APA's data sets: "IOM, UNHCR and Pakistani officials (2026). Title (data
// as of 20 Nov 2026) [Data set]. Displacement Tracker. permalink. Accessed
// 27 Nov 2026."
func seriesText(r record) string {
	var b strings.Builder
	b.WriteString(joinNames(r.authors, r.others))
	if r.issued.IsZero() {
		b.WriteString(" (n.d.). ")
	} else {
		b.WriteString(" (" + strconv.Itoa(r.issued.Year) + "). ")
	}
	b.WriteString(r.title)
	if !r.issued.IsZero() {
		b.WriteString(" (data as of " + r.issued.Human() + ")")
	}
	b.WriteString(" [Data set]")
	if len(r.authors) != 1 || r.authors[0] != r.publisher {
		b.WriteString(". " + r.publisher)
	}
	if r.url != "" {
		b.WriteString(". " + r.url)
	}
	if !r.accessed.IsZero() {
		b.WriteString(". Accessed " + r.accessed.Human())
	}
	b.WriteString(".\n")
	return b.String()
}

// joinNames lists names for a sentence: "A", "A and B", "A, B and C",
// "A, B, … J and others".
func joinNames(names []string, others bool) string {
	if others {
		names = append(names[:len(names):len(names)], "others")
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// oneLine makes s a single line: control characters and line or paragraph
// separators become spaces, runs of white space one space, and the ends are
// trimmed. Every citation value goes through it, so that a newline in a
// title can neither end a RIS tag line nor a BibTeX paragraph.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
