package web_test

import (
	"context"
	"encoding/json"
	"fmt"
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

// factsSeries is a monthly flow with one fact of each kind (factsCSV).
const factsSeries = "sdn-tcd-arrivals"

// factsCSV: April has a conflict (two agencies, 148,200 and 144,500);
// May agrees ("more than 135,000" and 148,200); June has a revision (UNHCR
// 50,000, then 52,000); July has one claim; August a conflict with a zero.
const factsCSV = `figure_id,series,series_title,population_group,measure,unit,from_iso3,to_iso3,period_start,period_end,value,qualifier,attributed_to,source_publisher,source_title,source_url,source_published,excerpt
apr-unhcr,` + factsSeries + `,Arrivals in Chad from Sudan,refugees,flow,persons,SDN,TCD,2025-04-01,2025-04-30,148200,exact,UNHCR,UNHCR,April update,https://example.org/unhcr-apr,2025-05-05,"148,200 arrived in April."
apr-iom,` + factsSeries + `,,,,persons,,,2025-04-01,2025-04-30,144500,exact,IOM,IOM,DTM April,https://example.org/iom-apr,2025-05-07,"144,500 arrived in April."
may-unhcr,` + factsSeries + `,,,,persons,,,2025-05,2025-05,135000,more_than,UNHCR,UNHCR,May update,https://example.org/unhcr-may,2025-06-04,"More than 135,000 arrived in May."
may-iom,` + factsSeries + `,,,,persons,,,2025-05-01,2025-05-31,148200,exact,IOM,IOM,DTM May,https://example.org/iom-may,2025-06-06,"148,200 arrived in May."
jun-a,` + factsSeries + `,,,,persons,,,2025-06-01,2025-06-30,50000,exact,UNHCR,UNHCR,June flash,https://example.org/unhcr-jun-1,2025-07-01,"50,000 arrived in June."
jun-b,` + factsSeries + `,,,,persons,,,2025-06-01,2025-06-30,52000,exact,UNHCR,UNHCR,June update,https://example.org/unhcr-jun-2,2025-07-15,"52,000 arrived in June."
jul-iom,` + factsSeries + `,,,,persons,,,2025-07-01,2025-07-31,10000,exact,IOM,IOM,DTM July,https://example.org/iom-jul,2025-08-06,"10,000 arrived in July."
aug-gov,` + factsSeries + `,,,,persons,,,2025-08-01,2025-08-31,0,exact,Government of Chad,Chad Ministry,Bulletin,https://example.org/chad-aug,2025-09-02,"No arrivals were recorded in August."
aug-unhcr,` + factsSeries + `,,,,persons,,,2025-08-01,2025-08-31,5000,exact,UNHCR,UNHCR,August update,https://example.org/unhcr-aug,2025-09-04,"5,000 arrived in August."
`

// factsSite serves db with the facts series imported, and a draft that
// would conflict with July's claim.
func factsSite(t *testing.T, db *store.DB) *apiClient {
	t.Helper()
	ctx := context.Background()
	if rep, err := importer.Run(ctx, db, "editor", importer.Input{Figures: strings.NewReader(factsCSV), CreateOrganizations: true}, exchange.Options{}); err != nil || len(rep.Problems) > 0 {
		t.Fatalf("import: %v %v", err, rep.Problems)
	}
	draft := "figure_id,series,unit,period_start,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		"jul-draft," + factsSeries + ",persons,2025-07-01,2025-07-31,999999,Secret Ministry,Leaky News,Leak,https://example.org/leak,A sentence nobody has checked.\n"
	if rep, err := importer.Run(ctx, db, "editor", importer.Input{Figures: strings.NewReader(draft), CreateOrganizations: true},
		exchange.Options{Status: "draft"}); err != nil || len(rep.Problems) > 0 {
		t.Fatalf("draft: %v %v", err, rep.Problems)
	}
	ts, _ := serve(t, db, web.Config{})
	return newAPIClient(t, ts.URL)
}

type apiClaim struct {
	FigureID     string     `json:"figure_id"`
	Permalink    string     `json:"permalink"`
	Value        float64    `json:"value"`
	Qualifier    string     `json:"qualifier"`
	Interval     [2]float64 `json:"interval"`
	AttributedTo string     `json:"attributed_to"`
	Orgs         []struct{ Slug string }
	Source       struct{ Title, Publisher, URL, Published string }
	Mark         *string `json:"mark"`
	MarkReason   *string `json:"mark_reason"`
	MarkedAt     *string `json:"marked_at"`
}

type apiFact struct {
	PeriodStart       *string    `json:"period_start"`
	PeriodEnd         string     `json:"period_end"`
	Period            string     `json:"period"`
	Measure           string     `json:"measure"`
	Agree             bool       `json:"agree"`
	PreferredFigureID *string    `json:"preferred_figure_id"`
	Headline          *string    `json:"headline"`
	Claims            []apiClaim `json:"claims"`
}

type apiDisagreement struct {
	Kind        string     `json:"kind"`
	FigureIDs   []string   `json:"figure_ids"`
	Period      string     `json:"period"`
	Gap         string     `json:"gap"`
	Ratio       *float64   `json:"ratio"`
	Explanation string     `json:"explanation"`
	Claims      []apiClaim `json:"claims"`
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return fmt.Sprintf("%q", *s)
}

func decodeList[T any](t *testing.T, body []byte) []T {
	t.Helper()
	var p struct{ Data []T }
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("%v\n%.300s", err, body)
	}
	return p.Data
}

