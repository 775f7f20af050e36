package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// submitFigure enters and submits a figure through the staff form as c and
// returns its page's path.
func submitFigure(t *testing.T, s *staffSite, c *http.Client, sentence string) string {
	t.Helper()
	storetest.Orgs(t, s.db, "Outlet")
	form := url.Values{"action": {"submit"}, "excerpt": {sentence}, "value": {"1200"}, "qualifier": {"exact"},
		"period_end": {"2025-05-10"}, "series": {govSeries}, "attributed_to": {"IOM"},
		"source_url": {"https://example.org/" + url.PathEscape(sentence)}, "source_title": {sentence}, "source_publisher": {"Outlet"}}
	resp, body := do(t, c, "POST", s.URL+"/staff/figures", form)
	if resp.StatusCode == 409 {
		// Each call enters a figure of its own, with IOM's same value and
		// date: the editor says so of those the page lists.
		form = postedValues(t, body)
		form.Set("action", "submit")
		form.Set("not_duplicate", "1")
		resp, body = do(t, c, "POST", s.URL+"/staff/figures", form)
	}
	if resp.StatusCode != 303 {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	return resp.Header.Get("Location")
}

// approve posts the approval of the figure at path, at its current
// version, as c.
func approve(t *testing.T, s *staffSite, c *http.Client, path string) (*http.Response, string) {
	t.Helper()
	f, _, err := s.db.Figure(t.Context(), path[strings.LastIndex(path, "/")+1:])
	if err != nil {
		t.Fatal(err)
	}
	return do(t, c, "POST", s.URL+path+"/approve", url.Values{"version": {itoa(int64(f.Version))}})
}

// An admin could create a reviewer account and approve their own entry
// with it. Account changes are now recorded with who made them, and an
// account the author set up or last changed cannot approve their entry.
func TestFourEyesThroughASecondAccount(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	admin := s.signIn(t, domain.RoleAdmin)
	resp, body := do(t, admin, "POST", s.URL+"/staff/users", url.Values{"email": {"sock@example.org"}, "name": {"Sock"}, "role": {"reviewer"}})
	m := regexp.MustCompile(`<code class="password">([^<]+)</code>`).FindStringSubmatch(body)
	if resp.StatusCode != 200 || m == nil {
		t.Fatalf("create account: %d", resp.StatusCode)
	}
	sock := s.client(t)
	if resp, _ := do(t, sock, "POST", s.URL+"/staff/login", url.Values{"email": {"sock@example.org"}, "password": {html.UnescapeString(m[1])}}); resp.StatusCode != 303 {
		t.Fatalf("sign in with the new account: %d", resp.StatusCode)
	}
	own := submitFigure(t, s, admin, "Twelve hundred people crossed at Torkham on Saturday.")
	_, page := do(t, sock, "GET", s.URL+own, nil)
	if strings.Contains(page, "Approve and publish") {
		t.Error("the author's second account is offered the approve button")
	}
	resp, body = approve(t, s, sock, own)
	if resp.StatusCode != 403 {
		t.Fatalf("the author's second account approves: %d", resp.StatusCode)
	}
	mustContain(t, "refusal", body, "your account was created by admin@example.org, who entered or last changed this figure")

	// A role change is a change too: the reviewer whose role the admin set
	// may not approve the admin's entry either.
	_, _ = do(t, admin, "POST", s.URL+"/staff/users/"+itoa(s.users[domain.RoleReviewer].ID), url.Values{"change": {"role"}, "role": {"reviewer"}})
	rev := s.signIn(t, domain.RoleReviewer)
	if resp, body := approve(t, s, rev, own); resp.StatusCode != 403 || !strings.Contains(body, "last changed by admin@example.org") {
		t.Errorf("a reviewer the author last changed approves: %d", resp.StatusCode)
	}
	// Someone whose account the author never touched approves it; and the
	// admin's second account may approve another's entry.
	_, _ = do(t, admin, "POST", s.URL+"/staff/users/"+itoa(s.users[domain.RoleEditor].ID), url.Values{"change": {"role"}, "role": {"reviewer"}})
	other := submitFigure(t, s, rev, "Three hundred families returned to Nangarhar this week.")
	if resp, body := approve(t, s, sock, other); resp.StatusCode != 303 {
		t.Errorf("the second account approves another's entry: %d %s", resp.StatusCode, body)
	}

	// Who did what is recorded, and shown to admins.
	revs, err := s.db.UserRevisions(t.Context(), s.users[domain.RoleReviewer].ID)
	if err != nil || len(revs) != 2 || revs[0].Action != "create" || revs[0].Actor != "cli:test" ||
		revs[1].Action != "role" || revs[1].Actor != "admin@example.org" || revs[1].At.IsZero() {
		t.Errorf("reviewer's revisions: %+v, %v", revs, err)
	}
	_, page = do(t, admin, "GET", s.URL+"/staff/users", nil)
	mustContain(t, "users page", page, "created by admin@example.org", "created by cli:test; last changed by admin@example.org")
}
