package web_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// Claims about one fact on the public pages: the series page lists what
// they say by kind, its top and the home page summarise the latest fact
// honestly, and the compare page compares only series that count the same
// thing.

const (
	claimsCumulative = "sdn-test-displaced-since-2023-04"
	claimsStock      = "sdn-test-camp-population"
	claimsIran       = "afg-test-returns-from-irn"
	claimsPakistan   = "afg-test-returns-from-pak"
	claimsPakistanB  = "afg-test-returns-from-pak-iom"
)

const claimsHeader = "series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end,value,qualifier,value_as_stated,attributed_to,source_publisher,source_title,source_url,source_published,excerpt\n"

// claimsData: a running total with one finding of every kind (UNHCR's
// 148,200 and OCHA's 120,000 for 1 June conflict; "more than 160,000" and
// 170,000 for 1 July agree; UNHCR revised 931,700 to 930,000; "some 2.6
// million" fell to "some 2.3 million"), a camp whose latest count two
// agencies give differently, and three return series: from Iran (IFRC),
// and two from Pakistan (UNHCR, IOM) that count the same thing.
const claimsData = claimsHeader +
	claimsCumulative + ",People displaced in Sudan since 15 April 2023 (test),idps,cumulative,persons,SDN,,2023-04-15,2023-06-01,148200,exact,,UNHCR,UNHCR,Update 1 June,https://example.org/c1,2023-06-02,148200 people have fled.\n" +
	claimsCumulative + ",,,,persons,,,2023-04-15,2023-06-01,120000,exact,,OCHA,OCHA,Flash 1 June,https://example.org/c2,2023-06-03,120000 people have fled.\n" +
	claimsCumulative + ",,,,persons,,,2023-04-15,2023-07-01,160000,more_than,more than 160000,WFP,WFP,Brief 1 July,https://example.org/c3,2023-07-02,More than 160000 people have fled.\n" +
	claimsCumulative + ",,,,persons,,,2023-04-15,2023-07-01,170000,exact,,UNICEF,UNICEF,Note 1 July,https://example.org/c4,2023-07-03,170000 people have fled.\n" +
	claimsCumulative + ",,,,persons,,,2023-04-15,2023-09-10,931700,exact,,UNHCR,UNHCR,Update 10 September,https://example.org/c5,2023-09-11,931700 people have fled.\n" +
	claimsCumulative + ",,,,persons,,,2023-04-15,2023-09-10,930000,exact,,UNHCR,UNHCR,Corrected update,https://example.org/c6,2023-09-14,930000 people had fled by 10 September.\n" +
	claimsCumulative + ",,,,persons,,,2023-04-15,2024-03-01,2600000,approx,some 2.6 million,IOM,IOM,DTM March,https://example.org/c7,2024-03-02,Some 2.6 million people have fled.\n" +
	claimsCumulative + ",,,,persons,,,2023-04-15,2024-04-15,2300000,approx,some 2.3 million,IOM,IOM,DTM April,https://example.org/c8,2024-04-16,Some 2.3 million people have fled.\n" +
	claimsStock + ",People in a camp (test),idps,stock,persons,SDN,,,2025-04-10,500000,exact,,UNHCR,UNHCR,Camp profile,https://example.org/s1,2025-04-10,500000 people live in the camp.\n" +
	claimsStock + ",,,,persons,,,,2025-04-12,520000,exact,,IOM,IOM,Camp count,https://example.org/s2,2025-04-12,520000 people live in the camp.\n" +
	claimsIran + ",Afghans returned from Iran (test),returnees,cumulative,persons,IRN,AFG,2023-09-01,2025-04-19,3600000,more_than,more than 3.6 million,IFRC,IFRC,Iran appeal,https://example.org/r1,2025-04-20,More than 3.6 million Afghans returned from Iran.\n" +
	claimsPakistan + ",Afghans returned from Pakistan (test),returnees,cumulative,persons,PAK,AFG,2023-09-01,2025-04-19,930000,approx,about 930000,UNHCR,UNHCR,Pakistan update,https://example.org/r2,2025-04-20,About 930000 Afghans returned from Pakistan.\n" +
	claimsPakistanB + ",Afghans returned from Pakistan by IOM's count (test),returnees,cumulative,persons,PAK,AFG,2023-09-01,2025-04-19,1200000,exact,,IOM,IOM,Border monitoring,https://example.org/r3,2025-04-20,1200000 Afghans returned from Pakistan.\n"

