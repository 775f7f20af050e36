package web_test

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
)

// The summary's "the sources disagree" link leads to the findings that
// show it: on this page when the period shown holds the summary's fact,
// on the page of every date when the period cuts it out or the page lists
// no findings.
func TestSeriesDisputeLinkHasATarget(t *testing.T) {
	db := storetest.SQLite(t)
	c := factsSite(t, db) // the latest fact, August, is a conflict
	link := regexp.MustCompile(`<a href="([^"]*)">the sources disagree`)
	base := c.base
	page := "/series/" + factsSeries
	for query, want := range map[string]string{
		"":                               "#findings",
		"?from=2025-08-01":               "#findings",        // August is shown
		"?to=2025-06-30":                 page + "#findings", // April–June have findings, not August's
		"?from=2025-07-01&to=2025-07-31": page + "#findings", // no findings at all
		"?from=2025-01-01&to=2025-12-31": "#findings",        // every fact
	} {
		_, body := get(t, base+page+query)
		m := link.FindStringSubmatch(body)
		if m == nil {
			t.Errorf("%s: no link to the disagreement", query)
			continue
		}
		href := html.UnescapeString(m[1])
		if href != want {
			t.Errorf("%s: the link points to %q, want %q", query, href, want)
		}
		target := body
		if !strings.HasPrefix(href, "#") {
			_, target = get(t, base+strings.TrimSuffix(href, "#findings"))
		}
		_, section, _ := strings.Cut(target, `id="findings"`)
		section, _, _ = strings.Cut(section, "</section>")
		if !strings.Contains(section, "/figures/aug-unhcr") {
			t.Errorf("%s: the link's target %q has no findings about August", query, href)
		}
	}
}
