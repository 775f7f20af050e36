package web_test

import (
	"archive/zip"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// Found in review: an event's links publish only public series, and a
// series' download links its events only to the series it holds.

// TestEventLinksNamePublicSeriesOnly: an event linked to a series that
// has only drafts (not public: /series/<slug> is a 404) still prints that
// slug in /events.csv, /api/v1/events and in another series' bundle.
func TestEventLinksNamePublicSeriesOnly(t *testing.T) {
	db := storetest.SQLite(t)
	base := eventsSite(t, db)
	csv := eventsHeader +
		"linked-secret,2024-06-25,,A PAK policy linked to a draft-only series,policy,PAK," + secretSeries + ";" + govSeries +
		",Reuters,Linked,https://example.org/linked,,A policy.\n"
	if rep, err := importer.Run(context.Background(), db, "test", importer.Input{Events: strings.NewReader(csv), CreateOrganizations: true},
		exchange.Options{}); err != nil {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	if resp, _ := get(t, base+"/series/"+secretSeries); resp.StatusCode != 404 {
		t.Fatalf("the draft-only series is public (status %d)", resp.StatusCode)
	}
	_, events := get(t, base+"/events.csv")
	_, api := get(t, base+"/api/v1/events")
	_, zipped := get(t, base+"/series/"+govSeries+"/datapackage.zip")
	bundle := zipEntry(t, zipped, "events.csv")
	for name, body := range map[string]string{"/events.csv": events, "/api/v1/events": api, "gov datapackage events.csv": bundle} {
		if !strings.Contains(body, "A PAK policy linked") {
			t.Errorf("%s does not list the published event at all", name)
		}
		if strings.Contains(body, secretSeries) {
			t.Errorf("%s names %q, a series with drafts only", name, secretSeries)
		}
	}
}

// TestSeriesDataPackageWithLinkedEventsReimports: a series' Data Package, imported into an
// empty instance, is refused when one of its events is linked to another
// series as well (the bundle does not carry that series).
func TestSeriesDataPackageWithLinkedEventsReimports(t *testing.T) {
	db := storetest.SQLite(t)
	base := eventsSite(t, db)
	csv := eventsHeader +
		"two-links,2024-06-26,,A deadline linked to two series,deadline,PAK;AFG," + govSeries + ";" + deathsSeries +
		",Reuters,Two links,https://example.org/two,,A deadline.\n"
	if rep, err := importer.Run(context.Background(), db, "test", importer.Input{Events: strings.NewReader(csv), CreateOrganizations: true},
		exchange.Options{}); err != nil {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	_, zipped := get(t, base+"/series/"+govSeries+"/datapackage.zip")
	in := importer.Input{CreateOrganizations: true, FiguresName: "figures.csv", EventsName: "events.csv"}
	zr, err := zip.NewReader(strings.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		switch f.Name {
		case "figures.csv":
			in.Figures = strings.NewReader(string(b))
		case "events.csv":
			in.Events = strings.NewReader(string(b))
		}
	}
	fresh := storetest.SQLite(t)
	rep, err := importer.Run(context.Background(), fresh, "test", in, exchange.Options{Status: domain.StatusPublished})
	if err != nil {
		t.Errorf("re-importing %s's datapackage (%v) into an empty instance: %v\n%v", govSeries, names, err, rep.Problems)
	}
}