func claimIDs(cs []apiClaim) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.FigureID)
	}
	return out
}

func TestAPISeriesFacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := factsSite(t, db)
		path := "/api/v1/series/" + factsSeries + "/facts"
		_, body := c.get(t, path, 200)
		facts := decodeList[apiFact](t, body)
		want := []struct {
			period   string
			ids      []string
			agree    bool
			headline string
		}{
			// Claims of one period are in the order their sources were published.
			{"in Apr 2025", []string{"apr-unhcr", "apr-iom"}, false, "144,500–148,200 from 2 sources: UNHCR and IOM"},
			{"in May 2025", []string{"may-unhcr", "may-iom"}, true, "more than 135,000 to 148,200 from 2 sources: UNHCR and IOM"},
			{"in Jun 2025", []string{"jun-a", "jun-b"}, false, "50,000–52,000 (UNHCR)"},
			{"in Jul 2025", []string{"jul-iom"}, false, "10,000 (IOM)"},
			{"in Aug 2025", []string{"aug-gov", "aug-unhcr"}, false, "0–5,000 from 2 sources: Government of Chad and UNHCR"},
		}
		if len(facts) != len(want) {
			t.Fatalf("%d facts, want %d:\n%s", len(facts), len(want), body)
		}
		for i, w := range want {
			f := facts[i]
			if f.Period != w.period || !slices.Equal(claimIDs(f.Claims), w.ids) || f.Agree != w.agree || f.Measure != "flow" {
				t.Errorf("fact %d: %s %v agree=%v measure %s; want %s %v agree=%v", i, f.Period, claimIDs(f.Claims), f.Agree, f.Measure, w.period, w.ids, w.agree)
			}
			if f.PreferredFigureID != nil {
				t.Errorf("fact %d: preferred %s with no mark", i, *f.PreferredFigureID)
			}
			if f.Headline == nil || *f.Headline != w.headline {
				t.Errorf("fact %d: headline %s, want %q", i, deref(f.Headline), w.headline)
			}
		}
		// A claim, as the figure JSON gives it, with its plausible interval.
		may := facts[1]
		unhcr := may.Claims[0]
		if unhcr.Qualifier != "more_than" || unhcr.Interval != [2]float64{135000, 148500} || unhcr.AttributedTo != "UNHCR" ||
			unhcr.Source.Title != "May update" || unhcr.Source.Published != "2025-06-04" || !strings.HasSuffix(unhcr.Permalink, "/figures/may-unhcr") ||
			unhcr.Mark != nil || unhcr.MarkReason != nil || unhcr.MarkedAt != nil {
			t.Errorf("May's UNHCR claim: %+v", unhcr)
		}
		if facts[0].Claims[0].Interval != [2]float64{148150, 148250} {
			t.Errorf("148,200 exact: interval %v, want [148150 148250]", facts[0].Claims[0].Interval)
		}
		if *may.PeriodStart != "2025-05" || may.PeriodEnd != "2025-05" {
			t.Errorf("May's period is its first claim's: %v %s", *may.PeriodStart, may.PeriodEnd)
		}
		// The draft (999,999 from Secret Ministry for July) is not a claim.
		if strings.Contains(string(body), "999999") || strings.Contains(string(body), "Secret Ministry") || strings.Contains(string(body), "jul-draft") {
			t.Errorf("the draft reached the facts:\n%s", body)
		}
		// Page by page, with any limit, the same facts.
		sameItems(t, path, c.walk(t, path, "period", 1), decodePage(t, body).Data)
		sameItems(t, path, c.walk(t, path, "period", 2), decodePage(t, body).Data)
	})
}

