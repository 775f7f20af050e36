package extract

import "github.com/displacement-tracker/tracker/internal/domain"

// period finds the period the sentence states: its start ("since September
// 2023", "from 1 January 2024 to ...", "between April and June 2023") and its
// end, the as-of date ("as of January 23, 2024", "till 10th May 2024"). The
// first of each wins. Only dates with a written year are used: relative dates
// ("last year", "this month") and yearless ones ("by 15 June") give nothing,
// and neither does a plain "in 2024", which dates an event, not a period.
func period(toks []token, spans []span) (start, end domain.Date) {
	at := make(map[int]span, len(spans))
	for _, sp := range spans {
		at[sp.from] = sp
	}
	for i := range toks {
		w := toks[i].lower
		switch {
		case w == "since":
			if sp, ok := spanAhead(toks, at, i+1); ok && start.IsZero() {
				start = sp.date()
			}
		case opensPeriod[w] && (i == 0 || !movedFrom[toks[i-1].lower]):
			s, e := fromTo(toks, at, i+1)
			if start.IsZero() {
				start = s
			}
			if end.IsZero() {
				end = e
			}
		default:
			if n := endTrigger(toks, i); n > 0 && end.IsZero() {
				if sp, ok := at[skipLead(toks, i+n)]; ok {
					end = sp.date()
				}
			}
		}
	}
	return start, end
}

// opensPeriod are the words before the first date of "from A to B".
var opensPeriod = set("from", "between", "starting", "beginning", "commencing")

// movedFrom are the verbs before a "from" that moves a date rather than
// opens a period: "extended from 31 March 2025 to 30 June 2025".
var movedFrom = set("extended", "postponed", "moved", "shifted", "delayed", "deferred",
	"advanced", "changed", "pushed", "brought")

// closesPeriod join the two dates of "from A to B", "between A and B".
var closesPeriod = set("to", "till", "until", "through", "and", "-", "–", "—")

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

// spanAhead finds the date that a "since" points to, a few words on in the
// same clause: "since Islamabad launched its repatriation program in 2023".
// It stops at punctuation and at numbers that are not dates.
func spanAhead(toks []token, at map[int]span, k int) (span, bool) {
	for end := k + 12; k < len(toks) && k < end; k++ {
		if sp, ok := at[k]; ok {
			return sp, true
		}
		if t := toks[k]; t.kind == punct && t.text != "-" && t.text != "’" && t.text != "'" || t.kind == number {
			break
		}
	}
	return span{}, false
}

// fromTo reads "from A to B" after its first word. A yearless A takes the
// year of B, or the year before when its month comes later: "between 1
// January and 31 March 2024", "from 25 December to 5 January 2024".
func fromTo(toks []token, at map[int]span, k int) (start, end domain.Date) {
	a, ok := at[skipLead(toks, k)]
	if !ok {
		return start, end
	}
	if j := a.to; j+1 < len(toks) && closesPeriod[leadText(toks[j])] {
		if b, ok := at[skipLead(toks, j+1)]; ok {
			if a.year == 0 && b.year != 0 && a.month != 0 {
				a.year = b.year
				if b.month != 0 && a.month > b.month {
					a.year--
				}
			}
			end = b.date()
		}
	}
	return a.date(), end
}

// endTrigger reports how many tokens of an as-of phrase start at toks[i]:
// "as of", "as at", "as on", "up to", "up until", "till", "until",
// "through", "by", "ending".
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
	case w == "till" || w == "until" || w == "untill" || w == "through" || w == "thru" ||
		w == "by" || w == "ending":
		return 1
	}
	return 0
}
