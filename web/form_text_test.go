package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// multipartForm encodes a form as multipart/form-data, as a browser does
// for a form with enctype="multipart/form-data" (or a script may for any).
func multipartForm(t *testing.T, form url.Values) (string, *bytes.Buffer) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.Close()
	return w.FormDataContentType(), &b
}

// A NUL or bytes that are not UTF-8 in any field of any staff form, or of
// the sign-in, sent as multipart/form-data, are refused as url-encoded
// forms are: 422 naming the field, and nothing written (PostgreSQL used to
// answer 500; SQLite stored them).
func TestMultipartFormsRefuseTextThatIsNotText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		s, logs := hostileSite(t, db, web.Config{})
		ed, admin, anon := s.signIn(t, domain.RoleEditor), s.signIn(t, domain.RoleAdmin), s.signIn(t, "")
		source := url.Values{"source_url": {"https://example.org/nul"}, "source_title": {"Flash update"},
			"source_publisher": {"IOM"}, "source_published": {"2025-06-01"}}
		series := url.Values{"series": {"nul-test-series"}, "series_title": {"A series"}, "population_group": {"returnees"},
			"measure": {"stock"}, "unit": {"persons"}, "from_iso3": {"PAK"}, "to_iso3": {"AFG"}}
		figure := url.Values{"series": {govSeries}, "value": {"5"}, "qualifier": {"exact"}, "period_end": {"2025-06-01"},
			"attributed_to": {"IOM"}, "excerpt": {"Five returned."}, "source_url": {"https://example.org/nul"},
			"source_title": {"Flash update"}, "source_publisher": {"IOM"}, "action": {"save"}}
		event := url.Values{"date": {"2025-06-01"}, "title": {"A deadline"}, "kind": {"deadline"}, "countries": {"AFG"},
			"excerpt": {"The deadline is 1 June."}, "source_url": {"https://example.org/nul"}, "source_title": {"Flash update"},
			"source_publisher": {"IOM"}}
		user := url.Values{"email": {"new@example.org"}, "name": {"New Editor"}, "role": {"editor"}}
		login := url.Values{"email": {"editor@example.org"}, "password": {password}}
		forms := []struct {
			client *http.Client
			path   string
			form   url.Values
			field  string
		}{
			{ed, "/staff/sources", source, "source_title"},
			{ed, "/staff/series", series, "series_title"},
			{ed, "/staff/figures", figure, "excerpt"},
			{ed, "/staff/events", event, "title"},
			{admin, "/staff/users", user, "name"},
			{anon, "/staff/login", login, "email"},
			{anon, "/staff/login", login, "password"},
		}
		for _, f := range forms {
			for _, bad := range []string{"a\x00b", "caf\xe9", "\xff\xfe"} {
				form := url.Values{}
				for k, v := range f.form {
					form[k] = v
				}
				form.Set(f.field, bad)
				ct, body := multipartForm(t, form)
				resp, page := post(t, f.client, s.URL+f.path, ct, body)
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, f.field+": holds a NUL character or bytes that are not UTF-8") {
					t.Errorf("%s with %s=%q: status %d, want 422 naming the field\n%.400s", f.path, f.field, bad, resp.StatusCode, page)
				}
			}
			// The same form, sound, goes through (it is the bytes that were refused).
			ct, body := multipartForm(t, f.form)
			if resp, page := post(t, f.client, s.URL+f.path, ct, body); resp.StatusCode >= 400 {
				t.Errorf("%s, sound, as multipart: status %d\n%.400s", f.path, resp.StatusCode, page)
			}
		}
		// A file name that is not text is refused too, naming the field.
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		fw, _ := w.CreateFormFile("figures", "f\xff.csv")
		fw.Write([]byte(importHeader))
		w.Close()
		if resp, page := post(t, ed, s.URL+"/staff/import", w.FormDataContentType(), &b); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "figures: the file name holds") {
			t.Errorf("an upload named in bytes that are not UTF-8: %d\n%.400s", resp.StatusCode, page)
		}
		// Nothing bad reached the database.
		srcs, err := db.SearchSources(t.Context(), "", 10000)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range srcs {
			if strings.ContainsRune(src.Title, 0) || strings.ContainsRune(src.Title, '\uFFFD') {
				t.Errorf("stored source title %q", src.Title)
			}
		}
		if strings.Contains(logs.String(), "level=ERROR") {
			t.Errorf("errors logged:\n%s", logs.String())
		}
	})
}
