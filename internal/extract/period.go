package extract

import (
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// period finds the period the sentence states: its start ("since September
// 2023", "from 1 January 2024 to ...", "between April and June 2023") and its
// end, the as-of date ("as of January 23, 2024", "till 10th May 2024"). The
// first of each wins, in this order of trust:
//
//  1. triggers with a date: "since", "from/between A to/and B", a bare
//     "10–16 December 2017", "as of", "until", "by", "at the end of";
//  2. stretches named as a whole: "last year", "over the past week", "this
//     year", "in the first half of 2024", those after "in/over/during"
//     first; then the day of the statement ("UNHCR said on Thursday", the
//     dateline "January 25, 2024 (KHARTOUM) –") as the as-of date; then the
//     publication date when the sentence says the count stands now ("so
//     far", "currently", "there are");
//  3. only when nothing else dated the sentence, "in 2024" / "during 2023"
//     / "in January 2025", the period counted (its end alone after a
//     stock verb: "reached 11.5 million in January 2025"); and a day an
//     event happened ("crossed the border yesterday", "evacuated 2,000
//     residents on Monday"), which is the period's start and end;
//  4. with a publication date, a sentence that reports a running total
//     ("so far", "to date", "have returned", "are currently displaced",
//     "حتى الآن"), a "since" with no end, or a statement it attributes
//     (reported: "the ministry said 140,322 had left") is as of the
//     publication date, the day the statement was reported. A past event
//     told with no source and no date ("the bombardment displaced 14,000
//     people") stays undated.
//
// Dates without a year and relative dates need pub (see relative.go);
// without it they are read against the statement's own date when the
// sentence writes it in full, and otherwise not at all.
//
// startAt is the token of the "since" that gave the start, or -1: the
// reader drops a start that a later clause gives another count (see
// otherClause).
func period(toks []token, spans []span, pub domain.Date, reported bool) (start, end domain.Date, startAt int) {
	startAt = -1
	if pub.IsZero() {
		pub = statedDate(toks, spans)
	}
	rel := relativeSpans(toks, spans, pub)
	at := make(map[int]span, len(spans)+len(rel))
	for _, sp := range spans {
		at[sp.from] = sp
	}
	for _, sp := range rel {
		if _, ok := at[sp.from]; !ok {
			at[sp.from] = sp
		}
	}
	for _, sp := range dayRanges(toks, rel) {
		at[sp.from] = sp // "between 11th and 21st of this month"
	}
	if !pub.IsZero() {
		for _, sp := range solarSpans(toks, pub) {
			if _, ok := at[sp.from]; !ok {
				at[sp.from] = sp // "بهمنماه سال جاری": this solar year
			}
		}
	}
	r := periodReader{toks: toks, at: at, pub: pub, forward: future(toks), used: make([]bool, len(toks))}
	for _, sp := range spans {
		if sp.year != 0 && sp.month != 0 {
			r.ref = sp // the first date written in full dates the others
			break
		}
	}
	set := func(s, e domain.Date) {
		if start.IsZero() {
			start = s
		}
		if end.IsZero() {
			end = e
		}
	}
	since := false
	for i := range toks {
		w := toks[i].lower
		switch {
		case w == "after" && start.IsZero():
			// "after the November 1 deadline": a start, but no running total
			if sp, ok := r.lookup(i + 1); ok && sp.from <= i+2 {
				start = r.resolve(sp, false).startDate()
			}
		case w == "since" || w == "منذ" || w == "depuis":
			if comparedSince(toks, i) {
				r.ahead(i + 1) // "the deadliest attack since 2015": a base, read by no other step
				continue
			}
			if sp, ok := r.ahead(i + 1); ok && start.IsZero() {
				start, since, startAt = r.resolve(sp, false).startDate(), true, i
			}
		case w == "من" && start.IsZero():
			// Arabic "من 1 يناير إلى 24 يناير 2026": "من" is also "of" and
			// "than" ("أكثر من"), so only a date closed by a second one
			// opens a period.
			if sp, ok := r.at[i+1]; ok && sp.to < len(toks) && closesPeriod[leadText(toks[sp.to])] && r.closedBy(sp) {
				set(r.fromTo(sp))
			}
		case opensPeriod[w] && (i == 0 || !movedFrom[toks[i-1].lower]):
			if sp, ok := r.lookup(i + 1); ok {
				set(r.fromTo(sp))
			} else if sp, ok := r.eventBetween(i); ok {
				set(r.fromTo(sp))
			}
		default:
			if sp, ok := at[i]; ok && bareRangeAfter(toks, sp) && r.closedBy(sp) {
				set(r.fromTo(sp))
			} else if n := endTrigger(toks, i); n > 0 && end.IsZero() {
				if sp, ok := r.lookup(i + n); ok {
					end = r.resolve(sp, w == "by" && r.forward).endDate()
				}
			}
		}
	}
	r.stretches(&start, &end)
	running, strong := runningTotal(toks)
	if end.IsZero() {
		end = r.statementDay()
	}
	if end.IsZero() && !pub.IsZero() && strong {
		end = pub
		if start.IsZero() {
			start = r.soFarIn() // "so far in 2008"
		}
	}
	if start.IsZero() && end.IsZero() {
		start, end = r.in()
		if stockVerb(toks) {
			start = domain.Date{} // "the population reached 11.5 million in January"
		}
	}
	if d := r.eventDay(); !d.IsZero() && (end.IsZero() || start.IsZero() && !running && !d.First().After(end.Last())) {
		if start.IsZero() && !running {
			start = d // "crossed the border yesterday": that day
		}
		if end.IsZero() {
			end = d
		}
	}
	if end.IsZero() && !pub.IsZero() && (since || running || reported) {
		end = pub
	}
	return start, end, startAt
}

// periodReader reads the spans of one sentence against its publication date.
type periodReader struct {
	toks    []token
	at      map[int]span
	pub     domain.Date
	forward bool // the sentence speaks of the future: "must leave by 15 June"
	// used marks the spans a trigger has read, by their first token, so
	// that the later steps do not read them again.
	used []bool
	// ref is the first date the sentence writes with its year and month:
	// "between 1 and 23 February … (UNHCR, 23 February 2017)".
	ref span
}

// take marks sp as read by a trigger.
func (r periodReader) take(sp span) span {
	r.used[sp.from] = true
	return sp
}

// resolve gives a yearless span its year: from a date the sentence writes
// in full, the same year (or the year before when the yearless month is
// later and comes first: "from 25 December … to 5 January 2024"), or
// else from the publication date.
func (r periodReader) resolve(sp span, forward bool) span {
	if sp.year != 0 || sp.month == 0 {
		return sp
	}
	if r.ref.year != 0 {
		sp.year = r.ref.year
		if sp.from < r.ref.from && sp.month > r.ref.month {
			sp.year--
		}
		return sp
	}
	return resolve(sp, r.pub, forward)
}

// lookup finds the span a trigger points to, past its lead words: "as of
// the end of May 2025", "since the start of 2024", "by the end of the year".
func (r periodReader) lookup(k int) (span, bool) {
	end := skipLead(r.toks, k)
	for ; k <= end; k++ {
		if sp, ok := r.at[k]; ok {
			return r.take(sp), true
		}
	}
	return span{}, false
}

// opensPeriod are the words before the first date of "from A to B".
var opensPeriod = set("from", "between", "starting", "beginning", "commencing", "بين", "entre", "du", "از")

// movedFrom are the verbs before a "from" that moves a date rather than
// opens a period: "extended from 31 March 2025 to 30 June 2025".
var movedFrom = set("extended", "postponed", "moved", "shifted", "delayed", "deferred",
	"advanced", "changed", "pushed", "brought")

// closesPeriod join the two dates of "from A to B", "between A and B".
var closesPeriod = set("to", "till", "until", "through", "and", "-", "–", "—", "إلى", "الى", "حتى", "و", "et", "au", "اور", "تا")

// bareCloses join two dates with no opening word: "10–16 December 2017",
// "25 February till 2 March". "and" is not one ("in 2023 and 2024").
var bareCloses = set("to", "till", "until", "through", "-", "–", "—")

// bareRangeAfter reports "A – B" at sp with no opening word.
func bareRangeAfter(toks []token, sp span) bool {
	j := sp.to
	if sp.month == 0 || j+1 >= len(toks) {
		return false
	}
	// A bare day is the first of "22 and 23 March" (dayRanges): any joining
	// word makes the range.
	bareDay := sp.to == sp.from+1 && toks[sp.from].kind == number
	return bareCloses[leadText(toks[j])] || bareDay && closesPeriod[leadText(toks[j])]
}

// closedBy reports a second date after the joining word that follows sp:
// "10–16 December", but not the dateline "Juba, July 20 – More than …".
func (r periodReader) closedBy(sp span) bool {
	j := sp.to
	if j+1 >= len(r.toks) {
		return false
	}
	_, ok := r.at[skipLead(r.toks, j+1)]
	return ok
}

// leadWords may stand between a trigger and its date: "since the start of
// 2024", "in the month of October 2019", "as of the end of May 2025", "as of mid-April 2024", "as of
// Monday, 22 January 2024".
var leadWords = set("the", "start", "beginning", "end", "middle", "of", "early", "mid", "month",
	"late", "on", "from", "-", ",", "year", "عام", "سنة", "نهاية", "آغاز", "ابتدای", "اوایل", "سال", "شهر", "ماه", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday")

func skipLead(toks []token, k int) int {
	for n := 0; k < len(toks) && n < 6 && leadWords[leadText(toks[k])]; n++ {
		k++
	}
	return k
}

func leadText(t token) string {
	if t.kind == punct {
		return t.text
	}
	return t.lower
}

// ahead finds the date that a "since" points to, a few words on in the
// same clause: "since Islamabad launched its repatriation program in 2023".
// It stops at punctuation and at numbers that are not dates.
func (r periodReader) ahead(k int) (span, bool) {
	toks := r.toks
	for end := k + 20; k < len(toks) && k < end; k++ {
		if sp, ok := r.at[k]; ok {
			if sp.to < len(toks) && toks[sp.to].lower == "s" && !toks[sp.to].spaced {
				return span{}, false // "since the mid-1990s": a decade
			}
			return r.take(sp), true
		}
		if t := toks[k]; t.text == "(" || t.text == ")" {
			end++ // "since the conflict between the Sudan Armed Forces (SAF) and …"
			continue
		}
		if t := toks[k]; t.kind == punct && t.text != "-" && t.text != "’" && t.text != "'" || t.kind == number {
			break
		}
	}
	return span{}, false
}

// eventBetween finds the first date of "between" an event and a date:
// "between the signing of the peace agreement in October 2018 and May 31,
// 2024". The event is a few words in the same clause, its date after
// "in" or "on", and a closing word and a second date must follow it;
// otherwise nothing is read.
func (r periodReader) eventBetween(i int) (span, bool) {
	toks := r.toks
	if toks[i].lower != "between" {
		return span{}, false
	}
	for k := i + 1; k < len(toks) && k < i+12; k++ {
		if sp, ok := r.at[k]; ok {
			if !inWords[toks[k-1].lower] && toks[k-1].lower != "on" || r.used[k] {
				return span{}, false
			}
			j := sp.to
			if j+1 < len(toks) && toks[j].text == "," {
				j++
			}
			if j+1 >= len(toks) || !closesPeriod[leadText(toks[j])] {
				return span{}, false
			}
			if _, ok := r.at[skipLead(toks, j+1)]; !ok {
				return span{}, false
			}
			return sp, true
		}
		if t := toks[k]; t.kind == punct && t.text != "-" || t.kind == number {
			return span{}, false
		}
	}
	return span{}, false
}

// comparedSince reports a "since" that gives the base of a comparison, not
// the start of the period counted: after a superlative ("the deadliest
// attack since 2015", "the highest level since", "the first time since")
// or a change by a factor ("increased tenfold since 2013", "doubled since
// 2019"), within a few words in the same clause.
func comparedSince(toks []token, i int) bool {
	for k, n := i-1, 0; k >= 0 && n < 6; k, n = k-1, n+1 {
		t := toks[k]
		if t.kind == punct || t.kind == number {
			return false
		}
		w := t.lower
		if len(w) > 4 && strings.HasSuffix(w, "fold") || w == "doubled" || w == "tripled" || w == "halved" ||
			w == "first" || w == "worst" || w == "most" || superlative(toks, k) {
			return true
		}
	}
	return false
}

// superlative reports "the …est" at toks[k]: "the deadliest", "the
// highest", "the largest", with "the" or a possessive before it.
func superlative(toks []token, k int) bool {
	w := toks[k].lower
	if len(w) < 6 || !strings.HasSuffix(w, "est") || k == 0 {
		return false
	}
	p := toks[k-1].lower
	return p == "the" || p == "s" || p == "its" || p == "their"
}

// fromTo reads "from A to B" from A. A yearless A takes the year of B, or
// the year before when its month comes later: "between 1 January and 31
// March 2024", "from 25 December to 5 January 2024".
func (r periodReader) fromTo(a span) (start, end domain.Date) {
	toks := r.toks
	r.take(a)
	j := a.to
	if j+2 < len(toks) && toks[j].text == "," && closesPeriod[leadText(toks[j+1])] {
		j++ // "between December 18, 2024, and March 4, 2025"
	}
	if j+1 < len(toks) && closesPeriod[leadText(toks[j])] {
		if b, ok := r.lookup(j + 1); ok {
			b = r.resolve(b, false)
			if a.year == 0 && b.year != 0 && a.month != 0 {
				a.year = b.year
				if b.month != 0 && (a.month > b.month || a.month == b.month && b.day != 0 && a.day > b.day) {
					a.year--
				}
			}
			end = b.endDate()
		}
	}
	return r.resolve(a, false).startDate(), end
}

// stretches fills what is still missing from a stretch named as a whole:
// "last year", "over the past week".
func (r periodReader) stretches(start, end *domain.Date) {
	toks := r.toks
	// A stretch after "in", "over", "during" is the period counted; a bare
	// one ("Last week, the council reported…") may date the report.
	for _, counted := range []bool{true, false} {
		for i := range toks {
			sp, ok := r.at[i]
			if !ok || !sp.stretch || r.used[i] || counted && !afterIn(toks, i) ||
				!counted && toks[i].kind == number {
				continue // "the 2023-24 response plan" names a plan, not the period counted
			}
			if start.IsZero() {
				*start = sp.startDate()
			}
			if end.IsZero() {
				*end = sp.endDate()
			}
			return
		}
	}
}

// afterIn reports an "in"-word before toks[i], past "the": "over the past
// week", "in the first half of 2024", "during the last 14 months".
func afterIn(toks []token, i int) bool {
	if i > 0 && toks[i-1].lower == "the" {
		i--
	}
	return i > 0 && inWords[toks[i-1].lower]
}

// in reads the period from "in/during" a month or a year, for a sentence
// dated by nothing else: "in 2024", "during 2023", "in January 2025".
func (r periodReader) in() (start, end domain.Date) {
	toks := r.toks
	for i := range toks {
		if !inWords[toks[i].lower] {
			continue
		}
		sp, ok := r.at[skipLead(toks, i+1)]
		if !ok || sp.day != 0 || sp.stretch || r.used[sp.from] {
			continue
		}
		if d := r.resolve(sp, false).date(); !d.IsZero() {
			return d, d
		}
	}
	return start, end
}

// inWords put a month or a year as the period counted: "in 2024", "during
// 2023", "throughout 2024", "في أبريل 2023", "خلال 2023".
var inWords = set("in", "during", "throughout", "over", "for", "في", "خلال", "وفي", "ففي", "وخلال")

// statedDate stands in for an unknown publication date: the day, written
// in full, of the statement or dateline that gave the number ("in a
// statement on Tuesday 13 May 2025, … last year").
func statedDate(toks []token, spans []span) domain.Date {
	for _, sp := range spans {
		if sp.year != 0 && sp.day != 0 && (dateline(toks, sp) || afterStatement(toks, sp)) {
			return sp.date()
		}
	}
	return domain.Date{}
}

// statementDay is the day of the statement that gave the number, the
// as-of date: "UNHCR said on Thursday", "announced on Tuesday that", "a
// report issued on Friday", "said today", or the dateline "January 25,
// 2024 (KHARTOUM) –".
func (r periodReader) statementDay() domain.Date {
	for i := range r.toks {
		if sp, ok := r.dayAt(i); ok && (dateline(r.toks, sp) || afterStatement(r.toks, sp)) {
			return r.resolve(sp, false).date()
		}
	}
	return domain.Date{}
}

// eventDay is a day the sentence names with no trigger and no statement:
// "crossed the border yesterday", "resumed the repatriation on Monday",
// Persian "در ۱۴ بهمن ۱۴۰۱" (on 14 Bahman 1401).
func (r periodReader) eventDay() domain.Date {
	for i := range r.toks {
		if sp, ok := r.dayAt(i); ok && (sp.relative || i > 0 && (r.toks[i-1].lower == "on" || r.toks[i-1].key == "در")) &&
			!dateline(r.toks, sp) && !afterStatement(r.toks, sp) {
			return r.resolve(sp, false).date()
		}
	}
	return domain.Date{}
}

// dayAt is the span naming one day at toks[i] that no trigger has read.
func (r periodReader) dayAt(i int) (span, bool) {
	sp, ok := r.at[i]
	return sp, ok && !sp.stretch && sp.day != 0 && !r.used[i]
}

// statementWords say a statement was made: the reporting verbs and
// "statement", "issued", "tweet".
var statementWords = set("statement", "issued", "released", "published", "tweet", "briefing",
	"conference", "قال", "وقال", "قالت", "وقالت", "أعلنت", "وأعلنت", "أعلن", "وأعلن", "ذكرت", "وذكرت", "بيان")

// afterStatement reports a day named with a statement: a few words after
// it ("said in a statement on Sunday", "أفاد تقرير، يوم السبت") or right
// before its verb ("OCHA on Tuesday said").
func afterStatement(toks []token, sp span) bool {
	for k, n := sp.from-1, 0; k >= 0 && n < 6; k, n = k-1, n+1 {
		t := toks[k]
		if t.kind == punct && t.text != "(" && t.text != "،" && t.text != "," {
			break
		}
		if reportingVerbs[t.lower] || statementWords[t.lower] || arabicVerbs[t.lower] {
			return true
		}
	}
	// "OCHA on Tuesday said": the verb right after the day
	for k := sp.to; k < len(toks) && k < sp.to+2; k++ {
		if reportingVerbs[toks[k].lower] {
			return true
		}
	}
	return false
}

// soFarIn reads the year or month of "so far in 2008", "to date in 2024".
func (r periodReader) soFarIn() domain.Date {
	toks := r.toks
	for i := 0; i+2 < len(toks); i++ {
		if (toks[i].lower == "so" && toks[i+1].lower == "far" || toks[i].lower == "to" && toks[i+1].lower == "date") &&
			toks[i+2].lower == "in" {
			if sp, ok := r.at[i+3]; ok && sp.day == 0 {
				return r.resolve(sp, false).startDate()
			}
		}
	}
	return domain.Date{}
}

// stockVerbs say a count stood at a level at a date, which is then its
// as-of date and no start: "reached 11.5 million in January 2025".
var stockVerbs = set("reached", "reaching", "stood", "standing", "totalled", "totaled", "peaked", "hit")

func stockVerb(toks []token) bool {
	for _, t := range toks {
		if stockVerbs[t.lower] {
			return true
		}
	}
	return false
}

// dateline reports a date that opens the sentence as a news agency's
// dateline: "January 25, 2024 (KHARTOUM) –", "جنيف في 6 يوليو/أ ش أ/".
func dateline(toks []token, sp span) bool {
	if sp.from > 2 || sp.to >= len(toks) {
		return false
	}
	switch toks[sp.to].text {
	case "(", "/", "–", "—", ":":
		return true
	}
	return false
}

// endTrigger reports how many tokens of an as-of phrase start at toks[i]:
// "as of", "as at", "as on", "up to", "up until", "till", "until",
// "through", "by", "ending", "at the end of", "حتى", "بحلول".
func endTrigger(toks []token, i int) int {
	w, next := toks[i].lower, ""
	if i+1 < len(toks) {
		next = toks[i+1].lower
	}
	switch {
	case w == "as" && (next == "of" || next == "at" || next == "on"):
		return 2
	case w == "up" && (next == "to" || next == "until" || next == "till"):
		return 2
	case w == "at" && next == "the" && i+2 < len(toks) && toks[i+2].lower == "end":
		return 1
	case w == "till" || w == "until" || w == "untill" || w == "through" || w == "thru" ||
		w == "by" || w == "ending" || w == "حتى" || w == "بحلول" || w == "وبحلول" || w == "وحتى":
		return 1
	}
	return 0
}

// futureWords mark a sentence about what is to come, where "by 15 June" is
// a deadline after publication.
var futureWords = set("will", "must", "expected", "projected", "deadline", "shall", "plans", "planned", "aims")

func future(toks []token) bool {
	for _, t := range toks {
		if futureWords[t.lower] {
			return true
		}
	}
	return false
}
