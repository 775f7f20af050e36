package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// A summary of a series (the home page's "latest") shows the headline of
// its latest fact: the claims about it, not one figure picked from them.
// The claims of the latest fact all lie within domain.FactReach of the
// latest as-of date; which of them are one fact depends on the claims
// before (domain.SinceGap), so a little more is read, and the whole is
// bounded per series, whatever its size.
const (
	// recentReach is how far before a series' latest as-of date its
	// recent claims are read: three fact windows, so that a series
	// reported less often than every two weeks shows a gap to start from.
	recentReach = 3 * domain.FactReach
	// maxRecentClaims bounds the claims read per series. A latest fact of
	// more claims is summarised from the latest of them.
	maxRecentClaims = 50
)

// PublicRecentClaims sets each summary's Recent: the published claims its
// latest fact is found from (domain.Analyse, then Headline), read from the
// (series_id, status, as_of, id) index, at most maxRecentClaims per series,
// in one query for the list. A series whose claims read are all deprecated
// is read again up to its latest claim that is not (a headline passes over
// deprecated claims), one query each: a rare case.
func (db *DB) PublicRecentClaims(ctx context.Context, list []SeriesSummary) error {
	var wants []recentWant
	for i, sum := range list {
		if sum.Latest.ID != "" {
			wants = append(wants, recentWant{at: i, series: sum.Series.ID, to: sum.Latest.PeriodEnd.Last()})
		}
	}
	if err := db.readRecent(ctx, list, wants); err != nil {
		return err
	}
	wants = wants[:0]
	for i, sum := range list {
		if len(sum.Recent) == 0 || len(domain.Live(sum.Recent)) > 0 {
			continue
		}
		var asOf []string
		err := db.selectAll(ctx, &asOf, `SELECT as_of FROM public_figures WHERE series_id = ? AND mark <> ?
			ORDER BY as_of DESC, id DESC LIMIT 1`, sum.Series.ID, string(domain.MarkDeprecated))
		if err != nil {
			return fmt.Errorf("store: recent claims of series %s: %w", sum.Series.Slug, err)
		}
		list[i].Recent = nil
		if len(asOf) == 0 {
			continue // every claim deprecated: nothing to headline
		}
		to, err := time.Parse(time.DateOnly, asOf[0])
		if err != nil {
			return fmt.Errorf("store: series %s: as-of date %q: %w", sum.Series.Slug, asOf[0], err)
		}
		wants = append(wants, recentWant{at: i, series: sum.Series.ID, to: to, bounded: true})
	}
	return db.readRecent(ctx, list, wants)
}

// recentWant is the claims of one series to read: those within recentReach
// before to (and, when bounded, none after it) for list[at].
type recentWant struct {
	at      int
	series  int64
	to      time.Time
	bounded bool
}

func (db *DB) readRecent(ctx context.Context, list []SeriesSummary, wants []recentWant) error {
	if len(wants) == 0 {
		return nil
	}
	parts := make([]string, len(wants))
	var args []any
	at := make(map[int64]int, len(wants))
	for n, w := range wants {
		at[w.series] = w.at
		to, upTo := w.to.Format(time.DateOnly), ""
		args = append(args, w.series, w.to.Add(-recentReach).Format(time.DateOnly))
		if w.bounded {
			upTo = " AND as_of <= ?"
			args = append(args, to)
		}
		parts[n] = fmt.Sprintf(`SELECT * FROM (SELECT `+figureColumns+` FROM public_figures
			WHERE series_id = ? AND as_of >= ?`+upTo+` ORDER BY as_of DESC, id DESC LIMIT %d) r%d`, maxRecentClaims, n)
	}
	var rows []figureRow
	if err := db.selectAll(ctx, &rows, strings.Join(parts, "\nUNION ALL\n"), args...); err != nil {
		return fmt.Errorf("store: recent claims: %w", err)
	}
	for _, r := range rows {
		f, err := r.figure()
		if err != nil {
			return err
		}
		i := at[r.SeriesID]
		list[i].Recent = append(list[i].Recent, f)
	}
	for _, w := range wants {
		list[w.at].Recent = domain.SinceGap(list[w.at].Recent)
	}
	return nil
}
