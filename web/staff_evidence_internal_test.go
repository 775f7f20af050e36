package web

import (
	"reflect"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// A changed visit's detail names the excerpts the page dropped: each named
// figure or event links to its staff page; unpublished ones are counted.
func TestDroppedExcerpts(t *testing.T) {
	got := droppedExcerpts("figure 1nhc, event ev-2, 2 excerpts not yet published no longer on the page")
	want := []droppedExcerpt{{"figure 1nhc", "/staff/figures/1nhc"}, {"event ev-2", "/staff/events/ev-2"}, {"2 excerpts not yet published", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if got := droppedExcerpts(""); got != nil {
		t.Errorf("no detail: %+v", got)
	}
	if got := droppedExcerpts("something else"); !reflect.DeepEqual(got, []droppedExcerpt{{Words: "something else"}}) {
		t.Errorf("another detail is said as it is: %+v", got)
	}
}

// A visit is said in words, with its status and detail.
func TestVisitWords(t *testing.T) {
	for c, want := range map[domain.SourceCheck]string{
		{Outcome: domain.OutcomeRefused, Detail: "a cloud metadata address"}: "refused: a cloud metadata address",
		{Outcome: domain.OutcomeFailed, Detail: "no such host"}:              "could not fetch: no such host",
		{Outcome: domain.OutcomeGone, Status: 404}:                           "gone (HTTP 404)",
		{Outcome: domain.OutcomeSaved, Status: 200, Detail: "abc123"}:        "a copy was saved",
	} {
		if got := visitWords(c); got != want {
			t.Errorf("%+v: %q, want %q", c, got, want)
		}
	}
}

// The type a copy was served with is said once, its charset after it.
func TestCopyTypeWords(t *testing.T) {
	for _, tc := range []struct{ ct, cs, want string }{
		{"text/html; charset=utf-8", "utf-8", "text/html, charset utf-8"},
		{"text/html;charset=UTF-8", "", "text/html, charset utf-8"},
		{"application/pdf", "", "application/pdf"},
		{"", "", ""},
		{"text/html; charset", "", "text/html"},
	} {
		if got := (copyMeta{ContentType: tc.ct, Charset: tc.cs}).TypeWords(); got != tc.want {
			t.Errorf("%q/%q: %q, want %q", tc.ct, tc.cs, got, tc.want)
		}
	}
}
