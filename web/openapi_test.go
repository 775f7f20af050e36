package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
	verrors "github.com/pb33f/libopenapi-validator/errors"

	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/importer"
	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// The API's contract: web/openapi.json must be a valid OpenAPI 3.1
// document that names exactly the API's routes, and every response the
// running server gives must match it.

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, err := libopenapi.NewDocument(web.OpenAPIDocument())
	if err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatalf("openapi.json does not build an OpenAPI 3 model: %v", err)
	}
	if v := model.Model.Version; v != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", v)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	if ok, verrs := v.ValidateDocument(); !ok {
		t.Errorf("openapi.json breaks the OpenAPI 3.1 schema:\n%s", describe(verrs))
	}

	// The document and the route table name the same operations.
	srv, err := web.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	routes := map[string]bool{}
	for _, r := range srv.Rules() {
		if r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/api/v1/") {
			routes[openAPIPath(r.Path)] = true
		}
	}
	documented := map[string]bool{}
	for path, item := range model.Model.Paths.PathItems.FromOldest() {
		documented[path] = true
		if !routes[path] {
			t.Errorf("the document has %s, which is no GET route of the server", path)
		}
		if item.Get == nil {
			t.Errorf("%s: no GET operation documented", path)
			continue
		}
		for _, other := range []any{item.Post, item.Put, item.Patch, item.Delete} {
			if !reflect.ValueOf(other).IsNil() {
				t.Errorf("%s documents a method other than GET; the API is read-only", path)
			}
		}
		op := item.Get
		if op.OperationId == "" {
			t.Errorf("%s: no operationId", path)
		}
		for _, code := range []string{"200", "400", "429"} {
			if op.Responses.Codes.GetOrZero(code) == nil {
				t.Errorf("GET %s documents no %s response", path, code)
			}
		}
	}
	for path := range routes {
		if !documented[path] {
			t.Errorf("route GET %s is missing from openapi.json", path)
		}
	}

	// The Figure schema has every field of exchange.FigureJSON, each with
	// its JSON type, nullable exactly where the Go field is a pointer.
	fig := model.Model.Components.Schemas.GetOrZero("Figure")
	if fig == nil {
		t.Fatal("no Figure schema")
	}
	schema := fig.Schema()
	want := map[string]bool{}
	ft := reflect.TypeFor[exchange.FigureJSON]()
	for i := range ft.NumField() {
		f := ft.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		want[name] = true
		prop := schema.Properties.GetOrZero(name)
		if prop == nil {
			t.Errorf("Figure schema lacks %s (exchange.FigureJSON.%s)", name, f.Name)
			continue
		}
		types := prop.Schema().Type
		typ := f.Type
		if typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
			if !slices.Contains(types, "null") {
				t.Errorf("Figure.%s is nullable in Go but not in the schema (%v)", name, types)
			}
		} else if slices.Contains(types, "null") {
			t.Errorf("Figure.%s is never null in Go but nullable in the schema", name)
		}
		jsonType := map[reflect.Kind]string{reflect.String: "string", reflect.Float64: "number", reflect.Int: "integer", reflect.Int64: "integer", reflect.Slice: "array"}[typ.Kind()]
		if !slices.Contains(types, jsonType) {
			t.Errorf("Figure.%s: schema type %v, Go type %s (JSON %s)", name, types, f.Type, jsonType)
		}
		if !slices.Contains(schema.Required, name) {
			t.Errorf("Figure.%s is always sent but not required", name)
		}
	}
	for name := range schema.Properties.KeysFromOldest() {
		if !want[name] {
			t.Errorf("Figure schema has %s, which exchange.FigureJSON does not", name)
		}
	}
	if ap := schema.AdditionalProperties; ap == nil || !ap.IsB() || ap.B {
		t.Error("Figure schema must say additionalProperties: false")
	}
}

var ginParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// openAPIPath writes a gin route as an OpenAPI path: /series/:slug → /series/{slug}.
func openAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

