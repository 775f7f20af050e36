package extract

import (
	"strings"
	"time"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// Relative dates are read against the document's publication date
// (Options.Published); without one they give nothing, as FromSentence has
// always done. The readings, chosen to be what an analyst enters:
//
//   - a date without a year ("as of 13 June", "since April") is the latest
//     such date not after publication; after "by" with a future verb ("must
//     leave by 15 June") it is the next such date on or after it;
//   - "yesterday", "today", "on Tuesday" (the last Tuesday on or before
//     publication), "the 11th of this month" are days;
//   - "last year", "last month" are the whole previous year or month, at
//     year or month precision; "last week" is the seven days before the
//     publication's week (Monday to Sunday); "last May" is the latest May
//     before the publication's month;
//   - "this year", "this month" run from their start (the year or the
//     month, as precise as the words) to publication;
//   - "the past week", "the last 21 months", "the past nine months" run from
//     that long before publication to publication: a week before a report of
//     the 25th is the 18th, the day of the figure the count is compared with;
//   - "the end of the year" is the last 31 December not after publication
//     ("as of the end of the year"), or the publication's year after "by";
//   - "the first half of 2024", "the third quarter of 2023" are stretches
//     whether a publication date is known or not.
//
// Each of these is a span like a written date, so that "since last year",
// "as of yesterday" and "between 11th and 21st of this month" combine with
// the period's triggers in period.go.

// weekdays are the names of the days, English and Arabic.
var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "monday": time.Monday, "tuesday": time.Tuesday,
	"wednesday": time.Wednesday, "thursday": time.Thursday, "friday": time.Friday,
	"saturday": time.Saturday,
	"الأحد":    time.Sunday, "الاحد": time.Sunday, "الإثنين": time.Monday, "الاثنين": time.Monday,
	"الثلاثاء": time.Tuesday, "الأربعاء": time.Wednesday, "الاربعاء": time.Wednesday,
	"الخميس": time.Thursday, "الجمعة": time.Friday, "السبت": time.Saturday,
}

// lengthUnits are the lengths "the past N …" counts in.
var lengthUnits = set("day", "days", "week", "weeks", "month", "months", "year", "years")

// lastWords open "the past N months" counted back from publication.
// "previous" and "preceding" are not among them: "the previous 14 years"
// counts back from something else.
var lastWords = set("last", "past")

// resolve gives a yearless date the year the publication date implies: the
// latest such date not after publication, or with forward the earliest not
// before it.
func resolve(sp span, pub domain.Date, forward bool) span {
	if sp.year != 0 || sp.month == 0 || pub.IsZero() || pub.Precision == domain.PrecisionYear {
		return sp
	}
	sp.year = pub.Year
	after := sp.month > pub.Month || sp.month == pub.Month && pub.Precision == domain.PrecisionDay && sp.day > pub.Day
	before := sp.month < pub.Month || sp.month == pub.Month && pub.Precision == domain.PrecisionDay && sp.day != 0 && sp.day < pub.Day
	switch {
	case !forward && after:
		sp.year--
	case forward && before:
		sp.year++
	}
	return sp
}

// dayOf is the day-precision date of t.
func dayOf(t time.Time) domain.Date { return domain.DateOf(t) }

func monthOf(y int, m time.Month) domain.Date {
	t := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	return domain.Date{Year: t.Year(), Month: t.Month(), Precision: domain.PrecisionMonth}
}

func yearOf(y int) domain.Date { return domain.Date{Year: y, Precision: domain.PrecisionYear} }

// daySpan is a span naming one day.
func daySpan(from, to int, t time.Time) span {
	return span{from: from, to: to, year: t.Year(), month: t.Month(), day: t.Day(), relative: true}
}

// stretchSpan is a span naming a period as a whole.
func stretchSpan(from, to int, first, last domain.Date) span {
	return span{from: from, to: to, first: first, last: last, stretch: true, year: first.Year, month: first.Month, day: first.Day}
}

