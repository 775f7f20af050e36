package exchange_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// BenchmarkExport100kChecked is BenchmarkExport100k with every source
// saved and every excerpt's check kept: the export joins the latest copy
// and the check for each row (migration 0013). Compare the two.
func BenchmarkExport100kChecked(b *testing.B) {
	ctx := context.Background()
	db := storetest.SQLite(b)
	if _, err := importer.Run(ctx, db, "bench", importer.Input{Figures: bytes.NewReader(generated(100_000)), CreateOrganizations: true}, exchange.Options{}); err != nil {
		b.Fatal(err)
	}
	ids, err := db.SourceIDs(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, id := range ids {
		page := fmt.Sprintf("<p>Report %d. People have returned, officials said.</p>", id)
		if _, _, err := db.SaveSourceCopy(ctx, domain.SourceCopy{SourceID: id, URL: "https://example.org/", Status: 200,
			Body: []byte(page + string(make([]byte, 200_000))), Text: page}, domain.CopyLimits{}); err != nil {
			b.Fatal(err)
		}
	}
	pending, err := db.PendingExcerpts(ctx, 200_000)
	if err != nil || len(pending) != 100_000 {
		b.Fatalf("%d pending, %v", len(pending), err)
	}
	checks := make([]store.KeptExcerptCheck, len(pending))
	for i, p := range pending {
		checks[i] = store.KeptExcerptCheck{Kind: p.Kind, ItemID: p.ItemID, CopyID: p.CopyID, Excerpt: p.Excerpt,
			Status: domain.ExcerptNearlyFound, Differences: []string{"the number differs"}}
	}
	if _, err := db.RecordExcerptChecks(ctx, checks); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		fw, err := exchange.NewFigureWriter(io.Discard, exchange.WriteOptions{HXL: true, BaseURL: "https://tracker.example.org"})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		err = db.PublicFigureStream(ctx, store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
			if f.Evidence.Status != domain.ExcerptNearlyFound {
				return fmt.Errorf("figure %s: %s", f.ID, f.Evidence.Status)
			}
			n++
			return fw.Write(s, f)
		})
		if err != nil || fw.Flush() != nil || n != 100_000 {
			b.Fatalf("%v, %d rows", err, n)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
