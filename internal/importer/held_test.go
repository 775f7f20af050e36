package importer_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

const heldHeader = "series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"

func heldRow(end, value, by, url, excerpt string) string {
	return "returns,Returns,returnees,stock,persons,PAK,AFG," + end + "," + value + "," + by + ",The News,A report," + url + "," + excerpt + "\n"
}

// A preview warns of the rows like figures the tracker holds and of the
// rows like an earlier row of the file, and takes them all the same; a
// row that is a held figure already (unchanged) is not warned of.
func TestPreviewWarnsOfHeldFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		held := heldRow("2025-03", "1500", "UNHCR", "https://example.org/a", "1500 returned.")
		if _, err := importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(heldHeader + held),
			CreateOrganizations: true}, exchange.Options{}); err != nil {
			t.Fatal(err)
		}
		file := heldHeader +
			held + // line 2: the held figure itself
			heldRow("2025-04", "1500", "The News", "https://example.org/a", "Some 1500 went home.") + // 3: held source and value
			heldRow("2025-05", "800", "UNHCR", "https://example.org/b", "800 returned.") + // 4: new
			heldRow("2025-06", "800", "The News", "https://example.org/b", "Another 800.") + // 5: like line 4's source and value
			heldRow("2025-03-31", "1500", "unhcr", "https://example.org/c", "UNHCR: 1500.") + // 6: held by organisation, spelt otherwise
			heldRow("2025-07", "9", "The News", "https://example.org/d", "Nine.") // 7: new
		rep, err := importer.Preview(ctx, db, "test", importer.Input{Figures: strings.NewReader(file), FiguresName: "more.csv",
			CreateOrganizations: true}, exchange.Options{})
		if err != nil {
			t.Fatalf("preview: %v %v", err, rep.Problems)
		}
		var lines []int
		for _, h := range rep.Held {
			lines = append(lines, h.Line)
			if h.File != "more.csv" {
				t.Errorf("line %d: file %q", h.Line, h.File)
			}
		}
		if !slices.Equal(lines, []int{3, 5, 6}) {
			t.Fatalf("held rows at lines %v, want 3, 5, 6: %+v", lines, rep.Held)
		}
		if h := rep.Held[0]; len(h.Figures) != 1 || h.Figures[0].Why != store.WhySameSource || len(h.Earlier) != 0 {
			t.Errorf("line 3: %+v", h)
		}
		if h := rep.Held[1]; len(h.Figures) != 0 || !slices.Equal(h.Earlier, []int{4}) || h.EarlierWhy != "same source and value" {
			t.Errorf("line 5: %+v", h)
		}
		if h := rep.Held[2]; len(h.Figures) != 1 || h.Figures[0].Why != store.WhySameOrg || h.Figures[0].SourceURL != "https://example.org/a" {
			t.Errorf("line 6: %+v", h)
		}
		if rep.LikeHeld != 2 || rep.LikeEarlier != 1 || rep.Figures.Created != 5 || rep.Figures.Unchanged != 1 {
			t.Errorf("like held %d, like earlier %d, created %d, unchanged %d; want 2, 1, 5, 1", rep.LikeHeld, rep.LikeEarlier, rep.Figures.Created, rep.Figures.Unchanged)
		}
	})
}