func claimsSite(t *testing.T, db *store.DB) *httptest.Server {
	t.Helper()
	storetest.Orgs(t, db, "UNHCR", "OCHA", "WFP", "UNICEF", "IOM", "IFRC")
	if rep, err := importer.Run(context.Background(), db, "test", importer.Input{Figures: strings.NewReader(claimsData)}, exchange.Options{}); err != nil {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	ts, _ := serve(t, db, web.Config{})
	return ts
}

// section returns the part of a page from the element with id to the end
// of its section.
func section(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no section %s", id)
	}
	j := strings.Index(body[i:], "</section>")
	return body[i : i+j]
}

func TestSeriesPageListsFindingsByKind(t *testing.T) {
	ts := claimsSite(t, storetest.SQLite(t))
	_, body := get(t, ts.URL+"/series/"+claimsCumulative)
	f := section(t, body, "findings")
	mustContain(t, "findings", f,
		`<p class="finding-counts"><strong>1 conflict · 1 revision · 1 fall · 1 fact where sources agree</strong></p>`,
		"How claims are compared: running totals from the same start whose dates are at most 7 days apart",
		"<h3>Sources that disagree</h3>", "<h3>Revised by the same organisation</h3>", "<h3>Running totals that fell</h3>", "<h3>Claims that agree</h3>",
		"Two sources disagree since 15 Apr 2023, as of 1 Jun 2023: UNHCR gave 148,200; OCHA gave 120,000 (24% apart). Both cannot be right.",
		"UNHCR revised its figure since 15 Apr 2023, as of 10 Sep 2023 from 931,700 (11 Sep 2023) to 930,000 (14 Sep 2023), 0.2% apart.",
		"The running total fell from about 2,600,000 (IOM, as of 1 Mar 2024) to about 2,300,000 (IOM, as of 15 Apr 2024)",
		"2 claims agree since 15 Apr 2023, as of 1 Jul 2023: WFP, more than 160,000; UNICEF, 170,000.",
		// Each claim: its value linked to its page, who, its sentence and source.
		`<blockquote cite="https://example.org/c2" dir="auto">120000 people have fled.</blockquote>`,
		`<a href="https://example.org/c6" rel="noopener nofollow" dir="auto">Corrected update</a>, <span dir="auto">UNHCR</span>, 14 Sep 2023`,
		`<a href="/organisations/ocha" dir="auto">OCHA</a>`,
	)
	if strings.Index(f, "Sources that disagree") > strings.Index(f, "Claims that agree") {
		t.Error("agreement is listed before the disagreements")
	}
	if strings.Contains(f, "claim-series") {
		t.Error("a series page names the series of each claim")
	}
	// The figures table keeps every claim, the agreeing ones too.
	mustContain(t, "figures table", section(t, body, "figures"), "more than 160,000", "170,000", "about 2,300,000")

	// A period shows the findings of its figures only.
	_, body = get(t, ts.URL+"/series/"+claimsCumulative+"?from=2024")
	mustContain(t, "2024 findings", section(t, body, "findings"), "<strong>1 fall</strong>", "The running total fell")
	_, body = get(t, ts.URL+"/series/"+claimsCumulative+"?to=2023-06")
	f = section(t, body, "findings")
	mustContain(t, "June 2023 findings", f, "<strong>1 conflict</strong>")
	if strings.Contains(f, "fell") || strings.Contains(f, "revised") {
		t.Error("the findings of a period list claims outside it")
	}
}

