package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
)

// similarFigure is a figure of value from url, attributed to by, for the
// period start–end ("" for no start).
func similarFigure(value float64, url, by, start, end, excerpt string) domain.Figure {
	f := figure(value, by)
	f.Source.URL = url
	f.PeriodEnd = domain.MustDate(end)
	if start != "" {
		f.PeriodStart = domain.MustDate(start)
	}
	f.Excerpt = excerpt
	return f
}

func similarIDs(list []store.SimilarFigure) []string {
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = s.ID
	}
	return ids
}

// A figure is similar to a held one with the same source and value, or an
// organisation in common (however its words are spelt), the same value and
// a period covering the same days; retracted figures and the figure being
// edited are not; same source comes first, then published before drafts.
func TestSimilarFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		knownOrgs(t, db)
		const a, b, c, d = "https://example.org/a", "https://example.org/b", "https://example.org/c", "https://example.org/d"
		_, pub := save(t, db, similarFigure(1000, a, "UNHCR", "", "2024-03", "One thousand crossed."), domain.StatusPublished)
		_, draft := save(t, db, similarFigure(1000, b, "the UN refugee agency", "", "2024-03-31", "1,000 crossed by the end of March."), domain.StatusDraft)
		_, retracted := save(t, db, similarFigure(1000, c, "UNHCR", "", "2024-03-31", "A thousand crossed, it said."), domain.StatusRetracted)
		_, iom := save(t, db, similarFigure(1000, d, "IOM", "", "2024-03", "IOM counted 1,000."), domain.StatusPublished)
		_, other := save(t, db, similarFigure(2000, a, "IOM", "", "2024-03", "Two thousand more."), domain.StatusPublished)
		_, flow := save(t, db, similarFigure(1000, d, "UNHCR", "2024", "2024-03", "1,000 since January."), domain.StatusInReview)
		for i := range 7 {
			save(t, db, similarFigure(5, "https://example.org/e", "Reuters", "", "2024-05", fmt.Sprintf("Five families, line %d.", i)), domain.StatusPublished)
		}

		keys := []store.FigureKey{
			{SourceURL: a, Value: 1000, AttributedTo: "UNHCR", PeriodEnd: domain.MustDate("2024-03-31")},
			{SourceURL: a, Value: 1000, Except: pub},
			{SourceURL: "https://example.org/new", Value: 1000, AttributedTo: "UN High Commissioner for Refugees",
				PeriodStart: domain.MustDate("2024-01-01"), PeriodEnd: domain.MustDate("2024-03")},
			{SourceURL: " " + a + " ", Value: 2000},
			{},
			{Value: 1000, AttributedTo: "UNHCR and IOM", PeriodEnd: domain.MustDate("2024-03")},
			{SourceURL: "https://example.org/e", Value: 5},
			{Value: 1000, AttributedTo: "nobody we know", PeriodEnd: domain.MustDate("2024-03")},
			{Value: 1000, AttributedTo: "UNHCR", PeriodEnd: domain.MustDate("2024-03"), Except: draft},
		}
		got, err := db.SimilarFigures(ctx, keys)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(keys) {
			t.Fatalf("%d results for %d keys", len(got), len(keys))
		}
		want := [][]string{
			{pub, draft},
			nil,
			{flow},
			{other},
			nil,
			{pub, iom, draft}, // published oldest first, then the draft; flow starts in January
			nil,
			nil,
			{pub},
		}
		for i, w := range want {
			if i == 6 {
				continue
			}
			if ids := similarIDs(got[i]); !slices.Equal(ids, w) {
				t.Errorf("key %d: similar %v, want %v", i, ids, w)
			}
		}
		if n := len(got[6]); n != 5 {
			t.Errorf("seven figures of one source and value: %d listed, want 5", n)
		}
		for i, list := range got {
			if slices.Contains(similarIDs(list), retracted) {
				t.Errorf("key %d lists the retracted figure", i)
			}
		}
		first := got[0][0]
		if first.Why != store.WhySameSource || first.Status != domain.StatusPublished || first.SourceURL != a ||
			first.SeriesSlug != "returns" || first.SeriesTitle == "" || first.AttributedTo != "UNHCR" ||
			first.Value != 1000 || first.Qualifier != domain.Exact || first.PeriodEnd.String() != "2024-03" {
			t.Errorf("first similar: %+v", first)
		}
		if second := got[0][1]; second.Why != store.WhySameOrg || second.Status != domain.StatusDraft || second.AttributedTo != "the UN refugee agency" {
			t.Errorf("second similar: %+v", second)
		}
		if f := got[2][0]; f.PeriodStart.String() != "2024" || f.Status != domain.StatusInReview {
			t.Errorf("similar by a start written as a year: %+v", f)
		}
	})
}

// BenchmarkSimilarFigures looks up the similar figures of an import
// preview of 10,000 rows, half of them figures already held, in a
// synthetic dataset of 50,000 figures; on PostgreSQL too when
// TRACKER_TEST_POSTGRES is set.
func BenchmarkSimilarFigures(b *testing.B) {
	for _, dialect := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(dialect.name, func(b *testing.B) {
			db := dialect.open(b)
			storetest.LoadSynthetic(b, db, synth.Config{Figures: 50_000, Series: 200, Seed: 18})
			ctx := context.Background()
			var keys []store.FigureKey
			err := db.PublicFigureStream(ctx, store.FigureFilter{}, func(_ domain.Series, f domain.Figure) error {
				if len(keys) < 10_000 {
					k := store.FigureKey{SourceURL: f.Source.URL, Value: f.Value, AttributedTo: f.AttributedTo,
						PeriodStart: f.PeriodStart, PeriodEnd: f.PeriodEnd}
					if len(keys)%2 == 1 {
						k.Value++ // a figure not held
					}
					keys = append(keys, k)
				}
				return nil
			})
			if err != nil || len(keys) < 10_000 {
				b.Fatalf("%d keys, %v", len(keys), err)
			}
			found := 0
			for b.Loop() {
				got, err := db.SimilarFigures(ctx, keys)
				if err != nil {
					b.Fatal(err)
				}
				found = 0
				for _, list := range got {
					if len(list) > 0 {
						found++
					}
				}
			}
			b.ReportMetric(float64(found), "keys-with-similar")
		})
	}
}
