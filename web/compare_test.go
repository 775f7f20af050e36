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
	mustContain(t, "compare page", body, "<svg", "Where sources disagree",
		`<strong>19–25 Apr 2025</strong>: <span dir="auto">IOM</span>, about 1,000,000 · <span dir="auto">Pakistan Minister of State for Interior Talal Chaudhry</span>, 857,157`)
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
