package exchange

import (
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// fieldReader converts a row's text into typed values, collecting a
// problem per bad field instead of stopping at the first.
type fieldReader struct {
	r     row
	probs domain.Problems
}

func (fr *fieldReader) date(col string) domain.Date {
	d, err := domain.ParseDate(fr.r.get(col))
	if err != nil {
		fr.probs.Add(col, "%v", err)
	}
	return d
}

func (fr *fieldReader) number(col string, required bool) *float64 {
	s := fr.r.get(col)
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

// parseFigureRow reads one row. It checks everything the row can show on its
// own; the rules that need the stored series are the store's.
func parseFigureRow(r row) (FigureRow, error) {
	fr := &fieldReader{r: r}
	s := domain.Series{
		Slug: r.get("series"), Title: r.get("series_title"),
		PopulationGroup: domain.PopulationGroup(r.get("population_group")),
		Measure:         domain.Measure(r.get("measure")), Unit: domain.Unit(r.get("unit")),
		FromISO3: strings.ToUpper(r.get("from_iso3")), ToISO3: strings.ToUpper(r.get("to_iso3")),
	}
	fr.merge(s.ValidateGiven())
	f := domain.Figure{
		ID: r.get("figure_id"), Qualifier: domain.Qualifier(r.get("qualifier")),
		ValueAsStated: r.raw("value_as_stated"), AttributedTo: r.get("attributed_to"),
		Excerpt: r.raw("excerpt"), Notes: r.raw("notes"),
		Source: domain.Source{Title: r.get("source_title"), Publisher: r.get("source_publisher"),
			URL: r.get("source_url"), ArchiveURL: r.get("archive_url"), Licence: r.get("licence")},
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
	fr.merge(f.Validate())
	if len(fr.probs) > 0 {
		return FigureRow{Line: r.line}, lineErrors(r.line, fr.probs)
	}
	return FigureRow{Line: r.line, Series: s, Figure: f}, nil
}

// EventRow is one row of an events CSV.
type EventRow struct {
	Line  int
	Event domain.Event
}

func parseEventRow(r row) (EventRow, error) {
	fr := &fieldReader{r: r}
	e := domain.Event{
		ID: r.get("event_id"), Title: r.get("title"), Kind: domain.EventKind(r.get("kind")),
		Excerpt: r.raw("excerpt"),
		Source: domain.Source{Title: r.get("source_title"), Publisher: r.get("source_publisher"),
			URL: r.get("source_url")},
	}
	for _, c := range strings.Split(r.get("countries"), ";") {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			e.Countries = append(e.Countries, c)
		}
	}
	e.Date, e.EndDate = fr.date("date"), fr.date("end_date")
	e.Source.PublishedOn = fr.date("source_published")
	fr.merge(e.Validate())
	if len(fr.probs) > 0 {
		return EventRow{Line: r.line}, lineErrors(r.line, fr.probs)
	}
	return EventRow{Line: r.line, Event: e}, nil
}