// The series list and the series give the headline of the latest fact:
// August's two claims, none preferred, both in the range (the draft, later
// and higher, is not among them).
func TestAPISeriesHeadline(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := factsSite(t, db)
		var one struct {
			Data struct {
				Headline *struct {
					Words        string   `json:"words"`
					LeadFigureID *string  `json:"lead_figure_id"`
					Others       int      `json:"others"`
					Low          *float64 `json:"low"`
					High         *float64 `json:"high"`
				} `json:"headline"`
			} `json:"data"`
		}
		_, body := c.get(t, "/api/v1/series/"+factsSeries, 200)
		if err := json.Unmarshal(body, &one); err != nil {
			t.Fatal(err)
		}
		h := one.Data.Headline
		if h == nil || h.Words != "0–5,000 from 2 sources: Government of Chad and UNHCR" || h.LeadFigureID != nil || h.Others != 2 ||
			h.Low == nil || *h.Low != 0 || h.High == nil || *h.High != 5000 {
			t.Errorf("headline: %s", body)
		}
		_, list := c.get(t, "/api/v1/series?limit=1000", 200)
		var got []json.RawMessage
		for _, item := range decodePage(t, list).Data {
			if field(t, item, "slug") == factsSeries {
				got = append(got, item)
			}
		}
		var item struct{ Headline json.RawMessage }
		if len(got) != 1 || json.Unmarshal(got[0], &item) != nil || !strings.Contains(string(body), string(item.Headline)) {
			t.Errorf("the list's headline differs from the series': %s", got)
		}
	})
}

