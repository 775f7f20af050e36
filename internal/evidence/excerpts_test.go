package evidence

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/fetch"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// articlePage is a news article as such sites serve it: navigation, a
// script, the story, a footer.
const articlePage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Afghans leave Pakistan</title>
<script>window.dataLayer=[];function track(){}</script></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main><article><h1>More than 610,000 Afghans have returned from Pakistan, UN says</h1>
<p class="byline">By a staff reporter · 4 June 2024</p>
<p>ISLAMABAD — The UN refugee agency said on Tuesday that more than 610,000 Afghans had returned from Pakistan by the end of May, most of them without documents.</p>
<p>Pakistan’s interior ministry put the number of those who left at 620,981, in figures released to reporters at a briefing in the capital on Friday.</p>
<p>Aid groups at the Torkham crossing said the pace had slowed since the winter, but that families were still arriving with little more than they could carry.</p>
</article></main>
<footer><p>© 2024 The News. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>`

const (
	onPage  = "more than 610,000 Afghans had returned from Pakistan by the end of May"
	offPage = "Iran deported 5,000 Afghans through Islam Qala in a single week"
)

func publishFigure(t *testing.T, db *store.DB, url, excerpt string) string {
	t.Helper()
	ctx := context.Background()
	var id string
	err := db.InTx(ctx, "importer@example.org", func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(ctx, domain.Series{Slug: "afg-returns-from-pak", Title: "Afghans returned from Pakistan",
			PopulationGroup: "returnees", Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "PAK", ToISO3: "AFG"}, domain.ActionImport, true)
		if err != nil {
			return err
		}
		_, id, err = tx.ImportFigure(ctx, s, domain.Figure{Value: 610000, Qualifier: domain.MoreThan, PeriodEnd: domain.MustDate("2024-05-31"),
			AttributedTo: "UNHCR", Excerpt: excerpt, Source: domain.Source{Title: "Afghans leave Pakistan", Publisher: "The News", URL: url}},
			domain.StatusPublished)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A saved copy checks every excerpt of its source at once; an excerpt
// edited and published later is checked by the next round, offline, and
// the public reads the new result (the dataset version moving with it).
func TestRoundsKeepExcerptChecks(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articlePage)
	}))
	defer srv.Close()
	db := storetest.SQLite(t)
	storetest.Orgs(t, db, "The News", "UNHCR")
	ctx := context.Background()
	id := publishFigure(t, db, srv.URL+"/2024/06/afghans", onPage)

	f, err := fetch.New(fetch.Options{Allow: []string{"127.0.0.1"}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	s := &Saver{DB: db, Fetcher: f, Now: func() time.Time { return time.Date(2024, 6, 5, 10, 0, 0, 0, time.UTC) }}
	if saved, failed, err := s.Round(ctx); err != nil || saved != 1 || failed != 0 {
		t.Fatalf("round: %d saved, %d failed, %v", saved, failed, err)
	}
	fig, _, err := db.PublicFigure(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if fig.Evidence.Status != domain.ExcerptFound || len(fig.Evidence.SHA256) != 64 || fig.Evidence.SavedAt.IsZero() {
		t.Fatalf("after the copy was saved: evidence %+v, want found", fig.Evidence)
	}

	// An editor changes the excerpt; a reviewer approves it. Nothing is
	// fetched again (the copy is unchanged); the next round checks it.
	edited := fig
	edited.Excerpt = offPage
	edited.Evidence = domain.Evidence{}
	if err := db.InTx(ctx, "ed@example.org", func(tx *store.Tx) error {
		sr, err := tx.EnsureSeries(ctx, domain.Series{Slug: "afg-returns-from-pak"}, domain.ActionUpdate, false)
		if err != nil {
			return err
		}
		if err := tx.EditFigure(ctx, id, 0, sr, edited); err != nil {
			return err
		}
		return tx.Act(ctx, id, 0, domain.ActionSubmit, "")
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.InTx(ctx, "rev@example.org", func(tx *store.Tx) error { return tx.Act(ctx, id, 0, domain.ActionApprove, "") }); err != nil {
		t.Fatal(err)
	}
	fig, _, _ = db.PublicFigure(ctx, id)
	if fig.Excerpt != offPage || fig.Evidence.Status != domain.ExcerptUnchecked {
		t.Fatalf("after the edit: %q %s, want the new excerpt, unchecked", fig.Excerpt, fig.Evidence.Status)
	}
	before, _ := db.DatasetVersion(ctx)
	if saved, failed, err := s.Round(ctx); err != nil || saved+failed != 0 {
		t.Fatalf("second round: %d saved, %d failed, %v; nothing to fetch", saved, failed, err)
	}
	fig, _, _ = db.PublicFigure(ctx, id)
	if fig.Evidence.Status != domain.ExcerptNotFound {
		t.Errorf("after the next round: %s, want not_found", fig.Evidence.Status)
	}
	if after, _ := db.DatasetVersion(ctx); after <= before {
		t.Errorf("dataset version %d → %d: cached downloads would keep the old status", before, after)
	}
	// Rounds with nothing new keep the version: identical results are not
	// written again.
	same, _ := db.DatasetVersion(ctx)
	if _, _, err := s.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CheckPending(ctx); err != nil || n != 0 {
		t.Errorf("pending after the round: %d, %v", n, err)
	}
	if v, _ := db.DatasetVersion(ctx); v != same {
		t.Errorf("an idle round moved the dataset version %d → %d", same, v)
	}
}

// Looking for unchecked excerpts reads every figure, so an idle round does
// not: a draft's new excerpt (no public change, no new dataset version) is
// checked once pendingEvery has passed, a published change at the next
// round.
func TestRoundsLookForUncheckedExcerptsWhenSomethingChanged(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, articlePage)
	}))
	defer srv.Close()
	db := storetest.SQLite(t)
	storetest.Orgs(t, db, "The News", "UNHCR")
	ctx := context.Background()
	id := publishFigure(t, db, srv.URL+"/2024/06/afghans", onPage)
	f, err := fetch.New(fetch.Options{Allow: []string{"127.0.0.1"}, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 6, 5, 10, 0, 0, 0, time.UTC)
	s := &Saver{DB: db, Fetcher: f, Now: func() time.Time { return now }}
	for range 2 { // the second round finds nothing left: idle from then on
		if _, _, err := s.Round(ctx); err != nil {
			t.Fatal(err)
		}
	}

	// An editor edits the published figure's excerpt and submits it: a
	// pending edit, which the public does not see.
	fig, _, err := db.PublicFigure(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	edited := fig
	edited.Excerpt = offPage
	edited.Evidence = domain.Evidence{}
	version, _ := db.DatasetVersion(ctx)
	if err := db.InTx(ctx, "ed@example.org", func(tx *store.Tx) error {
		sr, err := tx.EnsureSeries(ctx, domain.Series{Slug: "afg-returns-from-pak"}, domain.ActionUpdate, false)
		if err != nil {
			return err
		}
		return tx.EditFigure(ctx, id, 0, sr, edited)
	}); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.DatasetVersion(ctx); v != version {
		t.Skipf("a pending edit moved the dataset version (%d → %d): the next round looks anyway", version, v)
	}
	checkedAs := func() map[string]domain.ExcerptStatus {
		kept, err := db.ExcerptChecksOf(ctx, store.ExcerptOfFigure, []string{id})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]domain.ExcerptStatus{}
		for _, k := range kept[id] {
			out[k.Excerpt] = k.Status
		}
		return out
	}
	now = now.Add(time.Minute)
	if _, _, err := s.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if st, ok := checkedAs()[offPage]; ok {
		t.Errorf("an idle round, a minute later, looked for unchecked excerpts (the edit's is %s)", st)
	}
	now = now.Add(pendingEvery)
	if _, _, err := s.Round(ctx); err != nil {
		t.Fatal(err)
	}
	if st := checkedAs()[offPage]; st != domain.ExcerptNotFound {
		t.Errorf("after %s the edit's excerpt is %q, want not_found", pendingEvery, st)
	}
	if st := checkedAs()[onPage]; st != domain.ExcerptFound {
		t.Errorf("the published excerpt's check: %q, want found (kept beside the edit's)", st)
	}
}
