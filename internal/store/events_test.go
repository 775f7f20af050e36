package store_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func linkedEvent(title, date string, countries []string, series ...string) domain.Event {
	return domain.Event{Date: domain.MustDate(date), Title: title, Kind: "policy", Countries: countries, Series: series,
		Excerpt: "The policy was announced.", Source: domain.Source{Title: "Announcement", Publisher: "The News",
			URL: "https://example.org/announcement"}}
}

// TestEventSeriesLinks stores an event's links to series, reads them back
// with the event and in its revision, finds it by link, and refuses a link
// to a series that does not exist, naming the slug.
func TestEventSeriesLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "The News")
		ctx := context.Background()
		var id string
		err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
			if _, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true); err != nil {
				return err
			}
			var err error
			_, id, err = tx.ImportEvent(ctx, linkedEvent("Global compact", "2024-03-01", nil, "returns", "returns"), domain.StatusPublished)
			if err != nil {
				return err
			}
			_, _, err = tx.ImportEvent(ctx, linkedEvent("Sudan deadline", "2024-06-01", []string{"SDN"}), domain.StatusPublished)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		e, err := db.Event(ctx, id)
		if err != nil || !slices.Equal(e.Series, []string{"returns"}) {
			t.Fatalf("Event(%s).Series = %v, %v; want [returns] (a repeated link kept once)", id, e.Series, err)
		}
		revs, err := db.Revisions(ctx, "event", id)
		if err != nil || len(revs) == 0 {
			t.Fatalf("revisions of %s: %v, %v", id, revs, err)
		}
		var snap struct {
			Series string `json:"series"`
		}
		if err := json.Unmarshal(revs[len(revs)-1].Snapshot, &snap); err != nil || snap.Series != "returns" {
			t.Errorf("revision snapshot series = %q, %v; want \"returns\"", snap.Series, err)
		}

		byLink, err := db.PublicEvents(ctx, store.EventFilter{Series: "returns"})
		if err != nil || len(byLink) != 1 || byLink[0].ID != id {
			t.Errorf("events linked to returns: %v, %v; want only %s", titles(byLink), err, id)
		}
		either, err := db.PublicEvents(ctx, store.EventFilter{Series: "returns", Countries: []string{"SDN"}})
		if err != nil || len(either) != 2 {
			t.Errorf("events linked to returns or naming SDN: %v, %v; want both", titles(either), err)
		}
		kind, err := db.PublicEvents(ctx, store.EventFilter{Kind: "deadline"})
		if err != nil || len(kind) != 0 {
			t.Errorf("deadlines: %v, %v; want none (both are policies)", titles(kind), err)
		}
		dated, err := db.PublicEvents(ctx, store.EventFilter{From: domain.MustDate("2024-04"), To: domain.MustDate("2024")})
		if err != nil || len(dated) != 1 || dated[0].Title != "Sudan deadline" {
			t.Errorf("events from April 2024 to the end of 2024: %v, %v; want the Sudan deadline", titles(dated), err)
		}

		err = db.InTx(ctx, "tester", func(tx *store.Tx) error {
			_, err := tx.CreateEvent(ctx, linkedEvent("Unknown link", "2024-05-01", nil, "no-such-series"))
			return err
		})
		p := domain.FieldProblems(err)
		if len(p) != 1 || p[0].Field != "series" || !strings.Contains(p[0].Message, "no-such-series") {
			t.Errorf("an event linked to no-such-series: %v; want a problem on series naming the slug", err)
		}
	})
}

func titles(events []domain.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Title)
	}
	return out
}