func TestAPISeriesDisagreements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := factsSite(t, db)
		path := "/api/v1/series/" + factsSeries + "/disagreements"
		_, body := c.get(t, path, 200)
		found := decodeList[apiDisagreement](t, body)
		want := []struct {
			kind, period, gap string
			ids               []string
			ratio             float64 // 0: null
		}{
			{"conflict", "in Apr 2025", "2.6% apart", []string{"apr-unhcr", "apr-iom"}, 1.025606},
			{"revision", "in Jun 2025", "4.0% apart", []string{"jun-a", "jun-b"}, 1.04},
			{"conflict", "in Aug 2025", "one is zero", []string{"aug-gov", "aug-unhcr"}, 0},
		}
		if len(found) != len(want) {
			t.Fatalf("%d disagreements, want %d (May agrees, July has one claim and the draft is no claim):\n%s", len(found), len(want), body)
		}
		for i, w := range want {
			d := found[i]
			if d.Kind != w.kind || d.Period != w.period || d.Gap != w.gap || !slices.Equal(d.FigureIDs, w.ids) || !slices.Equal(claimIDs(d.Claims), w.ids) {
				t.Errorf("disagreement %d: %s %s %q %v %v; want %s %s %q %v", i, d.Kind, d.Period, d.Gap, d.FigureIDs, claimIDs(d.Claims), w.kind, w.period, w.gap, w.ids)
			}
			switch {
			case w.ratio == 0 && d.Ratio != nil:
				t.Errorf("disagreement %d: ratio %v, want null (infinite)", i, *d.Ratio)
			case w.ratio != 0 && (d.Ratio == nil || fmt.Sprintf("%.6f", *d.Ratio) != fmt.Sprintf("%.6f", w.ratio)):
				t.Errorf("disagreement %d: ratio %v, want %v", i, d.Ratio, w.ratio)
			}
			if d.Explanation == "" || !strings.HasSuffix(d.Explanation, ".") {
				t.Errorf("disagreement %d: explanation %q", i, d.Explanation)
			}
		}
		if e := found[1].Explanation; !strings.Contains(e, "UNHCR revised its figure in Jun 2025 from 50,000") {
			t.Errorf("revision explained as %q", e)
		}
		if strings.Contains(string(body), "jul-draft") || strings.Contains(string(body), "Secret Ministry") {
			t.Errorf("the draft, which would conflict with July's claim, is in the disagreements:\n%s", body)
		}
		sameItems(t, path, c.walk(t, path, "figure_ids", 1), decodePage(t, body).Data)
	})
}

