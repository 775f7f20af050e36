package web_test

import (
	"context"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/internal/synth"
	"github.com/displacement-tracker/tracker/web"
)

// The home page and its filters, and browseSite, the site on which they
// and the series page's links (series_test.go) and the source page
// (source_test.go) are tested. Each runs on SQLite and PostgreSQL.

const (
	deathsSeries  = "pak-security-forces-deaths-annual"
	iranSeries    = "afg-deportees-from-irn"
	reverseSeries = "afg-refugees-in-pak"
	secretSeries  = "pak-afg-secret-count"
	bloombergURL  = "https://techtricks365.com/?p=51775"
	leakURL       = "https://example.org/leak"
)

// browseHeader is the canonical CSV's header for the rows below.
const browseHeader = "series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n"

// browseSite serves the demo and, besides: a series from Iran, one the
// other way (Afghanistan → Pakistan), a series with a draft only, and a
// draft in the IOM series that cites the seed article. Drafts name
// organisations ("Leaky News", "Secret Office") that nothing published does.
func browseSite(t *testing.T, db *store.DB) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	storetest.LoadDemo(t, db)
	storetest.Orgs(t, db, "UNHCR", "Secret Office", "Leaky News")
	published := browseHeader +
		iranSeries + ",Afghans deported from Iran,deportees,cumulative,persons,IRN,AFG,2025-03-31,400000,UNHCR,UNHCR,Iran update,https://example.org/iran,400000 deported.\n" +
		reverseSeries + ",Afghan refugees in Pakistan,refugees,stock,persons,AFG,PAK,2024-12-31,1300000,UNHCR,Reuters,Refugees stay,https://example.org/refugees,1.3 million remain.\n"
	drafts := browseHeader +
		secretSeries + ",A secret count,migrants,stock,persons,PAK,AFG,2025-05-01,7,Secret Office,Leaky News,Leak," + leakURL + ",A sentence nobody has checked.\n" +
		iomSeries + ",,returnees,cumulative,persons,PAK,AFG,2025-05-02,999999,Secret Office,Bloomberg,Pakistan Deputy PM in Kabul for Talks as Taliban Ties Worsen," + bloombergURL + ",A draft read from the seed article.\n"
	for _, f := range []struct {
		csv    string
		status domain.Status
	}{{published, ""}, {drafts, "draft"}} {
		if rep, err := importer.Run(ctx, db, "test", importer.Input{Figures: strings.NewReader(f.csv)}, exchange.Options{Status: f.status}); err != nil {
			t.Fatalf("import: %v %v", err, rep.Problems)
		}
	}
	ts, _ := serve(t, db, web.Config{})
	return ts
}

