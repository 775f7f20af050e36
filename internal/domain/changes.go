package domain

import "strings"

// FieldChange is one field an edit changes, as a person checks it: the
// field by its name in the canonical CSV, its old and its new value.
type FieldChange struct {
	Field, Old, New string
}

// FigureChanges lists what differs between the stored figure old, in the
// series slugged oldSeries, and new, in newSeries: the fields a revision
// records, in the order of the CSV's columns. attributed_to is compared as
// the store's sameFigure compares it, lower-cased (not EqualFold, whose
// case folding differs for a few letters such as the Greek final sigma).
func FigureChanges(old Figure, oldSeries string, new Figure, newSeries string) []FieldChange {
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return FormatPlain(*p)
	}
	pairs := [][3]string{
		{"series", oldSeries, newSeries},
		{"period_start", old.PeriodStart.String(), new.PeriodStart.String()},
		{"period_end", old.PeriodEnd.String(), new.PeriodEnd.String()},
		{"value", FormatPlain(old.Value), FormatPlain(new.Value)},
		{"qualifier", string(old.Qualifier), string(new.Qualifier)},
		{"value_low", num(old.ValueLow), num(new.ValueLow)},
		{"value_high", num(old.ValueHigh), num(new.ValueHigh)},
		{"value_as_stated", old.ValueAsStated, new.ValueAsStated},
		{"attributed_to", old.AttributedTo, new.AttributedTo},
		{"source_url", old.Source.URL, new.Source.URL},
		{"excerpt", old.Excerpt, new.Excerpt},
		{"notes", old.Notes, new.Notes},
	}
	var out []FieldChange
	for _, p := range pairs {
		if p[1] == p[2] || p[0] == "attributed_to" && strings.ToLower(p[1]) == strings.ToLower(p[2]) {
			continue
		}
		out = append(out, FieldChange{Field: p[0], Old: p[1], New: p[2]})
	}
	return out
}