// The top of a series page and the home page summarise the latest fact:
// one claim as it is; several with none preferred as their range and who
// gave them, never one picked.
func TestLatestFactSummaries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := claimsSite(t, db)
		_, body := get(t, ts.URL+"/series/"+claimsStock)
		mustContain(t, "camp series page", body,
			`<p class="latest summary">Latest: <strong class="num">500,000–520,000</strong> persons as of 10–12 Apr 2025, from <span dir="auto">2 sources: UNHCR and IOM</span>; no single figure is preferred · <a href="#findings">the sources disagree: see how they compare</a></p>`)
		_, body = get(t, ts.URL+"/series/"+claimsCumulative)
		mustContain(t, "running total page", body,
			`<p class="latest summary">Latest: <strong class="num">about 2,300,000</strong> persons since 15 Apr 2023, as of 15 Apr 2024 — <a href="/organisations/iom" dir="auto">IOM</a></p>`)

		_, home := get(t, ts.URL+"/")
		mustContain(t, "home page", home,
			`Latest: <strong class="num">500,000–520,000</strong> persons as of 10–12 Apr 2025, from <span dir="auto">2 sources: UNHCR and IOM</span>; no single figure is preferred</p>`,
			`Latest: <strong class="num">about 2,300,000</strong> persons since 15 Apr 2023, as of 15 Apr 2024 — <a href="/organisations/iom" dir="auto">IOM</a></p>`,
			`Latest: <strong class="num">more than 3,600,000</strong> persons`)
		if strings.Contains(home, "<strong class=\"num\">520,000</strong>") || strings.Contains(home, "<strong class=\"num\">500,000</strong>") {
			t.Error("the home page headlines one claim of a fact that two sources give")
		}
	})
}

// Compared series are compared only with those that count the same thing.
// IFRC's "more than 3,600,000" from Iran and UNHCR's "about 930,000" from
// Pakistan are not a disagreement; UNHCR's and IOM's counts from Pakistan,
// in two series, are, and each claim names its series.
func TestCompareOnlySameScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := claimsSite(t, db)
		resp, body := get(t, ts.URL+"/compare?series="+claimsIran+","+claimsPakistan)
		if resp.StatusCode != 200 {
			t.Fatalf("compare: %d", resp.StatusCode)
		}
		mustContain(t, "Iran and Pakistan", body,
			"These series count different things (Iran → Afghanistan vs Pakistan → Afghanistan), so their figures are not compared as claims about one fact")
		for _, wrong := range []string{"Sources that disagree", "disagree since", "finding-counts"} {
			if strings.Contains(body, wrong) {
				t.Errorf("series of different scope are compared: the page says %q", wrong)
			}
		}

		_, body = get(t, ts.URL+"/compare?series="+claimsPakistan+","+claimsPakistanB)
		f := section(t, body, "findings")
		mustContain(t, "two Pakistan series", f, "<strong>1 conflict</strong>", "<h3>Sources that disagree</h3>",
			"disagree since 1 Sep 2023, as of 19 Apr 2025", "UNHCR gave about 930,000", "IOM gave 1,200,000",
			`<p class="claim-series">Series: <a href="/series/`+claimsPakistan+`" dir="auto">Afghans returned from Pakistan (test)</a></p>`,
			`<p class="claim-series">Series: <a href="/series/`+claimsPakistanB+`" dir="auto">Afghans returned from Pakistan by IOM&#39;s count (test)</a></p>`)
		if strings.Contains(body, "count different things") {
			t.Error("series of one scope are said to count different things")
		}

		// All three: the Pakistan pair compared within itself, Iran apart.
		_, body = get(t, ts.URL+"/compare?series="+claimsIran+","+claimsPakistan+","+claimsPakistanB)
		mustContain(t, "three series", body, "These series count different things (Iran → Afghanistan vs Pakistan → Afghanistan)",
			`How the sources compare: Afghans returned from Pakistan (test) and Afghans returned from Pakistan by IOM&#39;s count (test)</h2>`,
			"IOM gave 1,200,000")
		if strings.Contains(body, "IFRC gave") {
			t.Error("IFRC's claim about Iran is compared with Pakistan's")
		}
	})
}

