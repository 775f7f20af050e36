package exchange

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// figureDefs defines each canonical figures column (DESIGN.md).
var figureDefs = map[string]string{
	"figure_id":         "The figure's identifier: stable across downloads and revisions, and the last part of its permalink.",
	"series":            "The series the figure belongs to (what is counted: one line on a chart), as a short code of lower-case letters, digits and hyphens.",
	"series_title":      "The series' title, in words.",
	"population_group":  "Who is counted: returnees, deportees, refugees, idps, asylum_seekers, migrants, casualties or other.",
	"measure":           "How the series counts: stock = a count as of a date; flow = a count during a period; cumulative = a running total since a fixed start date.",
	"unit":              "What the value counts: persons, households, deaths or events.",
	"from_iso3":         "Country the movement is from (ISO 3166-1 alpha-3 code, e.g. PAK); empty when not applicable.",
	"to_iso3":           "Country the movement is to (ISO 3166-1 alpha-3 code, e.g. AFG); empty when not applicable.",
	"period_start":      "First day of the period counted: for a flow, the start of the period; for a cumulative figure, the date the running total counts from (publishers differ: 1 September, 3 October…). Often empty for a stock. A date, or text when the source gave only a month or a year (see Dates).",
	"period_end":        "The as-of date: the day (or month, or year) the figure is true of, or the end of the period counted. Always given. A date, or text when the source gave only a month or a year (see Dates).",
	"value":             "The number as published, in the series' unit, as a plain number. Read it with qualifier: 1,000,000 with qualifier approx means \"about a million\".",
	"qualifier":         "How exact the value is: exact, approx, at_least, more_than, at_most, less_than or range (see Qualifiers).",
	"value_low":         "For qualifier range only: the low end of the range (value_low ≤ value ≤ value_high).",
	"value_high":        "For qualifier range only: the high end of the range.",
	"value_as_stated":   "The value in the source's own words (\"nearly a million\"), when they are not a plain number.",
	"attributed_to":     "Who produced the number, in the document's own words (e.g. \"UNHCR (Geneva press briefing)\", \"Pakistani border officials\"), as the public reads it next to the excerpt.",
	"organizations":     "The organisation(s) that produced the number, whatever words the document used for them (e.g. UNHCR); a joint report names several, separated by \"; \". Empty when the words name nobody (\"(not stated)\"). Often not the publisher of the document it was read in: cite both.",
	"source_publisher":  "The organisation that published the document the number was read in (e.g. Bloomberg).",
	"source_title":      "The title of that document.",
	"source_url":        "The address of that document (http or https).",
	"source_published":  "The date the document was published, when known.",
	"source_accessed":   "The date the document was read for this figure, when recorded.",
	"archive_url":       "An archived copy of the document (for example on the Wayback Machine), when there is one.",
	"licence":           "The licence of the source document, as an SPDX identifier where there is one (e.g. CC-BY-4.0).",
	"excerpt":           "The sentence the number was read in, verbatim from the source.",
	"notes":             "How the value was read, method and caveats: what a careful reader should know before using the figure.",
	"status":            "The figure's review status: published in a public download (drafts, figures in review and retracted figures are left out).",
	"permalink":         "The figure's public page: the figure, its source, excerpt and history. Link to it when you cite the figure.",
	"citation":          "A ready-to-paste citation of this figure (see How to cite).",
	"claim_mark":        "A reviewer's mark on this figure among the figures about the same period of its series: preferred (the one to quote, with the others beside it) or deprecated (superseded or known to be wrong; still cited, never quoted alone). Empty when it has none.",
	"claim_mark_reason": "Why the reviewer marked it, in their words. Empty when it has no mark.",
	"excerpt_status":    "Whether the excerpt was found in the copy of the source that the tracker saved last: found, nearly_found (most words, in order, but not all), not_found, or unchecked (no copy saved yet, or not yet checked against the latest one).",
	"source_saved_at":   "When that copy was saved (UTC, e.g. 2025-04-20T09:30:00Z); empty when no copy was saved.",
	"source_sha256":     "The SHA-256 of that copy's bytes as served, to tell which copy was checked; empty when no copy was saved.",
}

var sourceDefs = map[string]string{
	"title":       "The document's title.",
	"publisher":   "The organisation that published the document.",
	"url":         "The document's address; Figures.source_url refers to it.",
	"published":   "The date the document was published, when known (a date, or text for a month or a year).",
	"accessed":    "The date the document was read, when recorded.",
	"archive_url": "An archived copy of the document, when there is one.",
	"licence":     "The document's licence, as an SPDX identifier where there is one.",
}

