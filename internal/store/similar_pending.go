package store

import (
	"context"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// This file stands in for the "dupes" helper's internal/store/similar.go
// (issue 18, item 4) with its agreed signature, so that document entry
// builds before that lands: it finds nothing. Delete this file when
// merging similar.go.

// FigureKey is what makes two figures the same claim: the same source and
// value, or the same organisation, value and period. Except is a figure id
// left out of the answer (the figure being edited).
type FigureKey struct {
	SourceURL              string
	Value                  float64
	AttributedTo           string
	PeriodStart, PeriodEnd domain.Date
	Except                 string
}

// SimilarFigure is a held figure like a key, and why.
type SimilarFigure struct {
	ID, SeriesSlug, SeriesTitle, AttributedTo, SourceURL, Why string
	Status                                                    domain.Status
	Value                                                     float64
	Qualifier                                                 domain.Qualifier
	PeriodStart, PeriodEnd                                    domain.Date
}

// SimilarFigures returns, for each key, the figures held like it.
func (db *DB) SimilarFigures(ctx context.Context, keys []FigureKey) ([][]SimilarFigure, error) {
	return make([][]SimilarFigure, len(keys)), nil
}
