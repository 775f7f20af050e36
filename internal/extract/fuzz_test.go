package extract

import (
	"math"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// FuzzFromSentence checks that no input makes the extractor panic, and that
// every proposal it makes is one the form can show: a whole, finite,
// non-negative value whose stated words are cut from the input, a range
// around its value, and dates that survive a round trip.
//
// It calls propose, not FromSentence, so that a panic is reported instead of
// being swallowed by FromSentence's last-resort recover.
func FuzzFromSentence(f *testing.F) {
	for _, tc := range demoCases {
		f.Add(tc.sentence)
	}
	for _, tc := range composedCases {
		f.Add(tc.sentence)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := propose(s, Options{})
		checkProposal(t, s, p)
		if len(p.Candidates) > maxCandidates {
			t.Errorf("%d candidates", len(p.Candidates))
		}
		for _, c := range p.Candidates {
			if c.Candidates != nil {
				t.Errorf("candidate %q has candidates", c.ValueAsStated)
			}
			checkProposal(t, s, c)
		}
		if g := FromSentence(s); g.Value != p.Value || g.ValueAsStated != p.ValueAsStated {
			t.Errorf("FromSentence and propose differ: %v, %v", g, p)
		}
	})
}

func checkProposal(t *testing.T, s string, p Proposal) {
	t.Helper()
	for _, d := range []domain.Date{p.PeriodStart, p.PeriodEnd} {
		if back, err := domain.ParseDate(d.String()); err != nil || back != d {
			t.Errorf("date %#v does not round-trip: %v", d, err)
		}
	}
	if !p.HasValue {
		if p.Value != 0 || p.ValueAsStated != "" || p.Qualifier != "" || p.Candidates != nil {
			t.Errorf("no value, yet %+v", p)
		}
		return
	}
	v := p.Value
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v != math.Trunc(v) || v > maxValue {
		t.Errorf("value %v is not a whole count", v)
	}
	if p.ValueAsStated == "" || !strings.Contains(s, p.ValueAsStated) {
		t.Errorf("value as stated %q is not in the input", p.ValueAsStated)
	}
	if !validQualifier(p.Qualifier) {
		t.Errorf("qualifier %q", p.Qualifier)
	}
	if (p.Qualifier == domain.Range) != (p.ValueLow != nil && p.ValueHigh != nil) {
		t.Errorf("qualifier %s with low %v, high %v", p.Qualifier, p.ValueLow, p.ValueHigh)
	}
	if p.ValueLow != nil && p.ValueHigh != nil && !(*p.ValueLow <= v && v <= *p.ValueHigh) {
		t.Errorf("range %v..%v does not hold %v", *p.ValueLow, *p.ValueHigh, v)
	}
}

func validQualifier(q domain.Qualifier) bool {
	for _, ok := range domain.Qualifiers {
		if q == ok {
			return true
		}
	}
	return false
}
