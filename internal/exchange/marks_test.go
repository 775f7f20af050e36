package exchange_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// A claim's mark is exported (claim_mark, claim_mark_reason) and ignored
// on import: a mark is a reviewed action, which an import cannot bypass.
// An export with marks imports back, unchanged into the same database and
// without marks into a new one.
func TestExportedMarksImportBackIgnored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if rep, err := importFigures(t, db, csvOf(validRow)); err != nil || rep.Figures.Created != 1 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		var buf bytes.Buffer
		fw, err := exchange.NewFigureWriter(&buf, exchange.WriteOptions{HXL: true, BaseURL: "https://tracker.example.org"})
		if err != nil {
			t.Fatal(err)
		}
		var id string
		if err := db.PublicFigureStream(ctx, store.FigureFilter{}, func(_ domain.Series, f domain.Figure) error { id = f.ID; return nil }); err != nil {
			t.Fatal(err)
		}
		storetest.Mark(t, db, id, domain.MarkPreferred, "IOM's count covers every crossing")
		err = db.PublicFigureStream(ctx, store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
			if f.Mark != domain.MarkPreferred || f.MarkedAt.IsZero() {
				t.Errorf("the export stream reads the figure without its mark: %q at %v", f.Mark, f.MarkedAt)
			}
			return fw.Write(s, f)
		})
		if err != nil || fw.Flush() != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if err != nil || len(recs) != 3 {
			t.Fatalf("export: %d records, %v", len(recs), err)
		}
		at := slices.Index(recs[0], "claim_mark")
		why := slices.Index(recs[0], "claim_mark_reason")
		if at < 0 || why < 0 || recs[1][at] != "#meta+mark" || recs[1][why] != "#meta+mark+reason" {
			t.Fatalf("header %v / %v lacks claim_mark (#meta+mark) and claim_mark_reason (#meta+mark+reason)", recs[0], recs[1])
		}
		if recs[2][at] != "preferred" || recs[2][why] != "IOM's count covers every crossing" {
			t.Errorf("row: claim_mark %q, claim_mark_reason %q", recs[2][at], recs[2][why])
		}

		// Into the same database: nothing changes.
		version, _ := db.DatasetVersion(ctx)
		rep, err := importer.Run(ctx, db, "test", importer.Input{Figures: bytes.NewReader(buf.Bytes())}, exchange.Options{})
		if err != nil || rep.Figures.Unchanged != 1 || len(rep.Problems) > 0 {
			t.Fatalf("re-import of the export: %+v %v", rep, err)
		}
		if v, _ := db.DatasetVersion(ctx); v != version {
			t.Errorf("re-importing the export changed the dataset version %d → %d", version, v)
		}
		if f, _, err := db.PublicFigure(ctx, id); err != nil || f.Mark != domain.MarkPreferred || f.MarkReason != "IOM's count covers every crossing" {
			t.Errorf("after re-importing the export, the figure's mark is %q %q (%v)", f.Mark, f.MarkReason, err)
		}
		// A file that says otherwise does not change the mark either.
		edited := strings.Replace(buf.String(), ",preferred,IOM's count covers every crossing", ",deprecated,wrong", 1)
		if edited == buf.String() {
			t.Fatal("the export's row does not end with its mark")
		}
		rep, err = importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(edited)}, exchange.Options{})
		if err != nil || rep.Figures.Unchanged != 1 {
			t.Fatalf("import of an edited mark: %+v %v", rep, err)
		}
		if f, _, _ := db.PublicFigure(ctx, id); f.Mark != domain.MarkPreferred {
			t.Errorf("an import changed the mark to %q", f.Mark)
		}

		// Into a new database: the figure, without the mark.
		fresh := storetest.SQLite(t)
		rep, err = importer.Run(ctx, fresh, "test", importer.Input{Figures: strings.NewReader(buf.String()), CreateOrganizations: true}, exchange.Options{})
		if err != nil || rep.Figures.Created != 1 {
			t.Fatalf("import of the export into a new database: %+v %v", rep, err)
		}
		f, _, err := fresh.PublicFigure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if f.Mark != domain.MarkNone || f.MarkReason != "" {
			t.Errorf("the import took the mark from the file: %q %q", f.Mark, f.MarkReason)
		}
	})
}

// The JSON of a figure carries its mark, null when it has none.
func TestFigureJSONMark(t *testing.T) {
	s := domain.Series{Slug: "s", Measure: domain.MeasureStock, Unit: "persons"}
	f := domain.Figure{ID: "f-1", Value: 10, PeriodEnd: domain.Date{Year: 2025, Month: 4, Day: 1, Precision: domain.PrecisionDay}}
	j := exchange.NewFigureJSON(s, f, "https://t.example")
	if j.Mark != nil || j.MarkReason != nil || j.MarkedAt != nil {
		t.Errorf("unmarked: mark %v, reason %v, at %v; want all null", j.Mark, j.MarkReason, j.MarkedAt)
	}
	f.Mark, f.MarkReason, f.MarkedAt = domain.MarkDeprecated, "superseded by the June update", time.Date(2025, 6, 3, 14, 5, 0, 0, time.FixedZone("PKT", 5*3600))
	j = exchange.NewFigureJSON(s, f, "https://t.example")
	if j.Mark == nil || *j.Mark != "deprecated" || j.MarkReason == nil || *j.MarkReason != "superseded by the June update" ||
		j.MarkedAt == nil || *j.MarkedAt != "2025-06-03T09:05:00Z" {
		t.Errorf("marked: %v %v %v", j.Mark, j.MarkReason, j.MarkedAt)
	}
}
