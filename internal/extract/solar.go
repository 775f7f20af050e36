package extract

import (
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// This file reads dates of the Persian solar (Jalali) calendar, which
// Iranian and Afghan reporting uses: "۱۴ بهمن ۱۴۰۱" (3 February 2023),
// "بهمن ۱۴۰۱", "از هشتم تا چهاردهم بهمنماه سال جاری" (from the 8th to the
// 14th of Bahman this year). A solar day becomes the Gregorian day; a solar
// month, which straddles two Gregorian months, becomes the stretch of days
// from its first to its last.

// solarMonths are the months of the solar calendar, folded (arabicKey).
var solarMonths = func() map[string]int {
	m := map[string]int{}
	for i, w := range []string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
		"مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"} {
		m[arabicKey(w)] = i + 1
	}
	return m
}()

// solarMonthAt reads a solar month name at toks[i], with "ماه" (month)
// written against it or after it: "بهمنماه", "بهمن ماه". It returns the
// month and the token after the name.
func solarMonthAt(toks []token, i int) (int, int) {
	if i >= len(toks) || toks[i].kind != word {
		return 0, i
	}
	k := persianFold(toks[i].key)
	if m, ok := solarMonths[strings.TrimSuffix(k, "ماه")]; ok {
		i++
		if i < len(toks) && toks[i].key == "ماه" {
			i++
		}
		return m, i
	}
	return 0, i
}

// solarYearAt reads a solar year written after a month: "۱۴۰۱", "1402",
// optionally after "سال" (year). Years 1300 to 1499 are read; nothing
// else.
func solarYearAt(toks []token, i int) (int, int) {
	j := i
	if j < len(toks) && toks[j].key == "سال" {
		j++
	}
	if j < len(toks) && toks[j].kind == number && len(toks[j].intDigits) == 4 && toks[j].fracDigits == "" {
		y := atoi(toks[j].intDigits)
		if y >= 1300 && y < 1500 {
			return y, j + 1
		}
	}
	return 0, i
}

// solarThisYear reads "سال جاری" (the current year), "امسال" (this year)
// and "سال گذشته"/"سال قبل" (last year) after a month: the offset from the
// solar year of publication, and the token after it.
func solarThisYear(toks []token, i int) (offset int, next int, ok bool) {
	if i < len(toks) && toks[i].key == "امسال" {
		return 0, i + 1, true
	}
	if i+1 < len(toks) && toks[i].key == "سال" {
		switch toks[i+1].key {
		case "جاري":
			return 0, i + 2, true
		case "گذشته", "قبل":
			return -1, i + 2, true
		}
	}
	return 0, i, false
}

// persianOrdinals are the day ordinals that are not a number word with
// "م" written on: "سوم" (third), "سیام" (thirtieth).
var persianOrdinals = map[string]int{"اول": 1, "يكم": 1, "سوم": 3, "سيام": 30, "سيزدهم": 13}

// solarDayAt reads a day of the month at toks[i]: digits ("۱۴", "14") or a
// Persian ordinal ("هشتم", "چهاردهم", "بیست و یکم"). It returns the day
// and the token after it.
func solarDayAt(toks []token, i int) (int, int) {
	if i >= len(toks) {
		return 0, i
	}
	t := toks[i]
	if t.kind == number && len(t.intDigits) <= 2 && t.fracDigits == "" {
		if d := atoi(t.intDigits); d >= 1 && d <= 31 {
			return d, i + 1
		}
		return 0, i
	}
	if t.kind != word {
		return 0, i
	}
	k := persianFold(t.key)
	// "بیست و یکم": tens, "و", an ordinal
	if tens, ok := persianNumbers[k]; ok && tens >= 20 && tens <= 30 && tens%10 == 0 && i+2 < len(toks) && toks[i+1].key == "و" {
		if u := persianOrdinal(persianFold(toks[i+2].key)); u > 0 && u < 10 {
			return int(tens) + u, i + 3
		}
	}
	if d := persianOrdinal(k); d > 0 {
		return d, i + 1
	}
	return 0, i
}

// persianOrdinal is the day a Persian ordinal word names, or 0.
func persianOrdinal(k string) int {
	if d, ok := persianOrdinals[k]; ok {
		return d
	}
	base, ok := strings.CutSuffix(k, "م")
	if !ok {
		return 0
	}
	v, ok := persianNumbers[base]
	if !ok || v < 1 || v > 31 {
		return 0
	}
	return int(v)
}

