package exchange

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// table reads a canonical CSV row by row: it strips a UTF-8 BOM, decodes
// UTF-16 (asUTF8), accepts CRLF
// and LF, checks the header against the known columns, and skips HXL
// hashtag rows. Memory stays bounded by one row.
type table struct {
	r       *csv.Reader
	columns []Column
	index   map[string]int // column name → position in the file
	width   int
	line    int // first line of the current row
}

// row is one data row: the values by column name, and where it starts.
type row struct {
	line   int
	values []string
	t      *table
}

// get returns the value of a column, with surrounding spaces removed; "" for
// a column the file does not have.
func (r row) get(name string) string { return strings.TrimSpace(r.raw(name)) }

// raw returns the value as written, for text that is quoted verbatim.
func (r row) raw(name string) string {
	i, ok := r.t.index[name]
	if !ok {
		return ""
	}
	return r.values[i]
}

func newTable(in io.Reader, columns []Column) (*table, LineErrors) {
	text, err := asUTF8(bufio.NewReaderSize(in, 64<<10))
	if err != nil {
		return nil, LineErrors{{Line: 1, Message: err.Error()}}
	}
	t := &table{r: csv.NewReader(text), columns: columns, index: map[string]int{}}
	t.r.ReuseRecord = true
	t.r.FieldsPerRecord = -1 // checked here, so the message can say more
	header, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return nil, LineErrors{{Line: 1, Message: "the file is empty: expected a header row naming the columns (" + names(columns, true) + ")"}}
	}
	if err != nil {
		return nil, LineErrors{csvError(err, 1)}
	}
	t.line, _ = t.r.FieldPos(0)
	if probs := t.readHeader(header); len(probs) > 0 {
		return nil, probs
	}
	return t, nil
}

func (t *table) readHeader(header []string) LineErrors {
	// Spreadsheets save "Unicode Text" with tabs, and in many locales CSV
	// with semicolons: one line saying so beats an unknown column and a
	// missing one for every column.
	if len(header) == 1 {
		for _, sep := range []struct{ char, name string }{{"\t", "tabs"}, {";", "semicolons"}} {
			if strings.Count(header[0], sep.char) >= 2 {
				return LineErrors{{Line: 1, Message: "the columns are separated by " + sep.name +
					", not commas: save the file as CSV UTF-8 (comma-separated)"}}
			}
		}
	}
	var probs LineErrors
	known := map[string]bool{}
	for _, c := range t.columns {
		known[c.Name] = true
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		switch {
		case name == "":
			probs = append(probs, LineError{Line: 1, Message: fmt.Sprintf("column %d has no name", i+1)})
		case !known[name]:
			probs = append(probs, LineError{Line: 1, Column: h, Message: "unknown column; the columns are " + names(t.columns, false)})
		default:
			if first, dup := t.index[name]; dup {
				probs = append(probs, LineError{Line: 1, Column: name, Message: fmt.Sprintf("appears twice (column %d and column %d)", first+1, i+1)})
				continue
			}
			t.index[name] = i
		}
	}
	for _, c := range t.columns {
		if _, ok := t.index[c.Name]; c.Required && !ok {
			probs = append(probs, LineError{Line: 1, Column: c.Name, Message: "required column is missing"})
		}
	}
	t.width = len(header)
	return probs
}

// next returns the next data row, io.EOF at the end, or a LineError for a row
// that cannot be read. After a malformed quote the reader stops: what follows
// cannot be trusted.
func (t *table) next() (row, error) {
	for {
		rec, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			return row{}, io.EOF
		}
		if err != nil {
			// A failed Read leaves no field positions (FieldPos would
			// panic). A parse error carries its line; for any other,
			// the line after the last row read is the best guess.
			le := csvError(err, t.line+1)
			return row{line: le.Line}, le
		}
		line, _ := t.r.FieldPos(0)
		t.line = line
		if isHXL(rec) {
			continue
		}
		if len(rec) != t.width {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue // a blank line
			}
			return row{line: line}, LineError{Line: line, Message: fmt.Sprintf("has %d fields, the header has %d", len(rec), t.width)}
		}
		if col := t.notText(rec); col != "" {
			return row{line: line}, LineError{Line: line, Column: col,
				Message: "holds a NUL character or bytes that are not UTF-8; save the file as UTF-8 text"}
		}
		return row{line: line, values: rec, t: t}, nil
	}
}

