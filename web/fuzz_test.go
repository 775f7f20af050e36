package web_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/store/storetest"
	"github.com/displacement-tracker/tracker/web"
)

// fuzzEndpoints are the API lists whose query strings FuzzAPIQuery sends.
var fuzzEndpoints = []string{
	"/api/v1/figures",
	"/api/v1/sources",
	"/api/v1/events",
	"/api/v1/changes",
	"/api/v1/series",
	"/api/v1/series/" + iomSeries + "/figures",
}

// FuzzAPIQuery sends any query string to the API's lists through the whole
// handler stack, on the demo dataset in a real SQLite file. The API must
// never answer 5xx; a 200 is JSON; a 400 is problem+json whose
// invalid_params name parameters the request has. The server is built once
// per fuzzing process, with a rate limit no fuzzer reaches (the limit has
// its own test). Seeds live in testdata/fuzz/FuzzAPIQuery.
func FuzzAPIQuery(f *testing.F) {
	db := storetest.Demo(f)
	var logs lockedBuffer // the server's log, to show with a failure
	srv, err := web.New(db, slog.New(slog.NewTextHandler(&logs, nil)), web.Config{APIRate: 1e9})
	if err != nil {
		f.Fatal(err)
	}
	h, err := srv.Handler()
	if err != nil {
		f.Fatal(err)
	}
	for i := range fuzzEndpoints {
		for _, q := range []string{
			"", "limit=1", "limit=1000", "limit=0", "limit=1001", "limit=-1", "limit=99999999999999999999",
			"cursor=", "cursor=MQ", "cursor=%%%", "cursor=Zm9v", "cursor=_w", "cursor=LTE", "cursor=OTIyMzM3MjAzNjg1NDc3NTgwOA",
			"series=" + iomSeries, "from_iso3=pak&to_iso3=AFG", "from_iso3=XXX", "population_group=returnees",
			"population_group=expats", "attributed_to=IOM", "period_end_from=2023&period_end_to=2025-04",
			"period_end_from=2023-02-29", "period_end_to=9999-12-31", "series=x'%20OR%201=1--",
			"colour=red", "limit=1&limit=2", "a;b=1", "%zz=1", "series=%00", "cursor=%FF",
		} {
			f.Add(uint8(i), q)
		}
	}
	f.Fuzz(func(t *testing.T, endpoint uint8, rawQuery string) {
		path := fuzzEndpoints[int(endpoint)%len(fuzzEndpoints)]
		req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: path, RawQuery: rawQuery},
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{}, Host: "example.org",
			RemoteAddr: "192.0.2.1:1234"}
		req = req.WithContext(context.Background())
		rec := httptest.NewRecorder()
		logs.take()
		h.ServeHTTP(rec, req)
		body := rec.Body.Bytes()
		ctype := rec.Header().Get("Content-Type")
		switch rec.Code {
		case http.StatusOK:
			var v struct {
				Data []json.RawMessage `json:"data"`
				Next *string           `json:"next"`
			}
			if !strings.HasPrefix(ctype, "application/json") || json.Unmarshal(body, &v) != nil || v.Data == nil {
				t.Fatalf("GET %s?%s: 200 with %s, not a JSON list: %.300q", path, rawQuery, ctype, body)
			}
		case http.StatusBadRequest:
			checkBadRequest(t, path, rawQuery, ctype, body)
		default:
			t.Fatalf("GET %s?%s: status %d: %.300q\nlog: %s", path, rawQuery, rec.Code, body, logs.take())
		}
	})
}

// checkBadRequest checks that a 400 is a problem that names, in
// invalid_params, each parameter it refuses, and only parameters the
// request has.
func checkBadRequest(t *testing.T, path, rawQuery, ctype string, body []byte) {
	t.Helper()
	var p struct {
		Status        int    `json:"status"`
		Detail        string `json:"detail"`
		InvalidParams []struct {
			Name   string `json:"name"`
			Reason string `json:"reason"`
		} `json:"invalid_params"`
	}
	if ctype != "application/problem+json" || json.Unmarshal(body, &p) != nil || p.Status != 400 {
		t.Fatalf("GET %s?%s: 400 with %s, not a problem: %.300q", path, rawQuery, ctype, body)
	}
	if len(p.InvalidParams) == 0 {
		t.Fatalf("GET %s?%s: 400 names no parameter: %.300q", path, rawQuery, body)
	}
	given, _ := url.ParseQuery(rawQuery)
	names := map[string]bool{}
	for name := range given {
		names[name] = true
		names[url.QueryEscape(name)] = true // a name that is not text is named escaped
	}
	for _, ip := range p.InvalidParams {
		if !names[ip.Name] {
			t.Errorf("GET %s?%s: 400 blames parameter %q, which the request does not have: %.300q", path, rawQuery, ip.Name, body)
		}
		if ip.Reason == "" {
			t.Errorf("GET %s?%s: parameter %q refused without a reason", path, rawQuery, ip.Name)
		}
	}
	if !strings.HasPrefix(p.Detail, p.InvalidParams[0].Name+": ") {
		t.Errorf("GET %s?%s: detail %q does not name %q", path, rawQuery, p.Detail, p.InvalidParams[0].Name)
	}
}
