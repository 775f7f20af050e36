package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// Past its limit the problem list keeps the newest problems ("the oldest
// problems wait until the newest are dealt with", web/staff_link_problems.go):
// a link broken for months and confirmed again by today's revisit must not
// push out a link that broke yesterday.
func TestLinkProblemsLimitKeepsTheNewestProblems(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 6, 0, 0, 0, time.UTC) }
		check := func(src domain.Source, at time.Time, o domain.CheckOutcome) {
			t.Helper()
			if err := db.RecordSourceCheck(ctx, domain.SourceCheck{SourceID: src.ID, CheckedAt: at, Outcome: o, Detail: "404"}); err != nil {
				t.Fatal(err)
			}
		}
		old := newSource(t, db, "https://example.org/broken-since-january")
		recent := newSource(t, db, "https://example.org/broken-yesterday")
		check(old, day(1, 5), domain.OutcomeGone)
		check(recent, day(6, 1), domain.OutcomeSaved)
		check(recent, day(6, 9), domain.OutcomeGone) // broke yesterday
		check(old, day(6, 10), domain.OutcomeGone)   // still broken, revisited today

		all, err := db.LinkProblems(ctx, 10)
		if err != nil || len(all) != 2 || all[0].Source.ID != recent.ID {
			t.Fatalf("all problems: %+v %v; want the one broken yesterday first", all, err)
		}
		few, err := db.LinkProblems(ctx, 1)
		if err != nil || len(few) != 1 || few[0].Source.ID != recent.ID {
			var got string
			if len(few) > 0 {
				got = few[0].Source.URL + " (broken since " + few[0].Health.Since.Format("2 Jan") + ")"
			}
			t.Errorf("limit 1: %s %v; want the newest problem, %s (broken since 9 Jun)", got, err, recent.URL)
		}
	})
}
