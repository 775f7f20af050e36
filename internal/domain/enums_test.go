package domain_test

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func TestQualifierWords(t *testing.T) {
	tests := []struct {
		q    domain.Qualifier
		want string
	}{
		{domain.Exact, ""},
		{domain.Approx, "about"},
		{domain.AtLeast, "at least"},
		{domain.MoreThan, "more than"},
		{domain.AtMost, "at most"},
		{domain.LessThan, "less than"},
		{domain.Range, "between"},
		{"roughly", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(caseName(string(tt.q)), func(t *testing.T) {
			if got := tt.q.Words(); got != tt.want {
				t.Errorf("Qualifier(%q).Words() = %q, want %q", tt.q, got, tt.want)
			}
		})
	}
}

// Every listed qualifier is covered by TestQualifierWords: a new one must be
// given words (or an explicit "") there.
func TestQualifiersListed(t *testing.T) {
	want := []domain.Qualifier{domain.Exact, domain.Approx, domain.AtLeast, domain.MoreThan, domain.AtMost, domain.LessThan, domain.Range}
	if len(domain.Qualifiers) != len(want) {
		t.Fatalf("domain.Qualifiers = %v, want %v", domain.Qualifiers, want)
	}
	for i := range want {
		if domain.Qualifiers[i] != want[i] {
			t.Errorf("domain.Qualifiers[%d] = %q, want %q", i, domain.Qualifiers[i], want[i])
		}
	}
}
