package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// A source whose address is an IRI (an Arabic news path) is served by the
// API as a URI wherever openapi.json says format: uri — the figure's
// source_url and archive_url, the source's url and archive_url, the
// permalinks — and each names the same resource.
func TestAPIServesAddressesAsURIs(t *testing.T) {
	const iri = "https://www.aljazeera.net/news/2025/4/25/ترحيل-الأفغان-من-باكستان"
	const archive = "https://web.archive.org/web/2025/https://www.aljazeera.net/news/ترحيل"
	ctx := context.Background()
	db := storetest.Demo(t)
	storetest.Orgs(t, db, "UNHCR", "Al Jazeera")
	var id string
	err := db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
		s, err := tx.EnsureSeries(ctx, domain.Series{Slug: govSeries}, domain.ActionImport, false)
		if err != nil {
			return err
		}
		f := domain.Figure{Value: 1234, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2025-04-25"), AttributedTo: "UNHCR",
			Excerpt: "1,234 returned.", Source: domain.Source{URL: iri, ArchiveURL: archive, Title: "ترحيل الأفغان", Publisher: "Al Jazeera"}}
		_, id, err = tx.ImportFigure(ctx, s, f, domain.StatusPublished)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ts, _ := serve(t, db, web.Config{BaseURL: "https://tracker.example/المتتبع"})
	c := newAPIClient(t, ts.URL) // also validates every response against openapi.json, formats included

	same := func(what, got, want string) {
		t.Helper()
		checkURIReference(t, what, got)
		if u, err := url.Parse(got); err != nil || !u.IsAbs() {
			t.Errorf("%s %q is not an absolute URI", what, got)
		}
		if back, _ := url.PathUnescape(got); back != want {
			t.Errorf("%s %q decodes to %q, want %q", what, got, back, want)
		}
	}
	_, body := c.get(t, "/api/v1/figures/"+id, 200)
	var fig struct {
		Data struct {
			SourceURL  string `json:"source_url"`
			ArchiveURL string `json:"archive_url"`
			Permalink  string `json:"permalink"`
		}
	}
	json.Unmarshal(body, &fig)
	same("figure source_url", fig.Data.SourceURL, iri)
	same("figure archive_url", fig.Data.ArchiveURL, archive)
	same("figure permalink", fig.Data.Permalink, "https://tracker.example/المتتبع/figures/"+id)

	_, body = c.get(t, "/api/v1/sources?limit=1000", 200)
	var sources struct {
		Data []struct {
			URL        string  `json:"url"`
			ArchiveURL *string `json:"archive_url"`
		}
	}
	json.Unmarshal(body, &sources)
	found := false
	for _, s := range sources.Data {
		if back, _ := url.PathUnescape(s.URL); back == iri {
			found = true
			same("source url", s.URL, iri)
			same("source archive_url", *s.ArchiveURL, archive)
		}
	}
	if !found {
		t.Errorf("/api/v1/sources has no source for %s", iri)
	}
	_, body = c.get(t, "/api/v1/series/"+govSeries, 200)
	var se struct{ Data struct{ Permalink string } }
	json.Unmarshal(body, &se)
	same("series permalink", se.Data.Permalink, "https://tracker.example/المتتبع/series/"+govSeries)
	_, body = c.get(t, "/api/v1/changes?limit=1", 200)
	var ch struct{ Data []struct{ Permalink string } }
	json.Unmarshal(body, &ch)
	if len(ch.Data) != 1 {
		t.Fatalf("changes: %s", body)
	}
	same("change permalink", ch.Data[0].Permalink, "https://tracker.example/المتتبع/figures/"+id)
}
