package web_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// The home page's organisation filter works on organisations: every
// spelling of UNHCR's attribution counts as UNHCR, and the documents it
// published too; the form offers it once.
func TestHomeFilterByOrganisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ts, slug := orgSite(t, db)
		listed := regexp.MustCompile(`<h2[^>]*><a href="/series/([a-z0-9-]+)"`)
		series := func(query string) []string {
			t.Helper()
			resp, body := get(t, ts.URL+"/?"+query)
			if resp.StatusCode != 200 {
				t.Fatalf("/?%s: status %d", query, resp.StatusCode)
			}
			var out []string
			for _, m := range listed.FindAllStringSubmatch(body, -1) {
				out = append(out, m[1])
			}
			slices.Sort(out)
			return out
		}
		for _, q := range []string{"publisher=UNHCR", "publisher=unhcr", "publisher=U.N.H.C.R.", "publisher=" + slug,
			"publisher=UN+High+Commissioner+for+Refugees"} {
			if got, want := series(q), []string{"sdn-refugees-tcd"}; !slices.Equal(got, want) {
				t.Errorf("/?%s lists %v, want %v (three spellings, one organisation; not the country office's)", q, got, want)
			}
		}
		if got, want := series("publisher=Sudan+Tribune"), []string{"sdn-idps", "sdn-refugees-tcd"}; !slices.Equal(got, want) {
			t.Errorf("the publisher's series: %v, want %v", got, want)
		}
		_, body := get(t, ts.URL+"/")
		if n := strings.Count(body, `<option value="UNHCR"`); n != 1 {
			t.Errorf("UNHCR is offered %d times, want once", n)
		}
		if resp, _ := get(t, ts.URL+"/?publisher=Leaky+News"); resp.StatusCode != 400 {
			t.Errorf("an organisation only a draft names: status %d, want 400", resp.StatusCode)
		}
	})
}
