package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func series(slug string) domain.Series {
	return domain.Series{Slug: slug, Title: "Afghans returned from Pakistan", PopulationGroup: "returnees",
		Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "PAK", ToISO3: "AFG"}
}

func figure(value float64, by string) domain.Figure {
	return domain.Figure{Value: value, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2025-04-25"),
		AttributedTo: by, Excerpt: "857,157 undocumented individuals have already been repatriated.",
		Source: domain.Source{Title: "Registered Afghan refugees told to exit", Publisher: "The News",
			URL: "https://example.org/the-news"}}
}

// save stores one figure through a transaction, as an import would.
func save(t *testing.T, db *store.DB, f domain.Figure, status domain.Status) (domain.Outcome, string) {
	t.Helper()
	var outcome domain.Outcome
	var id string
	err := db.InTx(context.Background(), "tester", func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(context.Background(), series("returns"), domain.ActionImport, true)
		if err != nil {
			return err
		}
		outcome, id, err = tx.ImportFigure(context.Background(), s, f, status)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return outcome, id
}

func TestMigrateTwiceAppliesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		n, err := db.Migrate(context.Background())
		if err != nil || n != 0 {
			t.Errorf("second Migrate applied %d, err %v; want 0, nil", n, err)
		}
	})
}

func TestRevisionsAreAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.LoadDemo(t, db)
		ctx := context.Background()
		for _, q := range []string{
			"UPDATE revisions SET actor = 'mallory'",
			"DELETE FROM revisions",
		} {
			err := db.ExecForTest(ctx, q)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: err = %v, want the append-only trigger to refuse", q, err)
			}
		}
		revs, err := db.Revisions(ctx, "series", "1")
		if err != nil || len(revs) != 1 || revs[0].Actor != importer.DemoActor {
			t.Errorf("revision after the attempts: %+v, %v", revs, err)
		}
	})
}

func TestEveryWriteAppendsARevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "Pakistani officials", "The News")
		_, id := save(t, db, figure(857157, "Pakistani officials"), domain.StatusPublished)
		// One each: the two organisations created first, then the series,
		// the source and the figure.
		if n, _ := db.CountRevisions(ctx); n != 5 {
			t.Errorf("%d revisions after one new figure, want 5", n)
		}
		revs, err := db.Revisions(ctx, "figure", id)
		if err != nil || len(revs) != 1 {
			t.Fatalf("figure revisions: %+v %v", revs, err)
		}
		r := revs[0]
		if r.Action != domain.ActionImport || r.Actor != "tester" || r.Version != 1 || r.At.IsZero() ||
			!strings.Contains(string(r.Snapshot), `"excerpt":"857,157 undocumented`) {
			t.Errorf("revision %+v does not record the change", r)
		}
	})
}

func TestDraftsNeverReachPublicReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "Pakistani officials", "The News")
		_, id := save(t, db, figure(857157, "Pakistani officials"), domain.StatusDraft)
		if f, _, err := db.Figure(ctx, id); err != nil || f.Status != domain.StatusDraft {
			t.Fatalf("staff read: %v %v", f.Status, err)
		}
		if _, _, err := db.PublicFigure(ctx, id); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("PublicFigure(draft) err = %v, want not found", err)
		}
		if list, err := db.PublicSeries(ctx); err != nil || len(list) != 0 {
			t.Errorf("PublicSeries = %d series, %v; want none", len(list), err)
		}
		if _, err := db.PublicSeriesBySlug(ctx, "returns"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("PublicSeriesBySlug err = %v, want not found", err)
		}
		n := 0
		db.PublicFigureStream(ctx, store.FigureFilter{}, func(domain.Series, domain.Figure) error { n++; return nil })
		if n != 0 {
			t.Errorf("export saw %d drafts", n)
		}
	})
}

func TestDatasetVersionMovesOnlyWithPublicChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "A", "B", "The News")
		v0, _ := db.DatasetVersion(ctx)
		save(t, db, figure(1, "A"), domain.StatusDraft)
		v1, _ := db.DatasetVersion(ctx)
		save(t, db, figure(2, "B"), domain.StatusPublished)
		v2, _ := db.DatasetVersion(ctx)
		if v1 != v0 || v2 != v1+1 {
			t.Errorf("versions %d → %d (draft) → %d (publish); want unchanged, then +1", v0, v1, v2)
		}
	})
}

func TestPublishedFigureCannotBeReimportedAsDraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.Orgs(t, db, "Pakistani officials", "The News")
		f := figure(857157, "Pakistani officials")
		f.ID = "fixed-id"
		save(t, db, f, domain.StatusPublished)
		f.Value = 857158
		err := db.InTx(context.Background(), "tester", func(tx *store.Tx) error {
			s, _ := tx.EnsureSeries(context.Background(), series("returns"), domain.ActionImport, true)
			_, _, err := tx.ImportFigure(context.Background(), s, f, domain.StatusDraft)
			return err
		})
		if domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("err = %v, want a conflict", err)
		}
	})
}

