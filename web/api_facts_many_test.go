package web_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// A fact lists its latest 200 claims, in its order, and counts them all:
// a page of one fact stays small however many claims the fact has.
func TestAPISeriesFactClaimsCapped(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var csv strings.Builder
		csv.WriteString(factsCSV)
		const n = 250
		for i := range n {
			day := time.Date(2025, 10, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly) // published in order
			fmt.Fprintf(&csv, "sep-%03d,%s,,,,persons,,,2025-09-01,2025-09-30,7000,exact,UNHCR,UNHCR,September note %d,https://example.org/unhcr-sep/%d,%s,\"7,000 arrived in September.\"\n",
				i, factsSeries, i, i, day)
		}
		if rep, err := importer.Run(context.Background(), db, "editor", importer.Input{Figures: strings.NewReader(csv.String()), CreateOrganizations: true},
			exchange.Options{}); err != nil || len(rep.Problems) > 0 {
			t.Fatalf("import: %v %v", err, rep.Problems)
		}
		ts, _ := serve(t, db, web.Config{})
		c := newAPIClient(t, ts.URL) // checks each response against the OpenAPI document
		_, body := c.get(t, "/api/v1/series/"+factsSeries+"/facts?limit=100", 200)
		type fact struct {
			Period      string     `json:"period"`
			Claims      []apiClaim `json:"claims"`
			ClaimsTotal int        `json:"claims_total"`
		}
		facts := decodeList[fact](t, body)
		if len(facts) != 6 {
			t.Fatalf("%d facts, want 6:\n%.500s", len(facts), body)
		}
		var want []string
		for i := n - 200; i < n; i++ {
			want = append(want, fmt.Sprintf("sep-%03d", i))
		}
		sep := facts[5]
		if got := claimIDs(sep.Claims); sep.Period != "in Sep 2025" || sep.ClaimsTotal != n || !slices.Equal(got, want) {
			t.Errorf("September: %s, %d claims listed (%v … %v) of %d; want the latest 200 (sep-050 … sep-249) of %d",
				sep.Period, len(got), got[:1], got[len(got)-1:], sep.ClaimsTotal, n)
		}
		if apr := facts[0]; apr.ClaimsTotal != 2 || len(apr.Claims) != 2 {
			t.Errorf("April: %d claims listed of %d, want 2 of 2", len(apr.Claims), apr.ClaimsTotal)
		}
	})
}
