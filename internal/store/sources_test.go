package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

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
				rep, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(b.String())}, exchange.Options{})
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
