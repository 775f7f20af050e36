package web

import (
	"html/template"
	"strings"
	"text/template/parse"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// isolateEveryValue makes every value a page prints — {{.Title}} and
// {{index .Values "notes"}} alike, in text, attributes and <title> — pass
// through isolate last, before html/template escapes it (which happens at
// the first Execute, on the tree as it is then). Text that opens a
// bidirectional override and does not close it (U+202E) would otherwise
// reorder whatever the page prints after it on the same line: the name
// beside it in a history row, the date after an attribution. Doing it here
// keeps one rule for every template, present and future, instead of a
// wrapper each template must remember.
func isolateEveryValue(t *template.Template) {
	for _, named := range t.Templates() {
		if named.Tree != nil {
			isolateActions(named.Tree, named.Tree.Root)
		}
	}
}

func isolateActions(tree *parse.Tree, n parse.Node) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		// A form field gives back what the user typed, byte for byte (a
		// field is a box of its own: its text cannot reorder the page's),
		// so the value="…" of an input and a textarea's text are left as
		// they are.
		var before string
		inTextarea := false
		for _, c := range n.Nodes {
			switch c := c.(type) {
			case *parse.TextNode:
				before = string(c.Text)
				if open, end := strings.LastIndex(before, "<textarea"), strings.LastIndex(before, "</textarea"); open > end {
					inTextarea = true
				} else if end >= 0 {
					inTextarea = false
				}
				continue
			case *parse.ActionNode:
				if !inTextarea && !strings.HasSuffix(before, `value="`) {
					isolateAction(tree, c)
				}
			default:
				isolateActions(tree, c)
			}
			before = ""
		}
	case *parse.ActionNode:
		isolateAction(tree, n)
	case *parse.IfNode:
		isolateActions(tree, n.List)
		isolateActions(tree, n.ElseList)
	case *parse.RangeNode:
		isolateActions(tree, n.List)
		isolateActions(tree, n.ElseList)
	case *parse.WithNode:
		isolateActions(tree, n.List)
		isolateActions(tree, n.ElseList)
	}
}

func isolateAction(tree *parse.Tree, n *parse.ActionNode) {
	if len(n.Pipe.Decl) == 0 { // {{$x := …}} prints nothing
		isolate := parse.NewIdentifier("isolate").SetTree(tree).SetPos(n.Pos)
		n.Pipe.Cmds = append(n.Pipe.Cmds, &parse.CommandNode{NodeType: parse.NodeCommand, Pos: n.Pos, Args: []parse.Node{isolate}})
	}
}

// isolate is domain.IsolateBidi for the strings a template prints; other
// values (numbers, and the template.HTML of an inline chart) pass as they
// are.
func isolate(v any) any {
	if s, ok := v.(string); ok {
		return domain.IsolateBidi(s)
	}
	return v
}

// chartSafe returns figures, events and a series whose text has no
// embeddings, overrides or isolates (domain.StripBidi), copying only when
// one has them: a chart sets several values on one line of an image (the
// source line, a legend), and its fonts draw the controls as boxes, so
// they are dropped there rather than isolated.
func chartSafe(s domain.Series, figs []domain.Figure, evs []domain.Event) (domain.Series, []domain.Figure, []domain.Event) {
	strip := func(fields ...*string) {
		for _, f := range fields {
			*f = domain.StripBidi(*f)
		}
	}
	source := func(src *domain.Source) {
		strip(&src.Title, &src.Publisher, &src.PublisherOrg.Name, &src.PublisherOrg.Acronym)
	}
	// orgs returns refs stripped, the same slice when nothing changed.
	orgs := func(refs []domain.OrgRef) []domain.OrgRef {
		out := refs
		for i, r := range refs {
			n, a := domain.StripBidi(r.Name), domain.StripBidi(r.Acronym)
			if n == r.Name && a == r.Acronym {
				continue
			}
			if &out[0] == &refs[0] {
				out = append([]domain.OrgRef(nil), refs...)
			}
			out[i].Name, out[i].Acronym = n, a
		}
		return out
	}
	strip(&s.Title, &s.Description, &s.Location)
	copied := false
	for i := range figs {
		f := figs[i]
		strip(&f.AttributedTo, &f.ValueAsStated, &f.Excerpt)
		source(&f.Source)
		f.Orgs = orgs(f.Orgs)
		if f.AttributedTo != figs[i].AttributedTo || f.ValueAsStated != figs[i].ValueAsStated || f.Excerpt != figs[i].Excerpt ||
			f.Source != figs[i].Source || len(f.Orgs) > 0 && &f.Orgs[0] != &figs[i].Orgs[0] {
			if !copied {
				figs, copied = append([]domain.Figure(nil), figs...), true
			}
			figs[i] = f
		}
	}
	copied = false
	for i := range evs {
		e := evs[i]
		strip(&e.Title, &e.Excerpt)
		source(&e.Source)
		if e.Title != evs[i].Title || e.Excerpt != evs[i].Excerpt || e.Source != evs[i].Source {
			if !copied {
				evs, copied = append([]domain.Event(nil), evs...), true
			}
			evs[i] = e
		}
	}
	return s, figs, evs
}
