package charts

import (
	"math"
	"strconv"
	"strings"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// compactFrom is the value from which numbers are written with k/M/B.
// Below it a number reads well in full ("1,500", "7,500"), and a full
// number is what a reader checks against the source.
const compactFrom = 10_000

// FormatAxisNumber writes v the way the chart's axis does: in full with thousands
// separators below 10,000 ("685", "1,500"), and with three significant digits
// and a suffix from there on ("250k", "1.2M", "1.25M", "3B").
func FormatAxisNumber(v float64) string {
	return formatWith(v, compactFrom)
}

// formatWith writes v in full below from and compactly from there on. An axis
// chooses one from for all its labels, so that "2.5k" and "10k" are not
// neighbours of "7,500".
func formatWith(v, from float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	a := math.Abs(v)
	sign := ""
	if v < 0 {
		sign = "-"
	}
	switch {
	case a < from || a < 1000:
		return sign + domain.FormatNumber(roundTo(a, 2))
	case a < 999_500:
		return sign + sig3(a/1e3) + "k"
	case a < 999_500_000:
		return sign + sig3(a/1e6) + "M"
	default:
		return sign + sig3(a/1e9) + "B"
	}
}

// sig3 writes x (at least 1) with three significant digits and no trailing
// zeros: 1.25, 12.5, 125, 1.2, 1.
func sig3(x float64) string {
	decimals := 2
	switch {
	case x >= 100:
		decimals = 0
	case x >= 10:
		decimals = 1
	}
	s := strconv.FormatFloat(roundTo(x, decimals), 'f', decimals, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func roundTo(x float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(x*p) / p
}

// axisFormat returns the threshold from which an axis whose largest label is
// top writes its labels compactly: all compact when the top is, none otherwise.
func axisFormat(top float64) float64 {
	if top >= compactFrom {
		return 1000
	}
	return compactFrom
}
