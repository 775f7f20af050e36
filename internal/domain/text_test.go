package domain_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Every text field has a limit, counted in characters: at the limit it
// passes (in Arabic too, two bytes a letter), one past it is refused,
// naming the field and the limit.
func TestTextLengthLimits(t *testing.T) {
	type entity interface{ Validate() error }
	over := func(n int) string { return strings.Repeat("ب", n) } // two bytes each
	url := func(n int) string { return "https://example.org/" + strings.Repeat("a", n-len("https://example.org/")) }
	tests := []struct {
		field string
		limit int
		make  func(v string) entity
		value func(n int) string
	}{
		{"source_title", domain.MaxLine, func(v string) entity { s := validSource(); s.Title = v; return &s }, over},
		{"source_publisher", domain.MaxLine, func(v string) entity { s := validSource(); s.Publisher = v; return &s }, over},
		{"source_url", domain.MaxURL, func(v string) entity { s := validSource(); s.URL = v; return &s }, url},
		{"archive_url", domain.MaxURL, func(v string) entity { s := validSource(); s.ArchiveURL = v; return &s }, url},
		{"notes", domain.MaxText, func(v string) entity { s := validSource(); s.Notes = v; return &s }, over},
		{"attributed_to", domain.MaxLine, func(v string) entity { f := validFigure(); f.AttributedTo = v; return &f }, over},
		{"value_as_stated", domain.MaxLine, func(v string) entity { f := validFigure(); f.ValueAsStated = v; return &f }, over},
		{"locator", domain.MaxLine, func(v string) entity { f := validFigure(); f.Locator = v; return &f }, over},
		{"excerpt", domain.MaxText, func(v string) entity { f := validFigure(); f.Excerpt = v; return &f }, over},
		{"notes", domain.MaxText, func(v string) entity { f := validFigure(); f.Notes = v; return &f }, over},
		{"source_title", domain.MaxLine, func(v string) entity { f := validFigure(); f.Source.Title = v; return &f }, over},
		{"series_title", domain.MaxLine, func(v string) entity { s := validSeries(); s.Title = v; return &s }, over},
		{"location", domain.MaxLine, func(v string) entity { s := validSeries(); s.Location = v; return &s }, over},
		{"description", domain.MaxText, func(v string) entity { s := validSeries(); s.Description = v; return &s }, over},
		{"title", domain.MaxLine, func(v string) entity { e := validEvent(); e.Title = v; return &e }, over},
		{"excerpt", domain.MaxText, func(v string) entity { e := validEvent(); e.Excerpt = v; return &e }, over},
		{"name", domain.MaxLine, func(v string) entity {
			return &domain.Organization{Name: v, Kind: domain.OrgKinds[0]}
		}, over},
		{"name", domain.MaxLine, func(v string) entity {
			return &domain.User{Email: "a@example.org", Name: v, Role: domain.RoleEditor}
		}, over},
		{"email", domain.MaxEmail, func(v string) entity {
			return &domain.User{Email: v, Name: "A", Role: domain.RoleEditor}
		}, func(n int) string { return strings.Repeat("a", n-len("@example.org")) + "@example.org" }},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %T", tt.field, tt.make("")), func(t *testing.T) {
			checkProblems(t, tt.make(tt.value(tt.limit)).Validate())
			checkProblems(t, tt.make(tt.value(tt.limit+1)).Validate(),
				problem{tt.field, fmt.Sprintf("is %d characters long; the limit is %d", tt.limit+1, tt.limit)})
		})
	}
	// A series named by a row that does not repeat all of it.
	s := domain.Series{Slug: "x", Title: over(domain.MaxLine + 1), Unit: domain.Units[0]}
	checkProblems(t, s.ValidateGiven(), problem{"series_title", "the limit is 300"})
}

// Bidirectional controls are refused in identifiers and addresses, naming
// the field and the character; marks stay in free text (Arabic uses them).
func TestBidiControlsRefusedInIdentifiersAndURLs(t *testing.T) {
	for _, c := range []rune{'\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'} {
		name := fmt.Sprintf("U+%04X", c)
		src := validSource()
		src.URL = "https://example.org/" + string(c) + "fdp.exe"
		checkProblems(t, src.Validate(), problem{"source_url", "holds an invisible bidirectional control character (" + name + ")"})
		src = validSource()
		src.ArchiveURL = "https://web.archive.org/" + string(c)
		checkProblems(t, src.Validate(), problem{"archive_url", name})
		u := domain.User{Email: "ad" + string(c) + "min@example.org", Name: "A", Role: domain.RoleEditor}
		checkProblems(t, u.Validate(), problem{"email", name})
		s := validSeries()
		s.Slug += string(c)
		checkProblems(t, s.Validate(), problem{"series", "is not a slug"})
		s = validSeries()
		s.FromISO3 = "PA" + string(c)
		checkProblems(t, s.Validate(), problem{"from_iso3", "is not an ISO 3166-1"})
		f := validFigure()
		f.ID = "abc" + string(c)
		checkProblems(t, f.Validate(), problem{"figure_id", "is not an id"})
	}
	// Free text keeps them, marks and all: it is shown isolated.
	f := validFigure()
	f.Excerpt = "عاد \u200F12,000 شخص \u202Eunclosed"
	f.Source.Title = "تقرير\u200F"
	checkProblems(t, f.Validate())
}

// IsolateBidi wraps text whose controls would leak into what follows in an
// isolate, closes what it opened and drops the stray closers; balanced text
// and text with marks only come back as they are; it is idempotent.
func TestIsolateBidi(t *testing.T) {
	const fsi, pdi, rlo, pdf, lri, rlm = "\u2068", "\u2069", "\u202E", "\u202C", "\u2066", "\u200F"
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"عاد " + rlm + "12,000", "عاد " + rlm + "12,000"},
		{rlo + "balanced" + pdf, rlo + "balanced" + pdf},
		{lri + "balanced" + pdi, lri + "balanced" + pdi},
		{fsi + rlo + "closed by the isolate" + pdi, fsi + rlo + "closed by the isolate" + pdi},
		{"a " + rlo + "exe.pdf", fsi + "a " + rlo + "exe.pdf" + pdi},
		{lri + "open isolate", fsi + lri + "open isolate" + pdi + pdi},
		{pdi + rlo + "escape", fsi + rlo + "escape" + pdi},
		{pdf + "pops an outer embedding", fsi + pdf + "pops an outer embedding" + pdi},
		{rlo + lri + "x" + pdi, fsi + rlo + lri + "x" + pdi + pdi},
	}
	for _, tt := range tests {
		got := domain.IsolateBidi(tt.in)
		if got != tt.want {
			t.Errorf("IsolateBidi(%+q) = %+q, want %+q", tt.in, got, tt.want)
		}
		if again := domain.IsolateBidi(got); again != got {
			t.Errorf("IsolateBidi is not idempotent on %+q: %+q", got, again)
		}
	}
}

// StripBidi drops the controls that reorder text and keeps the marks.
func TestStripBidi(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                               "plain",
		"a \u202Eexe.pdf\u202C b":             "a exe.pdf b",
		"\u2066x\u2069 \u2067y\u2069 \u2068z": "x y z",
		"عاد \u200F12,000":                    "عاد \u200F12,000",
	} {
		if got := domain.StripBidi(in); got != want {
			t.Errorf("StripBidi(%+q) = %+q, want %+q", in, got, want)
		}
	}
}
