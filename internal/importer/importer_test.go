package importer_test

import (
	"context"
	"testing"

	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func TestLoadDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		rep, err := importer.LoadDemo(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Figures.Created != 12 || rep.Events.Created != 4 {
			t.Errorf("created %d figures and %d events, want 12 and 4", rep.Figures.Created, rep.Events.Created)
		}
		rep, err = importer.LoadDemo(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Figures.Unchanged != 12 || rep.Events.Unchanged != 4 || rep.Figures.Created != 0 {
			t.Errorf("second load: %+v, want all unchanged", rep)
		}
	})
}
