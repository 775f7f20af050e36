package web_test

import (
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// Marks put through the store reach every image and summary: the preferred
// claim leads the headline with the others' range, the deprecated one is
// drawn apart and keyed, and the cached charts and pages change with them.
func TestMarksReachChartsAndHeadline(t *testing.T) {
	ts, db := newSite(t)
	ids := publishClaims(t, db)
	permalink := ts.URL + "/series/" + claimsSeries
	_, before := get(t, permalink+"/chart.svg")
	if strings.Contains(before, "(see page)") {
		t.Fatal("a chart without marks keys them")
	}
	storetest.Mark(t, db, ids[1], domain.MarkPreferred, "its border monitoring covers every crossing")
	storetest.Mark(t, db, ids[0], domain.MarkDeprecated, "superseded by its corrected count")

	headline := "Latest, since Oct 2023, as of 2–3 Jun 2025: 930,000 (UNHCR; preferred: its border monitoring covers every crossing); 1 other source: 990,000 (IOM)"
	_, page := get(t, permalink)
	if desc := metaContent(page, "description"); !strings.Contains(desc, headline) {
		t.Errorf("description %q lacks %q", desc, headline)
	}
	_, embed := get(t, ts.URL+"/embed/series/"+claimsSeries)
	mustContain(t, "embed", embed, headline+".</p>")
	_, svg := get(t, permalink+"/chart.svg")
	mustContain(t, "chart", svg, "preferred (see page)", "deprecated (see page)", "stroke:#8A8A8A",
		"1 deprecated claim is drawn hollow and grey, apart from the lines: UNHCR, 800,000 as of 1 Mar 2025.",
		"1 preferred claim is ringed: UNHCR, 930,000 as of 2 Jun 2025.")
	_, social := get(t, permalink+"/chart.svg?size=social")
	mustContain(t, "social card", social, "Latest, since Oct 2023, as of 2–3 Jun 2025: 930,000 (UNHCR; preferred:")
}
