package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// A source form with a bad date writes nothing: it once created the source
// and showed the date's problem, so that the corrected form was refused as
// "already on record".
func TestSourceFormWithABadDateWritesNothing(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	rows := func() (sources, revisions int) {
		t.Helper()
		tables, err := s.db.TableRows(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		return len(tables["sources"]), len(tables["revisions"])
	}
	sourcesBefore, revisionsBefore := rows()
	form := url.Values{"source_url": {"https://example.org/iom-dtm-round-7"}, "source_title": {"DTM round 7"},
		"source_publisher": {"IOM"}, "source_published": {"2025-02-30"}, "source_accessed": {"2025-13"}}
	resp, body := do(t, ed, "POST", s.URL+"/staff/sources", form)
	if resp.StatusCode != 422 {
		t.Fatalf("bad dates: status %d, want 422", resp.StatusCode)
	}
	mustContain(t, "source form with bad dates", body, `id="f-source_published-error"`, "February 2025 has no day 30",
		`id="f-source_accessed-error"`, `value="DTM round 7"`)
	if sources, revisions := rows(); sources != sourcesBefore || revisions != revisionsBefore {
		t.Errorf("a form with bad dates wrote: sources %d → %d, revisions %d → %d", sourcesBefore, sources, revisionsBefore, revisions)
	}
	form.Set("source_published", "2025-02-28")
	form.Set("source_accessed", "2025-03")
	resp, body = do(t, ed, "POST", s.URL+"/staff/sources", form)
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/staff/figures/new?source=") {
		t.Fatalf("the corrected form: status %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	if sources, _ := rows(); sources != sourcesBefore+1 {
		t.Errorf("sources %d → %d, want one more", sourcesBefore, sources)
	}
}