// listed returns the slugs a home page lists, in order.
func listed(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<h2><a href="/series/([a-z0-9-]+)" dir="auto">`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		if seen[x]--; seen[x] < 0 {
			return false
		}
	}
	return true
}

func TestHomeFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := browseSite(t, db)
		all := []string{iomSeries, govSeries, deathsSeries, iranSeries, reverseSeries}
		tests := []struct {
			query string
			want  []string // the series listed, in any order
			says  []string // and what the page says besides
		}{
			{"", all, []string{"<strong>5</strong> series</p>"}},
			{"from=PAK", []string{iomSeries, govSeries, deathsSeries}, []string{"<strong>3</strong> series match</p>", `<option value="PAK" selected dir="auto">Pakistan</option>`}},
			{"to=AFG", []string{iomSeries, govSeries, iranSeries}, nil},
			{"country=PAK", []string{iomSeries, govSeries, deathsSeries, reverseSeries}, nil},
			{"group=returnees", []string{iomSeries, govSeries}, []string{`<option value="returnees" selected dir="auto">Returnees</option>`}},
			{"publisher=IOM", []string{iomSeries}, []string{ // attributed to
				`<option value="IOM" selected dir="auto">International Organization for Migration (IOM)</option>`}},
			{"publisher=bloomberg", []string{iomSeries, deathsSeries}, []string{"Organisation: Bloomberg"}}, // published the source
			{"publisher=Reuters", []string{reverseSeries, govSeries}, nil},                                  // "Reuters (DT Next)" is Reuters too
			{"q=repatriated", []string{govSeries}, []string{`value="repatriated"`, "<strong>1</strong> series matches</p>"}},
			{"q=iran", []string{iranSeries}, nil}, // a country's name …
			{"q=IRN", []string{iranSeries}, nil},  // … or its code
			{"q=secret", nil, nil},                // a series with drafts only is not public
			{"q=%25", nil, nil},                   // LIKE's wildcard is a character like any other
			{"q=++Deported+++IRAN+", []string{iranSeries}, []string{`value="Deported IRAN"`, "Words: Deported IRAN"}},
			// The example: every filter at once, all of them holding.
			{"from=PAK&to=AFG&group=returnees&publisher=IOM&q=since", []string{iomSeries}, []string{
				`href="/?from=PAK&amp;to=AFG&amp;group=returnees&amp;publisher=IOM">Words: since`, // remove one filter at a time
				`href="/?q=since&amp;to=AFG&amp;group=returnees&amp;publisher=IOM">From: Pakistan`,
				`href="/?q=since&amp;from=PAK&amp;to=AFG&amp;group=returnees">Organisation: IOM`,
				`<a href="/">Clear all filters</a>`}},
			{"from=PAK&group=deportees", nil, []string{"No published series match all of these filters",
				`<a href="/?group=deportees">Without “From: Pakistan”</a> — 1 series`,
				`<a href="/?from=PAK">Without “Group: Deportees”</a> — 3 series`}},
			{"from=pak&fbclid=x&publisher=iom", []string{iomSeries}, []string{"From: Pakistan", "Organisation: IOM"}}, // normalized; unknown parameters dropped
		}
		for _, tt := range tests {
			resp, body := get(t, ts.URL+"/?"+tt.query)
			if resp.StatusCode != 200 {
				t.Errorf("%q: status %d", tt.query, resp.StatusCode)
				continue
			}
			if got := listed(body); !sameSet(got, tt.want) {
				t.Errorf("%q lists %v, want %v", tt.query, got, tt.want)
			}
			mustContain(t, tt.query, body, tt.says...)
			for _, draft := range []string{"Leaky News", "Secret Office", secretSeries, "999,999", `value="migrants"`} {
				if strings.Contains(body, draft) {
					t.Errorf("%q shows %q, which only drafts have", tt.query, draft)
				}
			}
		}
	})
}

// Values that name nothing: the page again, with the form and a message
// per parameter, as a 400 (the address is wrong, not the data); never a 500.
func TestHomeFiltersRefuseWhatNamesNothing(t *testing.T) {
	ts, db := newSite(t)
	storetest.Orgs(t, db, "Secret Office", "Leaky News")
	draft := browseHeader + secretSeries + ",A secret count,migrants,stock,persons,PAK,AFG,2025-05-01,7,Secret Office,Leaky News,Leak," + leakURL + ",Unchecked.\n"
	if _, err := importer.Run(t.Context(), db, "test", importer.Input{Figures: strings.NewReader(draft)}, exchange.Options{Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string]string{
		"from=XYZ":                        `&#34;XYZ&#34; is not a country code`,
		"to=Pakistan":                     `&#34;Pakistan&#34; is not a country code`,
		"country=1":                       `&#34;1&#34; is not a country code`,
		"group=kittens":                   `&#34;kittens&#34; is not a population group`,
		"publisher=Nobody":                `no published figure comes from an organisation called &#34;Nobody&#34;`,
		"publisher=Leaky+News":            `no published figure comes from an organisation called &#34;Leaky News&#34;`, // drafts only
		"publisher=Secret+Office":         `organisation called &#34;Secret Office&#34;`,
		"q=" + strings.Repeat("word", 30): "is 120 characters long; search with at most 100",
		"q=a+b+c+d+e+f+g+h+i":             "has 9 words; search with at most 8",
		"page=0":                          `&#34;0&#34; is not a page number`,
		"page=x":                          `&#34;x&#34; is not a page number`,
		"from=PAK&from=AFG":               "is given 2 times; give it once",
	} {
		resp, body := get(t, ts.URL+"/?"+query)
		if resp.StatusCode != 400 {
			t.Errorf("%s: status %d, want 400", query, resp.StatusCode)
		}
		mustContain(t, query, body, want, `This search cannot be run as it is.`, `<form method="get" action="/" class="filters"`)
		if strings.Contains(body, `<option value="Leaky News"`) || strings.Contains(body, `<option value="migrants"`) {
			t.Errorf("%s: a draft's organisation or group is offered", query)
		}
	}
	// A page past the end is not found; the one before it is there.
	if resp, _ := get(t, ts.URL+"/?page=2"); resp.StatusCode != 404 {
		t.Errorf("page 2 of 1: %d", resp.StatusCode)
	}
}

