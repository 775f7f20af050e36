package web

import (
	"context"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/extract"
)

// readOptions is what the document around a pasted sentence or text tells
// the reader: its publication date (for "so far", "on Tuesday", "last
// month"), the words of the series being entered (to choose among several
// numbers) and the organisation registry (to resolve attributions), with
// the registry's index for naming an attribution the save will accept.
// The figure form and document entry read the same way.
func (s *Server) readOptions(ctx context.Context, published domain.Date, seriesSlug string) (extract.Options, *domain.OrgIndex, error) {
	o := extract.Options{Published: published}
	if seriesSlug != "" {
		if sr, err := s.db.SeriesBySlug(ctx, seriesSlug); err == nil {
			o.Series = sr.Title
		}
	}
	orgs, err := s.db.Organizations(ctx)
	if err != nil {
		return o, nil, err
	}
	o.Organizations = orgs
	return o, domain.NewOrgIndex(orgs), nil
}

// proposedAttribution is what an attribution field is proposed to hold, from the
// reader's words and the organisation it resolved them to: the words when
// they name an organisation known here, else that organisation's name,
// else the words with a note saying they name nobody known (a save would
// refuse them). Empty words propose nothing.
func proposedAttribution(words, org string, idx *domain.OrgIndex) (value, note string) {
	words = extract.OneLine(words)
	switch {
	case words == "":
		return "", ""
	case !namesNoOrg(idx, words):
		return words, ""
	case org != "":
		return org, ""
	}
	return words, unknownOrg(words)
}