// figureOf returns the id of the published figure of series slug with value.
func figureOf(t *testing.T, db *store.DB, slug string, value float64) string {
	t.Helper()
	var id string
	db.PublicFigureStream(context.Background(), store.FigureFilter{SeriesSlug: slug}, func(_ domain.Series, f domain.Figure) error {
		if f.Value == value {
			id = f.ID
		}
		return nil
	})
	if id == "" {
		t.Fatalf("no figure of %v in %s", value, slug)
	}
	return id
}

// A reviewed mark shows with its reason wherever its claim does; a
// preferred claim leads its fact's summary beside the others' range; a
// deprecated claim stays listed and cited but is compared with nothing and
// never headlines.
func TestMarkedClaimsOnPublicPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := claimsSite(t, db)
		unhcr, iom := figureOf(t, db, claimsStock, 500000), figureOf(t, db, claimsStock, 520000)
		storetest.Mark(t, db, unhcr, domain.MarkPreferred, "the camp profile counts every household")

		_, body := get(t, ts.URL+"/series/"+claimsStock)
		preferred := `<strong class="num">500,000</strong> persons as of 10 Apr 2025 — <a href="/organisations/unhcr" dir="auto">UNHCR</a> <span class="badge badge-preferred">preferred</span>: <span dir="auto">the camp profile counts every household</span>; 1 other source: 520,000 (IOM)`
		mustContain(t, "series page with a preferred claim", body,
			`<p class="latest summary">Latest: `+preferred+` · <a href="#findings">`,
			`<p class="mark mark-preferred"><span class="badge">Preferred</span> <span dir="auto">the camp profile counts every household</span></p>`, // in the table and on its card
			"<strong>1 conflict</strong>") // a preference settles nothing: both claims stand
		if n := strings.Count(body, `class="mark mark-preferred"`); n != 2 {
			t.Errorf("the preferred mark is shown %d times, want 2 (figures table, claim card)", n)
		}
		_, home := get(t, ts.URL+"/")
		mustContain(t, "home page with a preferred claim", home, `Latest: `+preferred+`</p>`)

		storetest.Mark(t, db, iom, domain.MarkDeprecated, "it counted the whole town, not the camp")
		_, body = get(t, ts.URL+"/series/"+claimsStock)
		mustContain(t, "series page with a deprecated claim", body,
			`<p class="latest summary">Latest: <strong class="num">500,000</strong> persons as of 10 Apr 2025 — <a href="/organisations/unhcr" dir="auto">UNHCR</a> <span class="badge badge-preferred">preferred</span>: <span dir="auto">the camp profile counts every household</span></p>`,
			`<tr id="f-`+iom+`" class="deprecated">`,
			`<p class="mark mark-deprecated"><span class="badge">Deprecated</span> <span dir="auto">it counted the whole town, not the camp</span></p>`,
			"520000 people live in the camp.") // still cited
		if strings.Contains(body, `id="findings"`) {
			t.Error("a deprecated claim is still compared")
		}

		// The latest claim of a running total deprecated: the summary is
		// the fact before it, and the fall it made is gone.
		storetest.Mark(t, db, figureOf(t, db, claimsCumulative, 2300000), domain.MarkDeprecated, "a draft figure the agency withdrew")
		_, home = get(t, ts.URL+"/")
		mustContain(t, "home page", home, `Latest: <strong class="num">about 2,600,000</strong> persons since 15 Apr 2023, as of 1 Mar 2024`)
		if strings.Contains(home, "2,300,000") || strings.Contains(home, "520,000") {
			t.Error("the home page headlines a deprecated claim")
		}
		_, body = get(t, ts.URL+"/series/"+claimsCumulative)
		mustContain(t, "running total page", section(t, body, "findings"), "<strong>1 conflict · 1 revision · 1 fact where sources agree</strong>")
	})
}
