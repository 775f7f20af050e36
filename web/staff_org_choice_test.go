package web_test

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// orgID is the id of the organisation with acronym (or name) label.
func orgID(t *testing.T, s *staffSite, label string) int64 {
	t.Helper()
	orgs, err := s.db.Organizations(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		if o.Acronym == label || o.Name == label {
			return o.ID
		}
	}
	t.Fatalf("no organisation %s", label)
	return 0
}

// Words in the figure form that name no organisation come back (422) with
// the question under the field; the answer — one of the closest, kept as
// an alias — is applied with the save, and the figure's page shows what the
// words resolve to. Joint words show both organisations.
func TestFigureFormAsksWhoTheWordsName(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	// The demo has IOM, named so.
	storetest.Orgs(t, s.db, "UN High Commissioner for Refugees (UNHCR)", "Outlet")
	unhcr := orgID(t, s, "UNHCR")
	ed := s.signIn(t, domain.RoleEditor)
	form := url.Values{"action": {"save"}, "excerpt": {"UNHCR said 1,200 people crossed."}, "value": {"1200"}, "qualifier": {"exact"},
		"period_end": {"2025-05-10"}, "series": {govSeries}, "attributed_to": {"UNHCR spokesman Evan Watson"},
		"source_url": {"https://example.org/watson"}, "source_title": {"Briefing"}, "source_publisher": {"Outlet"}}
	resp, body := do(t, ed, "POST", s.URL+"/staff/figures", form)
	if resp.StatusCode != 422 {
		t.Fatalf("unknown words: %d, want 422\n%s", resp.StatusCode, body)
	}
	id := strconv.FormatInt(unhcr, 10)
	mustContain(t, "the question", body, `<legend><q dir="auto">UNHCR spokesman Evan Watson</q> is</legend>`,
		`name="org.attributed_to.as" value="`+id+`" required>`, `— the closest`,
		`name="org.attributed_to.remember" value="on" checked>`, `name="org.attributed_to.name" value="UNHCR spokesman Evan Watson"`)

	form.Set("org.attributed_to.words", "UNHCR spokesman Evan Watson")
	form.Set("org.attributed_to.as", id)
	form.Set("org.attributed_to.remember", "on")
	resp, body = do(t, ed, "POST", s.URL+"/staff/figures", form)
	if resp.StatusCode != 303 {
		t.Fatalf("with the answer: %d\n%s", resp.StatusCode, body)
	}
	path := resp.Header.Get("Location")
	f, _, err := s.db.Figure(t.Context(), path[strings.LastIndex(path, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Orgs) != 1 || f.Orgs[0].ID != unhcr || f.AttributedTo != "UNHCR spokesman Evan Watson" {
		t.Errorf("saved %q → %+v, want the words kept and UNHCR", f.AttributedTo, f.Orgs)
	}
	o, _ := s.db.Organization(t.Context(), f.Orgs[0].Slug)
	if !slices.Contains(o.Aliases, "UNHCR spokesman Evan Watson") {
		t.Errorf("the words are not remembered: %q", o.Aliases)
	}
	_, page := do(t, ed, "GET", s.URL+path, nil)
	mustContain(t, "figure page", page, `→ <abbr title="UN High Commissioner for Refugees">UNHCR</abbr>`)

	// An answer about words the editor has since changed does not apply
	// to the new words.
	form.Set("attributed_to", "Dawn")
	form.Set("source_url", "https://example.org/changed")
	if resp, body = do(t, ed, "POST", s.URL+"/staff/figures", form); resp.StatusCode != 303 {
		t.Fatalf("changed words: %d\n%s", resp.StatusCode, body)
	}
	path = resp.Header.Get("Location")
	if f, _, err = s.db.Figure(t.Context(), path[strings.LastIndex(path, "/")+1:]); err != nil || len(f.Orgs) != 1 || f.Orgs[0].Name != "Dawn" {
		t.Errorf("changed words resolve to %+v (%v), want Dawn", f.Orgs, err)
	}

	// Joint words resolve with no question, to both.
	form = url.Values{"action": {"save"}, "excerpt": {"IOM and UNHCR counted 900."}, "value": {"900"}, "qualifier": {"exact"},
		"period_end": {"2025-05-11"}, "series": {govSeries}, "attributed_to": {"IOM and UNHCR"},
		"source_url": {"https://example.org/joint"}, "source_title": {"Joint"}, "source_publisher": {"Outlet"}}
	if resp, body = do(t, ed, "POST", s.URL+"/staff/figures", form); resp.StatusCode != 303 {
		t.Fatalf("joint: %d\n%s", resp.StatusCode, body)
	}
	_, page = do(t, ed, "GET", s.URL+resp.Header.Get("Location"), nil)
	mustContain(t, "joint figure page", page, `→ <abbr title="International Organization for Migration">IOM</abbr>, <abbr title="UN High Commissioner for Refugees">UNHCR</abbr>`)
}

// The source form asks the same of a publisher, and a new organisation
// answers it: created with the source, the words its alias.
func TestSourceFormCreatesThePublisher(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	form := url.Values{"source_url": {"https://example.org/km-1"}, "source_title": {"Returns"}, "source_publisher": {"Khyber Mail (Peshawar edition)"}}
	resp, body := do(t, ed, "POST", s.URL+"/staff/sources", form)
	if resp.StatusCode != 422 {
		t.Fatalf("unknown publisher: %d\n%s", resp.StatusCode, body)
	}
	mustContain(t, "the question", body, `<legend><q dir="auto">Khyber Mail (Peshawar edition)</q> is</legend>`, `name="org.source_publisher.name" value="Khyber Mail"`)
	form.Set("org.source_publisher.words", "Khyber Mail (Peshawar edition)")
	form.Set("org.source_publisher.as", "new")
	form.Set("org.source_publisher.name", "Khyber Mail")
	form.Set("org.source_publisher.kind", "media")
	form.Set("org.source_publisher.remember", "on")
	if resp, body = do(t, ed, "POST", s.URL+"/staff/sources", form); resp.StatusCode != 303 {
		t.Fatalf("with the answer: %d\n%s", resp.StatusCode, body)
	}
	o, err := s.db.Organization(t.Context(), "khyber-mail")
	if err != nil {
		t.Fatal(err)
	}
	if o.Kind != domain.OrgMedia {
		t.Errorf("kind %s, want media", o.Kind)
	}
	// The next source with the words asks nothing.
	form = url.Values{"source_url": {"https://example.org/km-2"}, "source_title": {"More returns"}, "source_publisher": {"Khyber Mail"}}
	if resp, body = do(t, ed, "POST", s.URL+"/staff/sources", form); resp.StatusCode != 303 {
		t.Fatalf("second source: %d\n%s", resp.StatusCode, body)
	}
}
