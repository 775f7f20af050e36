package domain

import (
	"fmt"
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

// ParseDate reads YYYY, YYYY-MM or YYYY-MM-DD. An empty string is the zero
// Date. Other forms ("31/04/2025", "2025-13-01", "2025-02-30") are errors that
// say which form is expected. It is called for every date of every row a
// large export reads, so it reads the digits itself.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	y, mo, day, ok := splitDate(s)
	if !ok {
		return Date{}, fmt.Errorf("%q is not a date: write YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	if y < 1900 || y > 2200 {
		return Date{}, fmt.Errorf("%q: year %d is out of range (1900–2200)", s, y)
	}
	d := Date{Year: y, Precision: PrecisionYear}
	if mo < 0 {
		return d, nil
	}
	if mo < 1 || mo > 12 {
		return Date{}, fmt.Errorf("%q: month %d does not exist", s, mo)
	}
	d.Month, d.Precision = time.Month(mo), PrecisionMonth
	if day < 0 {
		return d, nil
	}
	if day < 1 || day > daysIn(d.Year, d.Month) {
		return Date{}, fmt.Errorf("%q: %s %d has no day %d", s, d.Month, d.Year, day)
	}
	d.Day, d.Precision = day, PrecisionDay
	return d, nil
}

// splitDate reads the digits of YYYY, YYYY-MM or YYYY-MM-DD; a part not
// given is -1.
func splitDate(s string) (y, mo, day int, ok bool) {
	num := func(from, n int) int {
		v := 0
		for i := from; i < from+n; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	mo, day = -1, -1
	switch len(s) {
	case 4:
		y = num(0, 4)
	case 7:
		if s[4] != '-' {
			return 0, 0, 0, false
		}
		y, mo = num(0, 4), num(5, 2)
		if mo < 0 {
			return 0, 0, 0, false
		}
	case 10:
		if s[4] != '-' || s[7] != '-' {
			return 0, 0, 0, false
		}
		y, mo, day = num(0, 4), num(5, 2), num(8, 2)
		if mo < 0 || day < 0 {
			return 0, 0, 0, false
		}
	default:
		return 0, 0, 0, false
	}
	return y, mo, day, y >= 0
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
	if d.Precision == "" {
		return ""
	}
	b := make([]byte, 0, 10)
	b = appendDigits(b, d.Year, 4)
	if d.Precision == PrecisionYear {
		return string(b)
	}
	b = appendDigits(append(b, '-'), int(d.Month), 2)
	if d.Precision == PrecisionMonth {
		return string(b)
	}
	return string(appendDigits(append(b, '-'), d.Day, 2))
}

// appendDigits appends v with at least width digits, zero-padded.
func appendDigits(b []byte, v, width int) []byte {
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
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
