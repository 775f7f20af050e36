package domain

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Precision says how much of a date the source gave: "since September 2023"
// is month precision, "as of 19 April 2025" is day precision.
type Precision string

// Date precisions.
const (
	PrecisionDay   Precision = "day"
	PrecisionMonth Precision = "month"
	PrecisionYear  Precision = "year"
)

// Date is a calendar date known to a precision. The zero Date means "not
// given". It is written and parsed as YYYY, YYYY-MM or YYYY-MM-DD, so a date
// survives a round trip through CSV exactly as the source stated it.
type Date struct {
	Year      int
	Month     time.Month // 0 when Precision is year
	Day       int        // 0 unless Precision is day
	Precision Precision
}

var dateForm = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$`)

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD. An empty string is the zero
// Date. Other forms ("31/04/2025", "2025-13-01", "2025-02-30") are errors that
// say which form is expected.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	m := dateForm.FindStringSubmatch(s)
	if m == nil {
		return Date{}, fmt.Errorf("%q is not a date: write YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	y, _ := strconv.Atoi(m[1])
	if y < 1900 || y > 2200 {
		return Date{}, fmt.Errorf("%q: year %d is out of range (1900–2200)", s, y)
	}
	d := Date{Year: y, Precision: PrecisionYear}
	if m[2] == "" {
		return d, nil
	}
	mo, _ := strconv.Atoi(m[2])
	if mo < 1 || mo > 12 {
		return Date{}, fmt.Errorf("%q: month %d does not exist", s, mo)
	}
	d.Month, d.Precision = time.Month(mo), PrecisionMonth
	if m[3] == "" {
		return d, nil
	}
	day, _ := strconv.Atoi(m[3])
	if day < 1 || day > daysIn(d.Year, d.Month) {
		return Date{}, fmt.Errorf("%q: %s %d has no day %d", s, d.Month, d.Year, day)
	}
	d.Day, d.Precision = day, PrecisionDay
	return d, nil
}

// MustDate parses s and panics on error; for tests and literals.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// DateOf returns the day-precision Date of t.
func DateOf(t time.Time) Date {
	return Date{Year: t.Year(), Month: t.Month(), Day: t.Day(), Precision: PrecisionDay}
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d.Precision == "" }

// String writes the date in the form it was given: YYYY, YYYY-MM or YYYY-MM-DD.
func (d Date) String() string {
	switch d.Precision {
	case PrecisionYear:
		return fmt.Sprintf("%04d", d.Year)
	case PrecisionMonth:
		return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case PrecisionDay:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return ""
}

// First is the first day the date covers (1 September 2023 for "2023-09").
func (d Date) First() time.Time {
	switch d.Precision {
	case PrecisionYear:
		return time.Date(d.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(d.Year, d.Month, 1, 0, 0, 0, 0, time.UTC)
	case PrecisionDay:
		return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// Last is the last day the date covers (30 September 2023 for "2023-09").
// An as-of date of month precision is read as the end of that month.
func (d Date) Last() time.Time {
	switch d.Precision {
	case PrecisionYear:
		return time.Date(d.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	case PrecisionMonth:
		return time.Date(d.Year, d.Month, daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	case PrecisionDay:
		return d.First()
	}
	return time.Time{}
}

// Human writes the date for people: "19 Apr 2025", "Sep 2023", "2024".
func (d Date) Human() string {
	switch d.Precision {
	case PrecisionYear:
		return strconv.Itoa(d.Year)
	case PrecisionMonth:
		return d.First().Format("Jan 2006")
	case PrecisionDay:
		return d.First().Format("2 Jan 2006")
	}
	return ""
}
