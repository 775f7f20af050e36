package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

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
// in one query per recentBatch series. A series whose claims read are all
// deprecated is read again up to its latest claim that is not (a headline
// passes over deprecated claims): a rare case, found in one query per
// recentBatch such series too.
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
	var again []int
	for i, sum := range list {
		if len(sum.Recent) > 0 && len(domain.Live(sum.Recent)) == 0 {
			list[i].Recent = nil
			again = append(again, i)
		}
	}
	wants = wants[:0]
	for start := 0; start < len(again); start += recentBatch {
		batch := again[start:min(start+recentBatch, len(again))]
		ids := make([]int64, len(batch))
		for n, i := range batch {
			ids[n] = list[i].Series.ID
		}
		query, args, err := sqlx.In(`SELECT s.id, (SELECT as_of FROM public_figures f WHERE f.series_id = s.id AND f.mark <> ?
			ORDER BY f.as_of DESC, f.id DESC LIMIT 1) AS as_of FROM series s WHERE s.id IN (?)`, string(domain.MarkDeprecated), ids)
		if err != nil {
			return fmt.Errorf("store: recent claims: %w", err)
		}
		var rows []struct {
			ID   int64          `db:"id"`
			AsOf sql.NullString `db:"as_of"`
		}
		if err := db.selectAll(ctx, &rows, query, args...); err != nil {
			return fmt.Errorf("store: recent claims: %w", err)
		}
		latest := make(map[int64]string, len(rows))
		for _, r := range rows {
			if r.AsOf.Valid {
				latest[r.ID] = r.AsOf.String
			}
		}
		for _, i := range batch {
			sum := list[i]
			asOf, ok := latest[sum.Series.ID]
			if !ok {
				continue // every claim deprecated: nothing to headline
			}
			to, err := time.Parse(time.DateOnly, asOf)
			if err != nil {
				return fmt.Errorf("store: series %s: as-of date %q: %w", sum.Series.Slug, asOf, err)
			}
			wants = append(wants, recentWant{at: i, series: sum.Series.ID, to: to, bounded: true})
		}
	}
	return db.readRecent(ctx, list, wants)
}

// recentBatch is the most series read in one query: SQLite allows at most
// 500 terms in a compound SELECT, and a page of the API lists up to 1,000.
const recentBatch = 200

// recentWant is the claims of one series to read: those within recentReach
// before to (and, when bounded, none after it) for list[at].
type recentWant struct {
	at      int
	series  int64
	to      time.Time
	bounded bool
}

// readRecent reads the claims wants asks for, recentBatch series a query.
func (db *DB) readRecent(ctx context.Context, list []SeriesSummary, wants []recentWant) error {
	for start := 0; start < len(wants); start += recentBatch {
		if err := db.readRecentBatch(ctx, list, wants[start:min(start+recentBatch, len(wants))]); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) readRecentBatch(ctx context.Context, list []SeriesSummary, wants []recentWant) error {
	parts := make([]string, 0, len(wants))
	var args []any
	// A list may name a series more than once; each of its summaries
	// gets the claims, read once.
	at := make(map[int64][]int, len(wants))
	for _, w := range wants {
		if _, read := at[w.series]; read {
			at[w.series] = append(at[w.series], w.at)
			continue
		}
		at[w.series] = []int{w.at}
		to, upTo := w.to.Format(time.DateOnly), ""
		args = append(args, w.series, w.to.Add(-recentReach).Format(time.DateOnly))
		if w.bounded {
			upTo = " AND as_of <= ?"
			args = append(args, to)
		}
		parts = append(parts, fmt.Sprintf(`SELECT * FROM (SELECT `+figureColumns+` FROM public_figures
			WHERE series_id = ? AND as_of >= ?`+upTo+` ORDER BY as_of DESC, id DESC LIMIT %d) r%d`, maxRecentClaims, len(parts)))
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
		for _, i := range at[r.SeriesID] {
			list[i].Recent = append(list[i].Recent, f)
		}
	}
	for _, w := range wants {
		list[w.at].Recent = domain.SinceGap(list[w.at].Recent)
	}
	return nil
}
