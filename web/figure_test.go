package web_test

import (
	"context"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

func TestFigurePermalink(t *testing.T) {
	ts, db := newSite(t)
	var id string
	db.PublicFigureStream(context.Background(), store.FigureFilter{SeriesSlug: iomSeries}, func(_ domain.Series, f domain.Figure) error {
		id = f.ID
		return nil
	})
	resp, body := get(t, ts.URL+"/figures/"+id)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	mustContain(t, "figure page", body,
		"Nearly a million Afghans", "IOM", "Bloomberg", "Cite this figure",
		"International Organization for Migration (2025). About 1,000,000 persons from 1 Sep 2023 to 19 Apr 2025",
		"Entered by</dt><dd>the demo dataset", // who entered it
		ts.URL+"/figures/"+id,
	)
}
