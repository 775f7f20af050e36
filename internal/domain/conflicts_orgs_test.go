package domain_test

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Disagreement is between organisations, not between spellings: figures
// that share an organisation are one producer revising its number.
func TestFindConflictsComparesOrganisations(t *testing.T) {
	unhcr := domain.OrgRef{ID: 1, Slug: "unhcr", Name: "UN Refugee Agency", Acronym: "UNHCR"}
	iom := domain.OrgRef{ID: 2, Slug: "iom", Name: "International Organization for Migration", Acronym: "IOM"}
	gov := domain.OrgRef{ID: 3, Slug: "government-of-sudan", Name: "Government of Sudan"}
	with := func(f domain.Figure, orgs ...domain.OrgRef) domain.Figure { f.Orgs = orgs; return f }
	tests := []struct {
		name string
		figs []domain.Figure
		want string
	}{
		{"one organisation spelled two ways", []domain.Figure{
			with(fig("a", "UNHCR", domain.Exact, 1000000, "2025-04-19"), unhcr),
			with(fig("b", "the UN refugee agency", domain.Exact, 800000, "2025-04-25"), unhcr),
		}, ""},
		{"one organisation, a remark in brackets", []domain.Figure{
			with(fig("a", "UNHCR", domain.Exact, 1000000, "2025-04-19"), unhcr),
			with(fig("b", "UNHCR (Geneva press briefing, A. Jamal)", domain.Exact, 800000, "2025-04-25"), unhcr),
		}, ""},
		{"same words, different organisations", []domain.Figure{
			with(fig("a", "the government", domain.Exact, 1000000, "2025-04-19"), gov),
			with(fig("b", "the government", domain.Exact, 800000, "2025-04-25"), iom),
		}, "a/b"},
		{"a joint report shares an author", []domain.Figure{
			with(fig("a", "IOM and UNHCR", domain.Exact, 1000000, "2025-04-19"), iom, unhcr),
			with(fig("b", "UNHCR", domain.Exact, 800000, "2025-04-25"), unhcr),
		}, ""},
		{"two organisations disagree", []domain.Figure{
			with(fig("a", "UNHCR", domain.Exact, 1000000, "2025-04-19"), unhcr),
			with(fig("b", "IOM", domain.Exact, 800000, "2025-04-25"), iom),
		}, "a/b"},
		{"no organisations: the words folded, the remark aside", []domain.Figure{
			fig("a", "UNHCR", domain.Exact, 1000000, "2025-04-19"),
			fig("b", "U.N.H.C.R. (post on X)", domain.Exact, 800000, "2025-04-25"),
		}, ""},
		{"one side unresolved: the words decide", []domain.Figure{
			with(fig("a", "UNHCR", domain.Exact, 1000000, "2025-04-19"), unhcr),
			fig("b", "unhcr (annual report)", domain.Exact, 800000, "2025-04-25"),
		}, ""},
		{"one side unresolved, other words", []domain.Figure{
			with(fig("a", "UNHCR", domain.Exact, 1000000, "2025-04-19"), unhcr),
			fig("b", "IOM", domain.Exact, 800000, "2025-04-25"),
		}, "a/b"},
		{"nobody named on either side", []domain.Figure{
			fig("a", "(not stated)", domain.Exact, 1000000, "2025-04-19"),
			fig("b", "(not stated)", domain.Exact, 800000, "2025-04-25"),
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pairs(domain.FindConflicts(tt.figs)); got != tt.want {
				t.Errorf("FindConflicts = %q, want %q", got, tt.want)
			}
		})
	}
}
