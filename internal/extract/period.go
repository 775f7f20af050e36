package extract

import "github.com/displacement-tracker/tracker/internal/domain"

// period finds the period the sentence states: its start ("since September
// 2023", "from 1 January 2024 to ...", "between April and June 2023") and its
// end, the as-of date ("as of January 23, 2024", "till 10th May 2024"). The
// first of each wins, in this order of trust:
//
//  1. triggers with a date: "since", "from/between A to/and B", a bare
//     "10–16 December 2017", "as of", "until", "by", "at the end of";
//  2. stretches named as a whole: "last year", "over the past week", "this
//     year", "in the first half of 2024"; and, only when nothing else dated
//     the sentence, "in 2024" / "during 2023" / "in January 2025" (a month
//     or a year, which in reporting is the period counted, where "on 15
//     April 2023" dates an event);
//  3. a day with no trigger ("yesterday", "said on Thursday", the dateline
//     "January 25, 2024 (KHARTOUM) –") gives the as-of date;
//  4. with a publication date, a sentence that reports a running total
//     ("so far", "to date", "have returned", "are currently displaced",
//     "حتى الآن") or a "since" with no end is as of the publication date.
//
// Dates without a year and relative dates need pub (see relative.go);
// without it only dates written in full are read.
func period(toks []token, spans []span, pub domain.Date) (start, end domain.Date) {
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
	r := periodReader{toks: toks, at: at, pub: pub, forward: future(toks), used: make([]bool, len(toks))}
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
		case w == "since" || w == "منذ":
			if sp, ok := r.ahead(i + 1); ok && start.IsZero() {
				start, since = r.resolve(sp, false).startDate(), true
			}
		case opensPeriod[w] && (i == 0 || !movedFrom[toks[i-1].lower]):
			if sp, ok := r.lookup(i + 1); ok {
				set(r.fromTo(sp))
			}
		default:
			if sp, ok := at[i]; ok && bareRangeAfter(toks, sp) {
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
	if end.IsZero() && !pub.IsZero() && strong {
		end = pub
	}
	if start.IsZero() && end.IsZero() {
		start, end = r.in()
	}
	if end.IsZero() {
		end = r.days()
	}
	if end.IsZero() && !pub.IsZero() && (since || running) {
		end = pub
	}
	return start, end
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
}

// take marks sp as read by a trigger.
func (r periodReader) take(sp span) span {
	r.used[sp.from] = true
	return sp
}

// resolve gives a yearless span its year from the publication date.
func (r periodReader) resolve(sp span, forward bool) span { return resolve(sp, r.pub, forward) }

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
var opensPeriod = set("from", "between", "starting", "beginning", "commencing", "بين")

// movedFrom are the verbs before a "from" that moves a date rather than
// opens a period: "extended from 31 March 2025 to 30 June 2025".
var movedFrom = set("extended", "postponed", "moved", "shifted", "delayed", "deferred",
	"advanced", "changed", "pushed", "brought")

// closesPeriod join the two dates of "from A to B", "between A and B".
var closesPeriod = set("to", "till", "until", "through", "and", "-", "–", "—", "إلى", "الى", "حتى", "و")

// bareCloses join two dates with no opening word: "10–16 December 2017",
// "25 February till 2 March". "and" is not one ("in 2023 and 2024").
var bareCloses = set("to", "till", "until", "through", "-", "–", "—")

// bareRangeAfter reports "A – B" at sp with no opening word.
func bareRangeAfter(toks []token, sp span) bool {
	j := sp.to
	return sp.month != 0 && j+1 < len(toks) && bareCloses[leadText(toks[j])]
}

// leadWords may stand between a trigger and its date: "since the start of
// 2024", "as of the end of May 2025", "as of mid-April 2024", "as of
// Monday, 22 January 2024".
var leadWords = set("the", "start", "beginning", "end", "middle", "of", "early", "mid",
	"late", "on", "from", "-", ",", "monday", "tuesday", "wednesday", "thursday", "friday",
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
	for end := k + 12; k < len(toks) && k < end; k++ {
		if sp, ok := r.at[k]; ok {
			return r.take(sp), true
		}
		if t := toks[k]; t.kind == punct && t.text != "-" && t.text != "’" && t.text != "'" || t.kind == number {
			break
		}
	}
	return span{}, false
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
	for i := range toks {
		sp, ok := r.at[i]
		if !ok || !sp.stretch || r.used[i] {
			continue
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

// in reads the period from "in/during" a month or a year, for a sentence
// dated by nothing else: "in 2024", "during 2023", "in January 2025".
func (r periodReader) in() (start, end domain.Date) {
	toks := r.toks
	for i := range toks {
		if !inWords[toks[i].lower] {
			continue
		}
		sp, ok := r.at[skipLead(toks, i+1)]
		if !ok || sp.day != 0 || sp.stretch {
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
var inWords = set("in", "during", "throughout", "over", "for", "في", "خلال")

// days gives the as-of date from a day the sentence names without a
// trigger: "arrived yesterday", "UNHCR said on Thursday", a dateline.
func (r periodReader) days() domain.Date {
	for i := range r.toks {
		sp, ok := r.at[i]
		if !ok || sp.stretch || sp.day == 0 || r.used[i] {
			continue
		}
		if sp.relative || dateline(r.toks, sp) {
			return r.resolve(sp, false).date()
		}
	}
	return domain.Date{}
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
// "through", "by", "ending", "at the end of", "حتى".
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
		w == "by" || w == "ending" || w == "حتى":
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
