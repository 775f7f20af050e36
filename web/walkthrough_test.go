package web_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// /compare without parameters is where series are chosen: a form per group
// of series that count the same way, checkboxes with labels, working
// without a script; a choice of one series comes back with the reason.
func TestCompareChooser(t *testing.T) {
	db := storetest.SQLite(t)
	ts := browseSite(t, db)
	resp, page := get(t, ts.URL+"/compare")
	if resp.StatusCode != 200 {
		t.Fatalf("/compare: %d\n%s", resp.StatusCode, page)
	}
	mustContain(t, "chooser", page, `<form method="get" action="/compare" class="compare-choose">`,
		"<legend>Cumulative totals since a start date, persons</legend>",
		`<label><input type="checkbox" name="series" value="`+govSeries+`"> <span dir="auto">`,
		`<label><input type="checkbox" name="series" value="`+iranSeries+`">`)
	// Each form holds one group: the cumulative series and the stock one
	// (a group of one, with nothing to compare it with) are never in the
	// same form.
	for _, form := range strings.Split(page, "<form ")[1:] {
		if strings.Contains(form, `value="`+govSeries+`"`) && strings.Contains(form, `value="`+reverseSeries+`"`) {
			t.Errorf("a stock and a cumulative series in one form:\n%s", form)
		}
	}
	if strings.Contains(page, `value="`+reverseSeries+`"`) {
		t.Errorf("the only stock series is offered, with nothing to compare it with")
	}

	resp, page = get(t, ts.URL+"/compare?series="+govSeries)
	if resp.StatusCode != 400 {
		t.Errorf("one series: %d", resp.StatusCode)
	}
	mustContain(t, "one series", page, `role="alert"`, "name 2 to", `value="`+govSeries+`" checked>`)

	// With nothing published the page says so.
	empty, _ := serve(t, storetest.SQLite(t), web.Config{})
	if resp, page := get(t, empty.URL+"/compare"); resp.StatusCode != 200 || !strings.Contains(page, "Nothing is published yet.") {
		t.Errorf("empty /compare: %d\n%s", resp.StatusCode, page)
	}
}

// /data's examples name a series this database publishes; with none
// published it names none and still answers.
func TestDataExamplesNameARealSeries(t *testing.T) {
	db := storetest.SQLite(t)
	storetest.Orgs(t, db, "UNHCR")
	csv := browseHeader + "zz-only-series,Only series,refugees,stock,persons,SYR,TUR,2024-12-31,1000,UNHCR,UNHCR,Update,https://example.org/u,1000 refugees.\n"
	if _, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(csv)}, exchange.Options{}); err != nil {
		t.Fatal(err)
	}
	ts, _ := serve(t, db, web.Config{})
	resp, page := get(t, ts.URL+"/data")
	if resp.StatusCode != 200 {
		t.Fatalf("/data: %d", resp.StatusCode)
	}
	mustContain(t, "/data", page, "/api/v1/series/zz-only-series/figures'", "from_iso3=SYR&amp;to_iso3=TUR")
	if strings.Contains(page, govSeries) || strings.Contains(page, "from_iso3=PAK") {
		t.Errorf("/data names the demo's series, which this database does not have")
	}

	empty, _ := serve(t, storetest.SQLite(t), web.Config{})
	resp, page = get(t, empty.URL+"/data")
	if resp.StatusCode != 200 || !strings.Contains(page, "Nothing is published yet") || strings.Contains(page, "/api/v1/series/") {
		t.Errorf("empty /data: %d\n%s", resp.StatusCode, page)
	}
}

// Text people entered in Arabic script (titles, names, excerpts, notes)
// is set in its own direction on every page that shows it, so that it
// neither reorders the English around it nor is reordered by it.
func TestArabicTextHasItsOwnDirection(t *testing.T) {
	db := storetest.SQLite(t)
	const (
		title   = "العائدون إلى أفغانستان"
		org     = "المفوضية السامية"
		excerpt = "عاد ألف شخص."
		notes   = "ملاحظة"
	)
	storetest.Orgs(t, db, org)
	csv := strings.TrimSuffix(browseHeader, "\n") + ",notes\n" +
		"ar-returns," + title + ",returnees,stock,persons,IRN,AFG,2024-12-31,1000," + org + "," + org + "," + title + ",https://example.org/ar," + excerpt + "," + notes + "\n"
	if _, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(csv)}, exchange.Options{}); err != nil {
		t.Fatal(err)
	}
	ts, _ := serve(t, db, web.Config{})
	_, series := get(t, ts.URL+"/series/ar-returns")
	id := regexp.MustCompile(`href="/figures/([0-9a-z]+)"`).FindStringSubmatch(series)
	if id == nil {
		t.Fatalf("no figure link on the series page:\n%s", series)
	}
	src := regexp.MustCompile(`href="/sources/([0-9]+)"`).FindStringSubmatch(series)
	for addr, texts := range map[string][]string{
		"/":                  {title, org},
		"/series/ar-returns": {title, org, excerpt},
		"/figures/" + id[1]:  {title, org, excerpt, notes},
		"/sources/" + src[1]: {title, org, excerpt},
		"/changes":           {title},
		"/compare":           {},
	} {
		resp, page := get(t, ts.URL+addr)
		if resp.StatusCode != 200 {
			t.Errorf("%s: %d", addr, resp.StatusCode)
		}
		for _, text := range texts {
			// Every place the text is shown: its element says dir="auto".
			for _, m := range regexp.MustCompile(`<[^<>]*>[^<>]*`+regexp.QuoteMeta(text)).FindAllString(page, -1) {
				// (The citation is an English sentence, set left to right; the
				// embed code is HTML.)
				// A chart's <title>, <desc> and transparent text layer are
				// SVG, which has no dir attribute; the chart draws the text
				// shaped and ordered itself.
				if !strings.Contains(m, `dir="auto"`) && !strings.HasPrefix(m, "<title>") && !strings.HasPrefix(m, `<p class="citation" dir="ltr">`) && !strings.HasPrefix(m, "<textarea") && !svgText.MatchString(m) {
					t.Errorf("%s shows %q without dir=\"auto\": %s", addr, text, m)
				}
			}
			if !strings.Contains(page, text) {
				t.Errorf("%s does not show %q", addr, text)
			}
		}
	}
	// The change log names the series by its title, linked.
	_, changes := get(t, ts.URL+"/changes")
	mustContain(t, "/changes", changes, `<a href="/series/ar-returns" dir="auto">`+title+`</a>`)
}

// svgText matches the start of a chart's <title>, <desc> or text element.
var svgText = regexp.MustCompile(`^<(title id="chart-|desc id="chart-|text x=)`)
