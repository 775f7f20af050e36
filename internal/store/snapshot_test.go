package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// A figure revision written before this test existed, byte for byte: the
// public history and change log decode such revisions. A field renamed in
// FigureSnapshot would decode as empty here; this test must fail then,
// rather than the public history go blank.
const storedFigureSnapshot = `{"id":"01JQ7Z","series":"afg-returns","value":857157,"qualifier":"approx","value_low":800000,` +
	`"value_high":null,"value_as_stated":"some 857,157","period_start":"2025-04-01","period_end":"2025-04-25",` +
	`"attributed_to":"IOM","source_id":7,"source_url":"https://example.org/the-news","excerpt":"857,157 returned.",` +
	`"locator":"p. 2","notes":"n","status":"published","status_reason":"r","version":3,"created_by":"ed@example.org",` +
	`"updated_by":"ed2@example.org"}`

func TestDecodeStoredFigureSnapshot(t *testing.T) {
	got, err := store.DecodeFigureSnapshot(domain.Revision{Entity: "figure", EntityID: "01JQ7Z", Snapshot: []byte(storedFigureSnapshot)})
	if err != nil {
		t.Fatal(err)
	}
	low := 800000.0
	want := store.FigureSnapshot{ID: "01JQ7Z", Series: "afg-returns", Value: 857157, Qualifier: "approx", ValueLow: &low,
		ValueAsStated: "some 857,157", PeriodStart: "2025-04-01", PeriodEnd: "2025-04-25", AttributedTo: "IOM",
		SourceID: 7, SourceURL: "https://example.org/the-news", Excerpt: "857,157 returned.", Locator: "p. 2", Notes: "n",
		Status: "published", StatusReason: "r", Version: 3, CreatedBy: "ed@example.org", UpdatedBy: "ed2@example.org"}
	if got.ValueLow == nil || *got.ValueLow != low || got.ValueHigh != nil {
		t.Errorf("value_low, value_high: %v, %v", got.ValueLow, got.ValueHigh)
	}
	got.ValueLow = want.ValueLow
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", got, want)
	}
	if _, err := store.DecodeFigureSnapshot(domain.Revision{Entity: "source", Snapshot: []byte(`{}`)}); err == nil {
		t.Error("a source's revision decoded as a figure's")
	}
}

// Every path that writes a figure records a snapshot that decodes to the
// figure as stored after it.
func TestFigureSnapshotsRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "IOM", "UNHCR", "The News")
		check := func(step, id string, wantStatus domain.Status) {
			t.Helper()
			revs, err := db.Revisions(ctx, "figure", id)
			if err != nil || len(revs) == 0 {
				t.Fatalf("%s: revisions %v", step, err)
			}
			snap, err := store.DecodeFigureSnapshot(revs[len(revs)-1])
			if err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			f, s, err := db.Figure(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if wantStatus != "" {
				f.Status = wantStatus // a pending edit records the edit, not the stored figure
			}
			if snap.ID != f.ID || snap.Series != s.Slug || snap.Value != f.Value || snap.Qualifier != string(f.Qualifier) ||
				snap.PeriodEnd != f.PeriodEnd.String() || snap.PeriodStart != f.PeriodStart.String() ||
				snap.AttributedTo != f.AttributedTo || snap.SourceURL != f.Source.URL || snap.SourceID != f.Source.ID ||
				snap.Excerpt != f.Excerpt || snap.Status != string(f.Status) || snap.ValueAsStated != f.ValueAsStated ||
				snap.CreatedBy != f.CreatedBy || snap.Series == "" || snap.Status == "" {
				t.Errorf("%s: snapshot %+v\ndoes not match the figure %+v in %s", step, snap, f, s.Slug)
			}
		}
		_, id := save(t, db, figure(857157, "IOM"), domain.StatusPublished)
		check("import", id, "")
		changed := figure(857157, "IOM")
		changed.ID, changed.Notes = id, "corrected"
		save(t, db, changed, domain.StatusPublished)
		check("import update", id, "")

		draft := newDraft(t, db, "ed@example.org", figure(1200, "UNHCR"))
		check("create", draft, "")
		if err := act(db, "ed@example.org", draft, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		check("submit", draft, "")
		if err := act(db, "rev@example.org", draft, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		check("approve", draft, "")
		err := as(t, db, "ed2@example.org", func(tx *store.Tx) error {
			s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionUpdate, true)
			if err != nil {
				return err
			}
			f := figure(1300, "UNHCR")
			return tx.EditFigure(ctx, draft, 0, s, f)
		})
		if err != nil {
			t.Fatal(err)
		}
		revs, _ := db.Revisions(ctx, "figure", draft)
		if snap, err := store.DecodeFigureSnapshot(revs[len(revs)-1]); err != nil || snap.Value != 1300 || snap.Status != "draft" {
			t.Errorf("pending edit: %+v %v", snap, err)
		}
		if err := act(db, "ed2@example.org", draft, domain.ActionSubmit, ""); err != nil {
			t.Fatal(err)
		}
		if err := act(db, "rev@example.org", draft, domain.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		check("approve edit", draft, "")
		if err := act(db, "rev@example.org", draft, domain.ActionRetract, "wrong"); err != nil {
			t.Fatal(err)
		}
		check("retract", draft, "")
		history, err := db.PublicHistory(ctx, draft)
		if err != nil || len(history) != 3 {
			t.Errorf("published history: %d revisions, %v; want approve, approve edit, retract", len(history), err)
		}
	})
}
