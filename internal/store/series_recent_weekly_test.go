package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// A stock series reported weekly by two organisations for a year: the
// home page's "Latest" (PublicRecentClaims) should be the series page's.
func TestRecentClaimsGiveTheSeriesHeadlineOfAWeeklySeries(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	storetest.Orgs(t, db, "IOM", "UNHCR")
	err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(ctx, domain.Series{Slug: "w", Title: "Weekly", PopulationGroup: "idps",
			Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN"}, domain.ActionImport, true)
		if err != nil {
			return err
		}
		d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 52 {
			by := []string{"IOM", "UNHCR"}[i%2]
			end := d.AddDate(0, 0, 7*i).Format(time.DateOnly)
			_, _, err = tx.ImportFigure(ctx, s, domain.Figure{Value: float64(100_000 + 1000*i), Qualifier: domain.Exact, PeriodEnd: domain.MustDate(end),
				AttributedTo: by, Excerpt: "x people.",
				Source: domain.Source{Title: "B " + end, Publisher: by, URL: fmt.Sprintf("https://example.org/%d", i)}}, domain.StatusPublished)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	list, _, err := db.PublicSeriesPage(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.PublicRecentClaims(ctx, list); err != nil {
		t.Fatal(err)
	}
	figs, _ := db.PublicFiguresOfSeries(ctx, list[0].Series.ID)
	a, _ := domain.Analyse(domain.MeasureStock, figs, nil).Headline()
	b, _ := domain.Analyse(domain.MeasureStock, list[0].Recent, nil).Headline()
	aw, bw := a.Fact.PeriodWords()+": "+a.Words(), b.Fact.PeriodWords()+": "+b.Words()
	if aw != bw {
		t.Errorf("series page: %s\nhome page:   %s", aw, bw)
	}
}
