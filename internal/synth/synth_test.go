package synth_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"testing"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
)

// A generated dataset imports cleanly, with every series and event it
// promises, and the same seed gives the same bytes.
func TestGeneratedDatasetImports(t *testing.T) {
	cfg := synth.Config{Figures: 3000, Series: 120, Events: 40, Seed: 7}
	var figs, evs bytes.Buffer
	if err := synth.Figures(&figs, cfg); err != nil {
		t.Fatal(err)
	}
	if err := synth.Events(&evs, cfg); err != nil {
		t.Fatal(err)
	}
	var again bytes.Buffer
	if err := synth.Figures(&again, cfg); err != nil || !bytes.Equal(figs.Bytes(), again.Bytes()) {
		t.Fatal("the same seed gave different figures")
	}
	rows, err := csv.NewReader(bytes.NewReader(figs.Bytes())).ReadAll()
	if err != nil || len(rows) != cfg.Figures+1 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	qualifiers := map[string]int{}
	for _, r := range rows[1:] {
		qualifiers[r[11]]++
	}
	for _, q := range []string{"exact", "approx", "at_least", "more_than", "range"} {
		if qualifiers[q] == 0 {
			t.Errorf("no %s figures in %v", q, qualifiers)
		}
	}

	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// The generated names are test data: the import creates them as
		// organisations, as tracker import --create-organizations would.
		rep, err := importer.Run(ctx, db, "test", importer.Input{Figures: bytes.NewReader(figs.Bytes()), Events: bytes.NewReader(evs.Bytes()), CreateOrganizations: true}, exchange.Options{})
		if err != nil {
			t.Fatalf("%v: %v", err, rep.Problems)
		}
		if rep.Figures.Created != cfg.Figures || rep.Events.Created != cfg.Events {
			t.Fatalf("created %d figures and %d events, want %d and %d", rep.Figures.Created, rep.Events.Created, cfg.Figures, cfg.Events)
		}
		series, err := db.PublicSeries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(series) != cfg.Series {
			t.Errorf("%d series, want %d", len(series), cfg.Series)
		}
		// Each publisher the generator names is one organisation, however
		// many rows name it.
		orgs, err := db.Organizations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range orgs {
			names = append(names, o.Name)
		}
		slices.Sort(names)
		want := []string{"Al Jazeera", "Associated Press", "IDMC", "IOM", "Ministry of Interior", "NRC", "OCHA", "Reuters", "UNHCR"}
		if !slices.Equal(names, want) {
			t.Errorf("organisations %q, want %q", names, want)
		}
	})
}
