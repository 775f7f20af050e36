package web_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// TestEventFormSavesSeriesLinks: the form offers every series, refuses a
// link to none with the error at the field, and saves the links, which the
// event's revision carries.
func TestEventFormSavesSeriesLinks(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	_, body := do(t, ed, "GET", s.URL+"/staff/events/new", nil)
	mustContain(t, "new event form", body, `name="series"`, `list="series-slugs"`, `<option value="`+govSeries+`">`)

	form := url.Values{"date": {"2024-06-20"}, "title": {"Global Compact review"}, "kind": {"policy"},
		"series": {govSeries + "; no-such-series"}, "excerpt": {"The review met in June."},
		"source_url": {"https://example.org/global"}, "source_title": {"Global Trends"}, "source_publisher": {"IOM"}}
	resp, body := do(t, ed, "POST", s.URL+"/staff/events", form)
	if resp.StatusCode != 422 {
		t.Fatalf("a link to no series: status %d, want 422", resp.StatusCode)
	}
	mustContain(t, "event form with a bad link", body, `id="f-series-error"`, "no-such-series")

	form.Set("series", govSeries+";"+iomSeries)
	resp, body = do(t, ed, "POST", s.URL+"/staff/events", form)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != 303 || !strings.HasPrefix(loc, "/staff/events/") {
		t.Fatalf("the corrected form: status %d %s\n%s", resp.StatusCode, loc, body)
	}
	id := strings.TrimPrefix(loc, "/staff/events/")
	e, err := s.db.Event(t.Context(), id)
	if err != nil || !slices.Equal(e.Series, []string{govSeries, iomSeries}) || len(e.Countries) != 0 {
		t.Fatalf("saved event %+v, %v; want linked to %s and %s", e, err, govSeries, iomSeries)
	}
	revs, err := s.db.Revisions(t.Context(), "event", id)
	if err != nil || len(revs) != 1 || !strings.Contains(string(revs[0].Snapshot), `"series":"`+govSeries+";"+iomSeries+`"`) {
		t.Errorf("the event's revision does not carry its links: %v, %v", revs, err)
	}
}
