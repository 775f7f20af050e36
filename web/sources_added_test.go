package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// Config.SourcesAdded is called once a source may have been created — by
// the source form, the figure and event forms, and a browser import that
// committed — so that serve fetches its copy at once; a form with a
// problem and an import's preview write nothing and call nothing.
func TestSourcesAddedAfterEachWayASourceIsEntered(t *testing.T) {
	var calls atomic.Int32
	s := newStaffSite(t, web.Config{SourcesAdded: func() { calls.Add(1) }})
	ed := s.signIn(t, domain.RoleEditor)
	expect := func(step string, want int32) {
		t.Helper()
		if got := calls.Load(); got != want {
			t.Errorf("%s: SourcesAdded called %d times in all, want %d", step, got, want)
		}
	}

	resp, _ := do(t, ed, "POST", s.URL+"/staff/sources", url.Values{"source_url": {"https://example.org/new"}, "source_title": {"T"}})
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a source without publisher: %d", resp.StatusCode)
	}
	expect("a source form with a problem", 0)
	resp, page := do(t, ed, "POST", s.URL+"/staff/sources", url.Values{"source_url": {"https://www.unhcr.org/afghanistan-returns"},
		"source_title": {"Afghanistan situation update"}, "source_publisher": {"IOM"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the source form: %d\n%s", resp.StatusCode, page)
	}
	expect("the source form", 1)

	resp, page = do(t, ed, "POST", s.URL+"/staff/events", url.Values{"date": {"2025-09-01"}, "title": {"Deadline for undocumented Afghans"},
		"kind": {"deadline"}, "countries": {"PAK"}, "excerpt": {"The deadline expires on 1 September."},
		"source_url": {"https://www.dawn.com/news/deadline"}, "source_title": {"Deadline"}, "source_publisher": {"IOM"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the event form: %d\n%s", resp.StatusCode, page)
	}
	expect("the event form", 2)

	resp, page = do(t, ed, "POST", s.URL+"/staff/figures", url.Values{"excerpt": {"Officials said 1.2 million people had crossed the border at Torkham so far this year."},
		"value": {"1200000"}, "qualifier": {"exact"}, "period_start": {"2023-11-01"}, "period_end": {"2025-04-25"},
		"series": {govSeries}, "attributed_to": {"IOM"}, "source_url": {"https://example.org/torkham"},
		"source_title": {"Torkham crossings"}, "source_publisher": {"Bloomberg"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the figure form: %d\n%s", resp.StatusCode, page)
	}
	expect("the figure form", 3)

	ct, body := uploadForm(t, map[string]string{"figures": importHeader +
		govSeries + ",persons,2025-06-15,1100000,IOM,IOM,Flash update,https://example.org/flash-update,\"1.1 million, IOM says.\"\n"})
	resp, page = postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != 200 || !strings.Contains(page, "Preview — nothing is written yet") {
		t.Fatalf("preview: %d\n%s", resp.StatusCode, page)
	}
	expect("an import's preview", 3)
	resp, page = confirmUpload(t, ed, s.URL, previewToken(t, page))
	if resp.StatusCode != 200 || !strings.Contains(page, "Imported.") {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, page)
	}
	expect("a browser import", 4)
}
