package domain

import "testing"

// TestPeriodWordsMixedPrecision: a flow given from a day to a month
// (or a year to its last day) covers a whole month or year, and reads so.
func TestPeriodWordsMixedPrecision(t *testing.T) {
	for _, c := range []struct{ start, end, want string }{
		{"2025-04-01", "2025-04", "in Apr 2025"},
		{"2025-04", "2025-04-30", "in Apr 2025"},
		{"2024", "2024-12-31", "during 2024"},
		{"2024-01", "2024-12", "during 2024"},
		{"2024-01-01", "2024", "during 2024"},
	} {
		if got := PeriodWords(MeasureFlow, MustDate(c.start), MustDate(c.end)); got != c.want {
			t.Errorf("PeriodWords(flow, %s, %s) = %q, want %q", c.start, c.end, got, c.want)
		}
	}
}
