package domain_test

import (
	"strings"
	"testing"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func TestParseDateAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want domain.Date
	}{
		{"2025", domain.Date{Year: 2025, Precision: domain.PrecisionYear}},
		{"2025-04", domain.Date{Year: 2025, Month: time.April, Precision: domain.PrecisionMonth}},
		{"2025-04-19", domain.Date{Year: 2025, Month: time.April, Day: 19, Precision: domain.PrecisionDay}},
		{"2024-02-29", domain.Date{Year: 2024, Month: time.February, Day: 29, Precision: domain.PrecisionDay}},
		{"2000-02-29", domain.Date{Year: 2000, Month: time.February, Day: 29, Precision: domain.PrecisionDay}},
		{"2023-09-30", domain.Date{Year: 2023, Month: time.September, Day: 30, Precision: domain.PrecisionDay}},
		{"2023-12-31", domain.Date{Year: 2023, Month: time.December, Day: 31, Precision: domain.PrecisionDay}},
		{"1900", domain.Date{Year: 1900, Precision: domain.PrecisionYear}},
		{"2200", domain.Date{Year: 2200, Precision: domain.PrecisionYear}},
		{"", domain.Date{}},
	}
	for _, tt := range tests {
		t.Run(caseName(tt.in), func(t *testing.T) {
			got, err := domain.ParseDate(tt.in)
			if err != nil {
				t.Fatalf("ParseDate(%q) error: %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
			if got.IsZero() != (tt.in == "") {
				t.Errorf("ParseDate(%q).IsZero() = %v, want %v", tt.in, got.IsZero(), tt.in == "")
			}
			if s := got.String(); s != tt.in {
				t.Errorf("ParseDate(%q).String() = %q, want the input back", tt.in, s)
			}
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	tests := []struct {
		in      string
		wantMsg string // a key part of the error message
	}{
		{"2025-13-01", "month 13"},
		{"2025-00", "month 0"},
		{"31/04/2025", "YYYY-MM-DD"},
		{"2025-04-31", "no day 31"},
		{"2025-04-00", "no day 0"},
		{"2023-02-29", "no day 29"},
		{"1900-02-29", "no day 29"},
		{"2025-4-1", "YYYY-MM-DD"},
		{"25-04-19", "YYYY-MM-DD"},
		{"abcd", "YYYY-MM-DD"},
		{"1800", "out of range"},
		{"2201", "out of range"},
		{" 2025", "YYYY-MM-DD"},
		{"2025-04-19 ", "YYYY-MM-DD"},
		{"2025-04-19T00:00:00Z", "YYYY-MM-DD"},
		{"20250419", "YYYY-MM-DD"},
		{"2025/04/19", "YYYY-MM-DD"},
		{"٢٠٢٥", "YYYY-MM-DD"}, // Arabic-Indic digits are not ASCII digits
	}
	for _, tt := range tests {
		t.Run(caseName(tt.in), func(t *testing.T) {
			got, err := domain.ParseDate(tt.in)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %+v, want an error", tt.in, got)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("ParseDate(%q) error = %q, want it to mention %q", tt.in, err, tt.wantMsg)
			}
			if !got.IsZero() {
				t.Errorf("ParseDate(%q) returned %+v with its error, want the zero Date", tt.in, got)
			}
		})
	}
}

func TestMustDatePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("MustDate(\"2025-02-30\") did not panic")
		}
	}()
	domain.MustDate("2025-02-30")
}

func TestDateOf(t *testing.T) {
	got := domain.DateOf(time.Date(2025, 4, 19, 23, 59, 0, 0, time.UTC))
	if want := domain.MustDate("2025-04-19"); got != want {
		t.Errorf("DateOf = %+v, want %+v", got, want)
	}
}

// caseName names a subtest after its input, and "empty" for "".
func caseName(in string) string {
	if in == "" {
		return "empty"
	}
	return in
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDateFirstLast(t *testing.T) {
	tests := []struct {
		in          string
		first, last time.Time
	}{
		{"2023-09", day(2023, time.September, 1), day(2023, time.September, 30)},
		{"2024-02", day(2024, time.February, 1), day(2024, time.February, 29)},
		{"2023-02", day(2023, time.February, 1), day(2023, time.February, 28)},
		{"2023-12", day(2023, time.December, 1), day(2023, time.December, 31)},
		{"2024", day(2024, time.January, 1), day(2024, time.December, 31)},
		{"2025-04-19", day(2025, time.April, 19), day(2025, time.April, 19)},
		{"", time.Time{}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(caseName(tt.in), func(t *testing.T) {
			d := domain.MustDate(tt.in)
			if got := d.First(); !got.Equal(tt.first) {
				t.Errorf("%q.First() = %v, want %v", tt.in, got, tt.first)
			}
			if got := d.Last(); !got.Equal(tt.last) {
				t.Errorf("%q.Last() = %v, want %v", tt.in, got, tt.last)
			}
		})
	}
}

func TestDateHuman(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2025-04-19", "19 Apr 2025"},
		{"2025-04-01", "1 Apr 2025"},
		{"2023-09", "Sep 2023"},
		{"2024", "2024"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(caseName(tt.in), func(t *testing.T) {
			if got := domain.MustDate(tt.in).Human(); got != tt.want {
				t.Errorf("%q.Human() = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
