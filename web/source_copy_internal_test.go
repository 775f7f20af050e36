package web

import (
	"strings"
	"testing"
)

// The saved text is cut at its blank lines; excerpts that overlap share one
// highlight, followed by the links of both; a highlight that crosses a
// paragraph is cut with it and its links follow its last piece; excerpts
// not found are not highlighted.
func TestParagraphsHighlightExcerpts(t *testing.T) {
	text := "Title line\n\n\nFirst para: alpha beta gamma.\nSame para.\n\nSecond para: delta epsilon."
	at := func(s string) (int, int) { i := strings.Index(text, s); return i, i + len(s) }
	ex := func(id, s string) copyExcerpt {
		a, b := at(s)
		return copyExcerpt{Kind: "figure", ID: id, Highlighted: true, start: a, end: b}
	}
	a, b := ex("a", "alpha beta"), ex("b", "beta gamma")
	c := ex("c", "Same para.\n\nSecond para")
	missing := copyExcerpt{Kind: "event", ID: "x"}
	got := render(paragraphs(text, []copyExcerpt{c, b, a, missing}))
	want := "<p>Title line</p>" +
		"<p>First para: [alpha beta gamma]{a b}.\n[Same para.]</p>" +
		"<p>[Second para]{c}: delta epsilon.</p>"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got := render(paragraphs("", nil)); got != "" {
		t.Errorf("empty text: %q", got)
	}
}

func render(ps [][]copySegment) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("<p>")
		for _, s := range p {
			if !s.Mark {
				b.WriteString(s.Text)
				continue
			}
			b.WriteString("[" + s.Text + "]")
			if len(s.Refs) > 0 {
				var ids []string
				for _, r := range s.Refs {
					ids = append(ids, r.ID)
				}
				b.WriteString("{" + strings.Join(ids, " ") + "}")
			}
		}
		b.WriteString("</p>")
	}
	return b.String()
}
