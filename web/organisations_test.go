package web_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// The organisation pages, their API and the attributed_to filter, on a
// site where one organisation is written three ways.

const orgCSVHeader = "figure_id,series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"

// orgSite makes UNHCR (with an alias), a country office under it and a
// newspaper, publishes figures attributed to UNHCR in three spellings and
// one to the country office, and keeps a draft whose words ("UNHCR (leaked
// memo)", an alias too) and publisher nothing published uses. It returns
// UNHCR's slug.
func orgSite(t *testing.T, db *store.DB) (*httptest.Server, string) {
	t.Helper()
	ctx := context.Background()
	var unhcr domain.Organization
	err := db.InTx(ctx, "test", func(tx *store.Tx) error {
		var err error
		unhcr, err = tx.CreateOrganization(ctx, domain.Organization{Name: "UN High Commissioner for Refugees", Acronym: "UNHCR",
			Kind: domain.OrgUNAgency, URL: "https://www.unhcr.org", Aliases: []string{"the UN refugee agency", "UNHCR (leaked memo)"}})
		if err != nil {
			return err
		}
		if _, err := tx.CreateOrganization(ctx, domain.Organization{Name: "UNHCR Sudan", Kind: domain.OrgUNAgency, Country: "SDN", ParentID: unhcr.ID}); err != nil {
			return err
		}
		for _, name := range []string{"Sudan Tribune", "Leaky News"} {
			if _, err := tx.CreateOrganization(ctx, domain.Organization{Name: name, Kind: domain.OrgMedia}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	published := orgCSVHeader +
		"u-1,sdn-refugees-tcd,Refugees from Sudan in Chad,refugees,stock,persons,SDN,TCD,2024-01-31,500000,UNHCR,Sudan Tribune,Report A,https://example.org/a,500000 refugees.\n" +
		"u-2,sdn-refugees-tcd,,refugees,stock,persons,SDN,TCD,2024-02-29,520000,UNHCR (post on X),UNHCR,Post,https://example.org/x,520000 refugees.\n" +
		"u-3,sdn-refugees-tcd,,refugees,stock,persons,SDN,TCD,2024-03-31,530000,the UN refugee agency,Sudan Tribune,Report B,https://example.org/b,530000 refugees.\n" +
		"u-4,sdn-idps,IDPs in Sudan,idps,stock,persons,SDN,,2024-03-31,9000000,UNHCR Sudan,Sudan Tribune,Report C,https://example.org/c,9 million.\n"
	draft := orgCSVHeader +
		"u-5,sdn-refugees-tcd,,refugees,stock,persons,SDN,TCD,2024-04-30,999999,UNHCR (leaked memo),Leaky News,Leak,https://example.org/leak,A sentence nobody has checked.\n"
	for _, f := range []struct {
		csv    string
		status domain.Status
	}{{published, ""}, {draft, domain.StatusDraft}} {
		if rep, err := importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(f.csv)}, exchange.Options{Status: f.status}); err != nil {
			t.Fatalf("import: %v %v", err, rep.Problems)
		}
	}
	ts, _ := serve(t, db, web.Config{})
	return ts, unhcr.Slug
}

// apiFigureIDs is the figure ids of one API page.
func apiFigureIDs(t *testing.T, body []byte) []string {
	t.Helper()
	var ids []string
	for _, f := range figuresOf(t, body) {
		ids = append(ids, f.FigureID)
	}
	return ids
}

func TestAPIAttributedToMatchesEverySpelling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts, slug := orgSite(t, db)
		c := newAPIClient(t, ts.URL)
		all := []string{"u-1", "u-2", "u-3"}
		for _, words := range []string{"UNHCR", "unhcr", slug, "the+UN+refugee+agency", "U.N.H.C.R.", "UNHCR+(post+on+X)"} {
			_, body := c.get(t, "/api/v1/figures?attributed_to="+words, 200)
			if got := apiFigureIDs(t, body); !slices.Equal(got, all) {
				t.Errorf("attributed_to=%s: %v, want %v", words, got, all)
			}
		}
		_, body := c.get(t, "/api/v1/figures?attributed_to=UNHCR&include_children=true", 200)
		if got, want := apiFigureIDs(t, body), []string{"u-1", "u-2", "u-3", "u-4"}; !slices.Equal(got, want) {
			t.Errorf("with its children: %v, want %v", got, want)
		}
		_, body = c.get(t, "/api/v1/figures?attributed_to=UNHCR&include_children=false", 200)
		if got := apiFigureIDs(t, body); !slices.Equal(got, all) {
			t.Errorf("include_children=false: %v, want %v", got, all)
		}
		for _, words := range []string{"Nobody+at+all", "Sudan+Tribune"} {
			if _, body := c.get(t, "/api/v1/figures?attributed_to="+words, 200); len(apiFigureIDs(t, body)) != 0 {
				t.Errorf("attributed_to=%s: %v, want none", words, apiFigureIDs(t, body))
			}
		}
		// Each figure names its organisation, whatever its words.
		_, body = c.get(t, "/api/v1/figures/u-3", 200)
		var one struct{ Data exchange.FigureJSON }
		if err := json.Unmarshal(body, &one); err != nil {
			t.Fatal(err)
		}
		if one.Data.AttributedTo != "the UN refugee agency" {
			t.Errorf("u-3 attributed_to %q", one.Data.AttributedTo)
		}
	})
}

