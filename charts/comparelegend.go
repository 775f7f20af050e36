package charts

import "strings"

// legendItems keys a compare chart: each series' title in its colour, then
// a row "Publishers:" with each publisher's shape in grey. A series with
// nothing drawn says why, so a reader does not look for its line.
func (cmpn comparison) legendItems() []legendItem {
	var items []legendItem
	for _, s := range cmpn.series {
		label := s.title
		if len(s.pubs) == 0 && len(cmpn.figs) > 0 {
			label += " (" + strings.ToLower(emptyMessage(s.hasFigures)) + ")"
		}
		items = append(items, legendItem{label: label, line: s.color})
	}
	if len(cmpn.publishers) > 0 {
		items = append(items, legendItem{label: "Publishers:", newRow: true})
		items = append(items, cmpn.publishers...)
	}
	return items
}

// describe is the compare chart's text alternative: per series, what each
// publisher reported in the period.
func (cmpn comparison) describe() string {
	if len(cmpn.figs) == 0 {
		return emptyMessage(cmpn.hasFigures) + "."
	}
	parts := []string{"Line chart comparing " + itoa(len(cmpn.series)) + " series."}
	for _, s := range cmpn.series {
		what := strings.ToLower(emptyMessage(s.hasFigures))
		if len(s.pubs) > 0 {
			what = reports(s.pubs)
		}
		parts = append(parts, s.title+": "+what+".")
	}
	return strings.Join(parts, " ")
}

// DescribeCompare returns the text alternative of CompareChart(ins): per
// series, per publisher, the first and the last figure in the period.
func DescribeCompare(ins []Input) string { return compare(ins).describe() }
