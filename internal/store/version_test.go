package store_test

import (
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
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.LoadSynthetic(t, db, synth.Config{Figures: 600, Series: 3, Seed: 5})
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
			_, err := importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(row), CreateOrganizations: true},
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

// Every read made with the context of a ReadAtVersion sees the state of
// its version: the version itself, events, figures, series lists, and a
// ReadAtVersion inside it, however many publishes come meanwhile.
func TestReadAtVersionIsOneRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := importer.LoadDemo(ctx, db); err != nil {
			t.Fatal(err)
		}
		publish := func(title string) {
			t.Helper()
			row := "event_id,date,end_date,title,kind,countries,source_publisher,source_title,source_url,source_published,excerpt\n" +
				",2025-05-02,," + title + ",other,PAK;AFG,Example News,Late report,https://news.example.org/late,2025-05-02,Something happened late.\n"
			if _, err := importer.Run(ctx, db, "test", importer.Input{Events: strings.NewReader(row), EventsName: "events.csv", CreateOrganizations: true}, exchange.Options{}); err != nil {
				t.Fatal(err)
			}
		}
		before, err := db.PublicEvents(ctx, store.EventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		err = db.ReadAtVersion(store.PublicRead(ctx), func(ctx context.Context, version int64) error {
			publish("Late event one")
			if v, err := db.DatasetVersion(ctx); err != nil || v != version {
				t.Errorf("DatasetVersion in the read: %d, %v; want %d", v, err, version)
			}
			events, err := db.PublicEvents(ctx, store.EventFilter{})
			if err != nil || len(events) != len(before) {
				t.Errorf("%d events in the read (%v), want the %d before the publish", len(events), err, len(before))
			}
			return db.ReadAtVersion(ctx, func(ctx context.Context, inner int64) error {
				publish("Late event two")
				if inner != version {
					t.Errorf("inner read at version %d, want the outer's %d", inner, version)
				}
				n := 0
				err := db.PublicFigureStream(ctx, store.FigureFilter{}, func(domain.Series, domain.Figure) error { n++; return nil })
				if n == 0 {
					t.Error("no figures in the inner read")
				}
				return err
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.PublicEvents(ctx, store.EventFilter{})
		if err != nil || len(after) != len(before)+2 {
			t.Errorf("%d events after the read (%v), want %d", len(after), err, len(before)+2)
		}
	})
}

// A context inside one database's ReadAtVersion does not carry another
// database's reads into that transaction.
func TestReadAtVersionBelongsToItsDB(t *testing.T) {
	a, b := storetest.SQLite(t), storetest.SQLite(t)
	storetest.LoadDemo(t, b)
	want, err := b.DatasetVersion(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	err = a.ReadAtVersion(t.Context(), func(ctx context.Context, va int64) error {
		got, err := b.DatasetVersion(ctx)
		if err != nil {
			return err
		}
		if got != want || got == va {
			t.Errorf("b's version read inside a's ReadAtVersion: %d, want b's own %d (a's is %d)", got, want, va)
		}
		return b.ReadAtVersion(ctx, func(_ context.Context, vb int64) error {
			if vb != want {
				t.Errorf("b's ReadAtVersion inside a's: version %d, want %d", vb, want)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
}