// relativeSpans finds the relative dates and the halves and quarters of the
// sentence. Spans already found (written dates) are given their year from
// the publication date when they have none, and take in a "last year" or
// "this year" after them ("mid-April last year").
func relativeSpans(toks []token, spans []span, pub domain.Date) []span {
	taken := make([]bool, len(toks)+1)
	for i := range spans {
		sp := &spans[i]
		if sp.year == 0 && sp.month != 0 && sp.to+1 < len(toks) && toks[sp.to+1].lower == "year" && !pub.IsZero() {
			switch toks[sp.to].lower {
			case "last":
				sp.year, sp.to = pub.Year-1, sp.to+2
			case "this":
				sp.year, sp.to = pub.Year, sp.to+2
			}
		}
		if sp.year == 0 && sp.month != 0 && sp.to < len(toks) && (toks[sp.to].lower == "الماضي" || toks[sp.to].lower == "الماضية") {
			// "أكتوبر الماضي": last October, strictly before this month.
			if sp.day == 0 && !pub.IsZero() && pub.Precision != domain.PrecisionYear {
				y := pub.Year
				if sp.month >= pub.Month {
					y--
				}
				sp.year = y
			}
			sp.to++
		}
		if sp.year == 0 && sp.month != 0 && sp.day == 0 && sp.to < len(toks) && (toks[sp.to].lower == "الجاري" || toks[sp.to].lower == "الحالي") &&
			!pub.IsZero() && pub.Precision != domain.PrecisionYear && sp.month == pub.Month {
			// "خلال شهر أكتوبر الجاري": the current October, the
			// publication's month, to the publication date, as "this month".
			sp.year, sp.stretch = pub.Year, true
			sp.first, sp.last = monthOf(pub.Year, pub.Month), pub
			sp.to++
		}
		for k := sp.from; k < sp.to && k < len(toks); k++ {
			taken[k] = true
		}
	}
	// The year or month "the start of the year" opens is the one of the
	// first date written in full ("since the start of the year and until 8
	// November 2025"), or else the publication's.
	ref := pub
	for _, sp := range spans {
		if sp.year != 0 && sp.month != 0 {
			ref = monthOf(sp.year, sp.month)
			break
		}
	}
	var out []span
	for i := 0; i < len(toks); i++ {
		if taken[i] {
			continue
		}
		sp, ok := startOfAt(toks, i, ref)
		if !ok {
			sp, ok = arabicPastStretch(toks, i, pub)
		}
		if !ok {
			sp, ok = relativeAt(toks, taken, i, pub)
		}
		if ok && inRange(sp) {
			out = append(out, sp)
			for k := sp.from; k < sp.to; k++ {
				taken[k] = true
			}
			i = sp.to - 1
		}
	}
	return out
}

// inRange reports a span whose dates the domain can hold (years 1900 to
// 2200): "the past 900 years" is none.
func inRange(sp span) bool {
	for _, d := range []domain.Date{sp.first, sp.last} {
		if !d.IsZero() && (d.Year < 1900 || d.Year > 2200) {
			return false
		}
	}
	return sp.year == 0 || sp.year >= 1900 && sp.year <= 2200
}

