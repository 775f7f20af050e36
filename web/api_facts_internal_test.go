package web

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Marks as the facts and disagreements lists give them, from figures that
// carry them (the store's marks are tested through the API in
// api_facts_test.go): the preferred claim leads the headline with its
// reason; a deprecated claim is listed with its mark and reason, but is
// neither in the headline nor in a disagreement, and does not stop the
// others agreeing.
func TestFactJSONMarks(t *testing.T) {
	asOf := domain.Date{Year: 2025, Month: 6, Day: 30, Precision: domain.PrecisionDay}
	at := time.Date(2025, 7, 2, 10, 0, 0, 0, time.UTC)
	claim := func(id, who string, v float64) domain.Figure {
		return domain.Figure{ID: id, Value: v, Qualifier: domain.Exact, PeriodEnd: asOf, AttributedTo: who,
			Source: domain.Source{Title: who + " update", Publisher: who, URL: "https://example.org/" + id}}
	}
	pref := claim("a", "UNHCR", 930000)
	pref.Mark, pref.MarkReason, pref.MarkedAt = domain.MarkPreferred, "UNHCR's border monitoring covers all crossings", at
	dep := claim("c", "Ministry", 2000000)
	dep.Mark, dep.MarkReason, dep.MarkedAt = domain.MarkDeprecated, "superseded: counted arrivals twice", at
	an := domain.Analyse(domain.MeasureStock, []domain.Figure{pref, claim("b", "IOM", 931700), dep}, nil)
	if len(an.Facts) != 1 || len(an.Found) != 0 || len(an.Agreed) != 1 {
		t.Fatalf("analysis: %d facts, %d found, %d agreed", len(an.Facts), len(an.Found), len(an.Agreed))
	}
	f := newFactJSON(an.Facts[0], true, "https://t.example")
	if f.PreferredFigureID == nil || *f.PreferredFigureID != "a" || !f.Agree || len(f.Claims) != 3 {
		t.Errorf("fact: preferred %v, agree %v, %d claims", f.PreferredFigureID, f.Agree, len(f.Claims))
	}
	if f.Headline == nil || *f.Headline != "930,000 (UNHCR; preferred: UNHCR's border monitoring covers all crossings); 1 other source: 931,700 (IOM)" {
		t.Errorf("headline %v", deref(f.Headline))
	}
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"mark":"deprecated","mark_reason":"superseded: counted arrivals twice","marked_at":"2025-07-02T10:00:00Z"`,
		`"figure_id":"b"`, `"mark":null,"mark_reason":null,"marked_at":null`, `"period":"as of 30 Jun 2025"`, `"period_start":null`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("fact JSON lacks %s:\n%s", want, b)
		}
	}

	// With every claim deprecated, a fact has no headline.
	all := domain.Analyse(domain.MeasureStock, []domain.Figure{dep}, nil)
	if f := newFactJSON(all.Facts[0], false, ""); f.Headline != nil || f.PreferredFigureID != nil {
		t.Errorf("all deprecated: headline %v, preferred %v", deref(f.Headline), f.PreferredFigureID)
	}
}

func deref(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}

// A finding between a value and zero has no finite ratio: JSON null, and
// the gap says so.
func TestDisagreementJSONZero(t *testing.T) {
	end := domain.Date{Year: 2025, Month: 8, Precision: domain.PrecisionMonth}
	a := domain.Figure{ID: "g", Value: 0, Qualifier: domain.Exact, PeriodEnd: end, AttributedTo: "Government"}
	b := domain.Figure{ID: "u", Value: 5000, Qualifier: domain.Exact, PeriodEnd: end, AttributedTo: "UNHCR"}
	an := domain.Analyse(domain.MeasureFlow, []domain.Figure{a, b}, nil)
	if len(an.Found) != 1 {
		t.Fatalf("%d findings, want 1", len(an.Found))
	}
	d := newDisagreementJSON(an.Found[0], "")
	if d.Ratio != nil || d.Gap != "one is zero" || d.Kind != "conflict" || d.FigureIDs != [2]string{"g", "u"} {
		t.Errorf("%+v", d)
	}
	if _, err := json.Marshal(d); err != nil {
		t.Errorf("marshal: %v", err)
	}
}
