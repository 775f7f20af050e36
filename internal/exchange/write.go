package exchange

import (
	"encoding/csv"
	"io"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
)

// WriteOptions control an export.
type WriteOptions struct {
	HXL     bool   // write the HXL hashtag row under the header
	BaseURL string // of the public site, for permalinks; no trailing slash
	// SpreadsheetSafe neutralises text cells that a spreadsheet would run as
	// a formula (CSV injection): a leading =, +, -, @, tab or carriage
	// return gets a ' in front. Numbers and dates never start so. And the
	// file starts with a UTF-8 byte-order mark: without one, Excel on
	// Windows reads a CSV in the local code page and garbles Arabic script
	// and curly quotes. The plain CSV stays byte-faithful for machines (no
	// mark, DESIGN.md); this is the variant for Excel.
	SpreadsheetSafe bool
	// URIs writes source_url and archive_url as RFC 3986 URIs
	// (domain.URI), for files whose schema declares them format uri; the
	// plain CSV keeps them as they were given, so that it imports back to
	// the same sources.
	URIs bool
}

// textColumns are the figure columns that hold free text; only they are
// neutralised by SpreadsheetSafe.
var textColumns = map[string]bool{"figure_id": false, "series_title": true, "value_as_stated": true,
	"attributed_to": true, "organizations": true, "source_publisher": true, "source_title": true, "source_url": true, "archive_url": true,
	"licence": true, "excerpt": true, "notes": true, "citation": true, "permalink": true, "claim_mark_reason": true}

// defuse prefixes a text cell that a spreadsheet would read as a formula.
func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// OrgNames is the organizations column: the names of orgs in order,
// separated by "; " (an organisation's name cannot hold a ";"), and "" for
// none.
func OrgNames(orgs []domain.OrgRef) string {
	names := make([]string, len(orgs))
	for i, o := range orgs {
		// A name with ";" (an attribution string made an organisation by
		// migration 0008, "IOM; UNHCR") would read back as two: written
		// with "," it folds to the same alias key, and reads back as one.
		names[i] = strings.ReplaceAll(o.Name, ";", ",")
	}
	return strings.Join(names, "; ")
}

// appendEvidence appends the EvidenceColumns of e to rec.
func appendEvidence(rec []string, e domain.Evidence) []string {
	return append(rec, string(e.ExcerptStatusOrUnchecked()), SavedAt(e), e.SHA256)
}

// SavedAt is when the latest copy of the source was saved, in RFC 3339
// UTC to the second; "" when it has none.
func SavedAt(e domain.Evidence) string {
	if e.SavedAt.IsZero() {
		return ""
	}
	return e.SavedAt.UTC().Format(time.RFC3339)
}

// Permalink is the public address of a figure, as a URI.
func Permalink(baseURL, figureID string) string {
	return domain.URI(strings.TrimRight(baseURL, "/") + "/figures/" + figureID)
}

// FigureWriter writes the canonical figures CSV: UTF-8, RFC 4180, CRLF.
type FigureWriter struct {
	w    *csv.Writer
	opt  WriteOptions
	rec  []string
	rows int
}

// NewFigureWriter writes the header (and the HXL row) to w.
func NewFigureWriter(w io.Writer, opt WriteOptions) (*FigureWriter, error) {
	fw := &FigureWriter{w: csv.NewWriter(w), opt: opt, rec: make([]string, len(FigureColumns))}
	fw.w.UseCRLF = true
	if err := writeHeader(fw.w, FigureColumns, opt); err != nil {
		return nil, err
	}
	return fw, nil
}

// utf8BOM is the byte-order mark of a SpreadsheetSafe file. The importer
// skips it (table.go).
const utf8BOM = "\uFEFF"

// writeHeader writes the header row (after the byte-order mark of a file
// for spreadsheets) and, with opt.HXL, the hashtag row.
func writeHeader(w *csv.Writer, cols []Column, opt WriteOptions) error {
	header, tags := make([]string, len(cols)), make([]string, len(cols))
	for i, c := range cols {
		header[i], tags[i] = c.Name, c.HXL
	}
	if opt.SpreadsheetSafe {
		// Through the csv.Writer's buffer, so that it comes first.
		header[0] = utf8BOM + header[0]
	}
	if err := w.Write(header); err != nil {
		return err
	}
	if opt.HXL {
		return w.Write(tags)
	}
	return nil
}

func plainOrEmpty(p *float64) string {
	if p == nil {
		return ""
	}
	return domain.FormatPlain(*p)
}

// Write writes one figure of series s.
func (fw *FigureWriter) Write(s domain.Series, f domain.Figure) error {
	link := Permalink(fw.opt.BaseURL, f.ID)
	fw.rec = append(fw.rec[:0], f.ID, s.Slug, s.Title, string(s.PopulationGroup), string(s.Measure), string(s.Unit),
		s.FromISO3, s.ToISO3, f.PeriodStart.String(), f.PeriodEnd.String(), domain.FormatPlain(f.Value),
		string(f.Qualifier), plainOrEmpty(f.ValueLow), plainOrEmpty(f.ValueHigh), f.ValueAsStated, f.AttributedTo,
		OrgNames(f.Orgs), f.Source.Publisher, f.Source.Title, fw.uri(f.Source.URL), f.Source.PublishedOn.String(), f.Source.AccessedOn.String(),
		fw.uri(f.Source.ArchiveURL), f.Source.Licence, f.Excerpt, f.Notes, string(f.Status), link, cite.Text(s, f, link),
		string(f.Mark), f.MarkReason)
	fw.rec = appendEvidence(fw.rec, f.Evidence)
	if fw.opt.SpreadsheetSafe {
		for i, c := range FigureColumns {
			if textColumns[c.Name] {
				fw.rec[i] = defuse(fw.rec[i])
			}
		}
	}
	fw.rows++
	return fw.w.Write(fw.rec)
}

func (fw *FigureWriter) uri(s string) string {
	if fw.opt.URIs {
		return domain.URI(s)
	}
	return s
}

// Rows is how many figures were written.
func (fw *FigureWriter) Rows() int { return fw.rows }

// Flush writes what is buffered and returns the first write error.
func (fw *FigureWriter) Flush() error {
	fw.w.Flush()
	return fw.w.Error()
}

// WriteEvents writes the events CSV.
func WriteEvents(w io.Writer, events []domain.Event, opt WriteOptions) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := writeHeader(cw, EventColumns, opt); err != nil {
		return err
	}
	for _, e := range events {
		rec := []string{e.ID, e.Date.String(), e.EndDate.String(), e.Title, string(e.Kind),
			strings.Join(e.Countries, ";"), strings.Join(e.Series, ";"), e.Source.Publisher, e.Source.Title, e.Source.URL,
			e.Source.PublishedOn.String(), e.Excerpt}
		rec = appendEvidence(rec, e.Evidence)
		if opt.URIs {
			rec[9] = domain.URI(rec[9])
		}
		if opt.SpreadsheetSafe {
			for _, i := range []int{3, 7, 8, 9, 11} { // the free-text columns
				rec[i] = defuse(rec[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
