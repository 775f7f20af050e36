package web

import (
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The bundle's in-line citation names organisations, once each, not the
// words figures use for them (issue 14), and says "others" past three.
func TestInlineCitationNamesOrganisations(t *testing.T) {
	unhcr := domain.OrgRef{ID: 7, Slug: "unhcr", Name: "UNHCR"}
	fig := func(words string, orgs ...domain.OrgRef) domain.Figure {
		return domain.Figure{AttributedTo: words, Orgs: orgs}
	}
	asOf := time.Date(2025, 6, 5, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		figs []domain.Figure
		want string
	}{
		{[]domain.Figure{fig("UNHCR", unhcr), fig("UNHCR (Geneva press briefing, A. Jamal)", unhcr), fig("Pakistani officials")},
			"(UNHCR; Pakistani officials, via Displacement Tracker, 2025)"},
		{[]domain.Figure{fig("A"), fig("B"), fig("C"), fig("D")}, "(A; B; C; others, via Displacement Tracker, 2025)"},
		{[]domain.Figure{fig("A"), fig("B"), fig("C")}, "(A; B; C, via Displacement Tracker, 2025)"},
	}
	for _, tt := range tests {
		if got := inlineCitation(tt.figs, asOf); got != tt.want {
			t.Errorf("inlineCitation = %q, want %q", got, tt.want)
		}
	}
}
