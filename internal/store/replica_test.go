package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// TestReadReplicaTakesPublicReadsOnly points the replica pool at a second,
// empty database — a replica that has not caught up at all — so that where
// each read went shows in what it returns: reads with a PublicRead context,
// the dataset version among them, see the replica; every other read sees
// the primary.
func TestReadReplicaTakesPublicReadsOnly(t *testing.T) {
	primary := storetest.Postgres(t) // skips without TRACKER_TEST_POSTGRES
	storetest.LoadDemo(t, primary)
	ctx := context.Background()
	replicaDSN := storetest.PostgresDSN(t)
	r, err := store.Open(ctx, replicaDSN)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	r.Close()

	if err := primary.UseReadReplica(ctx, replicaDSN); err != nil {
		t.Fatal(err)
	}
	if err := primary.UseReadReplica(ctx, replicaDSN); err == nil {
		t.Error("a second replica was accepted")
	}
	public := store.PublicRead(ctx)

	series, err := primary.PublicSeries(ctx)
	if err != nil || len(series) == 0 {
		t.Fatalf("staff-side read: %d series, %v; want the demo's", len(series), err)
	}
	if series, err := primary.PublicSeries(public); err != nil || len(series) != 0 {
		t.Errorf("public read: %d series, %v; want the replica's none", len(series), err)
	}
	var figures int
	err = primary.PublicFigureStream(public, store.FigureFilter{}, func(domain.Series, domain.Figure) error { figures++; return nil })
	if err != nil || figures != 0 {
		t.Errorf("public export stream: %d figures, %v; want the replica's none", figures, err)
	}
	vPrimary, err := primary.DatasetVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	vReplica, err := primary.DatasetVersion(public)
	if err != nil {
		t.Fatal(err)
	}
	if vPrimary == vReplica {
		t.Errorf("the dataset version of a public read is %d, the primary's; want the replica's own", vReplica)
	}
	if err := primary.Ping(public); err != nil {
		t.Errorf("ping: %v", err)
	}
	// Writes ignore the mark: they always go to the primary.
	key := []store.SignInLimit{{Key: "ip:192.0.2.1"}}
	if _, err := primary.ReserveSignIn(public, key, time.Hour); err != nil {
		t.Fatal(err)
	}
	if r, err := primary.ReserveSignIn(ctx, key, time.Hour); err != nil || r.Counts[0] != 2 {
		t.Errorf("a write with a public context: %v attempts on the primary, %v", r.Counts, err)
	}
}

func TestReadReplicaRefusedForSQLite(t *testing.T) {
	db := storetest.SQLite(t)
	err := db.UseReadReplica(context.Background(), "postgres://127.0.0.1:1/none")
	if err == nil || !strings.Contains(err.Error(), "needs PostgreSQL") {
		t.Errorf("SQLite with a replica: %v", err)
	}
}
