package extract

import (
	"fmt"
	"sort"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// span is a date written in the sentence, to whatever precision it was
// written: "30 April 2025", "September 2023", "2023", or "April 30" with no
// year. Its numbers are days and years, never counts.
type span struct {
	from, to int // token span [from, to)
	year     int // 0 when not written
	month    time.Month
	day      int
	// first and last are set for a stretch of time the words name as a
	// whole, read against the publication date or not: "last year",
	// "the first half of 2024", "over the past week", "this year".
	first, last domain.Date
	// stretch marks a span that names a period by itself ("last month",
	// "during 2023"), so that it gives a start and an end without a trigger.
	stretch bool
	// relative marks a day read against the publication date: "yesterday",
	// "on Tuesday", "the 11th of this month".
	relative bool
}

// date is the span as a domain.Date, or the zero Date when the span has no
// year (we never guess one) or names a day that does not exist.
func (sp span) date() domain.Date {
	var s string
	switch {
	case sp.year == 0:
		return domain.Date{}
	case sp.month != 0 && sp.day != 0:
		s = fmt.Sprintf("%04d-%02d-%02d", sp.year, int(sp.month), sp.day)
	case sp.month != 0:
		s = fmt.Sprintf("%04d-%02d", sp.year, int(sp.month))
	default:
		s = fmt.Sprintf("%04d", sp.year)
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return domain.Date{}
	}
	return d
}

// startDate is the span as the start of a period: the first of a stretch.
func (sp span) startDate() domain.Date {
	if !sp.first.IsZero() {
		return sp.first
	}
	return sp.date()
}

// endDate is the span as the end of a period: the last of a stretch.
func (sp span) endDate() domain.Date {
	if !sp.last.IsZero() {
		return sp.last
	}
	return sp.date()
}

// months are the month names of English, French, of Modern Standard and Egyptian
// Arabic (with the spellings of the hamza that news agencies use), and the
// one-word Levantine names; the two-word Levantine names (كانون الثاني) are
// read by levantineMonth.
var months = map[string]time.Month{
	"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5,
	"يونيو": 6, "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9,
	"أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
	"ماي": 5, "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12, // Maghreb
	// Urdu and Persian (the Gregorian months as Pakistani and Iranian media write them)
	"جنوری": 1, "فروری": 2, "مارچ": 3, "اپریل": 4, "مئی": 5, "جون": 6, "جولائی": 7, "اگست": 8,
	"ستمبر": 9, "اکتوبر": 10, "نومبر": 11, "دسمبر": 12,
	"ژانویه": 1, "فوریه": 2, "آوریل": 4, "ژوئن": 6, "ژوئیه": 7, "اوت": 8,
	"سپتامبر": 9, "اکتبر": 10, "نوامبر": 11, "دسامبر": 12,
	"شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5, "حزيران": 6,
	"تموز": 7, "آب": 8, "أيلول": 9, "ايلول": 9,

	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
	"oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
	"juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
	"décembre": 12,
}

// findDates finds the dates in the sentence, left to right, and marks their
// tokens so that "April 30" and "in 2021" are not read as counts.
func findDates(toks []token) ([]span, []bool) {
	var spans []span
	for i := 0; i < len(toks); {
		if sp, ok := dateAt(toks, i); ok {
			spans = append(spans, sp)
			i = sp.to
			continue
		}
		i++
	}
	spans = monthDayRanges(toks, spans)
	spans = append(spans, dayRanges(toks, spans)...)
	spans = addSolar(spans, solarSpans(toks, domain.Date{}), len(toks))
	sort.Slice(spans, func(a, b int) bool { return spans[a].from < spans[b].from })
	inDate := make([]bool, len(toks))
	for _, sp := range spans {
		for k := sp.from; k < sp.to; k++ {
			inDate[k] = true
		}
	}
	return spans, inDate
}

// addSolar adds the solar dates that no other date overlaps.
func addSolar(spans, solar []span, n int) []span {
	if len(solar) == 0 {
		return spans
	}
	taken := make([]bool, n)
	for _, sp := range spans {
		for k := sp.from; k < sp.to; k++ {
			taken[k] = true
		}
	}
	for _, sp := range solar {
		free := true
		for k := sp.from; k < sp.to; k++ {
			free = free && !taken[k]
		}
		if free {
			spans = append(spans, sp)
		}
	}
	return spans
}

// dateAt reads a date starting at toks[i]: "2024-01-23", "1 November 2023",
// "10th May 2024", "21st of May", "November 1, 2023", "September 2023",
// "April 30", "April", "2023", "2023-24".
func dateAt(toks []token, i int) (span, bool) {
	if toks[i].kind == isoDate {
		d, err := domain.ParseDate(toks[i].text)
		return span{from: i, to: i + 1, year: d.Year, month: d.Month, day: d.Day}, err == nil
	}
	if day, k, ok := dayAt(toks, i); ok {
		if k < len(toks) && toks[k].lower == "of" {
			k++
		}
		m, k, ok := monthAt(toks, k)
		if !ok {
			return span{}, false
		}
		return withYear(toks, span{from: i, to: k, month: m, day: day}), true
	}
	if m, k, ok := monthAt(toks, i); ok {
		sp := span{from: i, to: k, month: m}
		if day, k, ok := dayAt(toks, k); ok {
			sp.day, sp.to = day, k
		}
		return withYear(toks, sp), true
	}
	if y, k, ok := yearAt(toks, i); ok && !countedYear(toks, k) {
		sp := span{from: i, to: yearSpanEnd(toks, k), year: y}
		if sp.to > k {
			// "2017-2018", "2023-24": the two years as a stretch
			y2 := atoi(toks[k+1].intDigits)
			if y2 < 100 {
				y2 += y / 100 * 100
			}
			if y2 > y && y2 <= 2100 {
				sp.first, sp.last, sp.stretch = domain.Date{Year: y, Precision: domain.PrecisionYear}, domain.Date{Year: y2, Precision: domain.PrecisionYear}, true
			}
		}
		return sp, true
	}
	return span{}, false
}

// withYear extends sp over a following year: "November 1, 2023".
func withYear(toks []token, sp span) span {
	k := sp.to
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	if y, k, ok := yearAt(toks, k); ok {
		sp.year, sp.to = y, k
	}
	return sp
}

// dayAt reads a day of the month: "1", "30", "10th", "21st".
func dayAt(toks []token, i int) (int, int, bool) {
	if i >= len(toks) {
		return 0, 0, false
	}
	t := toks[i]
	if t.kind != number || t.grouped || t.fracDigits != "" || len(t.intDigits) > 2 {
		return 0, 0, false
	}
	d := atoi(t.intDigits)
	if d < 1 || d > 31 {
		return 0, 0, false
	}
	if i+1 < len(toks) && !toks[i+1].spaced && ordinalSuffixes[toks[i+1].lower] {
		i++
	}
	return d, i + 1, true
}

// monthAt reads a month name, and the full stop of an abbreviation ("Jan.").
// "may", "march" and "mar" count only when capitalised: in lower case they
// are usually the verbs.
func monthAt(toks []token, i int) (time.Month, int, bool) {
	if i >= len(toks) || toks[i].kind != word {
		return 0, 0, false
	}
	t := toks[i]
	if m, ok := levantineMonth(toks, i); ok {
		return m, i + 2, true
	}
	m, ok := months[t.lower]
	if !ok || (t.lower == "may" || t.lower == "march" || t.lower == "mar") && t.text[0] != 'M' {
		return 0, 0, false
	}
	if len(t.lower) <= 4 && i+1 < len(toks) && toks[i+1].text == "." && !toks[i+1].spaced {
		i++
	}
	return m, i + 1, true
}

// levantineMonth reads the two-word Levantine month names: كانون الثاني
// (January), تشرين الأول (October), تشرين الثاني (November), كانون الأول
// (December).
func levantineMonth(toks []token, i int) (time.Month, bool) {
	if i+1 >= len(toks) || toks[i+1].kind != word {
		return 0, false
	}
	first := toks[i+1].lower == "الأول" || toks[i+1].lower == "الاول"
	second := toks[i+1].lower == "الثاني"
	switch {
	case toks[i].lower == "كانون" && second:
		return 1, true
	case toks[i].lower == "كانون" && first:
		return 12, true
	case toks[i].lower == "تشرين" && first:
		return 10, true
	case toks[i].lower == "تشرين" && second:
		return 11, true
	}
	return 0, false
}

// yearAt reads a year: four plain digits from 1900 to 2100.
func yearAt(toks []token, i int) (int, int, bool) {
	if i >= len(toks) {
		return 0, 0, false
	}
	t := toks[i]
	if t.kind != number || t.grouped || t.fracDigits != "" || len(t.intDigits) != 4 {
		return 0, 0, false
	}
	y := atoi(t.intDigits)
	return y, i + 1, y >= 1900 && y <= 2100
}

// countedYear reports a year-shaped number that counts people after all:
// "2000 families". A qualifier alone is not enough ("up to 2025", "over
// 2023", "around 2000" are mostly years); counts that size are usually
// written "2,000".
func countedYear(toks []token, to int) bool {
	return peopleAfter(toks, to)
}

// yearSpanEnd takes in the second half of "2023-24" or "2023–2024".
func yearSpanEnd(toks []token, k int) int {
	if k+1 < len(toks) && (toks[k].text == "-" || toks[k].text == "–") && !toks[k+1].spaced {
		if t := toks[k+1]; t.kind == number && !t.grouped && (len(t.text) == 2 || len(t.text) == 4) {
			return k + 2
		}
	}
	return k
}

// dayRanges finds the first day of "1st and 15th January 2024", "16 - 31
// July 2023" or "11–21 May": it takes the month and year of the date after.
func dayRanges(toks []token, spans []span) []span {
	var out []span
	for _, sp := range spans {
		if sp.day == 0 || toks[sp.from].kind != number || sp.from < 2 {
			continue
		}
		switch leadText(toks[sp.from-1]) {
		case "-", "–", "—", "to", "and", "till", "until", "through", "و", "إلى", "الى", "حتى", "اور", "تا":
		default:
			continue
		}
		j := sp.from - 2
		if j > 0 && ordinalSuffixes[toks[j].lower] && !toks[j].spaced {
			j--
		}
		if day, k, ok := dayAt(toks, j); ok && k == sp.from-1 {
			out = append(out, span{from: j, to: k, year: sp.year, month: sp.month, day: day})
		}
	}
	return out
}

// monthDayRanges finds the second day of "April 1 and 13, 2025" and "June
// 3–9, 2025", which takes the month of the first and gives both its year.
func monthDayRanges(toks []token, spans []span) []span {
	n := len(spans)
	for i := 0; i < n; i++ {
		sp := spans[i]
		if sp.year != 0 || sp.day == 0 || toks[sp.from].kind != word || sp.to+1 >= len(toks) {
			continue
		}
		switch leadText(toks[sp.to]) {
		case "-", "–", "—", "to", "and", "till", "until", "through":
		default:
			continue
		}
		day, k, ok := dayAt(toks, sp.to+1)
		if !ok || i+1 < n && spans[i+1].from < k || peopleAfter(toks, k) {
			continue
		}
		second := withYear(toks, span{from: sp.to + 1, to: k, month: sp.month, day: day})
		if second.to == k && (k >= len(toks) || toks[k].kind == number) {
			continue // "May 5 to 6,000 people": a count, not a day
		}
		spans[i].year = second.year
		spans = append(spans, second)
	}
	return spans
}

// atoi reads up to four ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
