package extract

import (
	"encoding/csv"
	"fmt"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// corpusFields are the measures a labelled file is scored on, in the
// order the table is logged.
var corpusFields = []string{"value", "qualifier", "value_low/high", "value_as_stated",
	"period_start", "period_end", "period_start (all)", "period_end (all)", "attribution", "organization"}

// corpusScore is how Read does on one labelled file: per field, and for
// the value per language, the labels it gets right.
type corpusScore struct {
	rows   int
	fields map[string]*tally
	byLang map[string]*tally
}

// The labelled corpus (testdata/corpus.csv) is real excerpts with what a
// careful analyst reads from the sentence and its publication date: the
// value, qualifier and bounds, the words as stated, the period, who the
// sentence says gave the number (its own words) and the registry
// organisation that resolves to. The first 102 rows come from the demo and
// realistic Sudan datasets; the rest are quotations from public reporting
// in several languages (Afghan returns, Rohingya, Ukraine, Syria, Gaza,
// DR Congo, Haiti, Somalia, the Sahel, Assam floods, global reports),
// each with its URL. Lines 232 to 324 were first a held-out set, labelled
// by someone who had not read the extractor from pages the corpus did not
// use, and measured blind (value 89%, qualifier 100%, period 77% and 85%,
// attribution 66%, organisation 44%, where the rows before them read
// 95/96/96/92/87/57) before they joined the corpus; testdata/holdout.csv
// was the next held-out set. Lines 325 to 470 were that second held-out
// set (146 sentences from 85 pages), measured blind after the rules were
// generalised on the first (value 89%, qualifier 93%, period 68% and 86%,
// attribution 66%, organisation 43%) before they too joined the corpus;
// testdata/holdout.csv is the set that now stays unseen.
//
// Two columns say where a label can be read from. period_in is sentence
// when the sentence states the period in full, publication when it needs
// the publication date ("so far", "on Tuesday", "since last April"), and
// document when it can only come from elsewhere in the document (the
// dataset rows keep such labels). attributed_in is sentence when the
// attribution label is the sentence's own words, or empty because the
// sentence names nobody; document when the label names a source the
// sentence does not.
//
// scoreCorpus reads every sentence of a labelled file with Read, given the
// publication date and a registry built from the project's organisation
// lists, and counts per field the labels it gets right.
// TRACKER_CORPUS_MISSES=1 logs each miss (go test -v) for whoever tunes
// the rules.
func scoreCorpus(t *testing.T, path string) corpusScore {
	t.Helper()
	rows := readCorpus(t, path)
	orgs := corpusRegistry(t, "../../testdata/realistic/organizations.csv", "../../data/demo/organizations.csv")
	showMisses := os.Getenv("TRACKER_CORPUS_MISSES") == "1"

	tallies := map[string]*tally{}
	count := func(field string, r corpusRow, ok bool, got, want string) {
		c := tallies[field]
		if c == nil {
			c = &tally{}
			tallies[field] = c
		}
		c.of++
		if ok {
			c.right++
		} else if showMisses {
			t.Logf("miss %s (line %d): got %q, want %q\n\t%s", field, r.line, got, want, r.sentence)
		}
	}
	byLang := map[string]*tally{}
	for _, r := range rows {
		p := Read(r.sentence, Options{Published: r.published, Organizations: orgs})
		gotValue := ""
		if p.HasValue {
			gotValue = strconv.FormatFloat(p.Value, 'f', -1, 64)
		}
		valueOK := p.HasValue && p.Value == r.value
		count("value", r, valueOK, gotValue, strconv.FormatFloat(r.value, 'f', -1, 64))
		lang := byLang[r.lang]
		if lang == nil {
			lang = &tally{}
			byLang[r.lang] = lang
		}
		lang.of++
		if valueOK {
			lang.right++
		}
		count("qualifier", r, p.HasValue && string(p.Qualifier) == r.qualifier, string(p.Qualifier), r.qualifier)
		if r.qualifier == string(domain.Range) {
			count("value_low/high", r, sameBound(p.ValueLow, r.low) && sameBound(p.ValueHigh, r.high),
				bounds(p.ValueLow, p.ValueHigh), bounds(&r.low, &r.high))
		}
		if r.asStated != "" {
			count("value_as_stated", r, foldWords(p.ValueAsStated) == foldWords(r.asStated), p.ValueAsStated, r.asStated)
		}
		// The period over rows whose label the sentence and publication
		// date give: an empty label there means the sentence states no
		// such bound, and a proposed one is wrong.
		if r.periodIn != "document" {
			count("period_start", r, sameDateOrNone(p.PeriodStart, r.periodStart), p.PeriodStart.String(), r.periodStart)
			count("period_end", r, sameDateOrNone(p.PeriodEnd, r.periodEnd), p.PeriodEnd.String(), r.periodEnd)
		}
		// And over every row with a label, the measure the corpus began with.
		if r.periodStart != "" {
			count("period_start (all)", r, sameDate(p.PeriodStart, r.periodStart), p.PeriodStart.String(), r.periodStart)
		}
		if r.periodEnd != "" {
			count("period_end (all)", r, sameDate(p.PeriodEnd, r.periodEnd), p.PeriodEnd.String(), r.periodEnd)
		}
		if r.attributedIn == "sentence" {
			count("attribution", r, foldWords(p.AttributedTo) == foldWords(r.attributedTo), p.AttributedTo, r.attributedTo)
		}
		if r.organization != "" {
			count("organization", r, p.Organization == r.organization, p.Organization, r.organization)
		}
	}
	return corpusScore{rows: len(rows), fields: tallies, byLang: byLang}
}

// TestCorpusAccuracy scores the corpus (scoreCorpus) and fails below the
// floors: what the extractor measured when the corpus was labelled, so
// that a change may only raise them.
func TestCorpusAccuracy(t *testing.T) {
	score := scoreCorpus(t, "testdata/corpus.csv")

	// Floors: what the reader measures, in per cent, rounded down; a
	// general change to the rules may only raise them.
	floors := map[string]int{
		"value": 97, "qualifier": 98, "value_low/high": 100, "value_as_stated": 97,
		"period_start": 93, "period_end": 94, "period_start (all)": 56, "period_end (all)": 66,
		"attribution": 91, "organization": 66,
	}
	score.check(t, floors)
}

// check logs the score as a table and fails each field below its floor,
// in per cent.
func (s corpusScore) check(t *testing.T, floors map[string]int) {
	t.Helper()
	t.Logf("%d rows; %s", s.rows, langSummary(s.byLang))
	t.Logf("%-19s %5s %5s %5s %6s", "field", "right", "of", "%", "floor")
	for _, name := range corpusFields {
		c := s.fields[name]
		if c == nil {
			t.Errorf("%s: no row of the corpus has this label", name)
			continue
		}
		pct := c.percent()
		t.Logf("%-19s %5d %5d %4d%% %5d%%", name, c.right, c.of, pct, floors[name])
		if pct < floors[name] {
			t.Errorf("%s: %d%% right, below the floor of %d%%", name, pct, floors[name])
		}
	}
}

type tally struct{ right, of int }

func (c *tally) percent() int { return 100 * c.right / max(c.of, 1) }

// langSummary is the value accuracy per language, most rows first.
func langSummary(by map[string]*tally) string {
	langs := make([]string, 0, len(by))
	for l := range by {
		langs = append(langs, l)
	}
	sort.Slice(langs, func(i, j int) bool {
		if by[langs[i]].of != by[langs[j]].of {
			return by[langs[i]].of > by[langs[j]].of
		}
		return langs[i] < langs[j]
	})
	parts := make([]string, len(langs))
	for i, l := range langs {
		parts[i] = fmt.Sprintf("%s %d/%d", l, by[l].right, by[l].of)
	}
	return "value right by language: " + strings.Join(parts, ", ")
}

// corpusRow is one labelled sentence.
type corpusRow struct {
	line                             int
	sentence                         string
	value, low, high                 float64
	qualifier, asStated              string
	periodStart, periodEnd, periodIn string
	attributedTo, organization       string
	attributedIn, lang               string
	published                        domain.Date
}

// readCorpus reads the corpus and checks every label's form, naming the
// line and column of the first one that is wrong.
func readCorpus(t *testing.T, path string) []corpusRow {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	for _, name := range []string{"sentence", "value", "qualifier", "value_low", "value_high", "value_as_stated",
		"period_start", "period_end", "attributed_to", "published", "publisher", "url", "from",
		"organization", "period_in", "attributed_in", "lang", "source_kind"} {
		if _, ok := col[name]; !ok {
			t.Fatalf("%s: no column %q", path, name)
		}
	}
	var rows []corpusRow
	for i, rec := range recs[1:] {
		line := i + 2
		get := func(name string) string { return rec[col[name]] }
		num := func(name string, optional bool) float64 {
			s := get(name)
			if s == "" && optional {
				return 0
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%s line %d: %s %q is not a number", path, line, name, s)
			}
			return v
		}
		date := func(name string) string {
			if _, err := domain.ParseDate(get(name)); err != nil {
				t.Fatalf("%s line %d: %s: %v", path, line, name, err)
			}
			return get(name)
		}
		published, err := domain.ParseDate(get("published"))
		if err != nil {
			t.Fatalf("%s line %d: published: %v", path, line, err)
		}
		r := corpusRow{
			line: line, sentence: get("sentence"),
			value: num("value", false), low: num("value_low", true), high: num("value_high", true),
			qualifier: get("qualifier"), asStated: get("value_as_stated"),
			periodStart: date("period_start"), periodEnd: date("period_end"), periodIn: get("period_in"),
			attributedTo: get("attributed_to"), organization: get("organization"),
			attributedIn: get("attributed_in"), lang: get("lang"), published: published,
		}
		if !slices.Contains(domain.Qualifiers, domain.Qualifier(r.qualifier)) {
			t.Fatalf("%s line %d: qualifier %q is not one of %v", path, line, r.qualifier, domain.Qualifiers)
		}
		if r.periodIn != "sentence" && r.periodIn != "publication" && r.periodIn != "document" {
			t.Fatalf("%s line %d: period_in %q: want sentence, publication or document", path, line, r.periodIn)
		}
		if r.attributedIn != "sentence" && r.attributedIn != "document" {
			t.Fatalf("%s line %d: attributed_in %q: want sentence or document", path, line, r.attributedIn)
		}
		if r.asStated != "" && !strings.Contains(r.sentence, r.asStated) {
			t.Fatalf("%s line %d: value_as_stated %q is not in the sentence", path, line, r.asStated)
		}
		if r.attributedIn == "sentence" && !strings.Contains(foldWords(r.sentence), foldWords(r.attributedTo)) {
			t.Fatalf("%s line %d: attributed_to %q is not the sentence's words", path, line, r.attributedTo)
		}
		rows = append(rows, r)
	}
	return rows
}

// corpusRegistry reads organisation lists in the canonical format (name,
// acronym, aliases separated by ";") into the registry Read resolves
// attributions to.
func corpusRegistry(t *testing.T, paths ...string) []domain.Organization {
	t.Helper()
	var orgs []domain.Organization
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		col := map[string]int{}
		for i, name := range recs[0] {
			col[name] = i
		}
		for _, rec := range recs[1:] {
			o := domain.Organization{ID: int64(len(orgs) + 1), Name: rec[col["name"]], Acronym: rec[col["acronym"]]}
			for _, a := range strings.Split(rec[col["aliases"]], ";") {
				if a = strings.TrimSpace(a); a != "" {
					o.Aliases = append(o.Aliases, a)
				}
			}
			orgs = append(orgs, o)
		}
	}
	return orgs
}

// foldWords is how an attribution is compared with its label: case folded,
// punctuation dropped, spaces collapsed, and a leading "the" dropped, so
// "the International Organization for Migration (IOM)" matches
// "The International Organization for Migration IOM".
func foldWords(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return ' '
		}
		return unicode.ToLower(r)
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	return strings.TrimPrefix(s, "the ")
}

func sameBound(got *float64, want float64) bool { return got != nil && *got == want }

func bounds(low, high *float64) string {
	if low == nil || high == nil {
		return ""
	}
	return fmt.Sprintf("%g–%g", *low, *high)
}

// sameDateOrNone is sameDate, and an empty label matched by no date.
func sameDateOrNone(d domain.Date, s string) bool {
	if s == "" {
		return d.IsZero()
	}
	return sameDate(d, s)
}

// sameDate reports whether the proposal d matches the label s: equal, or
// d at month or year precision naming s's month or year.
func sameDate(d domain.Date, s string) bool {
	if d.IsZero() {
		return false
	}
	got := d.String()
	return got == s || strings.HasPrefix(s, got+"-")
}
