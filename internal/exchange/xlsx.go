package exchange

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// The workbook's sheets, in tab order. Figures opens first: it is what most
// people download the workbook for.
const (
	xlsxFigures = "Figures"
	xlsxSources = "Sources"
	xlsxEvents  = "Events"
	xlsxReadme  = "README"
)

// xlsxMaxFigures is how many figures fit on one sheet: Excel's 1,048,576
// rows less the header.
const xlsxMaxFigures = excelize.TotalRows - 1

// XLSXMeta describes a download for the workbook's README sheet.
type XLSXMeta struct {
	Title      string    // of the dataset or the series
	Licence    string    // of the dataset, an SPDX id where there is one
	Version    int64     // the dataset version the download was made from
	Downloaded time.Time // when; written in UTC
	Permalink  string    // of the page the download was made from
}

// XLSXWriter writes the published figures as a workbook with four sheets:
// Figures (the canonical columns, typed), Sources, Events and README. Rows
// are streamed (excelize's StreamWriter, which moves a sheet to a temporary
// file once it passes 16 MB, and writes strings inline rather than into a
// shared-strings table), and Finish writes the zip straight to its writer,
// so memory stays bounded however many figures there are. What it keeps is
// one entry per distinct source.
//
// Text cells are always stored as strings, never as formulas, so a cell
// that begins with =, +, -, @, a tab or a carriage return is shown as the
// text it is; WriteOptions.HXL is ignored (a workbook has no HXL row).
//
// Call Write for each figure, then Finish once. If Finish is not reached,
// call Close to remove the temporary files.
type XLSXWriter struct {
	opt     WriteOptions
	f       *excelize.File
	sw      *excelize.StreamWriter
	st      xlsxStyles
	cells   []excelize.Cell
	row     []any
	rows    int
	sources []domain.Source
	seen    map[string]int // source URL → index in sources
	first   *xlsxExample
	// textStyle is the style of each Figures column when it holds text.
	textStyle []int
	closed    bool
}

// xlsxExample is the first figure written: the README's citation example.
type xlsxExample struct {
	s    domain.Series
	f    domain.Figure
	link string
}

type xlsxStyles struct {
	header, text, wrap, number, date, dateText, title, section, term, timestamp int
}

// xlsxWidths are the Figures sheet's column widths, in characters.
var xlsxWidths = map[string]float64{
	"figure_id": 18, "series": 32, "series_title": 40, "population_group": 16, "measure": 12, "unit": 10,
	"from_iso3": 10, "to_iso3": 10, "period_start": 13, "period_end": 13, "value": 13, "qualifier": 11,
	"value_low": 13, "value_high": 13, "value_as_stated": 22, "attributed_to": 26, "source_publisher": 22,
	"source_title": 40, "source_url": 40, "source_published": 13, "source_accessed": 13, "archive_url": 30,
	"licence": 13, "excerpt": 60, "notes": 45, "status": 11, "permalink": 40, "citation": 70,
	// events and sources
	"event_id": 18, "date": 13, "end_date": 13, "title": 50, "kind": 11, "countries": 12,
	"publisher": 22, "url": 45, "published": 13, "accessed": 13,
}

// xlsxWrapped are the columns of long prose, wrapped in their cells.
var xlsxWrapped = map[string]bool{"excerpt": true, "notes": true, "citation": true, "series_title": true, "source_title": true}

// NewXLSXWriter starts a workbook whose figures link to permalinks under
// opt.BaseURL.
func NewXLSXWriter(opt WriteOptions) (*XLSXWriter, error) {
	f := excelize.NewFile()
	x := &XLSXWriter{opt: opt, f: f, seen: map[string]int{},
		cells: make([]excelize.Cell, len(FigureColumns)), row: make([]any, len(FigureColumns))}
	if err := x.start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return x, nil
}

// xlsxFigureOrder is the column order Write fills in.
var xlsxFigureOrder = []string{"figure_id", "series", "series_title", "population_group", "measure", "unit",
	"from_iso3", "to_iso3", "period_start", "period_end", "value", "qualifier", "value_low", "value_high",
	"value_as_stated", "attributed_to", "source_publisher", "source_title", "source_url", "source_published",
	"source_accessed", "archive_url", "licence", "excerpt", "notes", "status", "permalink", "citation"}

