package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// The "Mark this claim" form checks what it is sent: 422 with the field's
// message, nothing proposed.
func TestMarkFormValidation(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ids := figureIDs(t, s)
	rev := s.signIn(t, domain.RoleReviewer)
	page := s.URL + "/staff/figures/" + ids["published"]
	for _, tc := range []struct {
		form  url.Values
		wants []string
	}{
		{url.Values{"mark": {""}, "reason": {" "}}, []string{"is required: choose preferred, deprecated or none", "is required: say why, for the public to read"}},
		{url.Values{"mark": {"best"}, "reason": {"covers every crossing"}}, []string{"is not a mark; choose preferred, deprecated or none"}},
		{url.Values{"mark": {"none"}, "reason": {"nothing to remove"}}, []string{"this figure has no mark to remove"}},
		{url.Values{"mark": {"preferred"}, "reason": {strings.Repeat("x", domain.MaxText+1)}}, []string{"the limit is"}},
	} {
		resp, body := do(t, rev, "POST", page+"/mark", tc.form)
		if resp.StatusCode != 422 {
			t.Errorf("%v: status %d, want 422", tc.form, resp.StatusCode)
		}
		mustContain(t, "the figure page after mark="+tc.form.Get("mark"), body, append(tc.wants, `aria-invalid="true"`, "Mark this claim")...)
	}
	if ps, _ := s.db.MarkProposalsOf(t.Context(), ids["published"]); len(ps) != 0 {
		t.Errorf("an invalid form proposed %+v", ps)
	}
	// Only a published figure has the form; an editor does not see it.
	_, body := do(t, rev, "GET", s.URL+"/staff/figures/"+ids["draft"], nil)
	if strings.Contains(body, "Mark this claim") {
		t.Error("a draft's page offers a mark")
	}
	_, body = do(t, s.signIn(t, domain.RoleEditor), "GET", page, nil)
	if strings.Contains(body, "Mark this claim") {
		t.Error("an editor is offered the mark form")
	}
}

// A reviewer proposes a preferred mark; they cannot approve it, another
// reviewer (here the admin) can, after a refused rejection without a note;
// the public figure page then shows the reason and who approved it.
func TestMarkFourEyesThroughPages(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ids := figureIDs(t, s)
	rev, admin := s.signIn(t, domain.RoleReviewer), s.signIn(t, domain.RoleAdmin)
	id := ids["published"]
	resp, _ := do(t, rev, "POST", s.URL+"/staff/figures/"+id+"/mark", url.Values{"mark": {"preferred"}, "reason": {"The state counts every crossing."}})
	if resp.StatusCode != 303 {
		t.Fatalf("proposing: status %d", resp.StatusCode)
	}
	_, body := do(t, rev, "GET", s.URL+"/staff/figures/"+id, nil)
	mustContain(t, "the figure's staff page", body, "Waiting for a second reviewer", "mark preferred", "The state counts every crossing.")
	resp, body = do(t, rev, "POST", s.URL+"/staff/figures/"+id+"/mark", url.Values{"mark": {"deprecated"}, "reason": {"known wrong"}})
	if resp.StatusCode != 409 || !strings.Contains(body, "is already waiting for review") {
		t.Errorf("a second proposal: status %d", resp.StatusCode)
	}

	ps, err := s.db.MarkProposals(t.Context(), store.MergeProposed)
	if err != nil || len(ps) != 1 {
		t.Fatalf("pending: %+v %v", ps, err)
	}
	path := "/staff/marks/" + strconv.FormatInt(ps[0].ID, 10)
	_, body = do(t, rev, "GET", s.URL+"/staff/marks", nil)
	mustContain(t, "the proposer's marks page", body, "You proposed this, so another reviewer must approve it.",
		"The state counts every crossing.", "1 other claim(s) of the same fact", "State edit")
	if strings.Contains(body, `action="`+path+`/approve"`) {
		t.Error("the proposer is offered the approve button")
	}
	if resp, _ := do(t, rev, "POST", s.URL+path+"/approve", url.Values{}); resp.StatusCode != 403 {
		t.Errorf("the proposer approving: status %d, want 403", resp.StatusCode)
	}
	_, body = do(t, admin, "GET", s.URL+"/staff/marks", nil)
	mustContain(t, "another reviewer's marks page", body, `action="`+path+`/approve"`, `action="`+path+`/reject"`)
	if resp, body := do(t, admin, "POST", s.URL+path+"/reject", url.Values{"note": {" "}}); resp.StatusCode != 422 || !strings.Contains(body, "note") {
		t.Errorf("rejecting without a note: status %d", resp.StatusCode)
	}
	if resp, _ := do(t, admin, "POST", s.URL+path+"/approve", url.Values{}); resp.StatusCode != 303 {
		t.Fatalf("approving: status %d", resp.StatusCode)
	}

	_, body = do(t, s.client(t), "GET", s.URL+"/figures/"+id, nil)
	mustContain(t, "the public figure page", body, "Preferred claim:", "The state counts every crossing.", "approved by The admin",
		"Marked the preferred claim")
	if strings.Contains(body, "admin@example.org") || strings.Contains(body, "reviewer@example.org") {
		t.Error("the public page shows an email address")
	}
	_, body = do(t, admin, "GET", s.URL+"/staff/marks", nil)
	mustContain(t, "the marks page after the decision", body, "No mark is waiting for review.", "Marks decided", "applied")
}

// A deprecated claim says so on its public page, with its reason.
func TestPublicFigureShowsDeprecation(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ids := figureIDs(t, s)
	storetest.Mark(t, s.db, ids["published"], domain.MarkDeprecated, "Superseded by the ministry's corrected total.")
	_, body := do(t, s.client(t), "GET", s.URL+"/figures/"+ids["published"], nil)
	mustContain(t, "the public figure page", body, "Deprecated:", "Superseded by the ministry&#39;s corrected total.", "not used as a headline")
}