func TestAPIOrganisations(t *testing.T) {
	db := storetest.SQLite(t)
	ts, slug := orgSite(t, db)
	c := newAPIClient(t, ts.URL)
	_, body := c.get(t, "/api/v1/organisations", 200)
	var list struct {
		Data []struct {
			Slug        string  `json:"slug"`
			Parent      *string `json:"parent"`
			FigureCount int     `json:"figure_count"`
			SourceCount int     `json:"source_count"`
			Page        string  `json:"page"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatal(err)
	}
	var slugs []string
	for _, o := range list.Data {
		slugs = append(slugs, o.Slug)
		if o.Slug == slug && (o.FigureCount != 3 || o.SourceCount != 1 || o.Page != ts.URL+"/organisations/"+slug) {
			t.Errorf("UNHCR: %+v", o)
		}
		if o.Slug == "unhcr-sudan" && (o.Parent == nil || *o.Parent != slug) {
			t.Errorf("UNHCR Sudan's parent: %v", o.Parent)
		}
	}
	if want := []string{"sudan-tribune", slug, "unhcr-sudan"}; !slices.Equal(slugs, want) {
		t.Errorf("organisations %v, want %v (by slug; none that only a draft names)", slugs, want)
	}
	_, body = c.get(t, "/api/v1/organisations/"+slug, 200)
	var one struct {
		Data struct {
			Aliases  []string `json:"aliases"`
			Children []string `json:"children"`
			Series   []string `json:"series"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &one); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(one.Data.Aliases, []string{"the UN refugee agency"}) || !slices.Equal(one.Data.Children, []string{"unhcr-sudan"}) ||
		!slices.Equal(one.Data.Series, []string{"sdn-refugees-tcd"}) {
		t.Errorf("UNHCR: %+v", one.Data)
	}
	if strings.Contains(string(body), "leaked memo") {
		t.Error("an alias only a draft used is in the API")
	}
	c.get(t, "/api/v1/organisations/leaky-news", 404)
}

func TestOrganisationPages(t *testing.T) {
	dsn := storetest.SQLiteDSN(t)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	ts, slug := orgSite(t, db)

	resp, body := get(t, ts.URL+"/organisations")
	if resp.StatusCode != 200 {
		t.Fatalf("/organisations: %d", resp.StatusCode)
	}
	mustContain(t, "/organisations", body, "UN agencies", "Media", `href="/organisations/`+slug+`"`, "UN High Commissioner for Refugees",
		"3 figures in 1 series", "part of", "Sudan · ", `<a href="/organisations">Organisations</a>`)
	for _, leak := range []string{"Leaky News", "leaked memo"} {
		if strings.Contains(body, leak) {
			t.Errorf("/organisations shows %q, which only a draft names", leak)
		}
	}

	resp, body = get(t, ts.URL+"/organisations/"+slug)
	if resp.StatusCode != 200 {
		t.Fatalf("/organisations/%s: %d", slug, resp.StatusCode)
	}
	mustContain(t, "UNHCR's page", body, "UN agency", "Also written as", "the UN refugee agency", "https://www.unhcr.org",
		`href="/organisations/unhcr-sudan"`, `href="/series/sdn-refugees-tcd"`, `href="/figures/u-2"`, `“<span dir="auto">UNHCR (post on X)</span>”`,
		"Documents it published", `href="/?publisher=UNHCR"`)
	for _, leak := range []string{"leaked memo", "999,999", "Leaky News", "u-5"} {
		if strings.Contains(body, leak) {
			t.Errorf("UNHCR's page shows %q, which only a draft has", leak)
		}
	}
	resp, body = get(t, ts.URL+"/organisations/unhcr-sudan")
	mustContain(t, "UNHCR Sudan's page", body, "Part of", `href="/organisations/`+slug+`"`, "Sudan")

	for _, path := range []string{"/organisations/leaky-news", "/organisations/no-such-org"} {
		if resp, _ := get(t, ts.URL+path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}

	// Figure pages and series tables link the words to the organisation.
	_, body = get(t, ts.URL+"/figures/u-2")
	mustContain(t, "figure u-2", body, `<span dir="auto">UNHCR (post on X)</span> → <a href="/organisations/`+slug+`" dir="auto">UNHCR</a>`)
	_, body = get(t, ts.URL+"/figures/u-1")
	mustContain(t, "figure u-1", body, `<a href="/organisations/`+slug+`" dir="auto">UNHCR</a>`, `<a href="/organisations/sudan-tribune" dir="auto">Sudan Tribune</a>`)
	_, body = get(t, ts.URL+"/series/sdn-refugees-tcd")
	mustContain(t, "the series page", body, `the UN refugee agency</span> → <a href="/organisations/`+slug+`"`)

	// A merged organisation's page moves to the one it was merged into.
	err = db.InTx(context.Background(), "test", func(tx *store.Tx) error {
		_, err := tx.CreateOrganization(context.Background(), domain.Organization{Name: "UNHCR Geneva", Kind: domain.OrgUNAgency})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec("UPDATE organizations SET merged_into = (SELECT id FROM organizations WHERE slug = ?) WHERE slug = 'unhcr-geneva'", slug); err != nil {
		t.Fatal(err)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.Get(ts.URL + "/organisations/unhcr-geneva")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/organisations/"+slug {
		t.Errorf("merged: %d to %q, want 301 to /organisations/%s", resp.StatusCode, resp.Header.Get("Location"), slug)
	}
}