func describe(errs []*verrors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "  - %s: %s", e.Message, e.Reason)
		if e.SpecLine > 0 {
			fmt.Fprintf(&b, " (openapi.json line %d)", e.SpecLine)
		}
		b.WriteString("\n")
		for _, f := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "      %s at %s (%s)\n", f.Reason, f.FieldPath, f.KeywordLocation)
		}
	}
	return b.String()
}

// apiClient calls the running server and checks every response against
// the document. It records which documented operation answered which
// status, so the test can show it called them all.
type apiClient struct {
	base      string
	v         validator.Validator
	templates []*regexp.Regexp
	paths     []string
	seen      map[string]map[int]bool // path template → statuses seen
}

func newAPIClient(t *testing.T, base string) *apiClient {
	t.Helper()
	doc, err := libopenapi.NewDocument(web.OpenAPIDocument())
	if err != nil {
		t.Fatal(err)
	}
	model, err := doc.BuildV3Model()
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc, config.WithFormatAssertions()) // check uri and date-time too
	if len(errs) > 0 {
		t.Fatalf("validator: %v", errs)
	}
	c := &apiClient{base: base, v: v, seen: map[string]map[int]bool{}}
	for path := range model.Model.Paths.PathItems.KeysFromOldest() {
		re := regexp.MustCompile("^" + regexp.MustCompile(`\\\{[a-z_]+\\\}`).ReplaceAllString(regexp.QuoteMeta(path), "[^/]+") + "$")
		c.templates = append(c.templates, re)
		c.paths = append(c.paths, path)
		c.seen[path] = map[int]bool{}
	}
	return c
}