// The form offers what published data has, by name, and nothing else.
func TestHomeFilterOptions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := browseSite(t, db)
		_, body := get(t, ts.URL+"/")
		form := body[strings.Index(body, `class="filters"`):strings.Index(body, `</form>`)]
		options := func(name string) []string {
			sel := form[strings.Index(form, `name="`+name+`"`):]
			sel = sel[:strings.Index(sel, "</select>")]
			var out []string
			for _, m := range regexp.MustCompile(`<option value="([^"]*)"[^>]*>([^<]*)</option>`).FindAllStringSubmatch(sel, -1) {
				out = append(out, m[1]+"="+m[2])
			}
			return out
		}
		for name, want := range map[string][]string{
			"country":   {"=Any", "AFG=Afghanistan", "IRN=Iran", "PAK=Pakistan"},
			"from":      {"=Any", "AFG=Afghanistan", "IRN=Iran", "PAK=Pakistan"},
			"to":        {"=Any", "AFG=Afghanistan", "PAK=Pakistan"},
			"group":     {"=Any", "returnees=Returnees", "deportees=Deportees", "refugees=Refugees", "casualties=Casualties"},
			"publisher": nil,
		} {
			got := options(name)
			if name == "publisher" {
				joined := strings.Join(got, "|")
				// One option per organisation, by its name and acronym; the
				// words that name it ("Pakistani officials", "Reuters (DT Next)")
				// are not options of their own.
				mustContain(t, "organisations", joined, "Bloomberg=Bloomberg", "IOM=International Organization for Migration (IOM)",
					"UNHCR=UNHCR", "Reuters=Reuters", "Dawn=Dawn", "Government of Pakistan=Government of Pakistan", "AFP=Agence France-Presse (AFP)")
				if strings.Contains(joined, "Leaky") || strings.Contains(joined, "Secret") || strings.Contains(joined, "officials") || strings.Contains(joined, "DT Next") {
					t.Errorf("organisations offered: %v", got)
				}
				continue
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%s offers %v, want %v", name, got, want)
			}
		}
	})
}

// Ten thousand series do not make a heavy page: fifty at a time, with
// links to the others.
func TestHomePages(t *testing.T) {
	ts, db := newSite(t)
	storetest.LoadSynthetic(t, db, synth.Config{Figures: 120, Series: 120, Seed: 7})
	seen := map[string]bool{}
	for page, want := range map[int]int{1: 50, 2: 50, 3: 23} {
		addr := "/"
		if page > 1 {
			addr = "/?page=" + strconv.Itoa(page)
		}
		resp, body := get(t, ts.URL+addr)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", addr, resp.StatusCode)
		}
		got := listed(body)
		if len(got) != want {
			t.Errorf("%s lists %d series, want %d", addr, len(got), want)
		}
		for _, s := range got {
			if seen[s] {
				t.Errorf("%s is on two pages", s)
			}
			seen[s] = true
		}
		mustContain(t, addr, body, "<strong>123</strong> series · page "+strconv.Itoa(page)+" of 3")
		if page < 3 {
			mustContain(t, addr, body, `href="/?page=`+strconv.Itoa(page+1)+`" rel="next"`)
		}
		if page == 2 {
			mustContain(t, addr, body, `href="/" rel="prev"`)
		}
		if len(body) > 200_000 {
			t.Errorf("%s is %d bytes", addr, len(body))
		}
	}
	// Filters travel with the pages.
	_, body := get(t, ts.URL+"/?q=synthetic")
	mustContain(t, "filtered first page", body, `href="/?q=synthetic&amp;page=2" rel="next"`)
}

func sourceIDOf(t *testing.T, db *store.DB, u string) string {
	t.Helper()
	found, err := db.SearchSources(context.Background(), u, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range found {
		if s.URL == u {
			return strconv.FormatInt(s.ID, 10)
		}
	}
	t.Fatalf("no source %s", u)
	return ""
}

func firstFigure(t *testing.T, db *store.DB, slug string) string {
	t.Helper()
	var id string
	db.PublicFigureStream(context.Background(), store.FigureFilter{SeriesSlug: slug}, func(_ domain.Series, f domain.Figure) error {
		if id == "" {
			id = f.ID
		}
		return nil
	})
	if id == "" {
		t.Fatalf("no figure in %s", slug)
	}
	return id
}

func TestHomeListsSeriesWithLatestFigure(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	mustContain(t, "home page", body,
		`href="/series/`+govSeries+`"`,
		"Pakistan → Afghanistan",
		"more than 1,000,000", // the latest government figure …
		// … with the words it is attributed to, and its publisher, the
		`<span dir="auto">Pakistan Ministry of Interior</span> → <a href="/organisations/ministry-of-interior-of-pakistan" dir="auto">Ministry of Interior of Pakistan</a>, via <span dir="auto">AFP (A News)</span>`, // … with its attributed publisher, in the source's words
		"since 1 Nov 2023, as of 2 Jun 2025",
		"Pakistani security-force personnel killed",
	)
}
