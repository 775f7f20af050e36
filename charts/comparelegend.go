package charts

import "strings"

// legendItems keys a compare chart: each series' number and title beside a
// grey line in its dash, then a row "Attributed to:" with each organisation's marker
// in its colour. A series with nothing drawn says why, so a reader does not
// look for its line.
func (cmpn comparison) legendItems() []legendItem {
	var items []legendItem
	for _, s := range cmpn.series {
		label := itoa(s.dash+1) + " · " + s.title
		if len(s.pubs) == 0 && len(cmpn.figs) > 0 {
			label += " (" + strings.ToLower(emptyMessage(s.hasFigures)) + ")"
		}
		items = append(items, legendItem{label: label, line: inkBody, dash: s.dash, title: true})
	}
	if len(cmpn.orgs) > 0 {
		items = append(items, legendItem{label: "Attributed to:", newRow: true})
		items = append(items, cmpn.orgs...)
	}
	return items
}

// describe is the compare chart's text alternative: per series, what each
// organisation reported in the period.
func (cmpn comparison) describe() string {
	if len(cmpn.figs) == 0 {
		return emptyMessage(cmpn.hasFigures) + "."
	}
	var all []publisher
	for _, s := range cmpn.series {
		all = append(all, s.pubs...)
	}
	parts := []string{chartWords(all) + " comparing " + itoa(len(cmpn.series)) + " series."}
	for _, s := range cmpn.series {
		what := strings.ToLower(emptyMessage(s.hasFigures))
		if r := reports(s.pubs); r != "" {
			what = r
		} else if len(s.pubs) > 0 {
			what = "deprecated claims only"
		}
		part := s.title + ": " + what + "."
		if m := marksWords(s.pubs); m != "" {
			part += " " + m
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, " ")
}

// DescribeCompare returns the text alternative of CompareChart(ins): per
// series, per organisation, the first and the last figure in the period.
func DescribeCompare(ins []Input) string { return compare(ins).describe() }
