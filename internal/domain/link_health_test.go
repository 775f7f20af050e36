package domain

import (
	"testing"
	"time"
)

func TestLinkHealthOf(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 5, d, 6, 0, 0, 0, time.UTC) }
	check := func(d int, o CheckOutcome) SourceCheck {
		return SourceCheck{SourceID: 7, CheckedAt: day(d), Outcome: o, Detail: string(o)}
	}
	for _, tc := range []struct {
		name   string
		checks []SourceCheck // newest first
		want   LinkHealth
	}{
		{"never visited", nil, LinkHealth{}},
		{"only failures: no network says nothing of the link",
			[]SourceCheck{check(3, OutcomeFailed), check(2, OutcomeThrottled)}, LinkHealth{}},
		{"saved, then fine", []SourceCheck{check(4, OutcomeOK), check(2, OutcomeUnchanged), check(1, OutcomeSaved)},
			LinkHealth{SourceID: 7, State: LinkOK, Since: day(1), LastChecked: day(4), Detail: "ok"}},
		{"broken since the first 404 of the latest run, failures in between not counting",
			[]SourceCheck{check(9, OutcomeFailed), check(8, OutcomeGone), check(6, OutcomeThrottled), check(5, OutcomeGone), check(3, OutcomeOK), check(2, OutcomeGone)},
			LinkHealth{SourceID: 7, State: LinkBroken, Since: day(5), LastChecked: day(8), Detail: "gone"}},
		{"changed, after being moved", []SourceCheck{check(7, OutcomeChanged), check(6, OutcomeMoved)},
			LinkHealth{SourceID: 7, State: LinkChanged, Since: day(7), LastChecked: day(7), Detail: "changed"}},
	} {
		if got := LinkHealthOf(tc.checks); got != tc.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
}
