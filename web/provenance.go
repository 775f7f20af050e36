package web

import (
	"context"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// provenanceView says whether a figure's excerpt is in the saved copy of
// its source (issue 17): "Excerpt found in the copy saved on 20 Apr 2025
// (SHA-256 …)", with the excerpt highlighted in its paragraph of the copy.
type provenanceView struct {
	Saved       bool // a copy of the source is saved
	Status      domain.ExcerptStatus
	SavedAt     time.Time
	SHA256      string
	Differences []string
	// The paragraph of the copy around the match, cut at it.
	Before, Match, After string
}

// Words is the status as the page says it: "found", "nearly found", "not
// found", "not checked" (a copy with no text: a scanned PDF).
func (p provenanceView) Words() string { return excerptStatusWords(p.Status) }

// In joins Words to "the copy of the source saved on …": "in", or for a
// copy with no text ": no text could be read from".
func (p provenanceView) In() string {
	if p.Status == domain.ExcerptUnchecked {
		return ": no text could be read from"
	}
	return "in"
}

// provenance checks excerpt against the latest saved copy of source id.
func (s *Server) provenance(ctx context.Context, sourceID int64, excerpt string) (provenanceView, error) {
	cp, err := s.db.LatestSourceText(ctx, sourceID)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return provenanceView{Status: domain.ExcerptUnchecked}, nil
	}
	if err != nil {
		return provenanceView{}, err
	}
	r := domain.CheckExcerpt(excerpt, cp.Text)
	p := provenanceView{Saved: true, Status: r.Status, SavedAt: cp.FetchedAt, SHA256: cp.SHA256, Differences: r.Differences}
	if r.Status == domain.ExcerptFound || r.Status == domain.ExcerptNearlyFound {
		p.Before, p.Match, p.After = cutParagraph(cp.Text, r)
	}
	return p, nil
}

// cutParagraph splits the check's paragraph of text around its match.
func cutParagraph(text string, r domain.ExcerptCheck) (before, match, after string) {
	if r.ParagraphStart > r.Start || r.End > r.ParagraphEnd || r.ParagraphEnd > len(text) {
		return "", "", ""
	}
	return text[r.ParagraphStart:r.Start], text[r.Start:r.End], text[r.End:r.ParagraphEnd]
}

// approveWhy says why approving needs a reason: the excerpt was not found
// in the copy of its source saved on that day; "" when it was found, nearly
// found, or no copy is saved.
func approveWhy(p provenanceView) string {
	if p.Status != domain.ExcerptNotFound {
		return ""
	}
	return "the excerpt was not found in the copy of its source saved on " + p.SavedAt.UTC().Format("2 Jan 2006") + "."
}
