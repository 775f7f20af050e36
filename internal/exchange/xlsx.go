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
	"value_low": 13, "value_high": 13, "value_as_stated": 22, "attributed_to": 26, "organizations": 26, "source_publisher": 22,
	"source_title": 40, "source_url": 40, "source_published": 13, "source_accessed": 13, "archive_url": 30,
	"licence": 13, "excerpt": 60, "notes": 45, "status": 11, "permalink": 40, "citation": 70,
	"claim_mark": 12, "claim_mark_reason": 45, "excerpt_status": 14, "source_saved_at": 21, "source_sha256": 30,
	// events and sources
	"event_id": 18, "date": 13, "end_date": 13, "title": 50, "kind": 11, "countries": 12,
	"publisher": 22, "url": 45, "published": 13, "accessed": 13,
}

// xlsxWrapped are the columns of long prose, wrapped in their cells.
var xlsxWrapped = map[string]bool{"excerpt": true, "notes": true, "citation": true, "claim_mark_reason": true, "series_title": true, "source_title": true}

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
	"value_as_stated", "attributed_to", "organizations", "source_publisher", "source_title", "source_url", "source_published",
	"source_accessed", "archive_url", "licence", "excerpt", "notes", "status", "permalink", "citation",
	"claim_mark", "claim_mark_reason", "excerpt_status", "source_saved_at", "source_sha256"}

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
	x.setText(16, OrgNames(f.Orgs))
	x.setText(17, f.Source.Publisher)
	x.setText(18, f.Source.Title)
	x.setText(19, f.Source.URL)
	x.setDate(20, f.Source.PublishedOn)
	x.setDate(21, f.Source.AccessedOn)
	x.setText(22, f.Source.ArchiveURL)
	x.setText(23, f.Source.Licence)
	x.setText(24, f.Excerpt)
	x.setText(25, f.Notes)
	x.setText(26, string(f.Status))
	x.setText(27, link)
	x.setText(28, cite.Text(s, f, link))
	x.setText(29, string(f.Mark))
	x.setText(30, f.MarkReason)
	x.setText(31, string(f.Evidence.ExcerptStatusOrUnchecked()))
	x.setText(32, SavedAt(f.Evidence))
	x.setText(33, f.Evidence.SHA256)
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

// xlsxLinkLimit is how many cells of a sheet are made clickable; URLs past
// it stay as text. excelize adds a link by scanning every link and
// relationship the sheet has already, so n links cost n² steps: at Excel's
// own limit of 65,530 that was a minute of CPU for a 42,000-figure download
// (20,000 distinct sources took 22 s), at 2,000 it is a few milliseconds.
const xlsxLinkLimit = 2000

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
			excelize.Cell{StyleID: x.st.text, Value: strings.Join(e.Series, ";")},
			excelize.Cell{StyleID: x.st.text, Value: e.Source.Publisher},
			excelize.Cell{StyleID: x.st.wrap, Value: e.Source.Title},
			excelize.Cell{StyleID: x.st.text, Value: e.Source.URL},
			excelize.Cell{StyleID: pStyle, Value: pub},
			excelize.Cell{StyleID: x.st.wrap, Value: e.Excerpt},
			excelize.Cell{StyleID: x.st.text, Value: string(e.Evidence.ExcerptStatusOrUnchecked())},
			excelize.Cell{StyleID: x.st.text, Value: SavedAt(e.Evidence)},
			excelize.Cell{StyleID: x.st.text, Value: e.Evidence.SHA256}); err != nil {
			return err
		}
	}
	return x.endTable(sw, EventColumns, len(events))
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
