package domain_test

import (
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// FuzzParseDate checks that no input makes ParseDate panic; that a date it
// accepts is written back exactly as it was given and parses to the same
// Date, covering at least one day; and that a date it refuses comes with a
// message saying what is wrong. Seeds live in testdata/fuzz/FuzzParseDate.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"", "2023", "2023-09", "2023-09-01", "2023-02-29", "2024-02-29", "1900-02-29", "2000-02-29",
		"9999-12-31", "1899-12-31", "2200-12-31", "2201", "2025-13-01", "2025-00-10", "2025-04-31",
		"31/04/2025", "2025-4-1", " 2025", "2025\n", "２０２５", "2025-09-01T00:00:00Z", "-2025", "+2025",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := domain.ParseDate(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("ParseDate(%q): error with an empty message", s)
			}
			if d != (domain.Date{}) {
				t.Errorf("ParseDate(%q) failed (%v) yet returned %+v", s, err, d)
			}
			return
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDate(%q).String() = %q, want the input back", s, got)
		}
		back, err := domain.ParseDate(d.String())
		if err != nil {
			t.Fatalf("ParseDate(%q).String() = %q does not parse: %v", s, d.String(), err)
		}
		if back != d {
			t.Errorf("round trip of %q: %+v, then %+v", s, d, back)
		}
		if d.IsZero() != (s == "") {
			t.Errorf("ParseDate(%q).IsZero() = %v", s, d.IsZero())
		}
		if first, last := d.First(), d.Last(); last.Before(first) {
			t.Errorf("ParseDate(%q): Last %v is before First %v", s, last, first)
		}
		if !d.IsZero() {
			if d.First().Year() != d.Year || d.Last().Year() != d.Year {
				t.Errorf("ParseDate(%q) covers %v to %v, outside its year", s, d.First(), d.Last())
			}
			if d.Human() == "" {
				t.Errorf("ParseDate(%q).Human() is empty", s)
			}
		}
	})
}
