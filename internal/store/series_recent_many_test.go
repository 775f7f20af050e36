package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// The API's series list allows limit=1000, and SQLite allows 500 terms in
// a compound SELECT: the recent claims of a long list are read in
// batches, and so is the second read of the series whose recent claims
// are all deprecated.
func TestPublicRecentClaimsManySeries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "IOM")
		type claim struct {
			slug, end string
			value     float64
		}
		claims := []claim{
			{"d", "2024-01-01", 10}, // series d's latest claim is deprecated:
			{"d", "2025-03-01", 20}, // its headline is the one before, read again
		}
		for i := range 600 {
			claims = append(claims, claim{fmt.Sprintf("a%03d", i), "2025-01-01", float64(i)})
		}
		err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
			for _, c := range claims {
				s, err := tx.EnsureSeries(ctx, domain.Series{Slug: c.slug, Title: "Series " + c.slug, PopulationGroup: "idps",
					Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN"}, domain.ActionImport, true)
				if err != nil {
					return err
				}
				_, _, err = tx.ImportFigure(ctx, s, domain.Figure{Value: c.value, Qualifier: domain.Exact, PeriodEnd: domain.MustDate(c.end),
					AttributedTo: "IOM", Excerpt: fmt.Sprintf("%v people.", c.value),
					Source: domain.Source{Title: "Bulletin " + c.end, Publisher: "IOM", URL: "https://example.org/" + c.slug + "/" + c.end}}, domain.StatusPublished)
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		valueOf := map[string]float64{}
		for _, c := range claims {
			valueOf[c.slug] = c.value
		}
		page, err := db.PublicSeriesSearch(ctx, store.SeriesFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, sum := range page.Series {
			if sum.Series.Slug == "d" {
				storetest.Mark(t, db, sum.Latest.ID, domain.MarkDeprecated, "withdrawn by its publisher")
			}
		}
		if page, err = db.PublicSeriesSearch(ctx, store.SeriesFilter{}); err != nil || len(page.Series) != 601 {
			t.Fatal(err, len(page.Series))
		}
		// 1,000 summaries (the most a page of the API lists): 601 series,
		// and series d 400 times more (a list that names a series twice
		// gets its claims twice).
		list := page.Series
		var d store.SeriesSummary
		for _, sum := range list {
			if sum.Series.Slug == "d" {
				d = sum
			}
		}
		for len(list) < 1000 {
			list = append(list, d)
		}
		if err := db.PublicRecentClaims(ctx, list); err != nil {
			t.Fatalf("1,000 summaries: %v", err)
		}
		for i, sum := range list {
			var values []float64
			for _, f := range sum.Recent {
				values = append(values, f.Value)
			}
			want := "[10]"
			if sum.Series.Slug != "d" {
				want = fmt.Sprint([]float64{valueOf[sum.Series.Slug]})
			}
			if got := fmt.Sprint(values); got != want {
				t.Fatalf("summary %d (series %s): recent claims %s, want %s", i, sum.Series.Slug, got, want)
			}
		}
	})
}
