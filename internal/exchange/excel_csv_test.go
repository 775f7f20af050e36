package exchange_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// TestSpreadsheetSafeCSVHasAByteOrderMark: the ?excel=1 variant starts with
// a UTF-8 byte-order mark, so that Excel on Windows reads Arabic script and
// curly quotes as UTF-8; the canonical file has none (DESIGN.md). The marked
// file imports back, every row.
func TestSpreadsheetSafeCSVHasAByteOrderMark(t *testing.T) {
	ctx := context.Background()
	src := storetest.Demo(t)
	write := func(opt exchange.WriteOptions) (figs, events []byte) {
		var fb, eb bytes.Buffer
		fw, err := exchange.NewFigureWriter(&fb, opt)
		if err != nil {
			t.Fatal(err)
		}
		if err := src.PublicFigureStream(ctx, store.FigureFilter{}, func(s domain.Series, f domain.Figure) error {
			f.Excerpt = "“" + f.Excerpt + "” — عاد اللاجئون"
			return fw.Write(s, f)
		}); err != nil {
			t.Fatal(err)
		}
		if err := fw.Flush(); err != nil {
			t.Fatal(err)
		}
		evs, err := src.PublicEvents(ctx, store.EventFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if err := exchange.WriteEvents(&eb, evs, opt); err != nil {
			t.Fatal(err)
		}
		return fb.Bytes(), eb.Bytes()
	}
	const bom = "\xEF\xBB\xBF"
	plainFigs, plainEvents := write(exchange.WriteOptions{HXL: true, BaseURL: "https://tracker.example.org"})
	figs, events := write(exchange.WriteOptions{HXL: true, BaseURL: "https://tracker.example.org", SpreadsheetSafe: true})
	if !bytes.HasPrefix(figs, []byte(bom+"figure_id,")) || !bytes.HasPrefix(events, []byte(bom+"event_id,")) {
		t.Errorf("the spreadsheet CSVs do not start with a byte-order mark and the header: %.20q, %.20q", figs, events)
	}
	if bytes.HasPrefix(plainFigs, []byte(bom)) || bytes.HasPrefix(plainEvents, []byte(bom)) {
		t.Error("the canonical CSV has a byte-order mark")
	}
	if bytes.Count(figs, []byte(bom)) != 1 {
		t.Errorf("%d byte-order marks in the file, want 1", bytes.Count(figs, []byte(bom)))
	}

	dst := storetest.SQLite(t)
	rep, err := importer.Run(ctx, dst, "test", importer.Input{Figures: bytes.NewReader(figs), Events: bytes.NewReader(events), CreateOrganizations: true}, exchange.Options{})
	if err != nil {
		t.Fatalf("the marked file does not import back: %v %v", err, rep.Problems)
	}
	if rep.Figures.Created == 0 || rep.Figures.Rows != bytes.Count(plainFigs, []byte("\r\n"))-2 || rep.Events.Created == 0 {
		t.Errorf("imported %+v figures, %+v events, from %d lines", rep.Figures, rep.Events, bytes.Count(plainFigs, []byte("\r\n")))
	}
}
