package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/web"
)

// TestAPIParametersFollowTheDocument: every parameter openapi.json documents
// is held to its schema. Named cases first (the rules an outside test
// found unenforced), then, for every operation and every parameter, values
// made from its schema to break it — each must be a 400 naming exactly that
// parameter, and the OpenAPI validator must agree the request is invalid.
func TestAPIParametersFollowTheDocument(t *testing.T) {
	ts, _ := newSite(t)
	c := newAPIClient(t, ts.URL)
	_, body := c.get(t, "/api/v1/figures?limit=1", 200)
	figureID := figuresOf(t, body)[0].FigureID

	named := []struct{ path, param string }{
		{"/api/v1/figures?series=Not_A_Slug", "series"},
		{"/api/v1/figures?series=", "series"},
		{"/api/v1/figures?limit=", "limit"},
		{"/api/v1/figures?cursor=", "cursor"},
		{"/api/v1/figures?attributed_to=", "attributed_to"},
		{"/api/v1/figures?attributed_to=%20", "attributed_to"},
		{"/api/v1/figures?population_group=", "population_group"},
		{"/api/v1/figures?period_end_to=", "period_end_to"},
		{"/api/v1/figures?from_iso3=PK", "from_iso3"},
		{"/api/v1/figures?limit=1&limit=2", "limit"},
		{"/api/v1/series?cursor=", "cursor"},
		{"/api/v1/changes?limit=1001", "limit"},
		{"/api/v1/series/Not_A_Slug", "slug"},
		{"/api/v1/series/-x-/figures", "slug"},
		{"/api/v1/figures/" + strings.Repeat("a", 65), "id"},
		{"/api/v1/sources/0", "id"},
		{"/api/v1/sources/not-a-number", "id"},
	}
	for _, tc := range named {
		resp, body := c.get(t, tc.path, 400)
		if names := problemParams(t, resp, body); !slices.Equal(names, []string{tc.param}) {
			t.Errorf("%s: invalid_params %v, want [%s]", tc.path, names, tc.param)
		}
	}

	// Generated from the document: every parameter of every operation.
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []json.RawMessage `json:"parameters"`
		} `json:"paths"`
		Components struct {
			Parameters map[string]json.RawMessage `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(web.OpenAPIDocument(), &doc); err != nil {
		t.Fatal(err)
	}
	type param struct {
		Ref    string `json:"$ref"`
		Name   string `json:"name"`
		In     string `json:"in"`
		Schema struct {
			Type      string   `json:"type"`
			Pattern   string   `json:"pattern"`
			MinLength int      `json:"minLength"`
			Minimum   *int     `json:"minimum"`
			Maximum   *int     `json:"maximum"`
			Enum      []string `json:"enum"`
		} `json:"schema"`
	}
	valid := map[string]string{"slug": govSeries, "id": figureID}
	checked := 0
	for path, item := range doc.Paths {
		for _, raw := range item["get"].Parameters {
			var p param
			json.Unmarshal(raw, &p)
			if p.Ref != "" {
				json.Unmarshal(doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")], &p)
			}
			var bad []string
			s := p.Schema
			switch {
			case s.Type == "integer":
				bad = append(bad, "", "abc", "1.5")
				if s.Minimum != nil {
					bad = append(bad, strconv.Itoa(*s.Minimum-1))
				}
				if s.Maximum != nil {
					bad = append(bad, strconv.Itoa(*s.Maximum+1))
				}
			case s.Enum != nil:
				bad = append(bad, "", "not-one-of-them", strings.ToUpper(s.Enum[0]))
			case s.Pattern != "":
				bad = append(bad, "", "Not A Match!")
			case s.MinLength > 0:
				bad = append(bad, "", " ")
			default:
				t.Errorf("%s %s: the test makes no bad value for this schema", path, p.Name)
			}
			for _, v := range bad {
				target := path
				for name, good := range valid {
					if name == p.Name && p.In == "path" {
						good = url.PathEscape(v)
					}
					target = strings.ReplaceAll(target, "{"+name+"}", good)
				}
				if p.In == "query" {
					target += "?" + p.Name + "=" + url.QueryEscape(v)
				}
				if p.In == "path" && v == "" {
					continue // an empty segment is another address, not an empty parameter
				}
				req, _ := http.NewRequest(http.MethodGet, ts.URL+target, nil)
				if ok, _ := c.v.ValidateHttpRequest(req); ok && v != " " { // " " is trimmed by the server, not by the validator
					t.Errorf("%s: the OpenAPI validator finds %q valid for %s; the test's bad value is not bad", target, v, p.Name)
				}
				resp, body := c.call(t, http.MethodGet, target)
				if resp.StatusCode != 400 {
					t.Errorf("%s: status %d, want 400 for %s=%q", target, resp.StatusCode, p.Name, v)
					continue
				}
				if names := problemParams(t, resp, body); !slices.Equal(names, []string{p.Name}) {
					t.Errorf("%s: invalid_params %v, want [%s]", target, names, p.Name)
				}
				checked++
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d bad values checked; the document's parameters were not all read", checked)
	}

	// The document's enum is the domain's: a population group the store
	// knows is never refused, none it does not know is accepted.
	var groups struct {
		Schema struct{ Enum []string } `json:"schema"`
	}
	json.Unmarshal(doc.Components.Parameters["population_group"], &groups)
	var want []string
	for _, g := range domain.PopulationGroups {
		want = append(want, string(g))
	}
	if !slices.Equal(groups.Schema.Enum, want) {
		t.Errorf("openapi.json population_group enum %v, domain %v", groups.Schema.Enum, want)
	}
}