// relativeAt reads one relative date or stretch at toks[i]. dated marks
// the tokens of the dates already read.
func relativeAt(toks []token, dated []bool, i int, pub domain.Date) (span, bool) {
	w := toks[i].lower
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k].lower
		}
		return ""
	}
	// Stretches that need no publication date.
	if w == "first" || w == "second" || w == "third" || w == "fourth" {
		if sp, ok := partOfYear(toks, i, pub); ok {
			return sp, true
		}
	}
	if pub.IsZero() {
		return span{}, false
	}
	day := pub.Precision == domain.PrecisionDay
	p := pub.First()
	wd, isWeekday := weekdays[w]
	switch {
	case day && (w == "yesterday" || w == "أمس" || w == "امس"):
		sp := daySpan(i, i+1, p.AddDate(0, 0, -1))
		if d, ok := weekdays[next(1)]; ok && d == p.AddDate(0, 0, -1).Weekday() {
			sp.to++ // "أمس الجمعة": yesterday, Friday
		}
		return sp, true
	case day && (w == "today" || w == "اليوم"):
		return daySpan(i, i+1, p), true
	case isWeekday:
		if !day || writtenDateAfter(toks, dated, i+1) {
			return span{}, false // "Monday, 22 January 2024" is the written date
		}
		back := (int(p.Weekday()) - int(wd) + 7) % 7
		return daySpan(i, i+1, p.AddDate(0, 0, -back)), true
	case w == "امسال" || (w == "هذا" || w == "العام" || w == "السنة") && (next(1) == "العام" || next(1) == "الحالي" || next(1) == "الجاري") ||
		w == "سال" && next(1) == "جاری" || w == "رواں" && next(1) == "سال":
		// امسال, هذا العام, العام الحالي, العام الجاري, سال جاری, Urdu رواں سال: this year
		n := 2
		if w == "امسال" {
			n = 1
		}
		return stretchSpan(i, i+n, yearOf(pub.Year), pub), true
	case (w == "العام" || w == "السنة") && (next(1) == "الماضي" || next(1) == "الماضية" || next(1) == "الفائت" || next(1) == "المنصرم"):
		y := yearOf(pub.Year - 1)
		if i > 0 && (toks[i-1].lower == "نهاية" || toks[i-1].lower == "متم") {
			// نهاية العام الماضي: the end of last year
			return daySpan(i-1, i+2, time.Date(pub.Year-1, 12, 31, 0, 0, 0, 0, time.UTC)), true
		}
		return stretchSpan(i, i+2, y, y), true
	case w == "الشهر" && next(1) == "الماضي" && pub.Precision != domain.PrecisionYear:
		m := monthOf(pub.Year, pub.Month-1)
		return stretchSpan(i, i+2, m, m), true
	case day && (w == "this" && next(1) == "week" || (w == "الاسبوع" || toks[i].key == "الاسبوع") && (next(1) == "الجاري" || next(1) == "الحالي")):
		// "this week", "الأسبوع الجاري": from its Monday to the publication
		monday := p.AddDate(0, 0, -(int(p.Weekday())+6)%7)
		return stretchSpan(i, i+2, dayOf(monday), pub), true
	case w == "this" && (next(1) == "year"):
		return stretchSpan(i, i+2, yearOf(pub.Year), pub), true
	case w == "this" && next(1) == "month" && pub.Precision != domain.PrecisionYear:
		return stretchSpan(i, i+2, monthOf(pub.Year, pub.Month), pub), true
	case w == "last" && next(1) == "year":
		y := yearOf(pub.Year - 1)
		return stretchSpan(i, i+2, y, y), true
	case w == "last" && next(1) == "month" && pub.Precision != domain.PrecisionYear:
		m := monthOf(pub.Year, pub.Month-1)
		return stretchSpan(i, i+2, m, m), true
	case day && w == "weekend" && i > 0 && (toks[i-1].lower == "the" || toks[i-1].lower == "last" || toks[i-1].lower == "this"):
		// "over the weekend", "last weekend": the Saturday and Sunday
		// before publication, or the one it falls on
		sat := p.AddDate(0, 0, -((int(p.Weekday()) + 1) % 7))
		if p.Weekday() == time.Sunday {
			sat = p.AddDate(0, 0, -1)
		}
		return stretchSpan(i, i+1, dayOf(sat), dayOf(sat.AddDate(0, 0, 1))), true
	case day && w == "last" && next(1) == "week":
		monday := p.AddDate(0, 0, -(int(p.Weekday())+6)%7)
		return stretchSpan(i, i+2, dayOf(monday.AddDate(0, 0, -7)), dayOf(monday.AddDate(0, 0, -1))), true
	case w == "last" && pub.Precision != domain.PrecisionYear:
		if m, k, ok := monthAt(toks, i+1); ok {
			// "last May": the latest May before the publication's month.
			y := pub.Year
			if m >= pub.Month {
				y--
			}
			mo := monthOf(y, m)
			return stretchSpan(i, k, mo, mo), true
		}
	case w == "end" && next(1) == "of" && next(2) == "the" && next(3) == "year":
		y := pub.Year
		if pub.Month != 12 || pub.Precision == domain.PrecisionDay && pub.Day != 31 {
			y--
		}
		if i > 1 && toks[i-1].lower == "the" && toks[i-2].lower == "by" && future(toks) {
			y = pub.Year // a deadline: "will … by the end of the year"
		}
		return daySpan(i, i+4, time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)), true
	}
	if lastWords[w] {
		return pastStretch(toks, i, pub)
	}
	if d, k, ok := dayAt(toks, i); ok && k+2 < len(toks) && toks[k].lower == "of" && toks[k+2].lower == "month" &&
		pub.Precision != domain.PrecisionYear {
		// "the 11th of this month", "the 3rd of last month"
		m := pub.Month
		switch toks[k+1].lower {
		case "this":
		case "last":
			m--
		default:
			return span{}, false
		}
		t := time.Date(pub.Year, m, d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return span{}, false // "the 31st of this month" in a 30-day month
		}
		return daySpan(i, k+3, t), true
	}
	return span{}, false
}

