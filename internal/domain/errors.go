package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Code classifies an error so that callers can map it to an HTTP status, an
// exit code or a form message in one place.
type Code string

// The error vocabulary shared by every package.
const (
	EINVALID      Code = "invalid"      // the input breaks a rule
	ENOTFOUND     Code = "not_found"    // the thing asked for does not exist (or is not public)
	ECONFLICT     Code = "conflict"     // the input contradicts what is stored
	EUNAUTHORIZED Code = "unauthorized" // who is asking is unknown
	EFORBIDDEN    Code = "forbidden"    // who is asking may not do this
	EINTERNAL     Code = "internal"     // our fault, not the user's
)

// Error is a domain error. Field names the field at fault, in the canonical
// CSV column spelling, when there is one.
type Error struct {
	Code    Code
	Field   string
	Message string
}

func (e *Error) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Errorf returns an *Error without a field.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an *Error about one field.
func FieldErrorf(code Code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Problems is the list of every rule a value breaks; validation collects all
// of them instead of stopping at the first, so a user fixes a row in one pass.
type Problems []*Error

func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Add appends a field error with code EINVALID.
func (p *Problems) Add(field, format string, args ...any) {
	*p = append(*p, FieldErrorf(EINVALID, field, format, args...))
}

// Err returns nil when there are no problems, so that a nil Problems never
// becomes a non-nil error interface.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// ErrorCode returns the code of err: the code of the first *Error in its
// chain, EINVALID for Problems, and EINTERNAL for anything else.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var p Problems
	if errors.As(err, &p) {
		return EINVALID
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message that may be shown to a user: the text of a
// domain error, and a generic sentence for internal errors, whose details
// belong in the log.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	if ErrorCode(err) == EINTERNAL {
		return "An internal error occurred."
	}
	var p Problems
	if errors.As(err, &p) {
		return p.Error()
	}
	var e *Error
	errors.As(err, &e)
	return e.Error()
}

// FieldProblems flattens err into a list of field errors: the items of a
// Problems, or the single *Error, or nil.
func FieldProblems(err error) Problems {
	var p Problems
	if errors.As(err, &p) {
		return p
	}
	var e *Error
	if errors.As(err, &e) {
		return Problems{e}
	}
	return nil
}
