package web

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"testing"
	"text/template/parse"
)

// viewTypes is the view each page is rendered with. A page missing here
// fails TestTemplatesReadOnlyTheirViews: no page is rendered with a
// map[string]any, where no field can be checked.
var viewTypes = map[string]any{
	"home":                  homeView{},
	"login":                 loginView{},
	"staff_home":            staffHomeView{},
	"staff_review":          reviewView{},
	"staff_sources":         sourcesView{},
	"staff_source_problems": linkProblemsView{},
	"source_copy":           copyPageView{},
	"staff_source_unsaved":  unsavedCopyView{},
	"staff_series_form":     seriesFormView{},
	"staff_source_form":     sourceFormView{},
	"staff_event_form":      eventFormView{},
	"staff_figure_form":     figureFormView{},
	"staff_document":        documentView{},
	"staff_document_saved":  documentSavedView{},
	"staff_users":           usersView{},
	"staff_orgs":            orgsView{},
	"staff_orgs_new":        orgNewView{},
	"staff_orgs_edit":       orgEditView{},
	"staff_orgs_merges":     orgMergesView{},
	"staff_marks":           staffMarksView{},
	"changes":               changesView{},
	"compare":               compareView{},
	"compare_choose":        compareChooseView{},
	"data":                  dataView{},
	"embed_series":          embedView{},
	"error":                 errorView{},
	"figure":                figurePageView{},
	"series":                seriesPageView{},
	"source":                sourcePageView{},
	"organisations":         organisationsView{},
	"events":                eventsView{},
	"organisation":          organisationView{},
	"staff_event":           staffEventView{},
	"staff_figure":          staffFigureView{},
	"staff_import":          importView{},
	"staff_import_job":      importJobView{},
}

// Every field and method a page's template names exists on its view type,
// on every path through the template (not only the paths a test happens to
// render): a misspelled {{.Form.Erors}} fails here instead of rendering an
// empty string.
func TestTemplatesReadOnlyTheirViews(t *testing.T) {
	pages, err := parseTemplates()
	if err != nil {
		t.Fatal(err)
	}
	for name, page := range pages {
		view, ok := viewTypes[name]
		if !ok {
			t.Errorf("page %s has no view type in viewTypes", name)
			continue
		}
		root := page.Lookup(page.Name())
		for _, problem := range checkTemplate(page, root, reflect.TypeOf(view)) {
			t.Errorf("%s: %s", name, problem)
		}
	}
	for name := range viewTypes {
		if pages[name] == nil {
			t.Errorf("viewTypes names %s, which is not a page", name)
		}
	}
}

// The check itself finds a misspelled field, one behind a with, a range and
// a template call, and a method called on the wrong type.
func TestTemplateCheckFindsMisspelledFields(t *testing.T) {
	for src, want := range map[string]string{
		`{{.Titel}}`:                                            "Titel",
		`{{with .Form}}{{.Erors}}{{end}}`:                       "Erors",
		`{{range .Users}}{{.Emial}}{{end}}`:                     "Emial",
		`{{template "f" (.Form.Field "a" "b" "c")}}`:            "Lable",
		`{{$f := .Form}}{{if $f.Invalid}}{{$f.Valus}}{{end}}`:   "Valus",
		`{{range $i, $u := .Users}}{{$u.Role.AtLest}}{{end}}`:   "AtLest",
		`{{with .Created}}{{.Name}}{{end}}{{.Created.Emali}}`:   "Emali",
		`{{.Form.Field "a" "b" "c" | printf "%v"}}{{.Created}}`: "",
	} {
		tmpl := template.Must(template.New("t").Funcs(funcs).Parse(src + `{{define "f"}}{{.Lable}}{{end}}`))
		problems := checkTemplate(tmpl, tmpl, reflect.TypeOf(usersView{}))
		switch {
		case want == "" && len(problems) > 0:
			t.Errorf("%s: %v", src, problems)
		case want != "" && (len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), want)):
			t.Errorf("%s: %v, want a problem naming %s", src, problems, want)
		}
	}
}

// checkTemplate names every field or method that t reads and its dot's
// type does not have, following with, range, variables and template calls.
func checkTemplate(set, t *template.Template, dot reflect.Type) []string {
	c := &templateCheck{set: set, seen: map[string]bool{}}
	c.template(t.Name(), dot)
	return c.problems
}

type templateCheck struct {
	set      *template.Template
	seen     map[string]bool // template name and dot type already checked
	problems []string
}

// vars are the variables in scope; nil types are unknown.
type vars map[string]reflect.Type

func (c *templateCheck) template(name string, dot reflect.Type) {
	key := name + "|" + fmt.Sprint(dot)
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil {
		c.problems = append(c.problems, fmt.Sprintf("no template %q", name))
		return
	}
	c.list(t.Tree.Root, dot, vars{"$": dot}, name)
}

func (c *templateCheck) list(l *parse.ListNode, dot reflect.Type, v vars, where string) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		c.node(n, dot, v, where)
	}
}

func (c *templateCheck) node(n parse.Node, dot reflect.Type, v vars, where string) {
	switch n := n.(type) {
	case *parse.ActionNode:
		c.pipe(n.Pipe, dot, v, where)
	case *parse.IfNode:
		c.branch(&n.BranchNode, dot, v, where, false, false)
	case *parse.WithNode:
		c.branch(&n.BranchNode, dot, v, where, true, false)
	case *parse.RangeNode:
		c.branch(&n.BranchNode, dot, v, where, false, true)
	case *parse.TemplateNode:
		arg := reflect.Type(nil)
		if n.Pipe != nil {
			arg = c.pipe(n.Pipe, dot, v, where)
		}
		if arg != nil {
			c.template(n.Name, arg)
		}
	case *parse.ListNode:
		c.list(n, dot, v, where)
	}
}

