package fetch

import (
	"strings"

	"golang.org/x/net/html"
)

// markFootnotes writes each footnote marker of doc — a <sup> holding only
// a number of one to three digits, bracketed or not, often a link to the
// note — as "[3]". The text of a page keeps no superscript, so "inside
// Sudan<sup>3</sup>." would read "inside Sudan3.", a word no excerpt has;
// "[3]" is what the excerpt check reads as a footnote marker
// (domain.CheckExcerpt), and the saved text still shows that a note was
// there.
func markFootnotes(doc *html.Node) {
	var sups []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "sup" {
			sups = append(sups, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range sups {
		num, ok := footnoteNumber(textOf(n))
		if !ok {
			continue
		}
		for n.FirstChild != nil {
			n.RemoveChild(n.FirstChild)
		}
		n.AppendChild(&html.Node{Type: html.TextNode, Data: "[" + num + "]"})
	}
}

// footnoteNumber is the number of a marker "3", "[3]" or "(3)".
func footnoteNumber(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '[' && s[len(s)-1] == ']' || s[0] == '(' && s[len(s)-1] == ')') {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if len(s) == 0 || len(s) > 3 {
		return "", false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return s, true
}

// textOf is the text inside n, up to a few bytes: a marker is short.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if b.Len() > 16 {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