// yearStart are the words for the start of a year or month: "the start
// of the year", "مطلع العام".
var yearStart = set("start", "beginning", "مطلع", "بداية", "بدايه", "اول")

// startOfAt reads "the start of the year" (or month) at toks[i], in
// English and Arabic, as the start of ref's year or month.
func startOfAt(toks []token, i int, ref domain.Date) (span, bool) {
	if !yearStart[toks[i].lower] || ref.IsZero() {
		return span{}, false
	}
	next := func(k int) string {
		if i+k < len(toks) {
			return toks[i+k].lower
		}
		return ""
	}
	switch {
	case next(1) == "of" && next(2) == "the" && (next(3) == "year" || next(3) == "month"):
		// "since the start of the year", "since the beginning of the month"
		return startOf(i, i+4, next(3) == "month", ref)
	case next(1) == "العام" || next(1) == "السنة" || next(1) == "الشهر":
		// "منذ مطلع العام", "منذ بداية الشهر الجاري", "منذ مطلع العام الماضي"
		n := 2
		switch next(2) {
		case "الجاري", "الحالي":
			n = 3
		case "الماضي", "الماضية":
			if next(1) == "الشهر" {
				return span{}, false
			}
			return startOf(i, i+3, false, domain.Date{Year: ref.Year - 1, Precision: domain.PrecisionYear})
		}
		return startOf(i, i+n, next(1) == "الشهر", ref)
	}
	return span{}, false
}

// startOf is the start of the publication's year or month, from toks[from]
// to toks[to]: the year or month as its first date, its first day as its
// last, so that "since" reads the year or month it opens.
func startOf(from, to int, month bool, pub domain.Date) (span, bool) {
	if month {
		if pub.Precision == domain.PrecisionYear {
			return span{}, false
		}
		return stretchSpan(from, to, monthOf(pub.Year, pub.Month), dayOf(time.Date(pub.Year, pub.Month, 1, 0, 0, 0, 0, time.UTC))), true
	}
	return stretchSpan(from, to, yearOf(pub.Year), dayOf(time.Date(pub.Year, 1, 1, 0, 0, 0, 0, time.UTC))), true
}

// writtenDateAfter reports a written date right after a weekday, past a
// comma: "Monday, 22 January 2024", "Thursday 5 June".
func writtenDateAfter(toks []token, dated []bool, k int) bool {
	if k < len(toks) && toks[k].text == "," {
		k++
	}
	return k < len(toks) && dated[k]
}

// pastStretch reads "the past week", "the last 21 months", "the past nine
// months", "the previous two weeks": from that long before publication to
// publication. It needs a day-precision publication date.
func pastStretch(toks []token, i int, pub domain.Date) (span, bool) {
	if pub.Precision != domain.PrecisionDay {
		return span{}, false
	}
	n, k := 1, i+1
	if k < len(toks) {
		if v, ok := smallCount(toks[k]); ok {
			n, k = v, k+1
		}
	}
	if k >= len(toks) || !lengthUnits[toks[k].lower] {
		return span{}, false
	}
	if toks[i].lower == "last" && n == 1 {
		return span{}, false // "last week", "last month", "last year" are read in relativeAt
	}
	first, last := pastDates(n, strings.TrimSuffix(toks[k].lower, "s"), pub)
	return stretchSpan(i, k+1, first, last), true
}

// pastDates are the ends of "the past n units" before pub. Counted in days
// or weeks, the ends are days; in months or years they are months, as
// precise as "the past 21 months" is.
func pastDates(n int, unit string, pub domain.Date) (first, last domain.Date) {
	p := pub.First()
	last = pub
	switch unit {
	case "day":
		first = dayOf(p.AddDate(0, 0, -n))
	case "week":
		first = dayOf(p.AddDate(0, 0, -7*n))
	case "month":
		first, last = monthOf(p.Year(), p.Month()-time.Month(n)), monthOf(p.Year(), p.Month())
	default:
		first, last = monthOf(p.Year()-n, p.Month()), monthOf(p.Year(), p.Month())
	}
	return first, last
}

