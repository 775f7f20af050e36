package web

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The API's parameters are checked against web/openapi.json itself: the
// document is read once at start, and every request's query and path
// parameters are held to the schema it gives them (type, pattern, length,
// range, enum). What the document promises is what the server enforces,
// with no second copy of the rules to drift from it.

// paramRule is one documented parameter.
type paramRule struct {
	Name   string `json:"name"`
	In     string `json:"in"`
	Ref    string `json:"$ref"`
	Schema struct {
		Type      string   `json:"type"`
		Pattern   string   `json:"pattern"`
		MinLength *int     `json:"minLength"`
		MaxLength *int     `json:"maxLength"`
		Minimum   *int64   `json:"minimum"`
		Maximum   *int64   `json:"maximum"`
		Enum      []string `json:"enum"`
	} `json:"schema"`
	pattern *regexp.Regexp
}

// apiParams holds each operation's parameters by route (gin's form,
// /api/v1/series/:slug).
var apiParams = mustReadParams(openAPIDoc)

func mustReadParams(doc []byte) map[string][]paramRule {
	var d struct {
		Paths map[string]map[string]struct {
			Parameters []paramRule `json:"parameters"`
		} `json:"paths"`
		Components struct {
			Parameters map[string]paramRule `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		panic("web: openapi.json: " + err.Error())
	}
	out := map[string][]paramRule{}
	for path, item := range d.Paths {
		route := regexp.MustCompile(`\{([a-z_]+)\}`).ReplaceAllString(path, ":$1")
		out[route] = []paramRule{}
		for _, p := range item["get"].Parameters {
			if p.Ref != "" {
				ref, ok := d.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
				if !ok {
					panic("web: openapi.json: no parameter " + p.Ref)
				}
				p = ref
			}
			if p.Schema.Pattern != "" {
				// The document's patterns are ECMAScript; these use only
				// what RE2 reads the same way (classes, anchors, \d).
				p.pattern = regexp.MustCompile(p.Schema.Pattern)
			}
			out[route] = append(out[route], p)
		}
	}
	return out
}

// check says what is wrong with value, or "" when it fits the schema.
func (p paramRule) check(value string) string {
	s := p.Schema
	if s.Type == "integer" {
		n, err := strconv.ParseInt(value, 10, 64)
		switch {
		case err != nil:
			return "must be a whole number" + p.rangeText()
		case s.Minimum != nil && n < *s.Minimum, s.Maximum != nil && n > *s.Maximum:
			return "must be" + p.rangeText()
		}
		return ""
	}
	switch n := len([]rune(value)); {
	case value == "" && (s.MinLength != nil && *s.MinLength > 0 || p.pattern != nil || s.Enum != nil):
		return "must not be empty; leave the parameter out instead"
	case s.MinLength != nil && n < *s.MinLength:
		return fmt.Sprintf("must be at least %d characters long", *s.MinLength)
	case s.MaxLength != nil && n > *s.MaxLength:
		return fmt.Sprintf("must be at most %d characters long", *s.MaxLength)
	case s.Enum != nil && !slices.Contains(s.Enum, value):
		return "must be one of " + strings.Join(s.Enum, ", ")
	case p.pattern != nil && !p.pattern.MatchString(value):
		return "must match " + s.Pattern
	}
	return ""
}

func (p paramRule) rangeText() string {
	s := p.Schema
	switch {
	case s.Minimum != nil && s.Maximum != nil:
		return fmt.Sprintf(" from %d to %d", *s.Minimum, *s.Maximum)
	case s.Minimum != nil:
		return fmt.Sprintf(" of at least %d", *s.Minimum)
	}
	return ""
}
