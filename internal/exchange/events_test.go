package exchange_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

const linkedEventsCSV = "event_id,date,end_date,title,kind,countries,series,source_publisher,source_title,source_url,source_published,excerpt\r\n" +
	"global-1,2024-06-20,,World Refugee Day report,other,,afghan-returns-pak-iom;afg-repatriated-from-pak-cumulative-pak-gov," +
	"UNHCR,Global Trends,https://example.org/global-trends,,The report was published on 20 June.\r\n" +
	"pak-1,2024-07-01,,Proof of Registration cards extended,policy,PAK,,Dawn,PoR extension,https://example.org/por,,The cards were extended.\r\n"

// TestEventsCSVSeriesRoundTrip imports events with links to series, exports
// them and reads the export back: the links survive, in order.
func TestEventsCSVSeriesRoundTrip(t *testing.T) {
	db := storetest.Demo(t)
	ctx := context.Background()
	in := strings.Replace(linkedEventsCSV, "afghan-returns-pak-iom", otherDemoSlug(t, db), 1)
	if _, err := importer.Run(ctx, db, "test", importer.Input{Events: strings.NewReader(in), CreateOrganizations: true},
		exchange.Options{}); err != nil {
		t.Fatal(err)
	}
	events, err := db.PublicEvents(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := exchange.WriteEvents(&out, events, exchange.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	again := storetest.Demo(t)
	if _, err := importer.Run(ctx, again, "test", importer.Input{Events: bytes.NewReader(out.Bytes()), CreateOrganizations: true},
		exchange.Options{}); err != nil {
		t.Fatalf("importing the export: %v", err)
	}
	back, err := again.PublicEvents(ctx, store.EventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, e := range back {
		got[e.ID] = e.Series
	}
	want := []string{otherDemoSlug(t, db), "afg-repatriated-from-pak-cumulative-pak-gov"}
	if !slices.Equal(got["global-1"], want) {
		t.Errorf("global-1 series after the round trip = %v, want %v", got["global-1"], want)
	}
	if s, ok := got["pak-1"]; !ok || len(s) != 0 {
		t.Errorf("pak-1 series after the round trip = %v (found %v), want none", s, ok)
	}
	if !strings.Contains(out.String(), ","+want[0]+";"+want[1]+",") {
		t.Errorf("the export does not write the links as slugs joined by ';':\n%s", out.String())
	}
}

// TestEventsCSVBadSeries names the line and the field of a link that is no
// slug, or names no series.
func TestEventsCSVBadSeries(t *testing.T) {
	for _, tt := range []struct{ series, want string }{
		{"Not A Slug", `"Not A Slug"`},
		{"no-such-series", `"no-such-series"`},
	} {
		db := storetest.Demo(t)
		in := strings.Replace(linkedEventsCSV, "afghan-returns-pak-iom;afg-repatriated-from-pak-cumulative-pak-gov", tt.series, 1)
		rep, err := importer.Run(context.Background(), db, "test", importer.Input{Events: strings.NewReader(in), CreateOrganizations: true},
			exchange.Options{})
		les := rep.Problems
		if !errors.Is(err, exchange.ErrRejected) || len(les) != 1 || les[0].Line != 2 || les[0].Column != "series" || !strings.Contains(les[0].Message, tt.want) {
			t.Errorf("series %q: err = %v, %v; want one error on line 2, column series, naming %s", tt.series, err, les, tt.want)
		}
	}
}

// otherDemoSlug is a demo series other than the government's totals.
func otherDemoSlug(t *testing.T, db *store.DB) string {
	t.Helper()
	list, err := db.PublicSeries(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.Series.Slug != "afg-repatriated-from-pak-cumulative-pak-gov" {
			return s.Series.Slug
		}
	}
	t.Fatalf("the demo has no other series than the government's: %v", list)
	return ""
}

// TestEventsLinkSeriesOfTheSameImport: an event may link to a series that
// the figures file of the same import creates.
func TestEventsLinkSeriesOfTheSameImport(t *testing.T) {
	db := storetest.SQLite(t)
	figures := "series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		"brand-new-series,A new series,refugees,stock,persons,SDN,TCD,2024-05-01,100,UNHCR,UNHCR,Update,https://example.org/u,100 refugees.\n"
	events := strings.Replace(linkedEventsCSV, "afghan-returns-pak-iom;afg-repatriated-from-pak-cumulative-pak-gov", "brand-new-series", 1)
	rep, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(figures),
		Events: strings.NewReader(events), CreateOrganizations: true}, exchange.Options{})
	if err != nil {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	e, err := db.Event(context.Background(), "global-1")
	if err != nil || !slices.Equal(e.Series, []string{"brand-new-series"}) {
		t.Errorf("global-1 links %v, %v; want brand-new-series", e.Series, err)
	}
}
