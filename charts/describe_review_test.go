package charts

import (
	"strings"
	"testing"
)

// TestFlowTrendComparesLikePeriods: the text alternative joins an
// organisation's first and last figure with "rising to"/"falling to" only
// when both count over periods of about one length; IOM's total for March
// 2025 (150,000) and a one-day count of 9,000 on 2 Jul 2025 are joined by
// "and", and so are IDMC's 2022 total and a half-year's. A flow chart is
// not called a line chart.
func TestFlowTrendComparesLikePeriods(t *testing.T) {
	for _, in := range []Input{flowsByMonthInput(), flowsByYearInput()} {
		d := Describe(in)
		for _, bad := range []string{"falling to 9,000 on 2 Jul 2025", "rising to 2,200,000 from 1 Jan 2024 to 30 Jun 2024", "Line chart"} {
			if strings.Contains(d, bad) {
				t.Errorf("%q\nsays %q: a trend between periods of different lengths", d, bad)
			}
		}
		if !strings.HasPrefix(d, "Step chart of counts per period: ") {
			t.Errorf("%q does not say it is a step chart of counts per period", d)
		}
	}
	for in, want := range map[*Input][]string{
		new(flowsByMonthInput()): {"IOM reported 150,000 in Mar 2025 and 9,000 on 2 Jul 2025", "UNHCR reported 120,000 in Jan 2025 rising to 175,000 in May 2025"},
		new(flowsByYearInput()):  {"IDMC reported 310,000 during 2022 and 2,200,000 from 1 Jan 2024 to 30 Jun 2024"},
	} {
		d := Describe(*in)
		for _, w := range want {
			if !strings.Contains(d, w) {
				t.Errorf("%q\nlacks %q", d, w)
			}
		}
	}
}

// TestCompareWordsItsKindOfChart: a comparison of flows is a step chart,
// of a flow and a stock a line and step chart.
func TestCompareWordsItsKindOfChart(t *testing.T) {
	if d := DescribeCompare([]Input{flowsByMonthInput(), flowsByYearInput()}); !strings.HasPrefix(d, "Step chart of counts per period comparing 2 series.") {
		t.Errorf("flows compared: %q", d)
	}
	if d := DescribeCompare([]Input{flowsByMonthInput(), coincideInput()}); !strings.HasPrefix(d, "Line and step chart comparing 2 series.") {
		t.Errorf("a flow and a stock compared: %q", d)
	}
}