var eventDefs = map[string]string{
	"event_id":         "The event's identifier.",
	"date":             "The day the event happened or takes effect (a deadline, a policy date, a visit); text when only a month or a year is known.",
	"end_date":         "The last day, for an event that lasts; otherwise empty.",
	"title":            "What happened, in a line.",
	"kind":             "deadline, policy, visit, operation or other.",
	"countries":        "The countries concerned, as ISO 3166-1 alpha-3 codes separated by semicolons.",
	"series":           "The series the event is linked to by hand, beyond its countries, as series codes separated by semicolons; often empty.",
	"source_publisher": "The organisation that published the document the event is dated by.",
	"source_title":     "The title of that document.",
	"source_url":       "The address of that document.",
	"source_published": "The date the document was published, when known.",
	"excerpt":          "The sentence that dates the event, verbatim from the source.",
	"excerpt_status":   "Whether the excerpt was found in the copy of the source that the tracker saved last: found, nearly_found (most words, in order, but not all), not_found, or unchecked (no copy saved yet, or not yet checked against the latest one).",
	"source_saved_at":  "When that copy was saved (UTC, e.g. 2025-04-20T09:30:00Z); empty when no copy was saved.",
	"source_sha256":    "The SHA-256 of that copy's bytes as served, to tell which copy was checked; empty when no copy was saved.",
}

var qualifierDefs = []struct {
	q    domain.Qualifier
	text string
}{
	{domain.Exact, "The source gives the number as it is (\"59,561 Afghan refugees\")."},
	{domain.Approx, "The source gives an approximation (\"nearly\", \"about\", \"some\"): value is the round number stated."},
	{domain.AtLeast, "The true number is value or more (\"at least\")."},
	{domain.MoreThan, "The true number is above value (\"more than\", \"over\")."},
	{domain.AtMost, "The true number is value or less (\"at most\", \"up to\")."},
	{domain.LessThan, "The true number is below value (\"less than\", \"under\", \"fewer than\")."},
	{domain.Range, "The source gives a range (\"between 800,000 and 1 million\"): the number lies from value_low to value_high; value is a number within the range, the one charts draw."},
}

// xlsxReadmeRows builds the README sheet row by row.
type xlsxReadmeRows struct {
	x     *XLSXWriter
	sw    *excelize.StreamWriter
	r     int
	links int
}

func (rd *xlsxReadmeRows) line(cells ...excelize.Cell) error {
	rd.r++
	return xlsxSetRow(rd.sw, rd.r, cells...)
}

func (rd *xlsxReadmeRows) term(term string, v any, style int) error {
	return rd.line(excelize.Cell{StyleID: rd.x.st.term, Value: term}, excelize.Cell{StyleID: style, Value: v})
}

func (rd *xlsxReadmeRows) section(title string) error {
	rd.r++ // a blank row before
	return rd.line(excelize.Cell{StyleID: rd.x.st.section, Value: title})
}

