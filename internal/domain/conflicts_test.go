package domain_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// fig is a figure of the seed series with only what FindConflicts reads.
func fig(id, org string, q domain.Qualifier, value float64, end string) domain.Figure {
	return domain.Figure{ID: id, SeriesID: 1, AttributedTo: org, Qualifier: q, Value: value, PeriodEnd: domain.MustDate(end)}
}

func rangeFig(id, org string, value, lo, hi float64, end string) domain.Figure {
	f := fig(id, org, domain.Range, value, end)
	f.ValueLow, f.ValueHigh = ptr(lo), ptr(hi)
	return f
}

// pairs writes conflicts as "A/B" ids, in order.
func pairs(cs []domain.Conflict) string {
	s := make([]string, len(cs))
	for i, c := range cs {
		s[i] = c.A.ID + "/" + c.B.ID
	}
	return strings.Join(s, " ")
}

func TestFindConflicts(t *testing.T) {
	const iom, pak = "IOM", "Pakistani officials"
	tests := []struct {
		name string
		figs []domain.Figure
		want string // conflicting pairs as "A/B", earlier first, space separated
	}{
		{"no figures", nil, ""},
		{"one figure", []domain.Figure{fig("iom", iom, domain.Approx, 1000000, "2025-04-19")}, ""},
		{"IOM nearly a million vs Pakistan 857,157 six days later", []domain.Figure{
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
			fig("pak", pak, domain.Exact, 857157, "2025-04-25"),
		}, "iom/pak"},
		{"earlier figure is A whatever the input order", []domain.Figure{
			fig("pak", pak, domain.Exact, 857157, "2025-04-25"),
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
		}, "iom/pak"},
		{"same two figures two months apart", []domain.Figure{
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
			fig("pak", pak, domain.Exact, 857157, "2025-06-25"),
		}, ""},
		{"31 days apart is within the window", []domain.Figure{
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
			fig("pak", pak, domain.Exact, 857157, "2025-05-20"),
		}, "iom/pak"},
		{"32 days apart is outside the window", []domain.Figure{
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
			fig("pak", pak, domain.Exact, 857157, "2025-05-21"),
		}, ""},
		{"month precision is read as the end of the month", []domain.Figure{
			fig("iom", iom, domain.Approx, 1000000, "2025-03"),
			fig("pak", pak, domain.Exact, 857157, "2025-04-25"),
		}, "iom/pak"},
		{"same organization, different values", []domain.Figure{
			fig("pak1", pak, domain.Exact, 857157, "2025-04-19"),
			fig("pak2", pak, domain.Exact, 600000, "2025-04-25"),
		}, ""},
		{"values within 5%", []domain.Figure{
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
			fig("pak", pak, domain.Exact, 960000, "2025-04-25"),
		}, ""},
		{"values exactly 5% apart", []domain.Figure{
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
			fig("pak", pak, domain.Exact, 950000, "2025-04-25"),
		}, ""},
		{"values just over 5% apart", []domain.Figure{
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
			fig("pak", pak, domain.Exact, 949999, "2025-04-25"),
		}, "iom/pak"},
		{"same day, same value", []domain.Figure{
			fig("iom", iom, domain.Exact, 857157, "2025-04-25"),
			fig("pak", pak, domain.Exact, 857157, "2025-04-25"),
		}, ""},
		{"both zero", []domain.Figure{
			fig("iom", iom, domain.Exact, 0, "2025-04-25"),
			fig("pak", pak, domain.Exact, 0, "2025-04-25"),
		}, ""},
		{"more than 1,000,000 vs at most 900,000", []domain.Figure{
			fig("more", iom, domain.MoreThan, 1000000, "2025-04-19"),
			fig("atmost", pak, domain.AtMost, 900000, "2025-04-25"),
		}, "more/atmost"},
		{"more than 1,000,000 vs at most 1,000,000: exclusive though values equal", []domain.Figure{
			fig("more", iom, domain.MoreThan, 1000000, "2025-04-19"),
			fig("atmost", pak, domain.AtMost, 1000000, "2025-04-25"),
		}, "more/atmost"},
		{"at least 1,000,000 vs less than 1,000,000: exclusive", []domain.Figure{
			fig("lt", pak, domain.LessThan, 1000000, "2025-04-19"),
			fig("atleast", iom, domain.AtLeast, 1000000, "2025-04-25"),
		}, "lt/atleast"},
		{"at least 1,000,000 vs at most 1,000,000: both can hold", []domain.Figure{
			fig("atleast", iom, domain.AtLeast, 1000000, "2025-04-19"),
			fig("atmost", pak, domain.AtMost, 1000000, "2025-04-25"),
		}, ""},
		{"more than 1,000,000 vs exact 1,000,000: exclusive", []domain.Figure{
			fig("more", iom, domain.MoreThan, 1000000, "2025-04-19"),
			fig("exact", pak, domain.Exact, 1000000, "2025-04-25"),
		}, "more/exact"},
		{"at least 165,000 vs exact 170,000", []domain.Figure{
			fig("atleast", iom, domain.AtLeast, 165000, "2025-04-19"),
			fig("exact", pak, domain.Exact, 170000, "2025-04-25"),
		}, ""},
		{"at least 170,000 vs exact 165,000: exclusive though within 5%", []domain.Figure{
			fig("atleast", iom, domain.AtLeast, 170000, "2025-04-19"),
			fig("exact", pak, domain.Exact, 165000, "2025-04-25"),
		}, "atleast/exact"},
		{"range 800,000-1,000,000 vs more than 1,000,000", []domain.Figure{
			rangeFig("range", iom, 1000000, 800000, 1000000, "2025-04-19"),
			fig("more", pak, domain.MoreThan, 1000000, "2025-04-25"),
		}, "range/more"},
		{"range 800,000-1,000,000 vs at least 1,000,000: both can hold", []domain.Figure{
			rangeFig("range", iom, 1000000, 800000, 1000000, "2025-04-19"),
			fig("atleast", pak, domain.AtLeast, 1000000, "2025-04-25"),
		}, ""},
		{"range 800,000-1,000,000 vs less than 800,000", []domain.Figure{
			rangeFig("range", iom, 800000, 800000, 1000000, "2025-04-19"),
			fig("less", pak, domain.LessThan, 800000, "2025-04-25"),
		}, "range/less"},
		{"three organizations, pairs ordered by date", []domain.Figure{
			fig("unhcr", "UNHCR", domain.Exact, 500000, "2025-05-01"),
			fig("pak", pak, domain.Exact, 857157, "2025-04-25"),
			fig("iom", iom, domain.Approx, 1000000, "2025-04-19"),
		}, "iom/pak iom/unhcr pak/unhcr"},
		{"window is measured between each pair", []domain.Figure{
			fig("a", iom, domain.Exact, 100, "2025-01-01"),
			fig("b", pak, domain.Exact, 200, "2025-01-25"),
			fig("c", "UNHCR", domain.Exact, 300, "2025-02-20"),
		}, "a/b b/c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := domain.FindConflicts(tt.figs)
			if p := pairs(got); p != tt.want {
				t.Errorf("FindConflicts = %q, want %q", p, tt.want)
			}
			for _, c := range got {
				if c.B.PeriodEnd.Last().Before(c.A.PeriodEnd.Last()) {
					t.Errorf("conflict %s/%s: A (%s) is later than B (%s)", c.A.ID, c.B.ID, c.A.PeriodEnd, c.B.PeriodEnd)
				}
			}
		})
	}
}

// FindConflicts must not reorder the caller's slice.
func TestFindConflictsKeepsInput(t *testing.T) {
	figs := []domain.Figure{
		fig("pak", "Pakistani officials", domain.Exact, 857157, "2025-04-25"),
		fig("iom", "IOM", domain.Approx, 1000000, "2025-04-19"),
	}
	domain.FindConflicts(figs)
	if got := fmt.Sprint(figs[0].ID, " ", figs[1].ID); got != "pak iom" {
		t.Errorf("input order after FindConflicts = %q, want %q", got, "pak iom")
	}
}
