package extract

import "testing"

// TestHoldoutAccuracy scores testdata/holdout.csv, the third held-out set:
// 200 real sentences from 143 public pages the corpus does not quote (Afghan
// returns from Iran and Pakistan, Sudan and Darfur, Rohingya, Syria, Gaza,
// Ukraine, Myanmar, Ethiopia, Somalia, the Sahel, DR Congo, Haiti, Yemen,
// Venezuela, Libya; 166 English, 18 Arabic, 9 Persian, 7 Urdu), labelled
// under the corpus rules by someone who had not read or run the reader.
// It measures how the rules generalise to wording they were not written
// against, so nobody tunes against it: a miss here is fixed by a general
// rule with its own unit test, and once the set has served it joins the
// corpus and a new one is labelled.
//
// The floors are what the reader measures on it, in per cent, rounded
// down. When it was labelled: value 93%, qualifier 95%, period 78% and
// 76%, attribution 70%, organisation 41%. After a round of general rules
// that raised the corpus rows it was tuned on (value 90→98%, attribution
// 67→90%), it moved by a row or two (period end 78%, attribution 71%,
// organisation 44%): what the reader does on text it has not seen.
func TestHoldoutAccuracy(t *testing.T) {
	floors := map[string]int{
		"value": 93, "qualifier": 95, "value_low/high": 87, "value_as_stated": 92,
		"period_start": 78, "period_end": 78, "period_start (all)": 53, "period_end (all)": 57,
		"attribution": 71, "organization": 44,
	}
	scoreCorpus(t, "testdata/holdout.csv").check(t, floors)
}