func (x *XLSXWriter) writeReadme(meta XLSXMeta, events int) error {
	sw, err := x.f.NewStreamWriter(xlsxReadme)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 110); err != nil { // B before A: see table
		return err
	}
	if err := sw.SetColWidth(1, 1, 26); err != nil {
		return err
	}
	rd := &xlsxReadmeRows{x: x, sw: sw}
	wrap, text := x.st.wrap, x.st.text
	title := "Displacement Tracker: sourced figures on migration and displacement"
	if err := rd.line(excelize.Cell{StyleID: x.st.title, Value: title}); err != nil {
		return err
	}
	steps := []func() error{
		func() error {
			return rd.term("What this is", "Figures on migration and displacement as published on Displacement Tracker, "+
				"each with the organisation that produced it, the document it was read in and the verbatim sentence it came from. "+
				"Only published figures are included: drafts, figures in review and retracted figures are not.", wrap)
		},
		func() error { return rd.term("Dataset", meta.Title, wrap) },
		func() error { return rd.term("Licence", meta.Licence, text) },
		func() error {
			if meta.Version == 0 {
				return nil
			}
			return rd.term("Data version", strconv.FormatInt(meta.Version, 10)+
				" (the dataset's version counter, raised by every publication, retraction or import)", text)
		},
		func() error {
			if meta.Downloaded.IsZero() {
				return nil
			}
			return rd.term("Downloaded", meta.Downloaded.UTC(), x.st.timestamp)
		},
		func() error {
			if meta.Permalink == "" {
				return nil
			}
			if err := rd.term("Permalink", meta.Permalink, text); err != nil {
				return err
			}
			return x.link(xlsxReadme, 2, rd.r, meta.Permalink, &rd.links)
		},
		func() error {
			return rd.term("Contents", fmt.Sprintf("%s figures, %s sources, %s events.",
				domain.FormatNumber(float64(x.rows)), domain.FormatNumber(float64(len(x.sources))), domain.FormatNumber(float64(events))), text)
		},
		func() error { return rd.section("Sheets") },
		func() error {
			return rd.term(xlsxFigures, "One row per figure, in the columns of the canonical figures CSV (the same file the site's CSV download and import use), ordered by series and date.", wrap)
		},
		func() error {
			return rd.term(xlsxSources, "One row per document cited by the figures, in the order they first appear; the URLs of the first "+strconv.Itoa(xlsxLinkLimit/2)+" or more are links.", wrap)
		},
		func() error {
			return rd.term(xlsxEvents, "Dated events (deadlines, policy dates, visits) drawn on the charts, with their sources.", wrap)
		},
		func() error { return rd.term(xlsxReadme, "This sheet.", wrap) },
		func() error { return rd.section("How to read it") },
		func() error {
			return rd.term("Numbers", "value, value_low and value_high are numbers, shown with thousands separators. "+
				"Figures of a stock or cumulative series are totals as of their own date: never add them up across dates. "+
				"Figures from different organisations for the same date are kept side by side, not merged.", wrap)
		},
		func() error {
			return rd.term("Dates", "A date the source gives to the day is an Excel date (yyyy-mm-dd), so it sorts and filters as a date. "+
				"A date the source gives only to the month or the year is kept as text exactly as written: \"2023-09\" means some time in September 2023, "+
				"\"2024\" some time in 2024. The workbook never invents a day the source did not give. "+
				"For an as-of date (period_end) of month or year precision, the figure is read as of the end of that month or year.", wrap)
		},
		func() error {
			return rd.term("Text", "Text cells are stored as text: a cell that begins with =, +, - or @ is shown as written and is never run as a formula.", wrap)
		},
		func() error { return rd.section("Qualifiers") },
		func() error {
			for _, q := range qualifierDefs {
				if err := rd.term(string(q.q), q.text, wrap); err != nil {
					return err
				}
			}
			return nil
		},
		func() error { return rd.columns("Figures columns", FigureColumns, figureDefs) },
		func() error { return rd.columns("Sources columns", xlsxSourceColumns, sourceDefs) },
		func() error { return rd.columns("Events columns", EventColumns, eventDefs) },
		func() error { return x.howToCite(rd, meta) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func (rd *xlsxReadmeRows) columns(title string, cols []Column, defs map[string]string) error {
	if err := rd.section(title); err != nil {
		return err
	}
	for _, c := range cols {
		if err := rd.term(c.Name, defs[c.Name], rd.x.st.wrap); err != nil {
			return err
		}
	}
	return nil
}

func (x *XLSXWriter) howToCite(rd *xlsxReadmeRows, meta XLSXMeta) error {
	wrap := x.st.wrap
	if err := rd.section("How to cite"); err != nil {
		return err
	}
	if err := rd.term("A figure", "Name both the organisation that produced the number (organizations; attributed_to when it is empty) and the document it was read in (source_publisher, source_title), "+
		"and link the figure's permalink. The year is that of source_published, or of period_end when the publication date is not known. "+
		"The citation column holds a full citation for every row.", wrap); err != nil {
		return err
	}
	inline := "(organizations, year, reported in source_publisher, via Displacement Tracker)"
	full := "organizations (year). Value as of period_end [series_title]. Reported in source_publisher, \"source_title\" (source_published). source_url. Displacement Tracker: permalink"
	if ex := x.first; ex != nil {
		year := ex.f.PeriodEnd.Year
		if !ex.f.Source.PublishedOn.IsZero() {
			year = ex.f.Source.PublishedOn.Year
		}
		by := fmt.Sprintf("%s, %d", strings.Join(cite.Authors(ex.f), "; "), year)
		if pub := cite.Reporter(ex.f); pub != "" {
			by += ", reported in " + pub
		}
		inline += ". For example: … " + cite.ValueText(ex.f, ex.s.Unit) + " (" + by + ", via Displacement Tracker)."
		full += ". For example: " + cite.Text(ex.s, ex.f, ex.link)
	}
	if err := rd.term("In-line", inline, wrap); err != nil {
		return err
	}
	if err := rd.term("Full", full, wrap); err != nil {
		return err
	}
	var ds strings.Builder
	ds.WriteString("Displacement Tracker")
	if meta.Title != "" {
		ds.WriteString(". " + meta.Title)
	}
	if meta.Version != 0 {
		fmt.Fprintf(&ds, ", data version %d", meta.Version)
	}
	if !meta.Downloaded.IsZero() {
		ds.WriteString(", downloaded " + meta.Downloaded.UTC().Format(time.DateOnly))
	}
	if meta.Permalink != "" {
		ds.WriteString(". " + meta.Permalink)
	}
	if meta.Licence != "" {
		ds.WriteString(". Licence: " + meta.Licence)
	}
	ds.WriteString(".")
	return rd.term("The dataset", ds.String(), wrap)
}
