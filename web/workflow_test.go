package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// TestDraftsNeverLeak makes a figure in every state and reads every public
// page, chart and download: only the published values may appear, and a
// figure that is not public has no permalink.
func TestDraftsNeverLeak(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ids := figureIDs(t, s)
	anon := s.client(t)
	hidden := []string{"111111", "111,111", "222222", "222,222", "444444", "444,444", "666666", "666,666",
		"The draft sentence", "The review sentence", "The pending sentence", "The retracted sentence"}
	for _, path := range []string{"/", "/series/" + govSeries, "/series/" + govSeries + "/chart.svg",
		"/series/" + govSeries + "/figures.csv", "/figures.csv", "/events.csv", "/figures/" + ids["published"],
		"/figures/" + ids["edit"]} {
		resp, body := do(t, anon, "GET", s.URL+path, nil)
		if resp.StatusCode != 200 {
			t.Errorf("%s: status %d", path, resp.StatusCode)
		}
		for _, h := range hidden {
			if strings.Contains(body, h) {
				t.Errorf("%s shows %q, which is not published", path, h)
			}
		}
	}
	_, page := do(t, anon, "GET", s.URL+"/series/"+govSeries, nil)
	mustContain(t, "series page", page, "333,333", "555,555", "The published sentence")
	for _, name := range []string{"draft", "review"} {
		if resp, _ := do(t, anon, "GET", s.URL+"/figures/"+ids[name], nil); resp.StatusCode != 404 {
			t.Errorf("permalink of the %s figure: status %d, want 404", name, resp.StatusCode)
		}
	}
	// A retracted figure keeps its page, which says why, but leaves the
	// charts and downloads.
	resp, body := do(t, anon, "GET", s.URL+"/figures/"+ids["retracted"], nil)
	if resp.StatusCode != 200 {
		t.Fatalf("retracted permalink: %d", resp.StatusCode)
	}
	mustContain(t, "retracted figure page", body, "Retracted on", "because", "no longer appears in charts")
}

