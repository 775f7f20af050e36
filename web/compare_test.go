package web_test

import (
	"strings"
	"testing"
)

func TestCompare(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/compare?series="+govSeries+"&series="+iomSeries)
	if resp.StatusCode != 200 {
		t.Fatalf("compare: %d", resp.StatusCode)
	}
	// The two series count the same thing (returnees, Pakistan →
	// Afghanistan, cumulative persons): their claims are compared together,
	// and each claim card names its series. IOM's about 1,000,000 since
	// September 2023 and the government's 857,157 since 1 Nov 2023 have
	// different starts, so they are not one fact; the government's own
	// total that fell is a finding.
	mustContain(t, "compare page", body, "<svg", `<h2 id="findings" dir="auto">How the sources compare</h2>`,
		`<strong>1 fall</strong>`, "The running total fell from about 200,000",
		`<p class="claim-series">Series: <a href="/series/`+govSeries+`" dir="auto">`)
	if strings.Contains(body, "Sources that disagree") || strings.Contains(body, "count different things") {
		t.Error("claims with different starts are called a disagreement, or series of one scope are said to differ")
	}
	// The events the chart numbers are listed, in its numbering, for the
	// chart's key to point to.
	mustContain(t, "compare page", body, `<h2 id="events">Events on this timeline</h2>`)
	if a, b := strings.Index(body, "Pakistan announces plan to repatriate"), strings.Index(body, "Deadline for undocumented Afghans to leave Pakistan"); a < 0 || b < a {
		t.Error("the compare page does not list the events in date order")
	}
	// The image carries the comparison's own address, not its first series'.
	_, svg := get(t, ts.URL+"/compare/chart.svg?series="+govSeries+"&series="+iomSeries)
	mustContain(t, "compare chart.svg", svg, ts.URL+"/compare?series="+govSeries+","+iomSeries)
	if strings.Contains(svg, ts.URL+"/series/") {
		t.Error("the compare chart links to one of its series")
	}
	for query, want := range map[string]string{
		govSeries: "name 2 to 6 series",
		govSeries + ",pak-security-forces-deaths-annual": "cannot share an axis",
		strings.Repeat(govSeries+",", 3) + "a,b,c,d,e,f": "name 2 to 6 series",
		govSeries + ",no-such-series":                    "no series",
	} {
		resp, body := get(t, ts.URL+"/compare/chart.svg?series="+query)
		if resp.StatusCode/100 != 4 || !strings.Contains(body, want) {
			t.Errorf("compare %s: %d %s; want an error saying %q", query, resp.StatusCode, body, want)
		}
	}
}
