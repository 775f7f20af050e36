package charts

import "strings"

// The headline is the series' honest one-line summary (Input.Headline):
// the preferred claim of its latest fact with the others' range, or the
// range of the claims and who gave them. It is drawn under the subtitle
// only on the sizes that circulate without their page, where nothing
// else says which number to believe: the social card, which link
// previews show, and the phone size, which is shared as a screenshot.

// headlineLines is how many lines a headline may take at each size it is
// drawn at; a longer one ends in "…".
var headlineLines = map[Size]int{SizeSocial: 2, SizePhone: 4}

// headlineOn is the headline a chart of size draws: "" at a size that
// draws none.
func headlineOn(size Size, s string) string {
	if headlineLines[size] == 0 {
		return ""
	}
	return clean(strings.Join(strings.Fields(s), " "))
}