// call sends method to path (with its query) and validates the answer; for
// a 4xx only the response is validated, since the request is meant to be
// bad. The body is returned read.
func (c *apiClient) call(t *testing.T, method, path string, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, c.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodGet {
		for i, re := range c.templates {
			if re.MatchString(req.URL.Path) {
				c.seen[c.paths[i]][resp.StatusCode] = true
			}
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		var ok bool
		var errs []*verrors.ValidationError
		if resp.StatusCode < 400 {
			ok, errs = c.v.ValidateHttpRequestResponse(req, resp)
		} else {
			ok, errs = c.v.ValidateHttpResponse(req, resp)
		}
		if !ok {
			t.Errorf("GET %s → %d %s does not match openapi.json:\n%s\nbody: %.600s", path, resp.StatusCode,
				resp.Header.Get("Content-Type"), describe(errs), body)
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, body
}

// get calls path and fails unless it answers want.
func (c *apiClient) get(t *testing.T, path string, want int, header ...string) (*http.Response, []byte) {
	t.Helper()
	resp, body := c.call(t, http.MethodGet, path, header...)
	if resp.StatusCode != want {
		t.Fatalf("GET %s: status %d, want %d\n%.600s", path, resp.StatusCode, want, body)
	}
	return resp, body
}

// page is a list response, items kept as raw JSON.
type page struct {
	Data []json.RawMessage `json:"data"`
	Next *string           `json:"next"`
}

func decodePage(t *testing.T, body []byte) page {
	t.Helper()
	var p page
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("list response: %v\n%.300s", err, body)
	}
	return p
}

func field(t *testing.T, raw json.RawMessage, name string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(m[name])
}

func figuresOf(t *testing.T, body []byte) []exchange.FigureJSON {
	t.Helper()
	var p struct {
		Data []exchange.FigureJSON `json:"data"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	return p.Data
}

func withQuery(path, query string) string {
	if strings.Contains(path, "?") {
		return path + "&" + query
	}
	return path + "?" + query
}

// walk follows next from the first page of path at limit, checking that
// no item comes twice (by key: its fields, comma-separated), and returns
// the items in order.
func (c *apiClient) walk(t *testing.T, path, key string, limit int) []json.RawMessage {
	t.Helper()
	var all []json.RawMessage
	seen := map[string]bool{}
	url := withQuery(path, fmt.Sprintf("limit=%d", limit))
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatalf("%s: more than 1000 pages; next never ends", path)
		}
		_, body := c.get(t, url, 200)
		p := decodePage(t, body)
		if len(p.Data) > limit {
			t.Errorf("%s: %d items on a page of limit %d", url, len(p.Data), limit)
		}
		for _, item := range p.Data {
			var id string
			for _, k := range strings.Split(key, ",") {
				id += field(t, item, k) + "|"
			}
			if seen[id] {
				t.Errorf("%s: %s %s comes twice", path, key, id)
			}
			seen[id] = true
		}
		all = append(all, p.Data...)
		if p.Next == nil {
			return all
		}
		if len(p.Data) < limit {
			t.Errorf("%s: a short page (%d of %d) with a next cursor", url, len(p.Data), limit)
		}
		url = withQuery(path, fmt.Sprintf("limit=%d&cursor=%s", limit, *p.Next))
	}
}

func sameItems(t *testing.T, what string, got, want []json.RawMessage) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d items page by page, %d in one page", what, len(got), len(want))
		return
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("%s: item %d differs page by page:\n%s\nin one page:\n%s", what, i, got[i], want[i])
		}
	}
}

// problemParams checks a 400 problem and returns the names in its invalid_params.
func problemParams(t *testing.T, resp *http.Response, body []byte) []string {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("400 has Content-Type %q", ct)
	}
	var p struct {
		Status        int `json:"status"`
		InvalidParams []struct {
			Name, Reason string
		} `json:"invalid_params"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("problem: %v\n%s", err, body)
	}
	if p.Status != 400 {
		t.Errorf("problem status %d", p.Status)
	}
	var names []string
	for _, ip := range p.InvalidParams {
		names = append(names, ip.Name)
		if ip.Reason == "" {
			t.Errorf("invalid_params %s has no reason", ip.Name)
		}
	}
	return names
}

func TestAPIContract(t *testing.T) {
	ts, _ := newSite(t)
	c := newAPIClient(t, ts.URL)

	// Real ids and slugs from the demo data.
	_, body := c.get(t, "/api/v1/figures?limit=1000", 200)
	all := figuresOf(t, body)
	if len(all) != 12 {
		t.Fatalf("/api/v1/figures has %d figures, want the demo's 12", len(all))
	}
	figureID := all[0].FigureID
	_, body = c.get(t, "/api/v1/sources", 200)
	sources := decodePage(t, body)
	if len(sources.Data) == 0 {
		t.Fatal("no sources")
	}
	sourceID := field(t, sources.Data[0], "id")
	_, body = c.get(t, "/api/v1/organisations", 200)
	orgs := decodePage(t, body)
	if len(orgs.Data) == 0 {
		t.Fatal("no organisations")
	}
	orgSlug := field(t, orgs.Data[0], "slug")

	t.Run("every operation", func(t *testing.T) {
		ok := []string{
			"/api/v1/series",
			"/api/v1/series/" + govSeries,
			"/api/v1/series/" + govSeries + "/figures",
			"/api/v1/series/" + govSeries + "/facts",
			"/api/v1/series/" + govSeries + "/disagreements",
			"/api/v1/figures",
			"/api/v1/figures/" + figureID,
			"/api/v1/sources",
			"/api/v1/sources/" + sourceID,
			"/api/v1/organisations",
			"/api/v1/organisations/" + orgSlug,
			"/api/v1/events",
			"/api/v1/changes",
			"/api/v1/openapi.json",
		}
		for _, path := range ok {
			resp, body := c.get(t, path, 200)
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Errorf("%s: Content-Type %q", path, resp.Header.Get("Content-Type"))
			}
			if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: no CORS header", path)
			}
			if path == "/api/v1/openapi.json" {
				if !bytes.Equal(body, web.OpenAPIDocument()) {
					t.Error("/api/v1/openapi.json is not the document kept in the repository")
				}
				continue
			}
			// ETag and If-None-Match → 304, without a body.
			etag := resp.Header.Get("ETag")
			if etag == "" || resp.Header.Get("Cache-Control") == "" {
				t.Errorf("%s: ETag %q, Cache-Control %q", path, etag, resp.Header.Get("Cache-Control"))
				continue
			}
			resp, body = c.get(t, path, 304, "If-None-Match", etag)
			if len(body) != 0 || resp.Header.Get("ETag") != etag {
				t.Errorf("%s 304: %d bytes, ETag %q", path, len(body), resp.Header.Get("ETag"))
			}
			c.get(t, path, 200, "If-None-Match", `"v0-stale"`)
		}
	})

	t.Run("If-None-Match lists and weak tags", func(t *testing.T) {
		resp, _ := c.get(t, "/api/v1/figures", 200)
		etag := resp.Header.Get("ETag")
		// RFC 9110 13.1.2: If-None-Match is a list compared weakly, and a
		// proxy that compresses (nginx gzip) turns "v2" into W/"v2".
		for _, inm := range []string{"W/" + strings.TrimPrefix(etag, "W/"), `"v0", ` + etag, "*"} {
			resp, _ := c.call(t, http.MethodGet, "/api/v1/figures", "If-None-Match", inm)
			if resp.StatusCode != 304 {
				t.Errorf("If-None-Match: %s: status %d, want 304", inm, resp.StatusCode)
			}
		}
	})

	t.Run("single items", func(t *testing.T) {
		_, body := c.get(t, "/api/v1/figures/"+figureID, 200)
		var one struct{ Data exchange.FigureJSON }
		if err := json.Unmarshal(body, &one); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(one.Data, all[0]) {
			t.Errorf("/api/v1/figures/%s differs from its row in the list:\n%+v\n%+v", figureID, one.Data, all[0])
		}
		if one.Data.SourcePublisher == "" || one.Data.AttributedTo == "" || one.Data.Citation == "" ||
			one.Data.Permalink != ts.URL+"/figures/"+figureID {
			t.Errorf("the figure is not citable on its own: %+v", one.Data)
		}
		_, body = c.get(t, "/api/v1/series/"+govSeries, 200)
		var se struct {
			Data struct {
				Slug    string
				Figures int
				Latest  exchange.FigureJSON
			}
		}
		if err := json.Unmarshal(body, &se); err != nil {
			t.Fatal(err)
		}
		if se.Data.Slug != govSeries || se.Data.Figures != 10 || se.Data.Latest.PeriodEnd != "2025-06-02" {
			t.Errorf("series %s: slug %q, %d figures, latest as of %s", govSeries, se.Data.Slug, se.Data.Figures, se.Data.Latest.PeriodEnd)
		}
		_, body = c.get(t, "/api/v1/sources/"+sourceID, 200)
		var src struct{ Data json.RawMessage }
		if err := json.Unmarshal(body, &src); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(src.Data, sources.Data[0]) {
			t.Errorf("/api/v1/sources/%s differs from its row in the list:\n%s\n%s", sourceID, src.Data, sources.Data[0])
		}
	})

	t.Run("filters", func(t *testing.T) {
		cases := []struct {
			query string
			keep  func(f exchange.FigureJSON) bool
		}{
			{"series=" + govSeries + "&period_end_from=2024-01-01", func(f exchange.FigureJSON) bool {
				return f.Series == govSeries && f.PeriodEnd >= "2024-01-01"
			}},
			{"period_end_from=2024&period_end_to=2024", func(f exchange.FigureJSON) bool { return strings.HasPrefix(f.PeriodEnd, "2024") }},
			{"period_end_to=2023-11", func(f exchange.FigureJSON) bool { return f.PeriodEnd <= "2023-11-30" }},
			{"from_iso3=pak&to_iso3=AFG", func(f exchange.FigureJSON) bool {
				return f.FromISO3 != nil && *f.FromISO3 == "PAK" && f.ToISO3 != nil && *f.ToISO3 == "AFG"
			}},
			{"population_group=casualties", func(f exchange.FigureJSON) bool { return f.PopulationGroup == "casualties" }},
			{"attributed_to=iom", func(f exchange.FigureJSON) bool { return f.AttributedTo == "IOM" }},
			{"population_group=refugees", func(f exchange.FigureJSON) bool { return false }},
		}
		for _, tc := range cases {
			var want []string
			for _, f := range all {
				if tc.keep(f) {
					want = append(want, f.FigureID)
				}
			}
			_, body := c.get(t, "/api/v1/figures?"+tc.query, 200)
			var got []string
			for _, f := range figuresOf(t, body) {
				got = append(got, f.FigureID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("/api/v1/figures?%s = %v, want %v", tc.query, got, want)
			}
		}
		if _, body := c.get(t, "/api/v1/figures?series="+govSeries+"&period_end_from=2024-01-01", 200); len(figuresOf(t, body)) != 6 {
			t.Errorf("the government series has %d figures as of 2024 or later, want 6", len(figuresOf(t, body)))
		}
	})

	t.Run("paging", func(t *testing.T) {
		lists := []struct{ path, key string }{
			{"/api/v1/figures", "figure_id"},
			{"/api/v1/figures?series=" + govSeries, "figure_id"},
			{"/api/v1/series/" + govSeries + "/figures", "figure_id"},
			{"/api/v1/series/" + govSeries + "/facts", "period_end,claims"},
			{"/api/v1/series", "slug"},
			{"/api/v1/sources", "id"},
			{"/api/v1/organisations", "slug"},
			{"/api/v1/events", "event_id"},
		}
		for _, l := range lists {
			_, body := c.get(t, withQuery(l.path, "limit=1000"), 200)
			one := decodePage(t, body)
			if one.Next != nil {
				t.Errorf("%s: next %q on a page that holds everything", l.path, *one.Next)
			}
			if len(one.Data) < 3 {
				t.Errorf("%s: only %d items; the demo should page", l.path, len(one.Data))
			}
			sameItems(t, l.path, c.walk(t, l.path, l.key, 2), one.Data)
			// The default limit (100) holds the whole demo too.
			_, body = c.get(t, l.path, 200)
			sameItems(t, l.path+" (default limit)", decodePage(t, body).Data, one.Data)
		}
	})

	t.Run("changes are paged", func(t *testing.T) {
		resp, body := c.call(t, http.MethodGet, "/api/v1/changes?limit=2")
		if resp.StatusCode != 200 {
			t.Fatalf("/api/v1/changes?limit=2: %d %s", resp.StatusCode, body)
		}
		_, body = c.get(t, "/api/v1/changes?limit=1000", 200)
		sameItems(t, "/api/v1/changes", c.walk(t, "/api/v1/changes", "at,action,figure_id", 2), decodePage(t, body).Data)
	})

	t.Run("not found", func(t *testing.T) {
		for _, path := range []string{
			"/api/v1/series/no-such-series",
			"/api/v1/series/no-such-series/figures",
			"/api/v1/series/no-such-series/facts",
			"/api/v1/series/no-such-series/disagreements",
			"/api/v1/figures/no-such-figure",
			"/api/v1/sources/999999",
			"/api/v1/organisations/no-such-organisation",
		} {
			resp, body := c.get(t, path, 404)
			if resp.Header.Get("Content-Type") != "application/problem+json" || !bytes.Contains(body, []byte(`"status":404`)) {
				t.Errorf("%s: %s %s", path, resp.Header.Get("Content-Type"), body)
			}
			if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
				t.Errorf("%s: the 404 lacks the CORS header", path)
			}
		}
	})

	t.Run("bad parameters", func(t *testing.T) {
		cases := []struct {
			query string
			bad   []string
		}{
			{"colour=red", []string{"colour"}},
			{"limit=0", []string{"limit"}},
			{"limit=5000", []string{"limit"}},
			{"limit=abc", []string{"limit"}},
			{"cursor=!!!", []string{"cursor"}},
			{"period_end_from=yesterday", []string{"period_end_from"}},
			{"period_end_to=2024-13", []string{"period_end_to"}},
			{"population_group=aliens", []string{"population_group"}},
			{"from_iso3=XXX", []string{"from_iso3"}},
			{"to_iso3=ZZZ", []string{"to_iso3"}},
			{"attributed_to=iom&include_children=yes", []string{"include_children"}},
			{"include_children=true", []string{"include_children"}},
			{"limit=-1&population_group=aliens&colour=red", []string{"limit", "population_group", "colour"}},
		}
		for _, tc := range cases {
			resp, body := c.get(t, "/api/v1/figures?"+tc.query, 400)
			names := problemParams(t, resp, body)
			for _, want := range tc.bad {
				if !slices.Contains(names, want) {
					t.Errorf("?%s: invalid_params %v does not name %s", tc.query, names, want)
				}
			}
			if len(names) != len(tc.bad) {
				t.Errorf("?%s: invalid_params %v, want exactly %v", tc.query, names, tc.bad)
			}
		}
		resp, body := c.get(t, "/api/v1/sources?cursor=Zm9v", 400) // "foo": not a source cursor
		if names := problemParams(t, resp, body); !slices.Equal(names, []string{"cursor"}) {
			t.Errorf("/api/v1/sources?cursor=Zm9v: invalid_params %v", names)
		}
		// Every operation refuses an unknown parameter rather than ignoring it.
		for _, path := range c.paths {
			url := strings.NewReplacer("{slug}", govSeries, "{id}", figureID).Replace(path)
			if path == "/api/v1/sources/{id}" {
				url = "/api/v1/sources/" + sourceID
			}
			resp, body := c.call(t, http.MethodGet, url+"?nope=1")
			if resp.StatusCode == 200 && path == "/api/v1/openapi.json" {
				t.Log("BUG: /api/v1/openapi.json ignores unknown parameters (web/openapi.go openAPI); skipped below")
				continue
			}
			if resp.StatusCode != 400 {
				t.Errorf("%s?nope=1: status %d, want 400", url, resp.StatusCode)
				continue
			}
			if names := problemParams(t, resp, body); !slices.Equal(names, []string{"nope"}) {
				t.Errorf("%s?nope=1: invalid_params %v", url, names)
			}
		}
	})

	t.Run("openapi.json refuses unknown parameters", func(t *testing.T) {
		resp, _ := c.call(t, http.MethodGet, "/api/v1/openapi.json?nope=1")
		if resp.StatusCode != 400 {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
	})

	t.Run("CORS preflight", func(t *testing.T) {
		resp, _ := c.call(t, http.MethodOptions, "/api/v1/figures", "Origin", "https://news.example",
			"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "If-None-Match")
		if resp.StatusCode != http.StatusNoContent {
			t.Errorf("OPTIONS: status %d, want 204", resp.StatusCode)
		}
		h := resp.Header
		if h.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") ||
			!strings.Contains(h.Get("Access-Control-Allow-Headers"), "If-None-Match") {
			t.Errorf("OPTIONS headers: %v", h)
		}
		resp, _ = c.get(t, "/api/v1/series", 200, "Origin", "https://news.example")
		if resp.Header.Get("Access-Control-Allow-Origin") != "*" || !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "ETag") {
			t.Errorf("GET from another origin: %v", resp.Header)
		}
	})

	// Every documented operation was called, and answered each status the
	// test means it to.
	for path, statuses := range c.seen {
		if !statuses[200] {
			t.Errorf("GET %s never answered 200 in the contract test", path)
		}
		if !statuses[400] && path != "/api/v1/openapi.json" { // see the BUG skipped above
			t.Errorf("GET %s never answered 400 in the contract test", path)
		}
		if path != "/api/v1/openapi.json" && !statuses[304] {
			t.Errorf("GET %s never answered 304 in the contract test", path)
		}
		if strings.Contains(path, "{") && !statuses[404] {
			t.Errorf("GET %s never answered 404 in the contract test", path)
		}
	}
}

func TestAPIDraftsStayOffTheAPI(t *testing.T) {
	ts, db := newSite(t)
	c := newAPIClient(t, ts.URL)
	storetest.Orgs(t, db, "Secret Ministry", "Leaky News")
	_, before := c.get(t, "/api/v1/series/"+govSeries, 200)
	draft := "figure_id,series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n" +
		"draft-1," + govSeries + ",persons,2025-07-15,999999,Secret Ministry,Leaky News,Leak,https://example.org/leak,A sentence nobody has checked.\n"
	if _, err := importer.Run(context.Background(), db, "editor", importer.Input{Figures: strings.NewReader(draft)},
		exchange.Options{Status: "draft"}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/v1/figures?limit=1000", "/api/v1/figures?series=" + govSeries,
		"/api/v1/series/" + govSeries + "/figures", "/api/v1/series", "/api/v1/sources?limit=1000", "/api/v1/changes"} {
		_, body := c.get(t, path, 200)
		for _, leak := range []string{"draft-1", "Secret Ministry", "Leaky News", "nobody has checked", "999999"} {
			if bytes.Contains(body, []byte(leak)) {
				t.Errorf("%s shows the draft (%q)", path, leak)
			}
		}
	}
	if _, after := c.get(t, "/api/v1/series/"+govSeries, 200); !bytes.Equal(before, after) {
		t.Errorf("a draft changed the series:\n%s\n%s", before, after)
	}
	c.get(t, "/api/v1/figures/draft-1", 404)
}

func TestAPIRateLimit(t *testing.T) {
	ts, db := newSite(t)
	limited, _ := serve(t, db, web.Config{APIRate: 1})
	c := newAPIClient(t, limited.URL)

	// A rate of 1 a second allows bursts of 10: a quick run of 30 requests
	// must meet a 429 soon after the tenth.
	var first429 int
	var resp *http.Response
	var body []byte
	for i := 1; i <= 30; i++ {
		resp, body = c.call(t, http.MethodGet, "/api/v1/series")
		if resp.StatusCode == http.StatusTooManyRequests {
			first429 = i
			break
		}
		if resp.StatusCode != 200 {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
	}
	if first429 == 0 {
		t.Fatal("30 quick requests at a rate of 1 a second: no 429")
	}
	if first429 <= 10 {
		t.Errorf("429 at request %d, within the burst of 10", first429)
	}
	if ra := resp.Header.Get("Retry-After"); ra == "" || ra == "0" {
		t.Errorf("429 without a useful Retry-After: %q", ra)
	}
	var p struct {
		Type   string `json:"type"`
		Title  string `json:"title"`
		Status int    `json:"status"`
	}
	if err := json.Unmarshal(body, &p); err != nil || p.Status != 429 || p.Title == "" ||
		resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("429 body: %s (%s)", body, resp.Header.Get("Content-Type"))
	}
	// The client address comes from trusted proxies only: a made-up
	// X-Forwarded-For does not buy a fresh bucket.
	if resp, _ := c.call(t, http.MethodGet, "/api/v1/series", "X-Forwarded-For", "203.0.113.7"); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a spoofed X-Forwarded-For escaped the rate limit: status %d", resp.StatusCode)
	}
	// The limit is the API's: the site's pages are not counted.
	if resp, _ := get(t, limited.URL+"/healthz"); resp.StatusCode != 200 {
		t.Errorf("/healthz: status %d under the API's rate limit", resp.StatusCode)
	}
	// The default server is not limited at this rate.
	for range 15 {
		if resp, _ := get(t, ts.URL+"/api/v1/changes"); resp.StatusCode != 200 {
			t.Fatalf("the default rate (20/s, bursts of 200) refused request: %d", resp.StatusCode)
		}
	}
}

// A negative rate turns the limit off (tracker serve --api-rate 0): for
// load tests, and behind a proxy that limits.
func TestAPIRateLimitOff(t *testing.T) {
	_, db := newSite(t)
	ts, _ := serve(t, db, web.Config{APIRate: -1})
	c := newAPIClient(t, ts.URL)
	for i := 1; i <= 300; i++ {
		if resp, _ := c.call(t, http.MethodGet, "/api/v1/series"); resp.StatusCode != 200 {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
	}
}
