package importer

// The rows of a preview like figures the tracker already holds, or like
// an earlier row of the same file: warned of, never refused (a second
// figure from the same source with the same value may be deliberate).

import (
	"context"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// enteredRow is a figure row a preview would create or change: its key
// for the comparison and, to show beside what it is like, its series and
// the few fields of its figure that say which it is (not its excerpt or
// notes: a file may have a million rows).
type enteredRow struct {
	line    int
	key     store.FigureKey
	series  string
	measure domain.Measure
	figure  domain.Figure
}

// watchFigures has opt tell rows the rows that would create or change a
// figure. A row that leaves a figure unchanged is that figure already.
func watchFigures(opt *exchange.Options, rows *[]enteredRow) {
	next := opt.Figure
	opt.Figure = func(line int, outcome domain.Outcome, s domain.Series, f domain.Figure) {
		if next != nil {
			next(line, outcome, s, f)
		}
		if outcome != domain.Unchanged {
			slim := domain.Figure{Value: f.Value, Qualifier: f.Qualifier, ValueLow: f.ValueLow, ValueHigh: f.ValueHigh,
				PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd, AttributedTo: f.AttributedTo}
			*rows = append(*rows, enteredRow{line, store.FigureKey{SourceURL: f.Source.URL, Value: f.Value,
				AttributedTo: f.AttributedTo, PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd, Except: f.ID},
				s.Slug, s.Measure, slim})
		}
	}
}

// maxEarlier bounds the earlier lines one held row lists.
const maxEarlier = 5

// Why a row is like an earlier row of its file. Within a file the
// attribution is compared by its words as the organisation index keys
// them (domain.OrgKey), not by the organisations they name: the file's
// names are not all resolved until it is imported.
const (
	whyEarlierSource = "same source and value"
	whyEarlierWords  = "same attribution, value and period"
)

// addHeld adds to rep the rows of file like figures db holds
// (store.SimilarFigures, read outside the preview's transaction: its own
// rows are not held) or like an earlier row of the file.
func addHeld(ctx context.Context, db *store.DB, file string, rows []enteredRow, rep *exchange.Report) error {
	if len(rows) == 0 {
		return nil
	}
	keys := make([]store.FigureKey, len(rows))
	for i, r := range rows {
		keys[i] = r.key
	}
	similar, err := db.SimilarFigures(ctx, keys)
	if err != nil {
		return err
	}
	type bySource struct {
		url   string
		value float64
	}
	type byWords struct {
		words      string
		value      float64
		start, end time.Time
	}
	sources, words := map[bySource][]int{}, map[byWords][]int{}
	for i, r := range rows {
		row := exchange.HeldRow{File: file, Line: r.line, Series: r.series, Measure: r.measure, Figure: r.figure,
			Figures: heldFigures(similar[i])}
		k := r.key
		if url := strings.TrimSpace(k.SourceURL); url != "" {
			s := bySource{url, k.Value}
			if earlier := sources[s]; len(earlier) > 0 {
				row.Earlier, row.EarlierWhy = earlier, whyEarlierSource
			}
			if len(sources[s]) < maxEarlier {
				sources[s] = append(sources[s], r.line)
			}
		}
		if !domain.NotStated(k.AttributedTo) && !k.PeriodEnd.IsZero() {
			w := byWords{domain.OrgKey(k.AttributedTo), k.Value, k.PeriodStart.First(), k.PeriodEnd.Last()}
			if earlier := words[w]; len(earlier) > 0 && len(row.Earlier) == 0 {
				row.Earlier, row.EarlierWhy = earlier, whyEarlierWords
			}
			if len(words[w]) < maxEarlier {
				words[w] = append(words[w], r.line)
			}
		}
		if len(row.Figures) > 0 || len(row.Earlier) > 0 {
			rep.AddHeld(row)
		}
	}
	return nil
}

func heldFigures(list []store.SimilarFigure) []exchange.HeldFigure {
	if len(list) == 0 {
		return nil
	}
	out := make([]exchange.HeldFigure, len(list))
	for i, f := range list {
		out[i] = exchange.HeldFigure{ID: f.ID, SeriesSlug: f.SeriesSlug, SeriesTitle: f.SeriesTitle,
			AttributedTo: f.AttributedTo, SourceURL: f.SourceURL, Why: f.Why, Status: f.Status, Value: f.Value,
			Qualifier: f.Qualifier, PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd}
	}
	return out
}