func TestSessions(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	cookie := func(c *http.Client) string {
		u, _ := url.Parse(s.URL)
		for _, ck := range c.Jar.Cookies(u) {
			if ck.Name == "tracker_session" {
				return ck.Value
			}
		}
		return ""
	}
	c := s.signIn(t, domain.RoleEditor)
	first := cookie(c)
	// Signing in again (over a live session) gives a new token.
	resp, _ := do(t, c, "POST", s.URL+"/staff/login", url.Values{"email": {"editor@example.org"}, "password": {password}})
	second := cookie(c)
	if resp.StatusCode != 303 || first == "" || second == "" || first == second {
		t.Fatalf("token did not rotate at sign-in: %q → %q (status %d)", first, second, resp.StatusCode)
	}
	// The cookie is HttpOnly and SameSite=Lax, and staff pages are not cached.
	resp, _ = do(t, s.client(t), "POST", s.URL+"/staff/login", url.Values{"email": {"editor@example.org"}, "password": {password}})
	setCookie := resp.Header.Get("Set-Cookie")
	if !strings.Contains(setCookie, "HttpOnly") || !strings.Contains(setCookie, "SameSite=Lax") || strings.Contains(setCookie, "Secure") {
		t.Errorf("Set-Cookie %q", setCookie)
	}
	resp, _ = do(t, c, "GET", s.URL+"/staff", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("/staff: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	// After sign-out the old cookie opens nothing, even when replayed.
	do(t, c, "POST", s.URL+"/staff/logout", url.Values{})
	replay := s.client(t)
	u, _ := url.Parse(s.URL)
	replay.Jar.SetCookies(u, []*http.Cookie{{Name: "tracker_session", Value: second}})
	if resp, _ := do(t, replay, "GET", s.URL+"/staff", nil); resp.StatusCode != 303 {
		t.Errorf("signed-out cookie: status %d, want a redirect to sign in", resp.StatusCode)
	}
	// Disabling a user ends their sessions.
	rev := s.signIn(t, domain.RoleReviewer)
	admin := s.signIn(t, domain.RoleAdmin)
	resp, _ = do(t, admin, "POST", s.URL+"/staff/users/"+itoa(s.users[domain.RoleReviewer].ID), url.Values{"change": {"disable"}})
	if resp.StatusCode != 303 {
		t.Fatalf("disable: %d", resp.StatusCode)
	}
	if resp, _ := do(t, rev, "GET", s.URL+"/staff/review", nil); resp.StatusCode != 303 {
		t.Errorf("disabled reviewer's session: status %d, want a redirect to sign in", resp.StatusCode)
	}
	if resp, _ := do(t, s.client(t), "POST", s.URL+"/staff/login", url.Values{"email": {"reviewer@example.org"}, "password": {password}}); resp.StatusCode != 401 {
		t.Errorf("disabled reviewer signs in: %d", resp.StatusCode)
	}
}

func TestSecureCookieWhenConfigured(t *testing.T) {
	s := newStaffSite(t, web.Config{SecureCookies: true})
	resp, _ := do(t, s.client(t), "POST", s.URL+"/staff/login", url.Values{"email": {"editor@example.org"}, "password": {password}})
	if !strings.Contains(resp.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("Set-Cookie %q lacks Secure", resp.Header.Get("Set-Cookie"))
	}
}

func TestCrossSitePostIsRefused(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	c := s.signIn(t, domain.RoleAdmin)
	resp, body := do(t, c, "POST", s.URL+"/staff/users", url.Values{"email": {"evil@example.org"}, "name": {"Evil"}, "role": {"admin"}},
		"Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != 403 || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("cross-site POST: status %d", resp.StatusCode)
	}
	// The refusal is a problem like every other, naming the address.
	var problem map[string]any
	if err := json.Unmarshal([]byte(body), &problem); err != nil || resp.Header.Get("Content-Type") != "application/problem+json" ||
		problem["status"] != 403.0 || problem["title"] != "Cross-origin request refused" || problem["instance"] != "/staff/users" {
		t.Errorf("cross-site POST: %s %s (%v)", resp.Header.Get("Content-Type"), body, err)
	}
	if _, _, err := s.db.UserByEmail(t.Context(), "evil@example.org"); err == nil {
		t.Error("the cross-site POST created a user")
	}
	resp, _ = do(t, c, "POST", s.URL+"/staff/logout", url.Values{}, "Origin", "https://evil.example")
	if resp.StatusCode != 403 {
		t.Errorf("cross-origin POST with Origin: %d", resp.StatusCode)
	}
	// The same form from this site goes through.
	resp, _ = do(t, c, "POST", s.URL+"/staff/users", url.Values{"email": {"new@example.org"}, "name": {"New"}, "role": {"editor"}},
		"Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != 200 {
		t.Errorf("same-origin POST: %d", resp.StatusCode)
	}
}

func TestSignInThrottling(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	c := s.client(t)
	for i := range 5 {
		resp, _ := do(t, c, "POST", s.URL+"/staff/login", url.Values{"email": {"editor@example.org"}, "password": {"wrong " + itoa(int64(i))}})
		if resp.StatusCode != 401 {
			t.Fatalf("failure %d: status %d", i+1, resp.StatusCode)
		}
	}
	// Even the right password waits now.
	resp, body := do(t, c, "POST", s.URL+"/staff/login", url.Values{"email": {"editor@example.org"}, "password": {password}})
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("after 5 failures: status %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	mustContain(t, "throttled page", body, "Too many failed sign-ins")
	// Another account from the same address is not yet held back.
	if resp, _ := do(t, s.client(t), "POST", s.URL+"/staff/login", url.Values{"email": {"reviewer@example.org"}, "password": {password}}); resp.StatusCode != 303 {
		t.Errorf("other account: %d", resp.StatusCode)
	}
}

// TestEnterReviewPublishThroughTheForms is the staff path over HTTP: an
// editor pastes the IOM sentence, checks the proposal and submits; the
// editor cannot approve it; a reviewer approves; the public sees it.
func TestEnterReviewPublishThroughTheForms(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	sentence := "Nearly a million Afghans have either voluntarily returned or been forcibly deported since September 2023, according to a report by United Nations International Organization for Migration."
	resp, body := do(t, ed, "POST", s.URL+"/staff/figures", url.Values{"action": {"propose"}, "excerpt": {sentence}})
	if resp.StatusCode != 200 {
		t.Fatalf("propose: %d", resp.StatusCode)
	}
	mustContain(t, "proposal", body, `name="value" type="text" inputmode="numeric" value="1000000"`, `value="approx" selected`,
		`value="Nearly a million"`, `name="period_start" type="text" dir="auto" value="2023-09"`, "Proposed from the sentence")
	if queue, _ := s.db.ReviewQueue(t.Context()); len(queue) != 0 {
		t.Fatal("proposing saved something")
	}
	// Counted from the government's start (1 Nov 2023) and as of its
	// 857,157 on 25 Apr 2025: a claim about that fact, which disagrees.
	form := url.Values{"action": {"submit"}, "excerpt": {sentence}, "value": {"1000000"}, "qualifier": {"approx"},
		"value_as_stated": {"Nearly a million"}, "period_start": {"2023-11-01"}, "period_end": {"2025-04-25"},
		"series": {govSeries}, "attributed_to": {"IOM"}, "source_url": {"https://example.org/bloomberg-2"},
		"source_title": {"Pakistan Deputy PM in Kabul"}, "source_publisher": {"Bloomberg"}}
	// A mistake first: the message sits next to the field, and what was typed stays.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("period_end", "2025-13-01")
	resp, body = do(t, ed, "POST", s.URL+"/staff/figures", bad)
	if resp.StatusCode != 422 {
		t.Fatalf("bad form: %d", resp.StatusCode)
	}
	mustContain(t, "form with a mistake", body, `id="f-period_end-error">&#34;2025-13-01&#34;: month 13 does not exist`, `value="Pakistan Deputy PM in Kabul"`)

	resp, _ = do(t, ed, "POST", s.URL+"/staff/figures", form)
	if resp.StatusCode != 303 {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	figPath := resp.Header.Get("Location")
	id := figPath[strings.LastIndex(figPath, "/")+1:]
	_, page := do(t, ed, "GET", s.URL+figPath, nil)
	if strings.Contains(page, "Approve and publish") || !strings.Contains(page, "another reviewer must approve") {
		t.Error("the editor is offered the approve button on their own figure")
	}
	if resp, _ := do(t, ed, "POST", s.URL+figPath+"/approve", url.Values{}); resp.StatusCode != 403 {
		t.Errorf("editor approves: %d", resp.StatusCode)
	}
	rev := s.signIn(t, domain.RoleReviewer)
	_, queue := do(t, rev, "GET", s.URL+"/staff/review", nil)
	mustContain(t, "review queue", queue, "/staff/figures/"+id, "Nearly a million Afghans", "Disagrees with published figures:",
		"<strong>Sources that disagree</strong>: <span dir=\"auto\">", "disagree since 1 Nov 2023, as of 25 Apr 2025", "IOM gave nearly 1,000,000", "Ministry of Interior of Pakistan gave 857,157")
	_, page = do(t, rev, "GET", s.URL+figPath, nil)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	if resp, _ := do(t, rev, "POST", s.URL+figPath+"/approve", url.Values{"version": {version}}); resp.StatusCode != 303 {
		t.Fatalf("approve: %d", resp.StatusCode)
	}
	_, public := do(t, s.client(t), "GET", s.URL+"/series/"+govSeries, nil)
	mustContain(t, "series page after approval", public, sentence, "about 1,000,000")
	_, permalink := do(t, s.client(t), "GET", s.URL+"/figures/"+id, nil)
	mustContain(t, "permalink", permalink, "Approved", "by The reviewer (entered by The editor)", `Approved and published</strong> by <span dir="auto">The reviewer`)
	if strings.Contains(permalink, "@example.org") {
		t.Error("the public page shows a staff email address")
	}

	// A correction goes through review and the public history says what
	// changed.
	_, edit := do(t, ed, "GET", s.URL+figPath+"/edit", nil)
	version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(edit)[1]
	form.Set("value", "1100000")
	form.Set("version", version)
	if resp, _ := do(t, ed, "POST", s.URL+figPath, form); resp.StatusCode != 303 {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	_, page = do(t, rev, "GET", s.URL+figPath, nil)
	version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	if resp, _ := do(t, rev, "POST", s.URL+figPath+"/approve", url.Values{"version": {version}}); resp.StatusCode != 303 {
		t.Fatalf("approve the correction: %d", resp.StatusCode)
	}
	_, permalink = do(t, s.client(t), "GET", s.URL+"/figures/"+id, nil)
	mustContain(t, "permalink after a correction", permalink, "Correction approved and published", "value: 1,000,000 → 1,100,000")
}

func TestChangeLogAndFeed(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ids := figureIDs(t, s)
	_, page := do(t, s.client(t), "GET", s.URL+"/changes", nil)
	mustContain(t, "change log", page, "Retracted", `Reason: <span dir="auto">because</span>`, "/figures/"+ids["retracted"], "Approved and published", "333,333")
	for _, h := range []string{"111,111", "222,222", "666,666"} {
		if strings.Contains(page, h) {
			t.Errorf("the change log shows %s, which was never published", h)
		}
	}
	if strings.Index(page, "444,444") > strings.Index(page, "333,333") {
		t.Error("the change log is not newest first")
	}
	resp, feed := do(t, s.client(t), "GET", s.URL+"/changes.atom", nil)
	if resp.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Errorf("feed type %q", resp.Header.Get("Content-Type"))
	}
	mustContain(t, "feed", feed, `<feed xmlns="http://www.w3.org/2005/Atom">`, "<entry>", "Retracted: 444,444", s.URL+"/figures/"+ids["published"])
}

func TestEventEntryAndReview(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	form := url.Values{"action": {"submit"}, "date": {"2025-06-30"}, "title": {"Deadline for registered refugees (PoR card holders)"},
		"kind": {"deadline"}, "countries": {"PAK;AFG"}, "excerpt": {"Registered Afghan refugees told to exit Pakistan by June 30 or face deportation."},
		"source_url": {"https://example.org/the-news"}, "source_title": {"Registered Afghan refugees told to exit"}, "source_publisher": {"The News"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("countries", "PAK;XYZ")
	bad.Set("date", "30/06/2025")
	resp, body := do(t, ed, "POST", s.URL+"/staff/events", bad)
	if resp.StatusCode != 422 {
		t.Fatalf("bad event: %d", resp.StatusCode)
	}
	mustContain(t, "event form", body, "is not a date", `&#34;XYZ&#34; is not an ISO 3166-1 alpha-3 country code`)
	resp, _ = do(t, ed, "POST", s.URL+"/staff/events", form)
	if resp.StatusCode != 303 {
		t.Fatalf("create event: %d", resp.StatusCode)
	}
	path := resp.Header.Get("Location")
	if resp, _ := do(t, ed, "POST", s.URL+path+"/approve", url.Values{}); resp.StatusCode != 403 {
		t.Errorf("editor approves an event: %d", resp.StatusCode)
	}
	rev := s.signIn(t, domain.RoleReviewer)
	_, queue := do(t, rev, "GET", s.URL+"/staff/review", nil)
	mustContain(t, "review queue", queue, "Deadline for registered refugees")
	_, csvBefore := do(t, s.client(t), "GET", s.URL+"/events.csv", nil)
	if strings.Contains(csvBefore, "registered refugees") {
		t.Error("an event in review is in the public events CSV")
	}
	_, page := do(t, rev, "GET", s.URL+path, nil)
	v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	if resp, _ := do(t, rev, "POST", s.URL+path+"/approve", url.Values{"version": {v}}); resp.StatusCode != 303 {
		t.Fatalf("approve event: %d", resp.StatusCode)
	}
	// Without the version it saw, a change is refused with a message.
	admin := s.signIn(t, domain.RoleAdmin)
	if resp, body := do(t, admin, "POST", s.URL+path+"/retract", url.Values{"reason": {"x"}}); resp.StatusCode != 422 || !strings.Contains(body, "version") {
		t.Errorf("retract without a version: %d", resp.StatusCode)
	}
	_, csvAfter := do(t, s.client(t), "GET", s.URL+"/events.csv", nil)
	mustContain(t, "events.csv", csvAfter, "Deadline for registered refugees")
}

func TestSourceFormAndSearch(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	resp, body := do(t, ed, "POST", s.URL+"/staff/sources", url.Values{"source_url": {"javascript:alert(1)"}, "source_published": {"2025-02-30"}})
	if resp.StatusCode != 422 {
		t.Fatalf("bad source: %d", resp.StatusCode)
	}
	mustContain(t, "source form", body, "must start with http:// or https://", "February 2025 has no day 30", "source_title-error")
	storetest.Orgs(t, s.db, "UNHCR")
	form := url.Values{"source_url": {"https://example.org/unhcr-flash-12"}, "source_title": {"Pakistan–Afghanistan returns emergency response, flash update #12"},
		"source_publisher": {"UNHCR"}, "source_published": {"2024-01-05"}, "doc_type": {"flash_update"}}
	resp, _ = do(t, ed, "POST", s.URL+"/staff/sources", form)
	if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/staff/figures/new?source=") {
		t.Fatalf("create source: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, prefilled := do(t, ed, "GET", s.URL+resp.Header.Get("Location"), nil)
	mustContain(t, "figure form from a source", prefilled, `value="https://example.org/unhcr-flash-12"`, `value="UNHCR"`)
	if resp, _ := do(t, ed, "POST", s.URL+"/staff/sources", form); resp.StatusCode != 409 {
		t.Errorf("the same document twice: %d, want 409", resp.StatusCode)
	}
	for _, q := range []string{"flash update", "UNHCR", "unhcr-flash"} {
		_, found := do(t, ed, "GET", s.URL+"/staff/sources?q="+url.QueryEscape(q), nil)
		mustContain(t, "search for "+q, found, "flash update #12", "Enter a figure from it")
	}
}

func TestSignInRedirectStaysOnSite(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	for next, want := range map[string]string{
		"/staff/review":          "/staff/review",
		"//evil.example/x":       "/staff",
		"https://evil.example/":  "/staff",
		"/\t/evil.example":       "/staff",
		"/\\evil.example":        "/staff",
		"javascript:alert(1)":    "/staff",
		"/staff/figures/new?a=b": "/staff/figures/new?a=b",
	} {
		resp, _ := do(t, s.client(t), "POST", s.URL+"/staff/login", url.Values{"email": {"editor@example.org"}, "password": {password}, "next": {next}})
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("next=%q: Location %q, want %q", next, got, want)
		}
	}
}

// TestButtonsAreWhatTheStoreAllows: an operator's import, in review, can be
// approved by a reviewer whose account the same operator made at the
// command line (neither "cli:…" setter is a staff account, so four eyes
// cannot be asked of them). The page offers the buttons for it, as the store
// allows it; it once read the operator's name as the reviewer's setter and
// said "you entered or last changed this figure".
func TestButtonsAreWhatTheStoreAllows(t *testing.T) {
	s := newStaffSite(t, web.Config{}) // accounts made by cli:test
	ctx := t.Context()
	storetest.Orgs(t, s.db, "State import", "Outlet import")
	var id string
	err := s.db.InTx(ctx, "cli:test", func(tx *store.Tx) error {
		series, err := tx.EnsureSeries(ctx, domain.Series{Slug: govSeries, Unit: "persons"}, domain.ActionUpdate, true)
		if err != nil {
			return err
		}
		id, err = tx.CreateFigure(ctx, series, domain.Figure{Value: 777777, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2025-05-22"),
			AttributedTo: "State import", Excerpt: "The imported sentence.", Source: domain.Source{
				Title: "Doc import", Publisher: "Outlet import", URL: "https://example.org/import"}})
		if err != nil {
			return err
		}
		return tx.Act(ctx, id, 0, domain.ActionSubmit, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	rev := s.signIn(t, domain.RoleReviewer)
	path := s.URL + "/staff/figures/" + id
	_, page := do(t, rev, "GET", path, nil)
	mustContain(t, "figure page", page, "Approve and publish", `action="/staff/figures/`+id+`/reject"`)
	if strings.Contains(page, "another reviewer must approve") {
		t.Error("the reviewer is told they entered the operator's import")
	}
	if _, queue := do(t, rev, "GET", s.URL+"/staff/review", nil); strings.Contains(queue, "another reviewer must approve") {
		t.Error("the review queue tells the reviewer they entered the operator's import")
	}
	v := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)
	if v == nil {
		t.Fatal("the page offers no button")
	}
	if resp, body := do(t, rev, "POST", path+"/approve", url.Values{"version": {v[1]}}); resp.StatusCode != 303 {
		t.Fatalf("approve: %d %s", resp.StatusCode, body)
	}
}

// TestWorkflowRoutesNeedTheDomainRoles: each workflow button's route asks
// for the role the workflow names (domain.NeededRole), which the buttons
// are offered by.
func TestWorkflowRoutesNeedTheDomainRoles(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	seen := 0
	for _, rule := range s.srv.Rules() {
		for _, kind := range []string{"figures", "events"} {
			for _, a := range []domain.Action{domain.ActionSubmit, domain.ActionApprove, domain.ActionReject, domain.ActionRetract} {
				if rule.Method == http.MethodPost && rule.Path == "/staff/"+kind+"/:id/"+string(a) {
					seen++
					if rule.Role != domain.NeededRole(a) {
						t.Errorf("%s %s needs %q, the workflow says %q", rule.Method, rule.Path, rule.Role, domain.NeededRole(a))
					}
				}
			}
		}
	}
	if seen != 8 {
		t.Errorf("found %d workflow routes, want 8", seen)
	}
}
