package web_test

import (
	"bytes"
	"context"
	"html"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

const claimsSeries = "afg-returns-from-pak-claims-test"

// publishClaims publishes a series whose latest fact has two claims that
// disagree, from two organisations, and none preferred: its headline
// must give both, never one picked. It returns the figures' IDs, oldest
// first: UNHCR's two, then IOM's.
func publishClaims(t *testing.T, db *store.DB) []string {
	t.Helper()
	ctx := context.Background()
	storetest.Orgs(t, db, "UN Refugee Agency (UNHCR)", "International Organization for Migration (IOM)")
	series := domain.Series{Slug: claimsSeries, Title: "Afghans returned from Pakistan, claims test",
		PopulationGroup: "returnees", Measure: domain.MeasureCumulative, Unit: "persons", FromISO3: "PAK", ToISO3: "AFG"}
	src := domain.Source{Title: "Press briefing", Publisher: "Reuters", URL: "https://example.org/briefing", PublishedOn: domain.MustDate("2025-06-05")}
	figs := []domain.Figure{
		{Value: 800000, Qualifier: domain.Exact, PeriodStart: domain.MustDate("2023-10"), PeriodEnd: domain.MustDate("2025-03-01"),
			AttributedTo: "UNHCR", Excerpt: "UNHCR counted 800,000 returns.", Source: src},
		{Value: 930000, Qualifier: domain.Exact, PeriodStart: domain.MustDate("2023-10"), PeriodEnd: domain.MustDate("2025-06-02"),
			AttributedTo: "UNHCR", Excerpt: "UNHCR counted 930,000 returns.", Source: src},
		{Value: 990000, Qualifier: domain.Exact, PeriodStart: domain.MustDate("2023-10"), PeriodEnd: domain.MustDate("2025-06-03"),
			AttributedTo: "IOM", Excerpt: "IOM counted 990,000 returns.", Source: src},
	}
	var ids []string
	for _, f := range figs {
		var id string
		err := db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
			s, err := tx.EnsureSeries(ctx, series, domain.ActionCreate, true)
			if err != nil {
				return err
			}
			if id, err = tx.CreateFigure(ctx, s, f); err != nil {
				return err
			}
			return tx.Act(ctx, id, 0, domain.ActionSubmit, "")
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.InTx(ctx, "reviewer@example.org", func(tx *store.Tx) error { return tx.Act(ctx, id, 0, domain.ActionApprove, "") }); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// metaContent is the content of the meta element with the given property
// or name, unescaped; "" when there is none.
func metaContent(page, key string) string {
	m := regexp.MustCompile(`<meta (?:property|name)="` + regexp.QuoteMeta(key) + `" content="([^"]*)">`).FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// The series page's description and link preview give the latest fact's
// headline: both disagreeing claims with their organisations, never one.
// The preview's image is the social card, 1200×675, at an absolute address.
func TestSeriesLinkPreview(t *testing.T) {
	ts, db := newSite(t)
	publishClaims(t, db)
	_, page := get(t, ts.URL+"/series/"+claimsSeries)
	desc := metaContent(page, "description")
	if want := "Latest, since Oct 2023, as of 2–3 Jun 2025: 930,000–990,000 from 2 sources: UNHCR and IOM."; !strings.Contains(desc, want) {
		t.Errorf("description %q lacks %q", desc, want)
	}
	permalink := ts.URL + "/series/" + claimsSeries
	for key, want := range map[string]string{
		"og:title":       "Afghans returned from Pakistan, claims test",
		"og:description": desc,
		"og:url":         permalink,
		"og:image":       permalink + "/chart.png?size=social",
		"og:type":        "website",
		"twitter:card":   "summary_large_image",
	} {
		if got := metaContent(page, key); got != want {
			t.Errorf("%s: %q, want %q", key, got, want)
		}
	}
	resp, body := get(t, metaContent(page, "og:image"))
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("social card: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cfg, err := png.DecodeConfig(bytes.NewReader([]byte(body)))
	if err != nil || cfg.Width != 1200 || cfg.Height != 675 {
		t.Errorf("social card %dx%d (%v), want 1200x675", cfg.Width, cfg.Height, err)
	}
	// The social and phone SVGs draw the headline; the medium one does not.
	for size, want := range map[string]bool{"social": true, "phone": true, "medium": false} {
		_, svg := get(t, permalink+"/chart.svg?size="+size)
		if got := strings.Contains(svg, "930,000–990,000 from 2 sources: UNHCR and IOM") || strings.Contains(svg, "Latest, since Oct 2023"); got != want {
			t.Errorf("%s chart draws the headline: %v, want %v", size, got, want)
		}
	}
	// A chart cut to a period gives the headline of its latest fact.
	_, svg := get(t, permalink+"/chart.svg?size=social&to=2025-04-30")
	if !strings.Contains(svg, "Latest, since Oct 2023, as of 1 Mar 2025: 800,000 (UNHCR)") {
		t.Error("a chart cut to a period does not give that period's headline")
	}
}

// The embed gives the headline under the chart.
func TestEmbedGivesTheHeadline(t *testing.T) {
	ts, db := newSite(t)
	publishClaims(t, db)
	_, body := get(t, ts.URL+"/embed/series/"+claimsSeries)
	mustContain(t, "embed", body, `<p class="embed-headline" dir="auto">Latest, since Oct 2023, as of 2–3 Jun 2025: 930,000–990,000 from 2 sources: UNHCR and IOM.</p>`)
	_, body = get(t, ts.URL+"/embed/series/"+iomSeries)
	mustContain(t, "embed of one claim", body, `Latest, since 1 Sep 2023, as of 19 Apr 2025: about 1,000,000 (IOM).`)
}
