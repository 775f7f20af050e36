package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// TestRoutePolicy checks the route table's policy fields against the
// address space they are for: the API under /api/, the staff side (which
// reads the session, and is never cached) under /staff, frames for the
// embed pages only, and a body over the form limit only where files are
// posted.
func TestRoutePolicy(t *testing.T) {
	ts, srv := serve(t, storetest.SQLite(t), web.Config{})
	for _, r := range srv.Rules() {
		key := r.Method + " " + r.Path
		if api := strings.HasPrefix(r.Path, "/api/"); r.API != api {
			t.Errorf("%s: API %v", key, r.API)
		}
		if staff := strings.HasPrefix(r.Path, "/staff"); r.Session != staff {
			t.Errorf("%s: Session %v", key, r.Session)
		}
		if r.Role != web.Public && !r.Session {
			t.Errorf("%s: needs the %s role but does not read the session", key, r.Role)
		}
		if r.NoStore != (r.Session || r.Internal) {
			t.Errorf("%s: NoStore %v", key, r.NoStore)
		}
		if embed := strings.HasPrefix(r.Path, "/embed/"); r.Frameable != embed {
			t.Errorf("%s: Frameable %v", key, r.Frameable)
		}
		if r.MaxBody != 0 && r.Method != http.MethodPost {
			t.Errorf("%s: a body limit on a route that takes no body", key)
		}
	}
	// An address no route has is answered as its neighbours are: under
	// /api/ in problem+json, elsewhere as a page; and it is not framed.
	for path, want := range map[string]string{"/api/v1/nothing": "application/problem+json", "/api/v2": "application/problem+json",
		"/nothing": "text/html; charset=utf-8", "/embed/nothing": "text/html; charset=utf-8"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != want || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: %d %q, X-Frame-Options %q", path, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("X-Frame-Options"))
		}
	}
}

