package web

import (
	"context"
	"fmt"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// sourceFieldNames are the source fields as an officer names them, for
// what the page says about a document the tracker already keeps.
var sourceFieldNames = map[string]string{
	"source_title": "title", "source_publisher": "publisher", "source_published": "publication date",
	"source_accessed": "date accessed", "archive_url": "archive URL", "licence": "licence",
}

// fillFromRecord fills the source fields the editor left empty from the
// source the tracker keeps for the document's URL, and returns what the
// page should say: that they were filled, and each field typed otherwise
// than on record, which a save would refuse (published figures cite the
// document as it is on record). It says nothing for a document not kept.
// What the editor typed is never overwritten: the page tells them instead.
func (s *Server) fillFromRecord(ctx context.Context, f *form) (string, error) {
	url := strings.TrimSpace(f.Values["source_url"])
	if url == "" || f.Values["source_id"] != "" {
		return "", nil // no document named, or one opened from the record
	}
	src, err := s.db.SourceByURL(ctx, url)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	kept := newForm(nil)
	setDocumentSource(kept, src)
	filled := false
	var differ []string
	for _, field := range documentSourceFields {
		have, typed := kept.Values[field], strings.TrimSpace(f.Values[field])
		switch {
		case field == "source_url" || typed == have:
		case typed == "":
			f.Values[field], filled = have, true
		case field == "source_publisher":
			// the same organisation in other words is accepted by a save
		case have == "":
			differ = append(differ, fmt.Sprintf("no %s", sourceFieldNames[field]))
		default:
			differ = append(differ, fmt.Sprintf("%s “%s”", sourceFieldNames[field], have))
		}
	}
	msg := "The tracker already keeps this document."
	if filled {
		msg += " The source fields you left empty are filled from its record."
	}
	if len(differ) > 0 {
		msg += fmt.Sprintf(" It is on record with %s: published figures cite it so, and a save with what you typed will be refused — use what is on record.", strings.Join(differ, ", "))
	}
	return msg, nil
}
