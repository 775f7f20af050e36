package store_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// browseData stores five series: three on the Pakistan → Afghanistan
// corridor (one of them with drafts only), one the other way, one from
// Sudan to Chad; and, besides, an event-only source and a draft-only one.
func browseData(t *testing.T, db *store.DB) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	storetest.Orgs(t, db, "IOM", "Bloomberg", "Pakistan government", "Dawn", "Secret Office", "Leaky News", "UNHCR", "Gazette")
	mk := func(slug, title, group, from, to string) domain.Series {
		return domain.Series{Slug: slug, Title: title, PopulationGroup: domain.PopulationGroup(group),
			Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: from, ToISO3: to}
	}
	fig := func(end, by, publisher, url string) domain.Figure {
		return domain.Figure{Value: 10, Qualifier: domain.Exact, PeriodEnd: domain.MustDate(end), AttributedTo: by,
			Excerpt: "Ten people.", Source: domain.Source{Title: "Report " + url, Publisher: publisher, URL: "https://example.org/" + url}}
	}
	rows := []struct {
		s      domain.Series
		f      domain.Figure
		status domain.Status
	}{
		{mk("pak-afg-returns", "Returns to Afghanistan from Pakistan", "returnees", "PAK", "AFG"), fig("2025-01-01", "IOM", "Bloomberg", "a"), domain.StatusPublished},
		{mk("pak-afg-returns", "", "", "", ""), fig("2025-02-01", "IOM", "Bloomberg", "a2"), domain.StatusPublished},
		{mk("pak-afg-deportees", "Deportations to Afghanistan", "deportees", "PAK", "AFG"), fig("2025-01-01", "Pakistan government", "Dawn", "b"), domain.StatusPublished},
		{mk("pak-afg-deportees", "", "", "", ""), fig("2025-03-01", "Secret Office", "Leaky News", "draft"), domain.StatusDraft},
		{mk("pak-afg-hidden", "Hidden count", "migrants", "PAK", "AFG"), fig("2025-01-01", "IOM", "Bloomberg", "a"), domain.StatusDraft},
		{mk("afg-pak-refugees", "Refugees in Pakistan from Afghanistan", "refugees", "AFG", "PAK"), fig("2024-01-01", "UNHCR", "UNHCR", "c"), domain.StatusPublished},
		{mk("sdn-tcd-refugees", "Sudanese refugees in Chad", "refugees", "SDN", "TCD"), fig("2024-06-01", "UNHCR", "UNHCR", "d"), domain.StatusPublished},
	}
	for _, r := range rows {
		err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
			s, err := tx.EnsureSeries(ctx, r.s, domain.ActionImport, true)
			if err != nil {
				return err
			}
			_, _, err = tx.ImportFigure(ctx, s, r.f, r.status)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ev := func(url, title, publisher string, status domain.Status) {
		err := db.InTx(ctx, "tester", func(tx *store.Tx) error {
			_, _, err := tx.ImportEvent(ctx, domain.Event{Date: domain.MustDate("2025-01-15"), Title: "A deadline " + url,
				Kind: "deadline", Countries: []string{"PAK"}, Excerpt: "By then.",
				Source: domain.Source{Title: title, Publisher: publisher, URL: "https://example.org/" + url}}, status)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ev("a", "Report a", "Bloomberg", domain.StatusPublished)
	ev("notice", "Notice", "Gazette", domain.StatusPublished)
	ev("draft-notice", "Draft notice", "Gazette", domain.StatusDraft)
	ids := map[string]int64{}
	for _, u := range []string{"a", "a2", "b", "draft", "c", "notice", "draft-notice"} {
		ids[u] = sourceID(t, db, "https://example.org/"+u)
	}
	return ids
}

func sourceID(t *testing.T, db *store.DB, url string) int64 {
	t.Helper()
	found, err := db.SearchSources(context.Background(), url, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range found {
		if s.URL == url {
			return s.ID
		}
	}
	t.Fatalf("no source %s", url)
	return 0
}

func slugs(p store.SeriesPage) []string {
	var out []string
	for _, s := range p.Series {
		out = append(out, s.Series.Slug)
	}
	return out
}

func TestFindPublicSeries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		browseData(t, db)
		ctx := context.Background()
		org := func(name string) int64 {
			orgs, err := db.Organizations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range orgs {
				if o.Name == name {
					return o.ID
				}
			}
			t.Fatalf("no organisation %q", name)
			return 0
		}
		tests := []struct {
			name   string
			filter store.SeriesFilter
			want   []string // by title
		}{
			{"everything public", store.SeriesFilter{}, []string{"pak-afg-deportees", "afg-pak-refugees", "pak-afg-returns", "sdn-tcd-refugees"}},
			{"from", store.SeriesFilter{From: "PAK"}, []string{"pak-afg-deportees", "pak-afg-returns"}},
			{"to", store.SeriesFilter{To: "PAK"}, []string{"afg-pak-refugees"}},
			{"either end", store.SeriesFilter{Country: "PAK"}, []string{"pak-afg-deportees", "afg-pak-refugees", "pak-afg-returns"}},
			{"group", store.SeriesFilter{Group: "refugees"}, []string{"afg-pak-refugees", "sdn-tcd-refugees"}},
			{"attributed to", store.SeriesFilter{Org: org("IOM")}, []string{"pak-afg-returns"}},
			{"publisher", store.SeriesFilter{Org: org("Dawn")}, []string{"pak-afg-deportees"}},
			{"publisher of drafts only", store.SeriesFilter{Org: org("Leaky News")}, nil},
			{"attributed in drafts only", store.SeriesFilter{Org: org("Secret Office")}, nil},
			{"word in title", store.SeriesFilter{Words: []string{"deportations"}}, []string{"pak-afg-deportees"}},
			{"word in slug", store.SeriesFilter{Words: []string{"sdn-tcd"}}, []string{"sdn-tcd-refugees"}},
			{"country name", store.SeriesFilter{Words: []string{"chad"}}, []string{"sdn-tcd-refugees"}},
			{"country code", store.SeriesFilter{Words: []string{"tcd"}}, []string{"sdn-tcd-refugees"}},
			{"words AND", store.SeriesFilter{Words: []string{"refugees", "sudan"}}, []string{"sdn-tcd-refugees"}},
			{"LIKE characters are literal", store.SeriesFilter{Words: []string{"%"}}, nil},
			{"draft-only series", store.SeriesFilter{Words: []string{"hidden"}}, nil},
			{"all filters", store.SeriesFilter{From: "PAK", To: "AFG", Country: "AFG", Group: "returnees", Org: org("IOM"), Words: []string{"returns"}}, []string{"pak-afg-returns"}},
			{"AND excludes", store.SeriesFilter{From: "PAK", Group: "refugees"}, nil},
		}
		for _, tt := range tests {
			got, err := db.PublicSeriesSearch(ctx, tt.filter)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if !slices.Equal(slugs(got), tt.want) || got.Total != len(tt.want) {
				t.Errorf("%s: %v (total %d), want %v", tt.name, slugs(got), got.Total, tt.want)
			}
		}
		page, err := db.PublicSeriesSearch(ctx, store.SeriesFilter{Offset: 1, Limit: 2})
		if err != nil || !slices.Equal(slugs(page), []string{"afg-pak-refugees", "pak-afg-returns"}) || page.Total != 4 {
			t.Errorf("second page of two: %v (total %d), %v", slugs(page), page.Total, err)
		}
		// The summary: the latest published figure and the count, drafts
		// left out.
		page, _ = db.PublicSeriesSearch(ctx, store.SeriesFilter{Country: "AFG", Group: "deportees"})
		if len(page.Series) != 1 || page.Series[0].Count != 1 || page.Series[0].Latest.AttributedTo != "Pakistan government" {
			t.Errorf("deportees summary: %+v", page.Series)
		}
		page, _ = db.PublicSeriesSearch(ctx, store.SeriesFilter{Words: []string{"returns"}})
		if len(page.Series) != 1 || page.Series[0].Count != 2 || page.Series[0].Latest.PeriodEnd.String() != "2025-02-01" {
			t.Errorf("returns summary: %+v", page.Series)
		}
	})
}

func TestPublicSeriesOptions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		browseData(t, db)
		o, err := db.PublicSeriesOptions(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var orgs []string
		for _, org := range o.Orgs {
			orgs = append(orgs, org.Name)
		}
		// Gazette publishes only an event's source: events do not make a
		// series match, so it is no option; Leaky News and Secret Office
		// are named by a draft only.
		for what, pair := range map[string][2][]string{
			"from":   {o.From, {"AFG", "PAK", "SDN"}},
			"to":     {o.To, {"AFG", "PAK", "TCD"}},
			"groups": {groupStrings(o.Groups), {"returnees", "deportees", "refugees"}},
			"orgs":   {orgs, {"Bloomberg", "Dawn", "IOM", "Pakistan government", "UNHCR"}},
		} {
			if !slices.Equal(pair[0], pair[1]) {
				t.Errorf("%s: %v, want %v", what, pair[0], pair[1])
			}
		}
	})
}

