package exchange

import "github.com/displacement-tracker/tracker/internal/domain"

// HeldRow is a row of a figures file that a preview warns of without
// refusing it (importer.Preview): a row like figures the tracker already
// holds, or like an earlier row of the same file. The import takes it all
// the same; the warning is for the person who confirms.
type HeldRow struct {
	File string
	Line int
	// Series and Measure are the row's series, and Figure its value,
	// qualifier, period and attribution: what the person who confirms
	// compares with the held figures.
	Series  string
	Measure domain.Measure
	Figure  domain.Figure
	// Figures are the held figures like the row, up to five.
	Figures []HeldFigure
	// Earlier are the earlier lines of the same file like it, and
	// EarlierWhy how ("same source and value").
	Earlier    []int
	EarlierWhy string
}

// HeldFigure is a figure the tracker holds, as a preview names it: the
// fields of store.SimilarFigure, which this package does not import.
type HeldFigure struct {
	ID, SeriesSlug, SeriesTitle, AttributedTo, SourceURL, Why string
	Status                                                    domain.Status
	Value                                                     float64
	Qualifier                                                 domain.Qualifier
	PeriodStart, PeriodEnd                                    domain.Date
}

// MaxHeldRows is how many held rows a report lists; HeldOmitted counts the
// rest.
const MaxHeldRows = 500

// AddHeld adds row to the report's held rows and counts it.
func (r *Report) AddHeld(row HeldRow) {
	if len(row.Figures) > 0 {
		r.LikeHeld++
	}
	if len(row.Earlier) > 0 {
		r.LikeEarlier++
	}
	if len(r.Held) >= MaxHeldRows {
		r.HeldOmitted++
		return
	}
	r.Held = append(r.Held, row)
}
