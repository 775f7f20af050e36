package extract

// This file chooses, among the counts of a sentence, the one the sentence is
// about, the way an analyst reads it, and says how sure that choice is.

// choice is the reading of every candidate of a sentence: the chosen one and
// the confidence of each.
type choice struct {
	best       int
	confidence []float64
}

// choose scores each candidate (salience, plus the words of the series being
// entered, plus the preference for the precise statement of a figure the
// sentence also rounds, and the people a count of households is restated
// in) and takes the highest; the first wins a tie, as
// reporting puts its headline first.
func choose(toks []token, inDate []bool, cands []candidate, series string) choice {
	scores := make([]int, len(cands))
	tied := make([]bool, len(cands))
	head, other := seriesWords(series)
	for i, c := range cands {
		scores[i] = salience(toks, inDate, c)
		// A running total counts what the sentence counts: "bringing the
		// total to some 5.4 million" is as tied as "5.4 million people".
		tied[i] = tiedToPeople(toks, inDate, c) || totalBefore(toks, inDate, c.from) || totalAfter(toks, c.to)
		// The whole a part is out of ("200,000 out of an estimated 1.7
		// million Afghans") takes no series words: the series counts the part.
		if m := seriesMatch(toks, c, head, other); m > 0 && !denominator(toks, c.from) {
			scores[i] += m
			tied[i] = true
		}
	}
	for i := range cands {
		if restated(cands, i) {
			scores[i] += 2
		}
		if m := restatedInPeople(toks, cands, i); m >= 0 && !countsHouseholds(head) {
			// "a total of 470 families, comprising 2,453 persons": the
			// people restate the same figure, so they take its salience
			// and are the figure.
			scores[m] = max(scores[m], scores[i])
			scores[i] -= 4
		}
	}
	best := 0
	for i := range cands {
		if scores[i] > scores[best] {
			best = i
		}
	}
	ch := choice{best: best, confidence: make([]float64, len(cands))}
	for i := range cands {
		ch.confidence[i] = confidence(scores, tied, i, best)
	}
	for i := range cands {
		if i != best && ch.confidence[i] >= ch.confidence[best] {
			// A count not chosen is never surer than the chosen one.
			ch.confidence[i] = max(ch.confidence[best]-0.05, 0.05)
		}
	}
	return ch
}

// restated reports the precise statement of a figure that the sentence also
// gives rounded: "Nearly 2.0 million … returned …, citing 2,004,302
// returnees". The precise one is what an analyst enters. Two numbers are the
// same figure when they differ by at most 5%, and the precise one has more
// significant digits.
func restated(cands []candidate, i int) bool {
	c := cands[i]
	if c.isRange {
		return false
	}
	v := c.low.value
	for k := max(i-restateReach, 0); k < min(i+restateReach+1, len(cands)); k++ {
		o := cands[k]
		if k == i || o.isRange {
			continue
		}
		w := o.low.value
		if significantDigits(v) > significantDigits(w) && 20*absDiff(v, w) <= max(v, w) {
			return true
		}
	}
	return false
}

// restateReach is how many counts either side restated compares with, which
// keeps a pasted page of thousands of numbers linear.
const restateReach = 6

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// confidence is how sure the reading is that candidate i is a figure worth
// entering, on this scale:
//
//	0.30  a number with nothing saying what it counts ("in 39 localities")
//	0.65  a count tied to a people noun or a displacement verb, or to the
//	      words of the series ("685 forces killed", "3 ملايين نزحوا")
//	+0.05 per point of salience above that (a total cue, a qualifier),
//	      at most +0.15; −0.1 per point below zero (a denominator, a
//	      sub-count in brackets, an old value of a change), at most −0.25
//	+0.15 the chosen count when no other count of the sentence is tied to
//	      people: nothing competes with it
//	×0.8  a count that was not chosen
//
// so a lone count of people is high (0.8 or more), a chosen count among
// several is 0.6 to 0.75, an other count of people a little above 0.5 (the
// whole-document page ticks it), and a bare or demoted number below 0.5.
func confidence(scores []int, tied []bool, i, best int) float64 {
	c := 0.30
	if tied[i] {
		c = 0.65
	}
	base := 0
	if tied[i] {
		base = 3 // what peopleAfter adds to salience
	}
	switch d := scores[i] - base; {
	case d > 0:
		c += min(0.05*float64(d), 0.15)
	case d < 0:
		c -= min(0.1*float64(-d), 0.25)
	}
	if i == best {
		alone := true
		for k := range tied {
			if k != i && tied[k] {
				alone = false
			}
		}
		if alone {
			c += 0.15
		}
	} else {
		c *= 0.8
	}
	return min(max(c, 0.05), 0.98)
}
