package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// An answer posted for words nobody was asked about (they resolve to
// UNHCR) does not decide the figure's organisation: "UNHCR" stays UNHCR.
func TestAnswerForWordsNotAskedIsNotApplied(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	storetest.Orgs(t, s.db, "UN High Commissioner for Refugees (UNHCR)", "Outlet")
	unhcr, outlet := orgID(t, s, "UNHCR"), orgID(t, s, "Outlet")
	ed := s.signIn(t, domain.RoleEditor)
	form := url.Values{"action": {"save"}, "excerpt": {"UNHCR said 1,200 people crossed."}, "value": {"1200"}, "qualifier": {"exact"},
		"period_end": {"2025-05-10"}, "series": {govSeries}, "attributed_to": {"UNHCR"},
		"source_url": {"https://example.org/unasked"}, "source_title": {"Briefing"}, "source_publisher": {"Outlet"},
		"org.attributed_to.words": {"UNHCR"}, "org.attributed_to.as": {strconv.FormatInt(outlet, 10)}}
	resp, body := do(t, ed, "POST", s.URL+"/staff/figures", form)
	if resp.StatusCode != 303 {
		t.Fatalf("save: %d\n%s", resp.StatusCode, body)
	}
	path := resp.Header.Get("Location")
	f, _, err := s.db.Figure(t.Context(), path[strings.LastIndex(path, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Orgs) != 1 || f.Orgs[0].ID != unhcr {
		t.Errorf("words %q saved as %+v; want UNHCR (%d): an answer nobody was asked for decided it", f.AttributedTo, f.Orgs, unhcr)
	}
}
