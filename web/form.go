package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/store"
)

// form is a staff form as it goes back to its author: the values as typed,
// the first problem found with each field, and the problems that belong to
// no field. A handler reads and checks everything into a form before any
// transaction starts, so that only a form without problems reaches the
// store; what the store still refuses (a document already on record) is
// added to the same form.
type form struct {
	Values   map[string]string
	Errors   map[string]string // field → its first problem
	Problems []string          // problems of the whole form, in order
	refusal  domain.Code       // the code of the store's refusal, if any
	// Orgs are the questions under fields whose words name no
	// organisation (staff_org_choice.go), by field.
	Orgs map[string]*orgQuestion
}

// newForm is an empty form with values as its defaults.
func newForm(values map[string]string) *form {
	if values == nil {
		values = map[string]string{}
	}
	return &form{Values: values, Errors: map[string]string{}}
}

// postedForm reads fields from the posted form, as typed, or trimmed of
// surrounding space when trim is set.
func postedForm(c *gin.Context, fields []string, trim bool) *form {
	f := newForm(nil)
	for _, k := range fields {
		v := c.PostForm(k)
		if trim {
			v = strings.TrimSpace(v)
		}
		f.Values[k] = v
	}
	return f
}

// Invalid reports whether the form goes back to its author.
func (f *form) Invalid() bool { return len(f.Errors) > 0 || len(f.Problems) > 0 }

// fail records a problem with field, unless the field has one already; a
// problem without a field is the whole form's.
func (f *form) fail(field, message string) {
	if field == "" {
		f.Problems = append(f.Problems, message)
	} else if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = message
	}
}

// check records the problems of a validation's error.
func (f *form) check(err error) {
	probs := domain.FieldProblems(err)
	for _, p := range probs {
		f.fail(p.Field, p.Message)
	}
	if len(probs) == 0 && err != nil {
		f.fail("", domain.ErrorMessage(err))
	}
}

// save runs write when the form has no problems, and records on the form
// what the store refuses (a document already on record). The error it
// returns is not the author's to fix: an internal one, for s.fail.
func (f *form) save(write func() error) error {
	if f.Invalid() {
		return nil
	}
	err := write()
	if err == nil || domain.ErrorCode(err) == domain.EINTERNAL {
		return err
	}
	f.refusal = domain.ErrorCode(err)
	f.check(err)
	return nil
}

// saveInTx is save of a write in one transaction as the signed-in user.
func (s *Server) saveInTx(c *gin.Context, f *form, write func(*store.Tx) error) error {
	u, _ := currentUser(c)
	return f.save(func() error { return s.db.InTx(c.Request.Context(), u.Actor(), write) })
}

// status is the status the form is shown with: 200 without problems, 422
// for the problems the form's own checks found, and the refusal's (409 for
// a conflict) when the store refused it.
func (f *form) status() int {
	switch {
	case !f.Invalid():
		return http.StatusOK
	case f.refusal != "":
		return statusOf[f.refusal]
	}
	return http.StatusUnprocessableEntity
}

// date parses field as a date, recording its problem.
func (f *form) date(field string) domain.Date {
	d, err := domain.ParseDate(f.Values[field])
	if err != nil {
		f.fail(field, err.Error())
	}
	return d
}

// fieldView is one form field as the "field", "textarea" and "select"
// templates draw it.
type fieldView struct {
	Name, Label, Hint, Value, Err, Type string
	Proposed                            bool
	Rows                                int      // a textarea's
	Empty                               string   // a select's choice of nothing ("— choose —"), if it has one
	Options                             []string // a select's choices
}

// Field describes a field of the form for the "field" template.
func (f *form) Field(name, label, hint string) fieldView {
	typ := "text"
	switch name {
	case "value", "value_low", "value_high":
		typ = "number"
	case "source_url", "archive_url":
		typ = "url"
	case "email":
		typ = "email"
	}
	return fieldView{Name: name, Label: label, Hint: hint, Value: f.Values[name], Err: f.Errors[name], Type: typ}
}

// TextArea describes a field of several lines for the "textarea" template.
func (f *form) TextArea(name, label string, rows int) fieldView {
	return fieldView{Name: name, Label: label, Value: f.Values[name], Err: f.Errors[name], Rows: rows}
}

// Select describes a choice among options for the "select" template; empty,
// when not "", is the label of choosing nothing.
func (f *form) Select(name, label, hint, empty string, options []string) fieldView {
	return fieldView{Name: name, Label: label, Hint: hint, Value: f.Values[name], Err: f.Errors[name], Empty: empty,
		Options: options}
}

// choices are an enumeration's values, as a select offers them.
func choices[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}