func (x *XLSXWriter) start() error {
	if len(FigureColumns) != len(xlsxFigureOrder) {
		return fmt.Errorf("FigureColumns has %d columns; the workbook writer knows %d", len(FigureColumns), len(xlsxFigureOrder))
	}
	for i, c := range FigureColumns {
		if c.Name != xlsxFigureOrder[i] {
			return fmt.Errorf("FigureColumns[%d] is %s; the workbook writer puts %s there", i, c.Name, xlsxFigureOrder[i])
		}
	}
	f := x.f
	if err := f.SetSheetName("Sheet1", xlsxFigures); err != nil {
		return err
	}
	for _, name := range []string{xlsxSources, xlsxEvents, xlsxReadme} {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	if err := x.newStyles(); err != nil {
		return err
	}
	sw, err := x.table(xlsxFigures, FigureColumns)
	if err != nil {
		return err
	}
	x.sw = sw
	x.textStyle = make([]int, len(FigureColumns))
	for i, c := range FigureColumns {
		x.textStyle[i] = x.st.text
		if xlsxWrapped[c.Name] {
			x.textStyle[i] = x.st.wrap
		}
	}
	return nil
}

func (x *XLSXWriter) newStyles() error {
	top := func() *excelize.Alignment { return &excelize.Alignment{Vertical: "top"} }
	ymd, stamp := "yyyy-mm-dd", `yyyy-mm-dd hh:mm "UTC"`
	for _, s := range []struct {
		id    *int
		style excelize.Style
	}{
		{&x.st.header, excelize.Style{Font: &excelize.Font{Bold: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "8094B0", Style: 1}},
			Alignment: top()}},
		{&x.st.text, excelize.Style{Alignment: top()}},
		{&x.st.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&x.st.number, excelize.Style{NumFmt: 3, Alignment: top()}}, // #,##0
		{&x.st.date, excelize.Style{CustomNumFmt: &ymd, Alignment: top()}},
		// A month or a year stays text; "@" keeps Excel from turning it into
		// a day when someone edits the cell.
		{&x.st.dateText, excelize.Style{NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}}},
		{&x.st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&x.st.section, excelize.Style{Font: &excelize.Font{Bold: true, Size: 12},
			Border: []excelize.Border{{Type: "bottom", Color: "8094B0", Style: 1}}}},
		{&x.st.term, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top()}},
		{&x.st.timestamp, excelize.Style{CustomNumFmt: &stamp, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "left"}}},
	} {
		id, err := x.f.NewStyle(&s.style)
		if err != nil {
			return err
		}
		*s.id = id
	}
	return nil
}

