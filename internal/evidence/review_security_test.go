package evidence_test

import (
	"context"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/evidence"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// A published source whose page drops only a draft's excerpt — every
// published excerpt still on it — must not read "changed" publicly: the
// public source and figure pages would say "an excerpt read from it is no
// longer on it" about a sentence no published figure was read from, and
// tell anyone that an unpublished figure cites the source.
func TestRevisitDroppingOnlyADraftsExcerptIsNotAPublicChange(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	web := newSite(t)
	web.set("/p", article(returned, torkham, other), 0, "")
	id := importFigures(t, db, web.srv.URL+"/p", map[string]string{"p1": returned})
	var series domain.Series
	var pub domain.Figure
	db.PublicFigureStream(ctx, store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
		series, pub = s, f
		return nil
	})
	draft := pub
	draft.ID, draft.Excerpt, draft.Value = "", torkham, 1200000
	draft.PeriodEnd = domain.MustDate("2025-04-18")
	if err := db.InTx(ctx, "test", func(tx *store.Tx) error {
		_, err := tx.CreateFigure(ctx, series, draft)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)
	s := newSaver(t, db, &now)
	if saved, _, err := s.Round(ctx); err != nil || saved != 1 {
		t.Fatalf("saving round: %d saved, %v", saved, err)
	}
	// The page drops the draft's sentence only; the published one stays.
	web.set("/p", article(returned, other), 0, "")
	now = now.Add(25 * time.Hour)
	r, err := s.Revisit(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.SourceHealth(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if r.Outcome == evidence.Changed || h.State == domain.LinkChanged {
		t.Errorf("a page that dropped only a draft's excerpt reads %q publicly (detail %q): the public pages say an excerpt read from it is gone",
			h.State, h.Detail)
	}
}
