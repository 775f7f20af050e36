package web_test

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

type fakeFetches map[domain.CheckOutcome]uint64

func (f fakeFetches) Fetches(o domain.CheckOutcome) uint64 { return f[o] }

// /metrics shows the background fetches of sources by outcome, every
// outcome present (at 0 before the first).
func TestMetricsSourceFetches(t *testing.T) {
	ts, _ := serve(t, storetest.SQLite(t), web.Config{Fetches: fakeFetches{domain.OutcomeSaved: 12, domain.OutcomeGone: 2}})
	families := scrape(t, ts.URL)
	for _, o := range domain.CheckOutcomes {
		want := map[domain.CheckOutcome]float64{domain.OutcomeSaved: 12, domain.OutcomeGone: 2}[o]
		m := sample(families, "tracker_source_fetches_total", map[string]string{"outcome": string(o)})
		if m == nil || m.GetCounter().GetValue() != want {
			t.Errorf("tracker_source_fetches_total{outcome=%q}: %v, want %v", o, m, want)
		}
	}
	// Without a counter (a server that fetches nothing) there is no family.
	ts, _ = serve(t, storetest.SQLite(t), web.Config{})
	if f := scrape(t, ts.URL)["tracker_source_fetches_total"]; f != nil {
		t.Errorf("a server without fetches shows %v", f)
	}
}