func TestSeriesRowsMustAgreeWithTheSeries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "A", "B", "The News")
		save(t, db, figure(1, "A"), domain.StatusPublished)
		err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
			s := series("returns")
			s.Measure, s.ToISO3 = domain.MeasureStock, "IRN"
			_, err := tx.EnsureSeries(ctx, s, domain.ActionImport, true)
			return err
		})
		var fields []string
		for _, p := range domain.FieldProblems(err) {
			fields = append(fields, p.Field)
		}
		if strings.Join(fields, ",") != "measure,to_iso3" {
			t.Errorf("problems %v (fields %v), want measure and to_iso3", err, fields)
		}
		// A new title is an update with a revision.
		err = db.InTx(ctx, "tester", func(tx *store.Tx) error {
			s := series("returns")
			s.Title = "Afghans who left Pakistan"
			_, err := tx.EnsureSeries(ctx, s, domain.ActionImport, true)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := db.SeriesBySlug(ctx, "returns")
		revs, _ := db.Revisions(ctx, "series", "1")
		if got.Title != "Afghans who left Pakistan" || len(revs) != 2 {
			t.Errorf("title %q with %d revisions; want the new title and 2 revisions", got.Title, len(revs))
		}
	})
}

func TestSourceDetailsAreMergedWithARevision(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.Orgs(t, db, "A", "B", "The News")
		save(t, db, figure(1, "A"), domain.StatusPublished)
		f := figure(2, "B")
		f.Source.PublishedOn = domain.MustDate("2025-04-25")
		save(t, db, f, domain.StatusPublished)
		src, err := db.Source(ctx, 1)
		if err != nil || src.PublishedOn.String() != "2025-04-25" {
			t.Errorf("source %+v %v: published date not merged", src, err)
		}
		if revs, _ := db.Revisions(ctx, "source", "1"); len(revs) != 2 {
			t.Errorf("%d source revisions, want 2", len(revs))
		}
	})
}

func TestFailedTransactionWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
			// The organisations it creates go with the rest.
			tx.CreateMissingOrganizations()
			s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true)
			if err != nil {
				return err
			}
			if _, _, err := tx.ImportFigure(ctx, s, figure(1, "A"), domain.StatusPublished); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if empty, _ := db.IsEmpty(ctx); !empty {
			t.Error("rolled-back transaction left rows")
		}
		if n, _ := db.CountRevisions(ctx); n != 0 {
			t.Errorf("rolled-back transaction left %d revisions", n)
		}
	})
}

func TestPublicReadsOfTheDemo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		storetest.LoadDemo(t, db)
		ctx := context.Background()
		list, err := db.PublicSeries(ctx)
		if err != nil || len(list) != 3 {
			t.Fatalf("PublicSeries: %d, %v; want 3 series", len(list), err)
		}
		var gov store.SeriesSummary
		for _, s := range list {
			if s.Series.Slug == "afg-repatriated-from-pak-cumulative-pak-gov" {
				gov = s
			}
		}
		if gov.Count != 10 || gov.Latest.Value != 1000000 || gov.Latest.Qualifier != domain.MoreThan ||
			gov.Latest.PeriodEnd.String() != "2025-06-02" {
			t.Errorf("government series summary %+v: want 10 figures, latest more than 1,000,000 on 2025-06-02", gov)
		}
		if one, err := db.PublicSeriesSummary(ctx, gov.Series.Slug); err != nil || one.Count != gov.Count || one.Latest.ID != gov.Latest.ID {
			t.Errorf("PublicSeriesSummary = %+v, %v; want the list's entry", one, err)
		}
		figs, err := db.PublicFiguresOfSeries(ctx, gov.Series.ID)
		if err != nil || len(figs) != 10 || figs[0].Value != 59561 || figs[0].Source.Publisher != "Abb Takk" {
			t.Errorf("PublicFiguresOfSeries: %d, first %+v, %v", len(figs), figs[0], err)
		}
		events, err := db.PublicEvents(ctx, store.EventFilter{Countries: []string{"AFG"}})
		if err != nil || len(events) != 3 {
			t.Errorf("events touching AFG: %d, %v; want 3 (the IFRP announcement names PAK only)", len(events), err)
		}
	})
}

// TestSQLiteReadersAndWriterTogether runs readers against a writer: WAL,
// busy_timeout and the single writer connection must give no SQLITE_BUSY.
func TestSQLiteReadersAndWriterTogether(t *testing.T) {
	db := storetest.SQLite(t)
	storetest.LoadDemo(t, db)
	storetest.Orgs(t, db, "Writer")
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	stop := make(chan struct{})
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := db.PublicSeries(ctx); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range 50 {
		f := figure(float64(i), "Writer")
		if _, _, err := func() (domain.Outcome, string, error) {
			var o domain.Outcome
			var id string
			err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
				s, err := tx.EnsureSeries(ctx, series("returns"), domain.ActionImport, true)
				if err != nil {
					return err
				}
				o, id, err = tx.ImportFigure(ctx, s, f, domain.StatusPublished)
				return err
			})
			return o, id, err
		}(); err != nil {
			errs <- err
			break
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestRevisionChainShowsTampering: a revision changed behind the
// application's back (here by dropping the trigger that refuses it) breaks
// the hash chain, and VerifyRevisions names it.
func TestRevisionChainShowsTampering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		storetest.LoadDemo(t, db)
		checked, unchained, err := db.VerifyRevisions(ctx)
		if err != nil || checked == 0 || unchained != 0 {
			t.Fatalf("intact history: %d checked, %d unchained, %v", checked, unchained, err)
		}
		drop := "DROP TRIGGER revisions_no_update"
		if db.Dialect() == store.Postgres {
			drop += " ON revisions"
		}
		if err := db.ExecForTest(ctx, drop); err != nil {
			t.Fatal(err)
		}
		if err := db.ExecForTest(ctx, "UPDATE revisions SET snapshot = replace(snapshot, '59561', '95561') WHERE entity = 'figure'"); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.VerifyRevisions(ctx)
		if err == nil || !strings.Contains(err.Error(), "was altered") {
			t.Errorf("after tampering: %v, want the altered revision named", err)
		}
	})
}