func TestAPISeriesFactsProblems(t *testing.T) {
	c := factsSite(t, storetest.SQLite(t))
	for _, list := range []string{"facts", "disagreements"} {
		base := "/api/v1/series/" + factsSeries + "/" + list
		for query, bad := range map[string][]string{
			"limit=0":                     {"limit"},
			"limit=1001":                  {"limit"},
			"cursor=!!":                   {"cursor"},
			"cursor=Zm9v":                 {"cursor"}, // "foo": no cursor of this list
			"cursor=MjAyNS0xMy0wMXx8eA":   {"cursor"}, // "2025-13-01||x": no date
			"colour=red":                  {"colour"},
			"limit=x&colour=red&cursor=!": {"colour", "cursor", "limit"},
		} {
			resp, body := c.get(t, base+"?"+query, 400)
			if names := problemParams(t, resp, body); !slices.Equal(names, bad) {
				t.Errorf("%s?%s: invalid_params %v, want %v", base, query, names, bad)
			}
		}
		for _, slug := range []string{"no-such-series", "Bad_Slug"} {
			resp, body := c.call(t, "GET", "/api/v1/series/"+slug+"/"+list)
			if resp.StatusCode != 404 && !(slug == "Bad_Slug" && resp.StatusCode == 400) {
				t.Errorf("%s of %s: status %d %s", list, slug, resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("%s of %s: Content-Type %q", list, slug, ct)
			}
		}
		// A cursor past the end is an empty last page, not an error.
		end := "OTk5OS0xMi0zMXx8eg" // "9999-12-31||z"
		if list == "disagreements" {
			end = "OTk5OS0xMi0zMXx6fHo" // "9999-12-31|z|z"
		}
		resp, body := c.get(t, base+"?cursor="+end, 200)
		if p := decodePage(t, body); len(p.Data) != 0 || p.Next != nil {
			t.Errorf("%s past the end: %s", base, body)
		}
		// Cached per dataset version: a second ask is 304 with its ETag.
		etag := resp.Header.Get("ETag")
		c.get(t, base, 200)
		if resp, _ := c.call(t, "GET", base+"?cursor="+end, "If-None-Match", etag); resp.StatusCode != 304 {
			t.Errorf("%s: If-None-Match %s: %d, want 304", base, etag, resp.StatusCode)
		}
	}
}

// Reviewed marks, put through the store (proposed, then approved by a
// second reviewer), reach the facts, the disagreements, the series'
// headline and the figure JSON, and change the dataset version, so that no
// cached page keeps the old answer.
func TestAPISeriesFactsMarks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		c := factsSite(t, db)
		facts := "/api/v1/series/" + factsSeries + "/facts"
		resp, before := c.get(t, facts, 200)
		etag := resp.Header.Get("ETag")
		c.get(t, "/api/v1/series/"+factsSeries+"/disagreements", 200) // cached before the marks

		storetest.Mark(t, db, "apr-unhcr", domain.MarkPreferred, "UNHCR registers every arrival at the border")
		storetest.Mark(t, db, "jun-a", domain.MarkDeprecated, "a flash count, superseded by the update")
		storetest.Mark(t, db, "aug-gov", domain.MarkDeprecated, "the bulletin counted no crossing point")

		resp, body := c.get(t, facts, 200, "If-None-Match", etag)
		if resp.Header.Get("ETag") == etag || string(body) == string(before) {
			t.Fatal("the facts did not change with the marks")
		}
		got := decodeList[apiFact](t, body)
		if len(got) != 5 {
			t.Fatalf("%d facts", len(got))
		}
		apr, jun, aug := got[0], got[2], got[4]
		if apr.PreferredFigureID == nil || *apr.PreferredFigureID != "apr-unhcr" ||
			deref(apr.Headline) != `"148,200 (UNHCR; preferred: UNHCR registers every arrival at the border); 1 other source: 144,500 (IOM)"` {
			t.Errorf("April: preferred %s, headline %s", deref(apr.PreferredFigureID), deref(apr.Headline))
		}
		pref := apr.Claims[0]
		if pref.FigureID != "apr-unhcr" || deref(pref.Mark) != `"preferred"` || deref(pref.MarkReason) != `"UNHCR registers every arrival at the border"` ||
			pref.MarkedAt == nil || !strings.HasSuffix(*pref.MarkedAt, "Z") {
			t.Errorf("April's preferred claim: %+v", pref)
		}
		// A deprecated claim is listed, marked, and out of the headline.
		if len(jun.Claims) != 2 || deref(jun.Claims[0].Mark) != `"deprecated"` || jun.PreferredFigureID != nil ||
			deref(jun.Headline) != `"52,000 (UNHCR)"` || jun.Agree {
			t.Errorf("June: %+v, headline %s", jun, deref(jun.Headline))
		}
		if deref(aug.Headline) != `"5,000 (UNHCR)"` {
			t.Errorf("August headline %s", deref(aug.Headline))
		}

		// Deprecated claims are in no disagreement: April's conflict stays
		// (a preferred claim still disagrees), June's revision and
		// August's conflict go.
		_, body = c.get(t, "/api/v1/series/"+factsSeries+"/disagreements", 200)
		var kinds []string
		for _, d := range decodeList[apiDisagreement](t, body) {
			kinds = append(kinds, d.Kind+" "+strings.Join(d.FigureIDs, ","))
		}
		if !slices.Equal(kinds, []string{"conflict apr-unhcr,apr-iom"}) {
			t.Errorf("disagreements after the marks: %v", kinds)
		}

		// The series' headline is August's live claim; the figure JSON
		// carries the mark.
		_, body = c.get(t, "/api/v1/series/"+factsSeries, 200)
		if !strings.Contains(string(body), `"headline":{"words":"5,000 (UNHCR)","lead_figure_id":null,"others":1,"low":5000,"high":5000}`) {
			t.Errorf("series headline: %s", body)
		}
		_, body = c.get(t, "/api/v1/figures/aug-gov", 200)
		var one struct{ Data exchange.FigureJSON }
		if err := json.Unmarshal(body, &one); err != nil {
			t.Fatal(err)
		}
		if deref(one.Data.Mark) != `"deprecated"` || deref(one.Data.MarkReason) != `"the bulletin counted no crossing point"` || one.Data.MarkedAt == nil {
			t.Errorf("figure JSON: %s", body)
		}
		_, body = c.get(t, "/api/v1/figures/jul-iom", 200)
		if !strings.Contains(string(body), `"mark":null,"mark_reason":null,"marked_at":null`) {
			t.Errorf("an unmarked figure's JSON: %s", body)
		}
	})
}
