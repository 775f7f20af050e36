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
// in one query for the list.
func (db *DB) PublicRecentClaims(ctx context.Context, list []SeriesSummary) error {
	var parts []string
	var args []any
	at := make(map[int64]int, len(list))
	for i, sum := range list {
		if sum.Latest.ID == "" {
			continue
		}
		at[sum.Series.ID] = i
		from := sum.Latest.PeriodEnd.Last().Add(-recentReach).Format(time.DateOnly)
		parts = append(parts, fmt.Sprintf(`SELECT * FROM (SELECT `+figureColumns+` FROM public_figures
			WHERE series_id = ? AND as_of >= ? ORDER BY as_of DESC, id DESC LIMIT %d) r%d`, maxRecentClaims, len(parts)))
		args = append(args, sum.Series.ID, from)
	}
	if len(parts) == 0 {
		return nil
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
	for i := range list {
		list[i].Recent = domain.SinceGap(list[i].Recent)
	}
	return nil
}
