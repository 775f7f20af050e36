package extract

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// The labelled corpus (testdata/corpus.csv) is real excerpts with what a
// person read from them: the 12 figures of the demo dataset and the 90 of
// the realistic Sudan dataset, each with its value, qualifier, bounds,
// period, attribution, publication date and source (publisher and URL).
// Issue 18 asks for at least 150 sentences; this is its first part, built
// from the two datasets the project holds, so that accuracy is measured
// before the extractor changes.
//
// TestCorpusAccuracy reads every sentence with FromSentence and counts, per
// field, the labels it gets right, failing below the floors: the accuracy
// measured when the corpus was made, so that a change may only raise it.
// The period is counted only where the label has one, and a date the
// proposal gives at month or year precision matches a label on that month
// or year ("since September 2023" and 2023-09-01).
func TestCorpusAccuracy(t *testing.T) {
	f, err := os.Open("testdata/corpus.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, name := range recs[0] {
		col[name] = i
	}
	type tally struct{ right, of int }
	fields := map[string]*tally{"value": {}, "qualifier": {}, "period_start": {}, "period_end": {}}
	count := func(field string, ok bool) {
		fields[field].of++
		if ok {
			fields[field].right++
		}
	}
	for _, rec := range recs[1:] {
		get := func(name string) string { return rec[col[name]] }
		p := FromSentence(get("sentence"))
		want, err := strconv.ParseFloat(get("value"), 64)
		if err != nil {
			t.Fatalf("corpus: value %q: %v", get("value"), err)
		}
		count("value", p.HasValue && p.Value == want)
		count("qualifier", p.HasValue && string(p.Qualifier) == get("qualifier"))
		if s := get("period_start"); s != "" {
			count("period_start", sameDate(p.PeriodStart, s))
		}
		if s := get("period_end"); s != "" {
			count("period_end", sameDate(p.PeriodEnd, s))
		}
	}
	// Floors: the accuracy measured on this corpus when it was made
	// (issue 18's "before"), in per cent, rounded down.
	floors := map[string]int{"value": 77, "qualifier": 82, "period_start": 23, "period_end": 8}
	for _, name := range []string{"value", "qualifier", "period_start", "period_end"} {
		c := fields[name]
		pct := 100 * c.right / max(c.of, 1)
		t.Logf("%-13s %3d of %3d right (%d%%)", name, c.right, c.of, pct)
		if pct < floors[name] {
			t.Errorf("%s: %d%% right, below the floor of %d%%", name, pct, floors[name])
		}
	}
}

// sameDate reports whether the proposal d matches the label s: equal, or
// d at month or year precision naming s's month or year.
func sameDate(d domain.Date, s string) bool {
	if d.IsZero() {
		return false
	}
	got := d.String()
	return got == s || strings.HasPrefix(s, got+"-")
}
