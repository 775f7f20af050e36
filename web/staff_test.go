package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/auth"
	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

const password = "correct horse battery"

// staffSite serves the demo with three accounts, one per role.
type staffSite struct {
	*httptest.Server
	db    *store.DB
	srv   *web.Server
	users map[domain.Role]domain.User
}

func newStaffSite(t *testing.T, cfg web.Config) *staffSite {
	t.Helper()
	db := storetest.Demo(t)
	ctx := context.Background()
	// Cheap parameters keep the tests fast; a hash carries its parameters.
	hash := auth.Hash(password, auth.Params{Memory: 64, Time: 1, Threads: 1})
	users := map[domain.Role]domain.User{}
	for _, r := range domain.Roles {
		u, err := db.CreateUser(ctx, "cli:test", domain.User{Email: string(r) + "@example.org", Name: "The " + string(r), Role: r}, hash)
		if err != nil {
			t.Fatal(err)
		}
		users[r] = u
	}
	ts, srv := serve(t, db, cfg)
	return &staffSite{Server: ts, db: db, srv: srv, users: users}
}

// client is a browser without redirects followed, so that tests see them.
func (s *staffSite) client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// signIn returns a client signed in as the user of role ("" = anonymous).
func (s *staffSite) signIn(t *testing.T, role domain.Role) *http.Client {
	t.Helper()
	c := s.client(t)
	if role == "" {
		return c
	}
	resp, err := c.PostForm(s.URL+"/staff/login", url.Values{"email": {string(role) + "@example.org"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: status %d", role, resp.StatusCode)
	}
	return c
}

func do(t *testing.T, c *http.Client, method, url string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, url, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// figureIDs creates one figure in each state in the government series and
// returns their ids by state; "edit" is a published figure with a pending
// change.
func figureIDs(t *testing.T, s *staffSite) map[string]string {
	t.Helper()
	ctx := context.Background()
	ids := map[string]string{}
	mk := func(name string, value float64, steps ...domain.Action) {
		storetest.Orgs(t, s.db, "State "+name, "Outlet "+name)
		f := domain.Figure{Value: value, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2025-05-20"),
			AttributedTo: "State " + name, Excerpt: "The " + name + " sentence.", Source: domain.Source{
				Title: "Doc " + name, Publisher: "Outlet " + name, URL: "https://example.org/" + name}}
		err := s.db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
			series, err := tx.EnsureSeries(ctx, domain.Series{Slug: govSeries, Unit: "persons"}, domain.ActionCreate, true)
			if err != nil {
				return err
			}
			ids[name], err = tx.CreateFigure(ctx, series, f)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range steps {
			actor := "editor@example.org"
			if a == domain.ActionApprove || a == domain.ActionRetract {
				actor = "reviewer@example.org"
			}
			if err := s.db.InTx(ctx, actor, func(tx *store.Tx) error { return tx.Act(ctx, ids[name], 0, a, "because") }); err != nil {
				t.Fatalf("%s %s: %v", a, name, err)
			}
		}
	}
	mk("draft", 111111)
	mk("review", 222222, domain.ActionSubmit)
	mk("published", 333333, domain.ActionSubmit, domain.ActionApprove)
	mk("retracted", 444444, domain.ActionSubmit, domain.ActionApprove, domain.ActionRetract)
	mk("edit", 555555, domain.ActionSubmit, domain.ActionApprove)
	err := s.db.InTx(ctx, "editor@example.org", func(tx *store.Tx) error {
		series, _ := tx.EnsureSeries(ctx, domain.Series{Slug: govSeries, Unit: "persons"}, domain.ActionUpdate, true)
		f := domain.Figure{Value: 666666, Qualifier: domain.Exact, PeriodEnd: domain.MustDate("2025-05-21"),
			AttributedTo: "State edit", Excerpt: "The pending sentence.", Source: domain.Source{
				Title: "Doc edit", Publisher: "Outlet edit", URL: "https://example.org/edit"}}
		if err := tx.EditFigure(ctx, ids["edit"], 0, series, f); err != nil {
			return err
		}
		return tx.Act(ctx, ids["edit"], 0, domain.ActionSubmit, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids
}
