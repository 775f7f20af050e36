package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// A source's link health reads its visits: transient outcomes do not
// count, a broken link is broken since its first 404 of the run. The
// problem list holds the broken, moved and changed sources, newest problem
// first, and neither the healthy nor the unchecked.
func TestLinkHealthAndProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 6, 0, 0, 0, time.UTC) }
		check := func(src domain.Source, at time.Time, o domain.CheckOutcome, detail string) {
			t.Helper()
			if err := db.RecordSourceCheck(ctx, domain.SourceCheck{SourceID: src.ID, CheckedAt: at, Outcome: o, Detail: detail}); err != nil {
				t.Fatal(err)
			}
		}
		gone := newSource(t, db, "https://example.org/gone")
		moved := newSource(t, db, "https://example.org/moved")
		changed := newSource(t, db, "https://example.org/changed")
		fine := newSource(t, db, "https://example.org/fine")
		unchecked := newSource(t, db, "https://example.org/unchecked")
		healed := newSource(t, db, "https://example.org/healed")

		check(gone, day(4, 20), domain.OutcomeSaved, "")
		check(gone, day(5, 3), domain.OutcomeGone, "404")
		check(gone, day(5, 10), domain.OutcomeFailed, "no network")
		check(gone, day(5, 17), domain.OutcomeGone, "404")
		check(gone, day(5, 24), domain.OutcomeThrottled, "503")
		check(moved, day(4, 1), domain.OutcomeSaved, "")
		check(moved, day(6, 1), domain.OutcomeMoved, "https://example.org/new")
		check(changed, day(4, 1), domain.OutcomeSaved, "")
		check(changed, day(5, 20), domain.OutcomeChanged, "Nearly a million")
		check(fine, day(4, 1), domain.OutcomeSaved, "")
		check(fine, day(6, 1), domain.OutcomeOK, "")
		check(unchecked, day(6, 1), domain.OutcomeFailed, "no network")
		check(healed, day(4, 1), domain.OutcomeGone, "404")
		check(healed, day(5, 1), domain.OutcomeOK, "")
		if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: gone.ID, URL: gone.URL, Status: 200, Body: []byte("kept"),
			FetchedAt: day(4, 20)}, domain.CopyLimits{}); err != nil {
			t.Fatal(err)
		}

		h, err := db.SourceHealth(ctx, gone.ID)
		if err != nil {
			t.Fatal(err)
		}
		if h.State != domain.LinkBroken || !h.Since.Equal(day(5, 3)) || !h.LastChecked.Equal(day(5, 17)) || h.SourceID != gone.ID {
			t.Errorf("gone: %+v", h)
		}
		for _, src := range []domain.Source{unchecked, newSource(t, db, "https://example.org/never")} {
			if h, err := db.SourceHealth(ctx, src.ID); err != nil || h.State != domain.LinkUnchecked {
				t.Errorf("%s: %+v %v", src.URL, h, err)
			}
		}

		problems, err := db.LinkProblems(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range problems {
			got = append(got, p.Source.URL+" "+string(p.Health.State)+" "+p.Health.Since.Format("2 Jan"))
		}
		want := []string{"https://example.org/moved moved 1 Jun", "https://example.org/changed changed 20 May", "https://example.org/gone broken 3 May"}
		if len(got) != len(want) {
			t.Fatalf("problems %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("problem %d: %q, want %q", i, got[i], want[i])
			}
		}
		if p := problems[2]; p.Copies != 1 || p.Figures != 0 || p.Events != 0 {
			t.Errorf("gone's counts: %+v", p)
		}
		if p := problems[0]; p.Health.Detail != "https://example.org/new" {
			t.Errorf("moved's detail %q", p.Health.Detail)
		}
		if few, err := db.LinkProblems(ctx, 1); err != nil || len(few) != 1 || few[0].Source.ID != moved.ID {
			t.Errorf("limit 1: %+v %v", few, err)
		}

		w1, err := db.SourceWatermark(ctx, gone.ID)
		if err != nil {
			t.Fatal(err)
		}
		check(gone, day(6, 1), domain.OutcomeGone, "404")
		if w2, err := db.SourceWatermark(ctx, gone.ID); err != nil || w2 == w1 {
			t.Errorf("watermark after a visit: %q, before %q (%v)", w2, w1, err)
		}
		if w, err := db.SourceWatermark(ctx, 9999); err != nil || w != "c0k0" {
			t.Errorf("watermark of no source %q %v", w, err)
		}
	})
}
