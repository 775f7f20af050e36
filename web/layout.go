package web

import (
	"strings"
	"unicode/utf8"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// layoutView is what the layout reads of every page: a view type embeds
// it, so that a field the layout or the page misspells is an error (see
// TestTemplatesReadOnlyTheirViews), not an empty string.
type layoutView struct {
	Title       string
	Description string
	User        domain.User // the signed-in user on staff pages
}

func (l *layoutView) setLayout(title string, u domain.User) { l.Title, l.User = title, u }

// The meta descriptions of the public pages: what a search result or a
// link preview says under the title. Each says what this page holds, in a
// sentence or two, from the data it shows; each page's description is
// built beside its handler (seriesDescription in series.go, …) and cut here.

// maxDescription is where a description is cut: search engines show about
// 160 characters, link previews a little more.
const maxDescription = 300

func clipDescription(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxDescription {
		return s
	}
	return string([]rune(s)[:maxDescription-1]) + "…"
}