// TestEveryRouteHasAnAccessRule requests every route as anonymous, editor,
// reviewer and admin and checks the status. A route the table below does not
// name fails the test: adding a route means deciding who may use it.
func TestEveryRouteHasAnAccessRule(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ids := figureIDs(t, s)
	users := s.users
	events, err := s.db.PublicEvents(t.Context(), store.EventFilter{})
	if err != nil || len(events) == 0 {
		t.Fatal(err)
	}
	event := "/staff/events/" + events[0].ID
	// Workflow buttons send the version the user saw.
	version := func(id string) url.Values {
		f, _, err := s.db.Figure(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		return url.Values{"version": {strconv.Itoa(f.Version)}}
	}
	eventVersion := url.Values{"version": {strconv.Itoa(events[0].Version)}}
	orgs, err := s.db.Organizations(t.Context())
	if err != nil || len(orgs) == 0 {
		t.Fatal(err)
	}
	org := orgs[0]
	// A saved copy of source 1, which staff may read and the public may not
	// (no licence is listed in the configuration).
	cp, _, err := s.db.SaveSourceCopy(t.Context(), domain.SourceCopy{SourceID: 1, URL: "https://example.org/1", Status: 200,
		ContentType: "text/html", Body: []byte("<p>A page.</p>"), Text: "A page."}, domain.CopyLimits{})
	if err != nil {
		t.Fatal(err)
	}
	copyPath := "/copies/" + strconv.FormatInt(cp.ID, 10)
	type want [4]int // anonymous, editor, reviewer, admin
	ok := want{200, 200, 200, 200}
	staff := want{303, 200, 200, 200}
	form := url.Values{"action": {"save"}}
	tests := map[string]struct {
		path string
		form url.Values
		want want
	}{
		"GET /healthz":                      {"/healthz", nil, ok},
		"GET /metrics":                      {"/metrics", nil, ok}, // from loopback; see outside
		"GET /":                             {"/", nil, ok},
		"GET /figures.xlsx":                 {"/figures.xlsx", nil, ok},
		"GET /datapackage.zip":              {"/datapackage.zip", nil, ok},
		"GET /series/:slug/figures.xlsx":    {"/series/" + govSeries + "/figures.xlsx", nil, ok},
		"GET /series/:slug/datapackage.zip": {"/series/" + govSeries + "/datapackage.zip", nil, ok},
		"GET /series/:slug/bundle.zip":      {"/series/" + govSeries + "/bundle.zip", nil, ok},
		"GET /figures.json":                 {"/figures.json", nil, ok},
		"GET /series/:slug/figures.json":    {"/series/" + govSeries + "/figures.json", nil, ok},
		"GET /figures.csv":                  {"/figures.csv", nil, ok},
		"GET /events.csv":                   {"/events.csv", nil, ok},
		"GET /events":                       {"/events", nil, ok},
		"GET /figures/:id/cite":             {"/figures/" + ids["published"] + "/cite?format=bibtex", nil, ok},
		"GET /series/:slug/cite":            {"/series/" + govSeries + "/cite?format=ris", nil, ok},
		"GET /sources/:id":                  {"/sources/1", nil, ok},
		// The public reads no saved copy unless the operator lists its
		// licence: signed in or not, these are public pages.
		"GET /sources/:id/copy":         {"/sources/1/copy", nil, want{404, 404, 404, 404}},
		"GET /sources/:id/copies/:copy": {"/sources/1" + copyPath, nil, want{404, 404, 404, 404}},
		"GET /organisations":            {"/organisations", nil, ok},
		"GET /organisations/:slug":      {"/organisations/international-organization-for-migration", nil, ok},
		"GET /compare":                  {"/compare?series=" + govSeries + "," + iomSeries, nil, ok},
		"GET /compare/chart.svg":        {"/compare/chart.svg?series=" + govSeries + "," + iomSeries, nil, ok},
		"GET /compare/chart.png":        {"/compare/chart.png?series=" + govSeries + "," + iomSeries + "&size=small", nil, ok},
		"GET /data":                     {"/data", nil, ok},
		"GET /compare/figures.csv":      {"/compare/figures.csv?series=" + govSeries + "," + iomSeries, nil, ok},
		"GET /compare/figures.json":     {"/compare/figures.json?series=" + govSeries + "," + iomSeries, nil, ok},
		"GET /compare/figures.xlsx":     {"/compare/figures.xlsx?series=" + govSeries + "," + iomSeries, nil, ok},
		"GET /compare/datapackage.zip":  {"/compare/datapackage.zip?series=" + govSeries + "," + iomSeries, nil, ok},
		"GET /changes":                  {"/changes", nil, ok},
		"GET /changes.atom":             {"/changes.atom", nil, ok},
		"GET /figures/:id":              {"/figures/" + ids["published"], nil, ok},
		"GET /series/:slug":             {"/series/" + govSeries, nil, ok},
		"GET /series/:slug/chart.svg":   {"/series/" + govSeries + "/chart.svg", nil, ok},
		"GET /series/:slug/chart.png":   {"/series/" + govSeries + "/chart.png?size=small", nil, ok},
		"GET /embed/series/:slug":       {"/embed/series/" + govSeries, nil, ok},
		"GET /series/:slug/figures.csv": {"/series/" + govSeries + "/figures.csv", nil, ok},

		"GET /api/v1/series":                     {"/api/v1/series", nil, ok},
		"GET /api/v1/series/:slug":               {"/api/v1/series/" + govSeries, nil, ok},
		"GET /api/v1/series/:slug/figures":       {"/api/v1/series/" + govSeries + "/figures", nil, ok},
		"GET /api/v1/series/:slug/facts":         {"/api/v1/series/" + govSeries + "/facts", nil, ok},
		"GET /api/v1/series/:slug/disagreements": {"/api/v1/series/" + govSeries + "/disagreements", nil, ok},
		"GET /api/v1/figures":                    {"/api/v1/figures?limit=5", nil, ok},
		"GET /api/v1/figures/:id":                {"/api/v1/figures/" + ids["published"], nil, ok},
		"GET /api/v1/sources":                    {"/api/v1/sources", nil, ok},
		"GET /api/v1/sources/:id":                {"/api/v1/sources/1", nil, ok},
		"GET /api/v1/organisations":              {"/api/v1/organisations", nil, ok},
		"GET /api/v1/organisations/:slug":        {"/api/v1/organisations/international-organization-for-migration", nil, ok},
		"GET /api/v1/events":                     {"/api/v1/events", nil, ok},
		"GET /api/v1/changes":                    {"/api/v1/changes", nil, ok},
		"GET /api/v1/openapi.json":               {"/api/v1/openapi.json", nil, ok},
		"OPTIONS /api/v1/*path":                  {"/api/v1/figures", url.Values{}, want{204, 204, 204, 204}},
		"GET /staff/login":                       {"/staff/login", nil, want{200, 303, 303, 303}},
		"POST /staff/login":                      {"/staff/login", url.Values{"email": {"nobody@example.org"}, "password": {"wrong password"}}, want{401, 401, 401, 401}},
		"POST /staff/logout":                     {"/staff/logout", url.Values{}, want{303, 303, 303, 303}},
		"GET /staff":                             {"/staff", nil, staff},
		"GET /staff/figures/new":                 {"/staff/figures/new", nil, staff},
		"POST /staff/figures":                    {"/staff/figures", form, want{401, 422, 422, 422}},
		"GET /staff/figures/document":            {"/staff/figures/document", nil, staff},
		"POST /staff/figures/document":           {"/staff/figures/document", url.Values{"action": {"read"}}, want{401, 422, 422, 422}},
		"GET /staff/figures/document/saved":      {"/staff/figures/document/saved?ids=" + ids["draft"], nil, staff},
		"GET /staff/figures/:id":                 {"/staff/figures/" + ids["draft"], nil, staff},
		"GET /staff/figures/:id/edit":            {"/staff/figures/" + ids["draft"] + "/edit", nil, staff},
		"POST /staff/figures/:id":                {"/staff/figures/" + ids["draft"], form, want{401, 422, 422, 422}},
		// Allowed, but a published figure cannot be submitted: 409 means the
		// role check let the request through to the workflow.
		"POST /staff/figures/:id/submit":      {"/staff/figures/" + ids["published"] + "/submit", version(ids["published"]), want{401, 409, 409, 409}},
		"POST /staff/figures/:id/approve":     {"/staff/figures/" + ids["published"] + "/approve", version(ids["published"]), want{401, 403, 409, 409}},
		"POST /staff/figures/:id/reject":      {"/staff/figures/" + ids["review"] + "/reject", version(ids["review"]), want{401, 403, 422, 422}},
		"POST /staff/figures/:id/retract":     {"/staff/figures/" + ids["published"] + "/retract", version(ids["published"]), want{401, 403, 403, 422}},
		"GET /staff/events/new":               {"/staff/events/new", nil, staff},
		"POST /staff/events":                  {"/staff/events", url.Values{}, want{401, 422, 422, 422}},
		"GET /staff/events/:id":               {event, nil, staff},
		"POST /staff/events/:id/submit":       {event + "/submit", eventVersion, want{401, 409, 409, 409}},
		"POST /staff/events/:id/approve":      {event + "/approve", eventVersion, want{401, 403, 409, 409}},
		"POST /staff/events/:id/reject":       {event + "/reject", eventVersion, want{401, 403, 422, 422}},
		"POST /staff/events/:id/retract":      {event + "/retract", eventVersion, want{401, 403, 403, 422}},
		"GET /staff/review":                   {"/staff/review", nil, want{303, 403, 200, 200}},
		"GET /staff/marks":                    {"/staff/marks", nil, want{303, 403, 200, 200}},
		"POST /staff/marks/:id/approve":       {"/staff/marks/999/approve", url.Values{}, want{401, 403, 404, 404}},
		"POST /staff/marks/:id/reject":        {"/staff/marks/999/reject", url.Values{}, want{401, 403, 404, 404}},
		"POST /staff/figures/:id/mark":        {"/staff/figures/" + ids["published"] + "/mark", url.Values{}, want{401, 403, 422, 422}},
		"GET /staff/sources":                  {"/staff/sources?q=news", nil, staff},
		"GET /staff/sources/new":              {"/staff/sources/new", nil, staff},
		"GET /staff/sources/problems":         {"/staff/sources/problems", nil, staff},
		"GET /staff/sources/:id/copy":         {"/staff/sources/1/copy", nil, staff},
		"GET /staff/sources/:id/copies/:copy": {"/staff/sources/1" + copyPath, nil, staff},
		"POST /staff/sources":                 {"/staff/sources", url.Values{}, want{401, 422, 422, 422}},
		"GET /staff/series/new":               {"/staff/series/new", nil, staff},
		"POST /staff/series":                  {"/staff/series", url.Values{}, want{401, 422, 422, 422}},
		"GET /staff/import":                   {"/staff/import", nil, staff},
		"POST /staff/import":                  {"/staff/import", url.Values{}, want{401, 422, 422, 422}},
		"POST /staff/import/confirm":          {"/staff/import/confirm", url.Values{"token": {"stale"}}, want{401, 404, 404, 404}},
		"POST /staff/import/names":            {"/staff/import/names", url.Values{"token": {"stale"}}, want{401, 404, 404, 404}},
		"GET /staff/import/jobs/:id":          {"/staff/import/jobs/unknown", nil, want{303, 404, 404, 404}},
		"GET /staff/users":                    {"/staff/users", nil, want{303, 403, 403, 200}},
		"POST /staff/users":                   {"/staff/users", url.Values{}, want{401, 403, 403, 422}},
		"POST /staff/users/:id":               {"/staff/users/" + itoa(users[domain.RoleEditor].ID), url.Values{"change": {"bogus"}}, want{401, 403, 403, 422}},

		"GET /staff/organisations":                       {"/staff/organisations?q=iom", nil, staff},
		"GET /staff/organisations/new":                   {"/staff/organisations/new", nil, staff},
		"POST /staff/organisations":                      {"/staff/organisations", url.Values{}, want{401, 422, 422, 422}},
		"GET /staff/organisations/merges":                {"/staff/organisations/merges", nil, staff},
		"POST /staff/organisations/merges/:id/approve":   {"/staff/organisations/merges/999/approve", url.Values{}, want{401, 403, 404, 404}},
		"POST /staff/organisations/merges/:id/reject":    {"/staff/organisations/merges/999/reject", url.Values{}, want{401, 403, 404, 404}},
		"POST /staff/organisations/changes/:id/approve":  {"/staff/organisations/changes/999/approve", url.Values{}, want{401, 403, 404, 404}},
		"POST /staff/organisations/changes/:id/reject":   {"/staff/organisations/changes/999/reject", url.Values{}, want{401, 403, 404, 404}},
		"GET /staff/organisations/:slug":                 {"/staff/organisations/" + org.Slug, nil, staff},
		"POST /staff/organisations/:slug":                {"/staff/organisations/" + org.Slug, url.Values{}, want{401, 422, 422, 422}},
		"POST /staff/organisations/:slug/aliases":        {"/staff/organisations/" + org.Slug + "/aliases", url.Values{}, want{401, 422, 422, 422}},
		"POST /staff/organisations/:slug/aliases/remove": {"/staff/organisations/" + org.Slug + "/aliases/remove", url.Values{}, want{401, 422, 422, 422}},
		"POST /staff/organisations/:slug/merge":          {"/staff/organisations/" + org.Slug + "/merge", url.Values{}, want{401, 422, 422, 422}},
	}
	// The requests above come from loopback, like every request of this
	// test server. An internal route is also asked from an address that is
	// neither loopback nor allowed: there, signing in must not help.
	outside := map[string]want{
		"GET /metrics": {404, 404, 404, 404},
	}
	roles := []domain.Role{"", domain.RoleEditor, domain.RoleReviewer, domain.RoleAdmin}
	for _, rule := range s.srv.Rules() {
		key := rule.Method + " " + rule.Path
		tc, found := tests[key]
		if !found {
			t.Errorf("route %s has no access rule in this test: say who may use it", key)
			continue
		}
		delete(tests, key)
		if _, found := outside[key]; rule.Internal && !found {
			t.Errorf("internal route %s: say in outside what a client from elsewhere gets", key)
		}
		for i, role := range roles {
			c := s.signIn(t, role)
			var resp *http.Response
			if rule.Method == http.MethodGet {
				resp, _ = do(t, c, "GET", s.URL+tc.path, nil)
			} else {
				resp, _ = do(t, c, rule.Method, s.URL+tc.path, tc.form)
			}
			if resp.StatusCode != tc.want[i] {
				t.Errorf("%s as %s: status %d, want %d", key, roleName(role), resp.StatusCode, tc.want[i])
			}
		}
	}
	for key := range tests {
		t.Errorf("the test names %s, which is not a route", key)
	}

	h, err := s.srv.Handler()
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range outside {
		method, path, _ := strings.Cut(key, " ")
		for i, role := range roles {
			c := s.signIn(t, role)
			req := httptest.NewRequest(method, s.URL+path, nil) // from 192.0.2.1, a documentation address
			u, _ := url.Parse(s.URL)
			for _, cookie := range c.Jar.Cookies(u) {
				req.AddCookie(cookie)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != want[i] {
				t.Errorf("%s as %s from %s: status %d, want %d", key, roleName(role), req.RemoteAddr, rec.Code, want[i])
			}
		}
	}
}

func roleName(r domain.Role) string {
	if r == "" {
		return "anonymous"
	}
	return string(r)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
