package store_test

import (
	"context"
	"sort"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// The API's series pages, walked to the end, are PublicSeries by slug.
func TestPublicSeriesPagesWalkEverySeries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db)
		all, err := db.PublicSeries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(all, func(i, j int) bool { return all[i].Series.Slug < all[j].Series.Slug })
		for _, limit := range []int{1, 2, 3, len(all), len(all) + 1} {
			var walked []store.SeriesSummary
			after := ""
			for pages := 0; ; pages++ {
				page, more, err := db.PublicSeriesPage(ctx, after, limit)
				if err != nil {
					t.Fatal(err)
				}
				if len(page) > limit || more && len(page) != limit || pages > len(all) {
					t.Fatalf("limit %d: page of %d, more %v", limit, len(page), more)
				}
				walked = append(walked, page...)
				if !more {
					break
				}
				after = page[len(page)-1].Series.Slug
			}
			if len(walked) != len(all) {
				t.Fatalf("limit %d: %d series, want %d", limit, len(walked), len(all))
			}
			for i := range all {
				w, a := walked[i], all[i]
				if w.Series != a.Series || w.Count != a.Count || w.Latest.ID != a.Latest.ID {
					t.Errorf("limit %d, #%d: %+v, want %+v", limit, i, w, a)
				}
			}
		}
	})
}
