package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// Two rows of one import that disagree about a document's title are an
// error naming the line — also when so many other documents came between
// them that the transaction no longer remembers the first.
func TestImportRowsMustAgreeAboutADocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, bound := range []int{1000, 2} {
			t.Run(fmt.Sprintf("cache %d", bound), func(t *testing.T) {
				defer store.SetMaxCachedSources(bound)()
				var b strings.Builder
				b.WriteString("series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n")
				row := func(i int, url, title string) {
					fmt.Fprintf(&b, "agree-%d,Agree %d,returnees,stock,persons,PAK,AFG,2024-01-%02d,%d,IOM,IOM,\"%s\",%s,%d people.\n", bound, bound, i+1, 100+i, title, url, 100+i)
				}
				row(0, "https://example.org/a", "Report A")
				for i := 1; i <= 5; i++ {
					row(i, fmt.Sprintf("https://example.org/other-%d", i), "Other")
				}
				row(6, "https://example.org/a", "Report A, retitled")
				rep, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(b.String()), CreateOrganizations: true}, exchange.Options{})
				if !errors.Is(err, exchange.ErrRejected) || len(rep.Problems) != 1 {
					t.Fatalf("err %v, problems %v", err, rep.Problems)
				}
				if p := rep.Problems[0].Error(); !strings.Contains(p, "line 8") || !strings.Contains(p, "source_title") || !strings.Contains(p, `"Report A"`) {
					t.Errorf("problem %q should name line 8, source_title and the title given first", p)
				}
			})
		}
	})
}

func TestPublicSourceReadings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ids := browseData(t, db)
		ctx := context.Background()
		// Source a: one published figure, one draft (of the hidden
		// series) and one published event.
		src, figs, events, err := db.PublicSourceReadings(ctx, ids["a"])
		if err != nil {
			t.Fatal(err)
		}
		if src.URL != "https://example.org/a" || src.Publisher != "Bloomberg" {
			t.Errorf("source %+v", src)
		}
		if len(figs) != 1 || figs[0].Series.Slug != "pak-afg-returns" || figs[0].Figure.PeriodEnd.String() != "2025-01-01" {
			t.Errorf("figures %+v", figs)
		}
		if len(events) != 1 || events[0].Title != "A deadline a" {
			t.Errorf("events %+v", events)
		}
		// An event's source only is public; a draft's only, or none, is not.
		if _, figs, events, err := db.PublicSourceReadings(ctx, ids["notice"]); err != nil || len(figs) != 0 || len(events) != 1 {
			t.Errorf("event-only source: %d figures, %d events, %v", len(figs), len(events), err)
		}
		for _, id := range []int64{ids["draft"], ids["draft-notice"], 999999} {
			if _, _, _, err := db.PublicSourceReadings(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
				t.Errorf("source %d: %v, want ENOTFOUND", id, err)
			}
		}
	})
}
