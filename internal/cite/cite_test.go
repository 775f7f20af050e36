package cite_test

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/cite"
	"github.com/displacement-tracker/tracker/internal/domain"
)

func ptr(v float64) *float64 { return &v }

func TestValueText(t *testing.T) {
	tests := []struct {
		f    domain.Figure
		unit domain.Unit
		want string
	}{
		{domain.Figure{Value: 59561, Qualifier: domain.Exact}, "persons", "59,561 persons"},
		{domain.Figure{Value: 1000000, Qualifier: domain.Approx}, "persons", "about 1,000,000 persons"},
		{domain.Figure{Value: 685, Qualifier: domain.AtLeast}, "deaths", "at least 685 deaths"},
		{domain.Figure{Value: 1000000, Qualifier: domain.MoreThan}, "", "more than 1,000,000"},
		{domain.Figure{Value: 900000, Qualifier: domain.Range, ValueLow: ptr(800000), ValueHigh: ptr(1000000)}, "persons",
			"between 800,000 and 1,000,000 persons"},
	}
	for _, tt := range tests {
		if got := cite.ValueText(tt.f, tt.unit); got != tt.want {
			t.Errorf("ValueText(%v %s) = %q, want %q", tt.f.Value, tt.f.Qualifier, got, tt.want)
		}
	}
}

func TestText(t *testing.T) {
	s := domain.Series{Title: "Afghans returned from Pakistan", Unit: "persons"}
	f := domain.Figure{Value: 1000000, Qualifier: domain.Approx, PeriodStart: domain.MustDate("2023-09"),
		PeriodEnd: domain.MustDate("2025-04-19"), AttributedTo: "IOM",
		Source: domain.Source{Title: "Pakistan Deputy PM in Kabul for Talks", Publisher: "Bloomberg",
			URL: "https://example.org/b", PublishedOn: domain.MustDate("2025-04-20")}}
	want := `IOM (2025). About 1,000,000 persons from Sep 2023 to 19 Apr 2025 [Afghans returned from Pakistan]. ` +
		`Reported in Bloomberg, "Pakistan Deputy PM in Kabul for Talks" (20 Apr 2025). https://example.org/b. ` +
		`Displacement Tracker: https://tracker.example.org/figures/abc`
	if got := cite.Text(s, f, "https://tracker.example.org/figures/abc"); got != want {
		t.Errorf("Text =\n%s\nwant\n%s", got, want)
	}
	// A figure published by the organisation that produced it names it once,
	// and one without a start date is "as of" its end.
	f.Source.Publisher, f.PeriodStart, f.Source.PublishedOn = "IOM", domain.Date{}, domain.Date{}
	want = `IOM (2025). About 1,000,000 persons as of 19 Apr 2025 [Afghans returned from Pakistan]. "Pakistan Deputy PM in Kabul for Talks". https://example.org/b`
	if got := cite.Text(s, f, ""); got != want {
		t.Errorf("Text =\n%s\nwant\n%s", got, want)
	}
}
