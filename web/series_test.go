package web_test

import (
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

func TestSeriesPageLinksItsNeighbours(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts := browseSite(t, db)
		resp, body := get(t, ts.URL+"/series/"+iomSeries)
		if resp.StatusCode != 200 || !strings.Contains(body, `id="related"`) {
			t.Fatalf("series page: status %d, no related series\n%s", resp.StatusCode, body)
		}
		related := body[strings.Index(body, `id="related"`):]
		related = related[:strings.Index(related, "</section>")]
		mustContain(t, "related series", related,
			"Same route, Pakistan → Afghanistan", `href="/series/`+govSeries+`"`,
			"The other way, Afghanistan → Pakistan", `href="/series/`+reverseSeries+`"`)
		for _, absent := range []string{iomSeries, secretSeries, iranSeries, deathsSeries} {
			if strings.Contains(related, absent) {
				t.Errorf("related series list %s", absent)
			}
		}
		src := sourceIDOf(t, db, bloombergURL)
		mustContain(t, "series page", body,
			`<h2 id="sources">Sources cited</h2>`, `<a href="/sources/`+src+`" dir="auto">Pakistan Deputy PM in Kabul`, // the sources …
			`<a href="/sources/`+src+`"><span dir="auto">Bloomberg</span>, 20 Apr 2025</a>`, // … from each figure row
			`<a href="/?country=PAK">Pakistan</a>`)                                          // an event's countries
		// A series with one country: the other series on it.
		_, body = get(t, ts.URL+"/series/"+deathsSeries)
		mustContain(t, "deaths series page", body, "Other series on Pakistan", `href="/series/`+reverseSeries+`"`)
		// The figure page leads to its source's page too.
		id := firstFigure(t, db, iomSeries)
		_, body = get(t, ts.URL+"/figures/"+id)
		mustContain(t, "figure page", body, `<a href="/sources/`+src+`">everything read from it</a>`)
	})
}

func TestSeriesPageShowsFiguresWithTheirCitations(t *testing.T) {
	ts, _ := newSite(t)
	resp, body := get(t, ts.URL+"/series/"+iomSeries)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	mustContain(t, "IOM series page", body,
		"Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023",
		`<td data-label="Attributed to" dir="auto"><a href="/organisations/international-organization-for-migration" dir="auto">IOM</a></td>`,
		"Bloomberg",
		`href="https://techtricks365.com/?p=51775"`,
		"Returnees · Pakistan → Afghanistan", // the subtitle: what, where …
		"persons, cumulative total",          // … unit and measure
		"<svg", `role="img"`, "<desc",
		`href="/series/`+iomSeries+`/figures.csv"`,
		"Deadline for undocumented Afghans to leave Pakistan", // an event on its timeline
	)
}
