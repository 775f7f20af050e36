package charts

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func TestSourceLineDemo(t *testing.T) {
	got := SourceLine(append(pakFigures(), iomFigure()))
	want := "Source: Pakistani officials via Abb Takk (21 Oct 2023); " +
		"Pakistan Interior Minister Sarfraz Bugti via MENAFN (1 Nov 2023); " +
		"Pakistan Ministry of Interior via Reuters (DT Next) (1 Nov 2023); " +
		"Pakistani officials via PTI (Tribune India) (3 Nov 2023); " +
		"Pakistan government figures via Such TV (23 Jan 2024); " +
		"Pakistan government via ARY News (Pakistan Today) (2 Mar 2024); " +
		"Pakistan government via ARY News (12 May 2024); " +
		"Pakistan government via The Nation (22 Jun 2024); " +
		"IOM via Bloomberg (20 Apr 2025); " +
		"Pakistan Minister of State for Interior Talal Chaudhry via The News (25 Apr 2025); " +
		"Pakistan Ministry of Interior via AFP (A News) (4 Jun 2025)"
	if got != want {
		t.Errorf("SourceLine:\n got %q\nwant %q", got, want)
	}
}

func TestSourceLineRules(t *testing.T) {
	tests := []struct {
		name string
		figs []domain.Figure
		want string
	}{
		{"none", nil, ""},
		{"own publication names the organization once", []domain.Figure{
			fig("a", "2025-04-15", 2430000, domain.Exact, "IOM", "iom", "2025-04-16"),
		}, "Source: IOM (16 Apr 2025)"},
		{"a pair appears once, with its latest source date", []domain.Figure{
			fig("b", "2025-03-31", 900000, domain.Exact, "IOM", "Bloomberg", "2025-04-01"),
			fig("a", "2024-12-31", 700000, domain.Exact, "IOM", "Bloomberg", "2025-01-02"),
			fig("c", "2025-01-15", 800000, domain.Exact, "UNHCR", "UNHCR", ""),
		}, "Source: IOM via Bloomberg (1 Apr 2025); UNHCR (15 Jan 2025)"},
		{"month-precision as-of without a source date", []domain.Figure{
			fig("a", "2023-09", 1, domain.Exact, "Dawn", "Dawn", ""),
		}, "Source: Dawn (Sep 2023)"},
	}
	for _, tt := range tests {
		if got := SourceLine(tt.figs); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestDescribe(t *testing.T) {
	rng := fig("r", "2024-09", 300000, domain.Range, "UNHCR", "UNHCR", "")
	rng.ValueLow, rng.ValueHigh = ptr(250000), ptr(350000)
	tests := []struct {
		name string
		figs []domain.Figure
		want string
	}{
		{"empty", nil, "No published figures yet."},
		{"the brief's example", []domain.Figure{
			iomFigure(),
			fig("b", "2025-06-02", 1000000, domain.MoreThan, "Pakistani officials", "AFP", "2025-06-04"),
			fig("a", "2023-10-21", 59561, domain.Exact, "Pakistani officials", "Abb Takk", ""),
		}, "Line chart: Pakistani officials reported 59,561 as of 21 Oct 2023 rising to more than 1,000,000 as of 2 Jun 2025; IOM reported about 1,000,000 as of 19 Apr 2025."},
		{"ranges, falls and month dates", []domain.Figure{
			rng,
			fig("s", "2024-12", 200000, domain.LessThan, "UNHCR", "UNHCR", ""),
		}, "Line chart: UNHCR reported between 250,000 and 350,000 as of Sep 2024 falling to less than 200,000 as of Dec 2024."},
	}
	for _, tt := range tests {
		if got := Describe(Input{Series: pakSeries, Figures: tt.figs}); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
