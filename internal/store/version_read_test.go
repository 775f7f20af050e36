package store_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
)

// PublicFigureStreamOfVersion reads the version and the rows at one point:
// a figure published after the version was read (here, from start itself,
// while the read is open) is not among the rows, and the version is the
// one before that publish.
func TestEachPublishedFigureOfVersionIsOneRead(t *testing.T) {
	var file bytes.Buffer
	if err := synth.Figures(&file, synth.Config{Figures: 600, Series: 3, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := importer.Run(ctx, db, "test", importer.Input{Figures: bytes.NewReader(file.Bytes())}, exchange.Options{}); err != nil {
			t.Fatal(err)
		}
		var want []string
		var slug string
		if err := db.PublicFigureStream(ctx, store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
			want, slug = append(want, f.ID), s.Slug
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		before, err := db.DatasetVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}

		var got []string
		var version int64
		err = db.PublicFigureStreamOfVersion(ctx, func(v int64) error {
			version = v
			row := "figure_id,series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
				fmt.Sprintf("late-1,%s,persons,2025-01-01,5,Someone,Paper,Title,https://example.org/late,Published late.\n", slug)
			_, err := importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(row)},
				exchange.Options{})
			return err
		}, func(_ domain.Series, f domain.Figure) error {
			got = append(got, f.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if version != before {
			t.Errorf("version %d, want %d (read before the late publish)", version, before)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%d rows, want the %d published before the read began", len(got), len(want))
		}
		after, _ := db.DatasetVersion(ctx)
		if after != before+1 {
			t.Fatalf("the late publish did not make a new version: %d, then %d", before, after)
		}
	})
}