// arabicDuals are the Arabic duals of the units of time, by folded
// spelling: "اليومين الماضيين" is the past two days.
var arabicDuals = map[string]string{"اليومين": "day", "يومين": "day", "الاسبوعين": "week",
	"اسبوعين": "week", "الشهرين": "month", "شهرين": "month", "العامين": "year", "السنتين": "year"}

// arabicPlurals are the Arabic plurals of the units of time: "الأشهر
// العشرة الماضية" is the past ten months.
var arabicPlurals = map[string]string{"الايام": "day", "ايام": "day", "الاسابيع": "week",
	"اسابيع": "week", "الاشهر": "month", "اشهر": "month", "الشهور": "month", "السنوات": "year",
	"الاعوام": "year"}

// arabicPast are the words for "past" or "last" after an Arabic stretch.
var arabicPast = set("الماضيين", "الماضية", "الاخيرين", "الاخيرة", "الفائتة", "المنصرمة")

// arabicPastStretch reads "the past N units" in Arabic at toks[i]: a dual
// ("اليومين الماضيين", the past two days) or a plural with its count in
// digits or words ("الأشهر العشرة الماضية", "الأيام 3 الأخيرة").
func arabicPastStretch(toks []token, i int, pub domain.Date) (span, bool) {
	if pub.Precision != domain.PrecisionDay || i+1 >= len(toks) {
		return span{}, false
	}
	key := toks[i].key
	if unit, ok := arabicDuals[key]; ok && arabicPast[toks[i+1].key] {
		first, last := pastDates(2, unit, pub)
		return stretchSpan(i, i+2, first, last), true
	}
	unit, ok := arabicPlurals[key]
	if !ok || i+2 >= len(toks) || !arabicPast[toks[i+2].key] {
		return span{}, false
	}
	n := 0
	if t := toks[i+1]; t.kind == number {
		n = atoi(t.intDigits)
	} else if v, ok := arabicNumbers[strings.TrimPrefix(t.key, "ال")]; ok && v <= 12 {
		n = int(v)
	}
	if n < 2 || n > 36 {
		return span{}, false
	}
	first, last := pastDates(n, unit, pub)
	return stretchSpan(i, i+3, first, last), true
}

// smallCounts are the number words "the past N weeks" uses.
var smallCounts = map[string]int{
	"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "few": 0,
}

// smallCount reads "21" or "nine" as the N of "the past N months".
func smallCount(t token) (int, bool) {
	if t.kind == number && !t.grouped && t.fracDigits == "" && len(t.intDigits) <= 3 {
		return atoi(t.intDigits), true
	}
	if v, ok := smallCounts[t.lower]; ok && v > 0 {
		return v, true
	}
	return 0, false
}

// partOfYear reads "first half of 2024", "the second half of the year",
// "the third quarter of 2023".
func partOfYear(toks []token, i int, pub domain.Date) (span, bool) {
	if i+2 >= len(toks) {
		return span{}, false
	}
	if toks[i].lower == "first" && i+3 < len(toks) && toks[i+2].lower == "months" && toks[i+3].lower == "of" {
		// "the first three months of 2022"
		if n, ok := smallCount(toks[i+1]); ok && n >= 1 && n <= 12 {
			if y, to, ok := yearAt(toks, i+4); ok {
				return stretchSpan(i, to, monthOf(y, 1), monthOf(y, time.Month(n))), true
			}
		}
	}
	if i+2 >= len(toks) || toks[i+2].lower != "of" {
		return span{}, false
	}
	ord := map[string]int{"first": 0, "second": 1, "third": 2, "fourth": 3}[toks[i].lower]
	var months int
	switch toks[i+1].lower {
	case "half":
		months = 6
	case "quarter":
		months = 3
	default:
		return span{}, false
	}
	if months == 6 && ord > 1 {
		return span{}, false
	}
	y, to := 0, 0
	k := i + 3
	if k < len(toks) && toks[k].lower == "the" && k+1 < len(toks) && toks[k+1].lower == "year" && !pub.IsZero() {
		y, to = pub.Year, k+2
	} else if yy, kk, ok := yearAt(toks, k); ok {
		y, to = yy, kk
	} else {
		return span{}, false
	}
	from := time.Date(y, time.Month(1+ord*months), 1, 0, 0, 0, 0, time.UTC)
	last := from.AddDate(0, months, -1)
	return stretchSpan(i, to, dayOf(from), dayOf(last)), true
}

