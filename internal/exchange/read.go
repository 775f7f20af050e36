package exchange

import (
	"strings"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// fieldReader converts a row's text into typed values, collecting a
// problem per bad field instead of stopping at the first.
type fieldReader struct {
	get   func(column string) string // trimmed
	probs domain.Problems
}

func (fr *fieldReader) date(col string) domain.Date {
	d, err := domain.ParseDate(fr.get(col))
	if err != nil {
		fr.probs.Add(col, "%v", err)
	}
	return d
}

func (fr *fieldReader) number(col string, required bool) *float64 {
	s := fr.get(col)
	if s == "" {
		if required {
			fr.probs.Add(col, "is required")
		}
		return nil
	}
	v, err := domain.ParsePlain(s)
	if err != nil {
		fr.probs.Add(col, "%v", err)
		return nil
	}
	return &v
}

// orgs reads a cell of organisation names separated by ";" ("IOM; UNHCR")
// into references that carry only a Name: the store resolves each through
// the organisations' names, acronyms and aliases, and refuses a name it
// does not know. An empty cell gives nil, which leaves the store to resolve
// the attribution's own words.
func (fr *fieldReader) orgs(col string) []domain.OrgRef {
	cell := fr.get(col)
	if cell == "" {
		return nil
	}
	parts := strings.Split(cell, ";")
	refs := make([]domain.OrgRef, 0, len(parts))
	seen := make(map[string]bool, len(parts))
	for i, part := range parts {
		name := strings.TrimSpace(part)
		key := domain.OrgKey(name)
		switch {
		case name == "":
			fr.probs.Add(col, "name %d of %d is empty: separate organisation names with one \";\" (\"IOM; UNHCR\")", i+1, len(parts))
		case utf8.RuneCountInString(name) > domain.MaxLine:
			fr.probs.Add(col, "name %d is %d characters long; the limit is %d", i+1, utf8.RuneCountInString(name), domain.MaxLine)
		case key != "" && seen[key]:
			fr.probs.Add(col, "names %q twice", name)
		default:
			seen[key] = true
			refs = append(refs, domain.OrgRef{Name: name})
		}
	}
	return refs
}

// merge adds the problems of err, except on fields that already have one:
// a date that did not parse is not also reported as missing.
func (fr *fieldReader) merge(err error) {
	had := map[string]bool{}
	for _, p := range fr.probs {
		had[p.Field] = true
	}
	for _, p := range domain.FieldProblems(err) {
		if !had[p.Field] {
			fr.probs = append(fr.probs, p)
		}
	}
}

// lineErrors places domain problems on the row's line.
func lineErrors(line int, err error) LineErrors {
	var out LineErrors
	for _, p := range domain.FieldProblems(err) {
		out = append(out, LineError{Line: line, Column: p.Field, Message: p.Message})
	}
	if len(out) == 0 && err != nil {
		out = LineErrors{{Line: line, Message: err.Error()}}
	}
	return out
}

// FigureRow is one row of a figures CSV as domain values. Series holds only
// what the row gives; fields it leaves empty are for an existing series to
// fill.
type FigureRow struct {
	Line   int
	Series domain.Series
	Figure domain.Figure
}

// Fields gives the value of a canonical column by name, as written.
type Fields func(column string) string

// ParseFigure reads a figure from fields named as the canonical CSV's
// columns — a CSV row, or a staff form, whose fields carry the same names.
// It checks everything the fields can show on their own and returns every
// problem as domain.Problems naming the column; the rules that need the
// stored series are the store's.
func ParseFigure(fields Fields) (domain.Series, domain.Figure, error) {
	fr := &fieldReader{get: func(c string) string { return strings.TrimSpace(fields(c)) }}
	get := fr.get
	s := domain.Series{
		Slug: get("series"), Title: get("series_title"),
		PopulationGroup: domain.PopulationGroup(get("population_group")),
		Measure:         domain.Measure(get("measure")), Unit: domain.Unit(get("unit")),
		FromISO3: strings.ToUpper(get("from_iso3")), ToISO3: strings.ToUpper(get("to_iso3")),
	}
	fr.merge(s.ValidateGiven())
	f := domain.Figure{
		ID: get("figure_id"), Qualifier: domain.Qualifier(get("qualifier")),
		ValueAsStated: fields("value_as_stated"), AttributedTo: get("attributed_to"),
		Excerpt: fields("excerpt"), Notes: fields("notes"),
		Source: domain.Source{Title: get("source_title"), Publisher: get("source_publisher"),
			URL: get("source_url"), ArchiveURL: get("archive_url"), Licence: get("licence")},
	}
	if f.Qualifier == "" {
		f.Qualifier = domain.Exact
	}
	if v := fr.number("value", true); v != nil {
		f.Value = *v
	}
	f.ValueLow, f.ValueHigh = fr.number("value_low", false), fr.number("value_high", false)
	f.PeriodStart, f.PeriodEnd = fr.date("period_start"), fr.date("period_end")
	f.Source.PublishedOn, f.Source.AccessedOn = fr.date("source_published"), fr.date("source_accessed")
	f.Orgs = fr.orgs("organizations")
	fr.merge(f.Validate())
	return s, f, fr.probs.Err()
}

func parseFigureRow(r row) (FigureRow, error) {
	s, f, err := ParseFigure(r.raw)
	if err != nil {
		return FigureRow{Line: r.line}, lineErrors(r.line, err)
	}
	return FigureRow{Line: r.line, Series: s, Figure: f}, nil
}

// EventRow is one row of an events CSV.
type EventRow struct {
	Line  int
	Event domain.Event
}

// ParseEvent reads an event from fields named as the events CSV's columns
// (a CSV row or a staff form) and returns every problem as domain.Problems.
func ParseEvent(fields Fields) (domain.Event, error) {
	fr := &fieldReader{get: func(c string) string { return strings.TrimSpace(fields(c)) }}
	get := fr.get
	e := domain.Event{
		ID: get("event_id"), Title: get("title"), Kind: domain.EventKind(get("kind")),
		Excerpt: fields("excerpt"),
		Source: domain.Source{Title: get("source_title"), Publisher: get("source_publisher"),
			URL: get("source_url")},
	}
	for _, c := range strings.FieldsFunc(get("countries"), func(r rune) bool { return r == ';' || r == ',' || r == ' ' }) {
		e.Countries = append(e.Countries, strings.ToUpper(c))
	}
	// Slugs are split at ";" (or ","), never at a space, so that a title
	// typed in place of a slug is reported whole.
	for _, slug := range strings.FieldsFunc(get("series"), func(r rune) bool { return r == ';' || r == ',' }) {
		if slug = strings.TrimSpace(slug); slug != "" {
			e.Series = append(e.Series, slug)
		}
	}
	e.Date, e.EndDate = fr.date("date"), fr.date("end_date")
	e.Source.PublishedOn = fr.date("source_published")
	fr.merge(e.Validate())
	return e, fr.probs.Err()
}

func parseEventRow(r row) (EventRow, error) {
	e, err := ParseEvent(r.raw)
	if err != nil {
		return EventRow{Line: r.line}, lineErrors(r.line, err)
	}
	return EventRow{Line: r.line, Event: e}, nil
}