// solarSpans finds the solar dates of the sentence: "DAY MONTH [YEAR]",
// "MONTH YEAR", "from DAY to DAY MONTH …" (the first day takes the month
// and year of the second), with "سال جاری" read against pub. A date with no
// year is read only with pub.
func solarSpans(toks []token, pub domain.Date) []span {
	if !anyArabicScript(toks) {
		return nil // the month names are Persian: most sentences are read at no cost
	}
	var out []span
	for i := 0; i < len(toks); i++ {
		if toks[i].kind != number && (toks[i].kind != word || !arabicScript(toks[i].key)) {
			continue
		}
		day, j := solarDayAt(toks, i)
		m, k := solarMonthAt(toks, j)
		if m == 0 {
			day, j = 0, i
			if m, k = solarMonthAt(toks, i); m == 0 {
				continue
			}
		}
		y, end := solarYearAt(toks, k)
		if y == 0 {
			off, next, ok := solarThisYear(toks, k)
			if !ok || pub.IsZero() {
				continue // a month with no year ("تیر" is also "arrow") is left alone
			}
			y, end = solarYearOf(pub)+off, next
		}
		sp, ok := solarSpan(i, end, y, m, day)
		if !ok {
			continue
		}
		// "از هشتم تا چهاردهم بهمن": the first day of the range takes the
		// month and year of the second ("بیست و یکم" takes three words)
		if day != 0 && i > 0 && closesPeriod[leadText(toks[i-1])] {
			for _, back := range []int{4, 2} {
				if i-back < 0 || len(out) > 0 && out[len(out)-1].to > i-back {
					continue
				}
				if d0, after := solarDayAt(toks, i-back); d0 > 0 && after == i-1 {
					if first, ok := solarSpan(i-back, i-1, y, m, d0); ok {
						out = append(out, first)
					}
					break
				}
			}
		}
		out = append(out, sp)
		i = end - 1
	}
	return out
}

// solarSpan is the span of a solar day or month over toks[from:to].
func solarSpan(from, to, y, m, day int) (span, bool) {
	if day > solarMonthDays(y, m) {
		return span{}, false
	}
	if day != 0 {
		g := jalaliToGregorian(y, m, day)
		return span{from: from, to: to, year: g.Year(), month: g.Month(), day: g.Day()}, true
	}
	first := domain.DateOf(jalaliToGregorian(y, m, 1))
	last := domain.DateOf(jalaliToGregorian(y, m, solarMonthDays(y, m)))
	return span{from: from, to: to, first: first, last: last, stretch: true}, true
}

// solarMonthDays is the length of a solar month: 31 days for the first
// six, 30 for the next five, and 29 for Esfand, 30 in a leap year.
func solarMonthDays(y, m int) int {
	switch {
	case m <= 6:
		return 31
	case m <= 11:
		return 30
	}
	if leap, _ := jalCal(y); leap {
		return 30
	}
	return 29
}

// solarYearOf is the solar year that the day pub falls in (its year, for a
// date known to the month or year).
func solarYearOf(pub domain.Date) int {
	t := pub.First()
	jy := t.Year() - 621
	if t.Before(jalaliToGregorian(jy, 1, 1)) {
		jy--
	}
	return jy
}

// jalaliToGregorian converts a solar day to its Gregorian day: the first of
// Farvardin (Nowruz) falls on the March day jalCal gives, and the months
// have 31 days for the first six and 30 after.
func jalaliToGregorian(jy, jm, jd int) time.Time {
	_, march := jalCal(jy)
	offset := (jm-1)*31 - (jm/7)*(jm-7) + jd - 1
	return time.Date(jy+621, time.March, march, 0, 0, 0, 0, time.UTC).AddDate(0, 0, offset)
}

// jalaliBreaks are the years where the 33-year leap cycle of the solar
// calendar shifts (Borkowski's algorithm, as in jalaali-js).
var jalaliBreaks = []int{-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060,
	2097, 2192, 2262, 2324, 2394, 2456, 3178}

// jalCal reports whether the solar year jy is a leap year and the day of
// March its first day falls on. jy is at least 1 (solarYearAt reads
// 1300–1499 only).
func jalCal(jy int) (leap bool, march int) {
	gy := jy + 621
	leapJ := -14
	jp := jalaliBreaks[0]
	jump := 0
	for _, jm := range jalaliBreaks[1:] {
		jump = jm - jp
		if jy < jm {
			break
		}
		leapJ += jump/33*8 + jump%33/4
		jp = jm
	}
	n := jy - jp
	leapJ += n/33*8 + (n%33+3)/4
	if jump%33 == 4 && jump-n == 4 {
		leapJ++
	}
	leapG := gy/4 - (gy/100+1)*3/4 - 150
	march = 20 + leapJ - leapG
	if jump-n < 6 {
		n = n - jump + (jump+4)/33*33
	}
	r := ((n+1)%33 - 1) % 4
	if r == -1 {
		r = 4
	}
	return r == 0, march
}

// anyArabicScript reports a word of the sentence in Arabic script.
func anyArabicScript(toks []token) bool {
	for _, t := range toks {
		if t.kind == word && arabicScript(t.key) {
			return true
		}
	}
	return false
}
