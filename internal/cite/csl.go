package cite

import (
	"bytes"
	"encoding/json"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// cslItem is one CSL-JSON item (CSL 1.0.2 schema), fields in the order they
// are written.
type cslItem struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title,omitempty"`
	Author         []cslName `json:"author,omitempty"`
	ContainerTitle string    `json:"container-title,omitempty"`
	Publisher      string    `json:"publisher,omitempty"`
	Issued         *cslDate  `json:"issued,omitempty"`
	Accessed       *cslDate  `json:"accessed,omitempty"`
	URL            string    `json:"URL,omitempty"`
	Note           string    `json:"note,omitempty"`
}

// cslName is an institutional name: a literal, never parsed into given and
// family parts.
type cslName struct {
	Literal string `json:"literal"`
}

// cslDate holds one date with as many parts as it is precise: [[2025]],
// [[2025, 4]] or [[2025, 4, 20]].
type cslDate struct {
	DateParts [][]int `json:"date-parts"`
}

func cslDateOf(d domain.Date) *cslDate {
	if d.IsZero() {
		return nil
	}
	parts := []int{d.Year}
	if d.Month != 0 {
		parts = append(parts, int(d.Month))
		if d.Day != 0 {
			parts = append(parts, d.Day)
		}
	}
	return &cslDate{DateParts: [][]int{parts}}
}

// writeCSL writes r as a CSL-JSON array of one "dataset" item, indented by
// two spaces and ending with a newline. HTML characters (& < >) are written
// as themselves rather than as \u0026 escapes: the document is served as
// CSL-JSON, never inside HTML, and reads better so.
func writeCSL(b *bytes.Buffer, r record) {
	it := cslItem{
		ID:             r.key,
		Type:           "dataset",
		Title:          r.title,
		ContainerTitle: r.container,
		Publisher:      r.publisher,
		Issued:         cslDateOf(r.issued),
		Accessed:       cslDateOf(r.accessed),
		URL:            r.url,
		Note:           r.note,
	}
	for _, a := range r.authors {
		it.Author = append(it.Author, cslName{a})
	}
	if r.others {
		it.Author = append(it.Author, cslName{"others"})
	}
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode([]cslItem{it}); err != nil {
		// Strings, ints and slices of them always encode.
		panic(err)
	}
}