// runningWords say that a count is a running total as of the report:
// "so far", "to date", "currently", "حتى الآن".
var runningWords = set("currently", "now", "presently", "حاليا", "حاليًا", "حالياً", "الآن", "تاکنون", "actuellement")

// participles that do not end in -ed or -en.
var participles = set("fled", "left", "come", "gone", "sought", "been", "made", "run", "grown", "risen", "fallen", "reached", "crossed", "arrived")

// runningTotal reports a sentence that gives a count as it stands at the
// time of writing, so that its as-of date is the publication date: "so
// far", "to date", "until now", "currently", a present perfect ("have
// returned", "has risen", "have been displaced") or a stock in the present
// ("are displaced", "is home to", "hosts", "stands at"). A past simple or
// past perfect ("returned in May", "had fled") is not one.
//
// strong is for the words that say it outright ("so far", "currently")
// and for a stock in the present ("there are", "are displaced"), which
// outweigh a month or a year the sentence names for an older figure
// ("currently housing 500,000, up from 300,000 in April", "are displaced,
// after a surge in January").
func runningTotal(toks []token) (running, strong bool) {
	for i, t := range toks {
		w := t.lower
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1].lower
		}
		switch {
		case runningWords[w]:
			return true, true
		case w == "so" && next == "far", w == "to" && next == "date", w == "till" && next == "date",
			w == "اب" && next == "تک", // Urdu: so far
			(w == "until" || w == "till") && next == "now":
			return true, true
		case totalVerbs[w] && next == "the" && totalWithin(toks, i+2):
			running = true // "bringing the total population of the camp to"
		case strings.HasSuffix(w, "هاند") || strings.HasSuffix(w, "هاست"):
			running = true // Persian present perfect: "بازگشتهاند" (have returned)
		case w == "have" || w == "has" || w == "’ve":
			if next != "to" && participleWithin(toks, i+1, 4) {
				running = true
			}
		case w == "is" && next == "home", w == "hosts", w == "host", (w == "stands" || w == "stand") && next == "at",
			w == "totals", w == "remain" || w == "remains":
			running = true
		case w == "there" && (next == "are" || next == "is"):
			return true, true // "there are 1.1 million refugees"
		case (w == "are" || w == "is") && stockWithin(toks, i+1):
			return true, true // "are internally displaced", "are staying in camps"
		}
	}
	return running, false
}

// totalVerbs carry a running total to a new level: "bringing the total to",
// "taking the total number of returns to".
var totalVerbs = set("bringing", "taking", "raising", "pushing", "brings", "takes", "raises", "pushes")

// totalWithin reports "total", "number" or "tally" among the next words.
func totalWithin(toks []token, k int) bool {
	for end := k + 3; k < len(toks) && k < end; k++ {
		if w := toks[k].lower; w == "total" || w == "number" || w == "tally" || w == "toll" {
			return true
		}
	}
	return false
}

// stockWithin reports a state after "are"/"is", past one adverb: "are
// (internally) displaced", "are (still) staying", "is hosting".
func stockWithin(toks []token, k int) bool {
	for end := k + 2; k < len(toks) && k < end && toks[k].kind == word; k++ {
		w := toks[k].lower
		if stockWords[w] || len(w) > 4 && w[len(w)-3:] == "ing" {
			return true
		}
	}
	return false
}

var stockWords = set("displaced", "hosted", "registered", "stranded", "sheltered", "home", "living", "trapped")

// participleWithin reports a past participle among the next n words, with
// no punctuation between: "have either voluntarily returned".
func participleWithin(toks []token, k, n int) bool {
	for end := k + n; k < len(toks) && k < end; k++ {
		t := toks[k]
		if t.kind != word {
			return false
		}
		w := t.lower
		if participles[w] || len(w) > 4 && (w[len(w)-2:] == "ed" || w[len(w)-2:] == "en") {
			return true
		}
	}
	return false
}
