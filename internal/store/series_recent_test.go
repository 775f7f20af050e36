package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// A listed series comes with the claims of its latest fact, read within
// reach of its latest date and bounded per series: not the claims before
// its latest gap, not drafts, not more than fifty.
func TestPublicRecentClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "IOM", "UNHCR", "Gazette")
		add := func(slug, end, by string, value float64, status domain.Status) {
			t.Helper()
			err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
				s, err := tx.EnsureSeries(ctx, domain.Series{Slug: slug, Title: "Series " + slug, PopulationGroup: "idps",
					Measure: domain.MeasureStock, Unit: "persons", FromISO3: "SDN"}, domain.ActionImport, true)
				if err != nil {
					return err
				}
				_, _, err = tx.ImportFigure(ctx, s, domain.Figure{Value: value, Qualifier: domain.Exact, PeriodEnd: domain.MustDate(end),
					AttributedTo: by, Excerpt: fmt.Sprintf("%v people.", value),
					Source: domain.Source{Title: "Bulletin " + end, Publisher: "Gazette", URL: "https://example.org/" + slug + "/" + end + "/" + by}}, status)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		add("a", "2024-06-01", "IOM", 50_000, domain.StatusPublished)    // long before: not read
		add("a", "2025-02-01", "IOM", 100_000, domain.StatusPublished)   // read, but before a gap of 28 days
		add("a", "2025-03-01", "UNHCR", 200_000, domain.StatusPublished) // the latest fact …
		add("a", "2025-03-10", "IOM", 210_000, domain.StatusPublished)   // … of two claims
		add("a", "2025-03-12", "IOM", 999_000, domain.StatusDraft)       // a draft: never
		add("b", "2024-01-01", "UNHCR", 7, domain.StatusPublished)
		for i := range 60 {
			add("c", fmt.Sprintf("2025-01-%02d", 1+i%28), "IOM", float64(1000+i), domain.StatusPublished)
		}
		page, err := db.PublicSeriesSearch(ctx, store.SeriesFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.PublicRecentClaims(ctx, page.Series); err != nil {
			t.Fatal(err)
		}
		got := map[string]store.SeriesSummary{}
		for _, s := range page.Series {
			got[s.Series.Slug] = s
		}
		var values []float64
		for _, f := range got["a"].Recent {
			values = append(values, f.Value)
		}
		if fmt.Sprint(values) != "[200000 210000]" {
			t.Errorf("series a: recent claims %v, want the two of its latest fact, oldest first", values)
		}
		h, ok := domain.Analyse(domain.MeasureStock, got["a"].Recent, nil).Headline()
		if want := "200,000–210,000 from 2 sources: UNHCR and IOM"; !ok || h.Words() != want {
			t.Errorf("series a: headline %q, want %q", h.Words(), want)
		}
		if r := got["b"].Recent; len(r) != 1 || r[0].Value != 7 {
			t.Errorf("series b: recent claims %+v, want its one figure", r)
		}
		if r := got["c"].Recent; len(r) != 50 || r[len(r)-1].PeriodEnd.String() != "2025-01-28" {
			t.Errorf("series c: %d recent claims, want the latest 50", len(r))
		}
	})
}