func (c *templateCheck) branch(b *parse.BranchNode, dot reflect.Type, v vars, where string, with, isRange bool) {
	inner := copyVars(v)
	typ := c.pipe(b.Pipe, dot, inner, where)
	body := dot
	switch {
	case with:
		body = typ
	case isRange:
		key, elem := rangeTypes(typ)
		body = elem
		switch decl := b.Pipe.Decl; len(decl) {
		case 1:
			inner[decl[0].Ident[0]] = elem
		case 2:
			inner[decl[0].Ident[0]], inner[decl[1].Ident[0]] = key, elem
		}
	}
	c.list(b.List, body, inner, where)
	c.list(b.ElseList, dot, copyVars(v), where)
}

// pipe checks a pipeline and returns its type (nil when unknown); the
// variables it declares are added to v.
func (c *templateCheck) pipe(p *parse.PipeNode, dot reflect.Type, v vars, where string) reflect.Type {
	if p == nil {
		return nil
	}
	var typ reflect.Type
	for _, cmd := range p.Cmds {
		typ = c.command(cmd, dot, v, where)
	}
	if !p.IsAssign {
		for _, d := range p.Decl {
			if len(p.Decl) == 1 {
				v[d.Ident[0]] = typ
			}
		}
	}
	return typ
}

func (c *templateCheck) command(cmd *parse.CommandNode, dot reflect.Type, v vars, where string) reflect.Type {
	for _, a := range cmd.Args[1:] {
		c.arg(a, dot, v, where)
	}
	switch a := cmd.Args[0].(type) {
	case *parse.IdentifierNode:
		switch a.Ident {
		case "len":
			return reflect.TypeFor[int]()
		case "print", "printf", "println", "html", "js", "urlquery":
			return reflect.TypeFor[string]()
		case "index":
			if len(cmd.Args) > 1 {
				return indexType(c.arg(cmd.Args[1], dot, v, where))
			}
			return nil
		case "eq", "ne", "lt", "le", "gt", "ge", "not":
			return reflect.TypeFor[bool]()
		}
		if f, ok := funcs[a.Ident]; ok {
			ft := reflect.TypeOf(f)
			if ft.NumOut() > 0 {
				return ft.Out(0)
			}
		}
		return nil
	}
	return c.arg(cmd.Args[0], dot, v, where)
}

func (c *templateCheck) arg(n parse.Node, dot reflect.Type, v vars, where string) reflect.Type {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return c.fields(dot, n.Ident, where)
	case *parse.VariableNode:
		typ, ok := v[n.Ident[0]]
		if !ok {
			return nil
		}
		return c.fields(typ, n.Ident[1:], where)
	case *parse.ChainNode:
		var typ reflect.Type
		if p, ok := n.Node.(*parse.PipeNode); ok {
			typ = c.pipe(p, dot, copyVars(v), where)
		} else {
			typ = c.arg(n.Node, dot, v, where)
		}
		return c.fields(typ, n.Field, where)
	case *parse.PipeNode:
		return c.pipe(n, dot, copyVars(v), where)
	case *parse.StringNode:
		return reflect.TypeFor[string]()
	}
	return nil
}

// fields follows a chain of field and method names from typ.
func (c *templateCheck) fields(typ reflect.Type, names []string, where string) reflect.Type {
	for _, name := range names {
		if typ == nil {
			return nil
		}
		next, ok := member(typ, name)
		if !ok {
			c.problems = append(c.problems, fmt.Sprintf("in %s: %s has no field or method %s", where, typ, name))
			return nil
		}
		typ = next
	}
	return typ
}

// member is the type of typ's field or method name; unknown (nil, true) on
// a map or an interface, which any name may be asked of.
func member(typ reflect.Type, name string) (reflect.Type, bool) {
	if m, ok := reflect.PointerTo(typ).MethodByName(name); ok && typ.Kind() != reflect.Pointer && typ.Kind() != reflect.Interface {
		return methodResult(m.Type), true
	}
	if m, ok := typ.MethodByName(name); ok && typ.Kind() != reflect.Interface {
		return methodResult(m.Type), true
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Map:
		return typ.Elem(), true
	case reflect.Interface:
		return nil, true
	case reflect.Struct:
		if f, ok := typ.FieldByName(name); ok {
			return f.Type, true
		}
		if m, ok := reflect.PointerTo(typ).MethodByName(name); ok {
			return methodResult(m.Type), true
		}
	}
	return nil, false
}

func methodResult(m reflect.Type) reflect.Type {
	if m.NumOut() == 0 {
		return nil
	}
	return m.Out(0)
}

func rangeTypes(typ reflect.Type) (key, elem reflect.Type) {
	if typ == nil {
		return nil, nil
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeFor[int](), typ.Elem()
	case reflect.Map:
		return typ.Key(), typ.Elem()
	case reflect.Int:
		return typ, typ
	}
	return nil, nil
}

func indexType(typ reflect.Type) reflect.Type {
	_, elem := rangeTypes(typ)
	return elem
}

func copyVars(v vars) vars {
	out := make(vars, len(v))
	for k, t := range v {
		out[k] = t
	}
	return out
}
