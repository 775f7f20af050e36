package charts

import (
	"cmp"
	"errors"
	"slices"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// MaxCompare is the most series one compare chart shows: past six, the
// colours stop being told apart at a glance.
const MaxCompare = 6

// checkCompare refuses what one chart cannot compare honestly: too few or
// too many series, the same series twice, series that count differently
// (stocks, flows and cumulative totals are never mixed on one axis), series
// cut to different periods, and any data SeriesChart would refuse.
func checkCompare(ins []Input) error {
	switch {
	case len(ins) < 2:
		return domain.FieldErrorf(domain.EINVALID, "series", "a comparison needs at least 2 series; got %d", len(ins))
	case len(ins) > MaxCompare:
		return domain.FieldErrorf(domain.EINVALID, "series", "a comparison shows at most %d series; got %d", MaxCompare, len(ins))
	}
	seen := map[string]bool{}
	for i, in := range ins {
		name := seriesName(in, i)
		if seen[name] {
			return domain.FieldErrorf(domain.EINVALID, "series", "series %s is listed twice", name)
		}
		seen[name] = true
	}
	if msg := mixed(ins, func(s domain.Series) string { return string(s.Measure) }, measureVerb); msg != "" {
		return domain.FieldErrorf(domain.EINVALID, "series", "%s", msg)
	}
	if msg := mixed(ins, func(s domain.Series) string { return string(s.Unit) }, unitVerb); msg != "" {
		return domain.FieldErrorf(domain.EINVALID, "series", "%s", msg)
	}
	return checkEach(ins)
}

// checkEach checks the shared period, then each series' data, naming the
// series at fault.
func checkEach(ins []Input) error {
	if err := windowOf(ins[0]).check(); err != nil {
		return err
	}
	for i, in := range ins {
		if !in.From.Equal(ins[0].From) || !in.To.Equal(ins[0].To) {
			return domain.FieldErrorf(domain.EINVALID, "from", "the series of a comparison share one period; %s has another than %s",
				seriesName(in, i), seriesName(ins[0], 0))
		}
		if err := check(in); err != nil {
			var e *domain.Error
			if errors.As(err, &e) {
				return domain.FieldErrorf(e.Code, e.Field, "series %s: %s", seriesName(in, i), e.Message)
			}
			return err
		}
	}
	return nil
}

func seriesName(in Input, i int) string { return cmp.Or(in.Series.Slug, "#"+itoa(i+1)) }

// mixed says how series differ in one property, grouped by value in order
// of first appearance: "series a and b are cumulative, c is a flow: they
// cannot share an axis". It returns "" when all agree.
func mixed(ins []Input, key func(domain.Series) string, verb func(v string, plural bool) string) string {
	type group struct {
		value string
		names []string
	}
	var groups []*group
	for i, in := range ins {
		v := key(in.Series)
		at := slices.IndexFunc(groups, func(g *group) bool { return g.value == v })
		if at < 0 {
			groups = append(groups, &group{value: v})
			at = len(groups) - 1
		}
		groups[at].names = append(groups[at].names, seriesName(in, i))
	}
	if len(groups) < 2 {
		return ""
	}
	parts := make([]string, len(groups))
	for i, g := range groups {
		parts[i] = andList(g.names) + " " + verb(g.value, len(g.names) > 1)
	}
	return "series " + strings.Join(parts, ", ") + ": they cannot share an axis"
}

func measureVerb(m string, plural bool) string {
	is, noun := pick(plural, "is", "are"), map[string][2]string{
		string(domain.MeasureStock): {"a stock", "stocks"},
		string(domain.MeasureFlow):  {"a flow", "flows"},
	}[m]
	switch {
	case m == "":
		return pick(plural, "has", "have") + " no measure"
	case noun[0] != "":
		return is + " " + pick(plural, noun[0], noun[1])
	}
	return is + " " + m // cumulative, or a measure this package does not know
}

func unitVerb(u string, plural bool) string {
	if u == "" {
		return pick(plural, "has", "have") + " no unit"
	}
	return pick(plural, "counts", "count") + " " + u
}

func pick(plural bool, one, many string) string {
	if plural {
		return many
	}
	return one
}

// andList writes "a", "a and b", "a, b and c".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
