package web_test

import (
	"encoding/binary"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// Every staff form, the user form and the browser import refuse text over
// its limit (counted in characters) with a 422 naming the field and the
// limit; at the limit, the same form is taken.
func TestTextLimitsOnEveryForm(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed, admin := s.signIn(t, domain.RoleEditor), s.signIn(t, domain.RoleAdmin)
	long := func(n int) string { return strings.Repeat("ب", n) }
	// Attribution words at the limit name an organisation, as staff would
	// have made sure.
	storetest.Orgs(t, s.db, long(domain.MaxLine))
	figure := url.Values{"series": {govSeries}, "value": {"5"}, "qualifier": {"exact"}, "period_end": {"2025-06-01"},
		"attributed_to": {"IOM"}, "excerpt": {"Five returned."}, "source_url": {"https://example.org/long"},
		"source_title": {"Flash update"}, "source_publisher": {"IOM"}, "action": {"save"}}
	// Saved once per field, each figure of its own: a value of its own,
	// so that none is held back as like another.
	figureOf := func(value string) url.Values {
		v := url.Values{}
		for k, vs := range figure {
			v[k] = vs
		}
		v.Set("value", value)
		return v
	}
	forms := []struct {
		client *http.Client
		path   string
		form   url.Values
		field  string
		limit  int
	}{
		{ed, "/staff/figures", figureOf("5"), "attributed_to", domain.MaxLine},
		{ed, "/staff/figures", figureOf("6"), "excerpt", domain.MaxText},
		{ed, "/staff/figures", figureOf("7"), "notes", domain.MaxText},
		{ed, "/staff/sources", url.Values{"source_url": {"https://example.org/long2"}, "source_title": {"T"}, "source_publisher": {"IOM"}}, "source_title", domain.MaxLine},
		{ed, "/staff/sources", url.Values{"source_url": {"https://example.org/long4"}, "source_title": {"T"}, "source_publisher": {"IOM"}}, "notes", domain.MaxText},
		{ed, "/staff/series", url.Values{"series": {"long-title"}, "series_title": {"T"}, "population_group": {"returnees"},
			"measure": {"stock"}, "unit": {"persons"}, "from_iso3": {"PAK"}, "to_iso3": {"AFG"}}, "series_title", domain.MaxLine},
		{ed, "/staff/series", url.Values{"series": {"long-description"}, "series_title": {"T"}, "population_group": {"returnees"},
			"measure": {"stock"}, "unit": {"persons"}, "from_iso3": {"PAK"}, "to_iso3": {"AFG"}}, "description", domain.MaxText},
		{ed, "/staff/events", url.Values{"date": {"2025-06-01"}, "title": {"T"}, "kind": {"deadline"}, "excerpt": {"The deadline."},
			"source_url": {"https://example.org/long3"}, "source_title": {"T"}, "source_publisher": {"IOM"}}, "title", domain.MaxLine},
		{admin, "/staff/users", url.Values{"email": {"long@example.org"}, "name": {"N"}, "role": {"editor"}}, "name", domain.MaxLine},
	}
	for _, f := range forms {
		form := url.Values{}
		for k, v := range f.form {
			form[k] = v
		}
		form.Set(f.field, long(f.limit+1))
		resp, page := do(t, f.client, "POST", s.URL+f.path, form)
		msg := "is " + itoa(int64(f.limit+1)) + " characters long; the limit is " + itoa(int64(f.limit))
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(page), msg) || !strings.Contains(page, f.field) {
			t.Errorf("%s with a %d-character %s: status %d, want 422 saying %q\n%.600s", f.path, f.limit+1, f.field, resp.StatusCode, msg, page)
		}
		form.Set(f.field, long(f.limit))
		if resp, page := do(t, f.client, "POST", s.URL+f.path, form); resp.StatusCode >= 400 {
			t.Errorf("%s with a %d-character %s: status %d\n%.600s", f.path, f.limit, f.field, resp.StatusCode, page)
		}
	}

	// The browser import: the line, the column and the limit.
	ct, body := uploadForm(t, map[string]string{"figures": importHeader +
		govSeries + ",persons,2025-06-01,5," + long(301) + ",IOM,Flash update,https://example.org/fu,Five.\n"})
	resp, page := postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "is 301 characters long; the limit is 300") {
		t.Errorf("import with a 301-character attribution: %d\n%.2000s", resp.StatusCode, page)
	}
	mustContain(t, "import refusal", page, "attributed_to", ">2<")
}

// A figures file saved as UTF-16 (with a byte-order mark, as spreadsheet
// programs write "Unicode" CSV) previews in the browser as its UTF-8 twin
// does, instead of one "unknown column" per header cell.
func TestBrowserImportOfUTF16(t *testing.T) {
	s := newStaffSite(t, web.Config{})
	ed := s.signIn(t, domain.RoleEditor)
	csv := importHeader + govSeries + ",persons,2025-06-01,5,IOM,IOM,Flash “update”,https://example.org/fu,Five returned to Kābul.\n"
	units := append([]uint16{0xFEFF}, utf16.Encode([]rune(csv))...)
	b := make([]byte, 2*len(units))
	for i, u := range units {
		binary.LittleEndian.PutUint16(b[2*i:], u)
	}
	ct, body := uploadForm(t, map[string]string{"figures": string(b)})
	resp, page := postImport(t, ed, s.URL, ct, body)
	if resp.StatusCode != http.StatusOK || strings.Contains(page, "unknown column") {
		t.Fatalf("UTF-16 upload: %d\n%.2000s", resp.StatusCode, page)
	}
	mustContain(t, "UTF-16 preview", page, "1 new")
}