// notText names the first column of rec whose cell is not text: a NUL or
// bytes that are not UTF-8, which no field takes (and PostgreSQL refuses).
func (t *table) notText(rec []string) string {
	for i, v := range rec {
		if strings.IndexByte(v, 0) < 0 && utf8.ValidString(v) {
			continue
		}
		for name, at := range t.index {
			if at == i {
				return name
			}
		}
	}
	return ""
}

// asUTF8 returns the text of br as UTF-8, without a byte-order mark. A
// UTF-16 file — with a BOM, as Excel's and LibreOffice's "Unicode" CSV
// are, or without one, known by the NUL of every other byte of its ASCII
// header — is decoded as it streams: the user meant text, and saving it
// again in another encoding is a chore that fixes nothing. UTF-32 is so rare
// that it is refused, with what to do.
func asUTF8(br *bufio.Reader) (io.Reader, error) {
	b, _ := br.Peek(64)
	le, be := unicode.LittleEndian, unicode.BigEndian
	switch {
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		br.Discard(3)
		return br, nil
	case bytes.HasPrefix(b, []byte("\x00\x00\xfe\xff")), bytes.HasPrefix(b, []byte("\xff\xfe\x00\x00")):
		return nil, errors.New("the file is UTF-32; save it as UTF-8 (in Excel: CSV UTF-8)")
	case bytes.HasPrefix(b, []byte("\xff\xfe")), bytes.HasPrefix(b, []byte("\xfe\xff")):
		return transform.NewReader(br, unicode.UTF16(le, unicode.ExpectBOM).NewDecoder()), nil
	case utf16Pattern(b, 1):
		return transform.NewReader(br, unicode.UTF16(le, unicode.IgnoreBOM).NewDecoder()), nil
	case utf16Pattern(b, 0):
		return transform.NewReader(br, unicode.UTF16(be, unicode.IgnoreBOM).NewDecoder()), nil
	}
	return br, nil
}

// utf16Pattern reports whether b looks like ASCII text in UTF-16: at least
// two characters, each a zero byte at position zero (0 or 1 of each pair)
// and a non-zero one beside it.
func utf16Pattern(b []byte, zero int) bool {
	n := len(b) &^ 1
	if n < 4 {
		return false
	}
	for i := 0; i < n; i += 2 {
		if b[i+zero] != 0 || b[i+1-zero] == 0 {
			return false
		}
	}
	return true
}

// isHXL reports whether rec is an HXL hashtag row: every non-empty cell
// starts with '#'.
func isHXL(rec []string) bool {
	any := false
	for _, v := range rec {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if !strings.HasPrefix(v, "#") {
			return false
		}
		any = true
	}
	return any
}

// fatal reports whether err stops reading the file.
func fatal(err error) bool {
	var le LineError
	return errors.As(err, &le) && strings.HasPrefix(le.Message, "malformed CSV")
}

func csvError(err error, line int) LineError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return LineError{Line: pe.Line, Message: fmt.Sprintf("malformed CSV at character %d: %v", pe.Column, pe.Err)}
	}
	return LineError{Line: line, Message: "cannot read: " + err.Error()}
}

func names(cols []Column, requiredOnly bool) string {
	var s []string
	for _, c := range cols {
		if !requiredOnly || c.Required {
			s = append(s, c.Name)
		}
	}
	return strings.Join(s, ", ")
}