func groupStrings(gs []domain.PopulationGroup) []string {
	var out []string
	for _, g := range gs {
		out = append(out, string(g))
	}
	return out
}

func TestComparableSeries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		browseData(t, db)
		s, err := db.SeriesBySlug(ctx, "pak-afg-returns")
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.PublicComparableSeries(ctx, s, 10)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range got {
			names = append(names, o.Slug)
		}
		// The same corridor first, then the rest by title; never itself or
		// a series with drafts only.
		want := []string{"pak-afg-deportees", "afg-pak-refugees", "sdn-tcd-refugees"}
		if !slices.Equal(names, want) {
			t.Errorf("comparable with %s: %v, want %v", s.Slug, names, want)
		}
		if got, _ := db.PublicComparableSeries(ctx, s, 1); len(got) != 1 || got[0].Slug != want[0] {
			t.Errorf("limit 1: %v", got)
		}
		s.Unit = "households"
		if got, _ := db.PublicComparableSeries(ctx, s, 10); len(got) != 0 {
			t.Errorf("another unit: %v", got)
		}
	})
}

// PublicSeries counts and shows published figures only: a later draft in a
// published series is neither its latest figure nor counted.
func TestPublicSeriesLatestIsPublished(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		browseData(t, db)
		list, err := db.PublicSeries(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]store.SeriesSummary{}
		for _, s := range list {
			got[s.Series.Slug] = s
		}
		if len(list) != 4 || got["pak-afg-hidden"].Count != 0 {
			t.Errorf("public series: %v", slices.Collect(maps.Keys(got)))
		}
		dep := got["pak-afg-deportees"]
		if dep.Count != 1 || dep.Latest.PeriodEnd.String() != "2025-01-01" || dep.Series.Title != "Deportations to Afghanistan" {
			t.Errorf("deportees: %d figures, latest %s, title %q; want 1, 2025-01-01, the series' title", dep.Count, dep.Latest.PeriodEnd, dep.Series.Title)
		}
		if ret := got["pak-afg-returns"]; ret.Count != 2 || ret.Latest.PeriodEnd.String() != "2025-02-01" {
			t.Errorf("returns: %d figures, latest %s; want 2, 2025-02-01", ret.Count, ret.Latest.PeriodEnd)
		}
	})
}