// table opens a stream on sheet and writes its column widths, its frozen
// header row and the header.
func (x *XLSXWriter) table(sheet string, cols []Column) (*excelize.StreamWriter, error) {
	sw, err := x.f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	// Set from the last column to the first: excelize puts each new column
	// ahead of the others, and Excel wants them in ascending order.
	for i := len(cols) - 1; i >= 0; i-- {
		w, ok := xlsxWidths[cols[i].Name]
		if !ok {
			w = 14
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = excelize.Cell{StyleID: x.st.header, Value: c.Name}
	}
	return sw, sw.SetRow("A1", header)
}

// endTable puts an autofilter on the header and the rows under it, and
// closes the sheet's stream.
func (x *XLSXWriter) endTable(sw *excelize.StreamWriter, cols []Column, rows int) error {
	last, err := excelize.CoordinatesToCellName(len(cols), rows+1)
	if err != nil {
		return err
	}
	// The stream writes the autofilter element when it is flushed; the
	// filter's defined name goes into the workbook.
	if err := x.f.AutoFilter(sw.Sheet, "A1:"+last, nil); err != nil {
		return err
	}
	return sw.Flush()
}

// set puts a value in column i of the row being built; an empty string or
// a nil value leaves the cell out.
func (x *XLSXWriter) set(i int, style int, v any) {
	if s, ok := v.(string); (ok && s == "") || v == nil {
		x.row[i] = nil
		return
	}
	x.cells[i] = excelize.Cell{StyleID: style, Value: v}
	x.row[i] = &x.cells[i]
}

func (x *XLSXWriter) setText(i int, s string) {
	x.set(i, x.textStyle[i], s)
}

func (x *XLSXWriter) setNumber(i int, v *float64) {
	if v == nil {
		x.row[i] = nil
		return
	}
	x.set(i, x.st.number, *v)
}

// setDate writes a day as an Excel date, and a month or a year as the text
// the source gave ("2023-09", "2024"): a spreadsheet date is a day, and
// inventing one would state more than the source did.
func (x *XLSXWriter) setDate(i int, d domain.Date) {
	style, v := x.dateCell(d)
	x.set(i, style, v)
}

func (x *XLSXWriter) dateCell(d domain.Date) (int, any) {
	switch d.Precision {
	case "":
		return 0, nil
	case domain.PrecisionDay:
		return x.st.date, d.First()
	}
	return x.st.dateText, d.String()
}

// Write adds one figure of series s to the Figures sheet, and its source to
// the Sources sheet if it is new.
func (x *XLSXWriter) Write(s domain.Series, f domain.Figure) error {
	if x.closed {
		return errors.New("xlsx: write after Finish or Close")
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	if !finite(f.Value) || (f.ValueLow != nil && !finite(*f.ValueLow)) || (f.ValueHigh != nil && !finite(*f.ValueHigh)) {
		return fmt.Errorf("xlsx: figure %s: a value is not a finite number", f.ID)
	}
	if x.rows >= xlsxMaxFigures {
		return fmt.Errorf("xlsx: a sheet holds at most %s figures; download the CSV for more", domain.FormatNumber(xlsxMaxFigures))
	}
	link := Permalink(x.opt.BaseURL, f.ID)
	vals := [...]string{f.ID, s.Slug, s.Title, string(s.PopulationGroup), string(s.Measure), string(s.Unit), s.FromISO3, s.ToISO3}
	for i, v := range vals {
		x.setText(i, v)
	}
	x.setDate(8, f.PeriodStart)
	x.setDate(9, f.PeriodEnd)
	x.set(10, x.st.number, f.Value)
	x.setText(11, string(f.Qualifier))
	x.setNumber(12, f.ValueLow)
	x.setNumber(13, f.ValueHigh)
	x.setText(14, f.ValueAsStated)
	x.setText(15, f.AttributedTo)
	x.setText(16, f.Source.Publisher)
	x.setText(17, f.Source.Title)
	x.setText(18, f.Source.URL)
	x.setDate(19, f.Source.PublishedOn)
	x.setDate(20, f.Source.AccessedOn)
	x.setText(21, f.Source.ArchiveURL)
	x.setText(22, f.Source.Licence)
	x.setText(23, f.Excerpt)
	x.setText(24, f.Notes)
	x.setText(25, string(f.Status))
	x.setText(26, link)
	x.setText(27, cite.Text(s, f, link))
	if err := x.sw.SetRow("A"+strconv.Itoa(x.rows+2), x.row); err != nil {
		return fmt.Errorf("xlsx: figure %s: %w", f.ID, err)
	}
	x.rows++
	x.addSource(f.Source)
	if x.first == nil {
		x.first = &xlsxExample{s: s, f: f, link: link}
	}
	return nil
}

// addSource records a source the first time its URL is seen; a later copy
// fills what the first left empty.
func (x *XLSXWriter) addSource(src domain.Source) {
	i, ok := x.seen[src.URL]
	if !ok {
		x.seen[src.URL] = len(x.sources)
		x.sources = append(x.sources, src)
		return
	}
	have := &x.sources[i]
	fill := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	fill(&have.Title, src.Title)
	fill(&have.Publisher, src.Publisher)
	fill(&have.ArchiveURL, src.ArchiveURL)
	fill(&have.Licence, src.Licence)
	if have.PublishedOn.IsZero() {
		have.PublishedOn = src.PublishedOn
	}
	if have.AccessedOn.IsZero() {
		have.AccessedOn = src.AccessedOn
	}
}

// Rows is how many figures were written.
func (x *XLSXWriter) Rows() int { return x.rows }

// xlsxSourceColumns are the Sources sheet's columns.
var xlsxSourceColumns = []Column{{Name: "title"}, {Name: "publisher"}, {Name: "url"}, {Name: "published"},
	{Name: "accessed"}, {Name: "archive_url"}, {Name: "licence"}}

// Finish writes the Sources, Events and README sheets, then the workbook to
// w, and removes the temporary files. The writer cannot be used after it.
func (x *XLSXWriter) Finish(w io.Writer, events []domain.Event, meta XLSXMeta) error {
	if x.closed {
		return errors.New("xlsx: Finish after Finish or Close")
	}
	defer x.Close()
	steps := []struct {
		what string
		do   func() error
	}{
		{xlsxFigures, func() error { return x.endTable(x.sw, FigureColumns, x.rows) }},
		{xlsxSources, x.writeSources},
		{xlsxEvents, func() error { return x.writeEvents(events) }},
		{xlsxReadme, func() error { return x.writeReadme(meta, len(events)) }},
		{"properties", func() error { return x.setProperties(meta) }},
		{"workbook", func() error { return x.save(w) }},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			return fmt.Errorf("xlsx: %s: %w", s.what, err)
		}
	}
	return nil
}

// Close removes the workbook's temporary files. Finish calls it; call it
// yourself only when an export stops before Finish.
func (x *XLSXWriter) Close() error {
	if x.closed {
		return nil
	}
	x.closed = true
	return x.f.Close()
}

// xlsxSetRow writes cells in the order given, each with its style; empty
// strings and nil values leave the cell out.
func xlsxSetRow(sw *excelize.StreamWriter, row int, cells ...excelize.Cell) error {
	vals := make([]any, len(cells))
	for i, c := range cells {
		if s, ok := c.Value.(string); (ok && s == "") || c.Value == nil {
			continue
		}
		vals[i] = c
	}
	return sw.SetRow("A"+strconv.Itoa(row), vals)
}

// xlsxLinkLimit keeps a sheet's hyperlinks under Excel's limit.
const xlsxLinkLimit = excelize.TotalSheetHyperlinks - 100

// link makes a URL cell clickable. Only the Sources and README sheets get
// links: a sheet's links are held in memory until it is flushed, which the
// Figures sheet cannot afford.
func (x *XLSXWriter) link(sheet string, col, row int, url string, n *int) error {
	if url == "" || *n >= xlsxLinkLimit {
		return nil
	}
	*n++
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	return x.f.SetCellHyperLink(sheet, cell, url, "External")
}

func (x *XLSXWriter) writeSources() error {
	sw, err := x.table(xlsxSources, xlsxSourceColumns)
	if err != nil {
		return err
	}
	links := 0
	for i, src := range x.sources {
		r := i + 2
		pubStyle, pub := x.dateCell(src.PublishedOn)
		accStyle, acc := x.dateCell(src.AccessedOn)
		if err := xlsxSetRow(sw, r,
			excelize.Cell{StyleID: x.st.wrap, Value: src.Title},
			excelize.Cell{StyleID: x.st.text, Value: src.Publisher},
			excelize.Cell{StyleID: x.st.text, Value: src.URL},
			excelize.Cell{StyleID: pubStyle, Value: pub},
			excelize.Cell{StyleID: accStyle, Value: acc},
			excelize.Cell{StyleID: x.st.text, Value: src.ArchiveURL},
			excelize.Cell{StyleID: x.st.text, Value: src.Licence}); err != nil {
			return err
		}
		if err := x.link(xlsxSources, 3, r, src.URL, &links); err != nil {
			return err
		}
		if err := x.link(xlsxSources, 6, r, src.ArchiveURL, &links); err != nil {
			return err
		}
	}
	return x.endTable(sw, xlsxSourceColumns, len(x.sources))
}

func (x *XLSXWriter) writeEvents(events []domain.Event) error {
	if len(events) > xlsxMaxFigures {
		return fmt.Errorf("%d events do not fit on one sheet", len(events))
	}
	sw, err := x.table(xlsxEvents, EventColumns)
	if err != nil {
		return err
	}
	for i, e := range events {
		dStyle, d := x.dateCell(e.Date)
		eStyle, end := x.dateCell(e.EndDate)
		pStyle, pub := x.dateCell(e.Source.PublishedOn)
		if err := xlsxSetRow(sw, i+2,
			excelize.Cell{StyleID: x.st.text, Value: e.ID},
			excelize.Cell{StyleID: dStyle, Value: d},
			excelize.Cell{StyleID: eStyle, Value: end},
			excelize.Cell{StyleID: x.st.wrap, Value: e.Title},
			excelize.Cell{StyleID: x.st.text, Value: string(e.Kind)},
			excelize.Cell{StyleID: x.st.text, Value: strings.Join(e.Countries, ";")},
			excelize.Cell{StyleID: x.st.text, Value: e.Source.Publisher},
			excelize.Cell{StyleID: x.st.wrap, Value: e.Source.Title},
			excelize.Cell{StyleID: x.st.text, Value: e.Source.URL},
			excelize.Cell{StyleID: pStyle, Value: pub},
			excelize.Cell{StyleID: x.st.wrap, Value: e.Excerpt}); err != nil {
			return err
		}
	}
	return x.endTable(sw, EventColumns, len(events))
}

// xlsxFigureDefs defines each canonical figures column (DESIGN.md).
var xlsxFigureDefs = map[string]string{
	"figure_id":        "The figure's identifier: stable across downloads and revisions, and the last part of its permalink.",
	"series":           "The series the figure belongs to (what is counted: one line on a chart), as a short code of lower-case letters, digits and hyphens.",
	"series_title":     "The series' title, in words.",
	"population_group": "Who is counted: returnees, deportees, refugees, idps, asylum_seekers, migrants, casualties or other.",
	"measure":          "How the series counts: stock = a count as of a date; flow = a count during a period; cumulative = a running total since a fixed start date.",
	"unit":             "What the value counts: persons, households, deaths or events.",
	"from_iso3":        "Country the movement is from (ISO 3166-1 alpha-3 code, e.g. PAK); empty when not applicable.",
	"to_iso3":          "Country the movement is to (ISO 3166-1 alpha-3 code, e.g. AFG); empty when not applicable.",
	"period_start":     "First day of the period counted: for a flow, the start of the period; for a cumulative figure, the date the running total counts from (publishers differ: 1 September, 3 October…). Often empty for a stock. A date, or text when the source gave only a month or a year (see Dates).",
	"period_end":       "The as-of date: the day (or month, or year) the figure is true of, or the end of the period counted. Always given. A date, or text when the source gave only a month or a year (see Dates).",
	"value":            "The number as published, in the series' unit, as a plain number. Read it with qualifier: 1,000,000 with qualifier approx means \"about a million\".",
	"qualifier":        "How exact the value is: exact, approx, at_least, more_than, at_most, less_than or range (see Qualifiers).",
	"value_low":        "For qualifier range only: the low end of the range (value_low ≤ value ≤ value_high).",
	"value_high":       "For qualifier range only: the high end of the range.",
	"value_as_stated":  "The value in the source's own words (\"nearly a million\"), when they are not a plain number.",
	"attributed_to":    "The organisation that produced the number (e.g. IOM). Often not the publisher of the document it was read in: cite both.",
	"source_publisher": "The organisation that published the document the number was read in (e.g. Bloomberg).",
	"source_title":     "The title of that document.",
	"source_url":       "The address of that document (http or https).",
	"source_published": "The date the document was published, when known.",
	"source_accessed":  "The date the document was read for this figure, when recorded.",
	"archive_url":      "An archived copy of the document (for example on the Wayback Machine), when there is one.",
	"licence":          "The licence of the source document, as an SPDX identifier where there is one (e.g. CC-BY-4.0).",
	"excerpt":          "The sentence the number was read in, verbatim from the source.",
	"notes":            "How the value was read, method and caveats: what a careful reader should know before using the figure.",
	"status":           "The figure's review status: published in a public download (drafts, figures in review and retracted figures are left out).",
	"permalink":        "The figure's public page: the figure, its source, excerpt and history. Link to it when you cite the figure.",
	"citation":         "A ready-to-paste citation of this figure (see How to cite).",
}

var xlsxSourceDefs = map[string]string{
	"title":       "The document's title.",
	"publisher":   "The organisation that published the document.",
	"url":         "The document's address; Figures.source_url refers to it.",
	"published":   "The date the document was published, when known (a date, or text for a month or a year).",
	"accessed":    "The date the document was read, when recorded.",
	"archive_url": "An archived copy of the document, when there is one.",
	"licence":     "The document's licence, as an SPDX identifier where there is one.",
}

var xlsxEventDefs = map[string]string{
	"event_id":         "The event's identifier.",
	"date":             "The day the event happened or takes effect (a deadline, a policy date, a visit); text when only a month or a year is known.",
	"end_date":         "The last day, for an event that lasts; otherwise empty.",
	"title":            "What happened, in a line.",
	"kind":             "deadline, policy, visit, operation or other.",
	"countries":        "The countries concerned, as ISO 3166-1 alpha-3 codes separated by semicolons.",
	"source_publisher": "The organisation that published the document the event is dated by.",
	"source_title":     "The title of that document.",
	"source_url":       "The address of that document.",
	"source_published": "The date the document was published, when known.",
	"excerpt":          "The sentence that dates the event, verbatim from the source.",
}

var xlsxQualifierDefs = []struct {
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
			return rd.term(xlsxSources, "One row per document cited by the figures, in the order they first appear.", wrap)
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
			for _, q := range xlsxQualifierDefs {
				if err := rd.term(string(q.q), q.text, wrap); err != nil {
					return err
				}
			}
			return nil
		},
		func() error { return rd.columns("Figures columns", FigureColumns, xlsxFigureDefs) },
		func() error { return rd.columns("Sources columns", xlsxSourceColumns, xlsxSourceDefs) },
		func() error { return rd.columns("Events columns", EventColumns, xlsxEventDefs) },
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
	if err := rd.term("A figure", "Name both the organisation that produced the number (attributed_to) and the document it was read in (source_publisher, source_title), "+
		"and link the figure's permalink. The year is that of source_published, or of period_end when the publication date is not known. "+
		"The citation column holds a full citation for every row.", wrap); err != nil {
		return err
	}
	inline := "(attributed_to, year, reported in source_publisher, via Displacement Tracker)"
	full := "attributed_to (year). Value as of period_end [series_title]. Reported in source_publisher, \"source_title\" (source_published). source_url. Displacement Tracker: permalink"
	if ex := x.first; ex != nil {
		year := ex.f.PeriodEnd.Year
		if !ex.f.Source.PublishedOn.IsZero() {
			year = ex.f.Source.PublishedOn.Year
		}
		by := fmt.Sprintf("%s, %d", ex.f.AttributedTo, year)
		if !strings.EqualFold(ex.f.Source.Publisher, ex.f.AttributedTo) {
			by += ", reported in " + ex.f.Source.Publisher
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

func (x *XLSXWriter) setProperties(meta XLSXMeta) error {
	p := &excelize.DocProperties{Title: meta.Title, Creator: "Displacement Tracker",
		Description: "Sourced figures on migration and displacement; see the README sheet.", Language: "en"}
	if !meta.Downloaded.IsZero() {
		p.Created = meta.Downloaded.UTC().Format(time.RFC3339)
		p.Modified = p.Created
	}
	if meta.Version != 0 {
		p.Version = strconv.FormatInt(meta.Version, 10)
	}
	return x.f.SetDocProps(p)
}

// save writes the zip straight to w. excelize's own Write builds the whole
// file in a bytes.Buffer first; handing it a zip writer on w instead keeps
// memory bounded (the sheets stream from their temporary files).
func (x *XLSXWriter) save(w io.Writer) error {
	x.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	return x.f.Write(xlsxNoWrite{})
}

// xlsxNoWrite refuses writes: everything must go through the zip writer on
// the real destination, so a change in excelize shows as an error rather
// than as a corrupt file.
type xlsxNoWrite struct{}

func (xlsxNoWrite) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return 0, errors.New("excelize wrote outside the zip stream")
}
