package domain_test

import (
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

func TestErrorCode(t *testing.T) {
	forbidden := domain.Errorf(domain.EFORBIDDEN, "not yours")
	tests := []struct {
		name string
		err  error
		want domain.Code
	}{
		{"nil", nil, ""},
		{"*Error", domain.Errorf(domain.ENOTFOUND, "no figure abc"), domain.ENOTFOUND},
		{"field *Error", domain.FieldErrorf(domain.EINVALID, "value", "is negative"), domain.EINVALID},
		{"Problems", domain.Problems{domain.FieldErrorf(domain.EINVALID, "value", "is negative")}, domain.EINVALID},
		{"wrapped *Error", fmt.Errorf("store: figure 7: %w", forbidden), domain.EFORBIDDEN},
		{"doubly wrapped *Error", fmt.Errorf("web: %w", fmt.Errorf("store: %w", domain.Errorf(domain.ECONFLICT, "version 3 is stale"))), domain.ECONFLICT},
		{"wrapped Problems", fmt.Errorf("row 4: %w", domain.Problems{domain.FieldErrorf(domain.EINVALID, "unit", "is required")}), domain.EINVALID},
		{"joined errors, *Error first", errors.Join(domain.Errorf(domain.EUNAUTHORIZED, "log in"), io.EOF), domain.EUNAUTHORIZED},
		{"plain error", errors.New("database is locked"), domain.EINTERNAL},
		{"wrapped plain error", fmt.Errorf("store: %w", io.ErrUnexpectedEOF), domain.EINTERNAL},
		{"*Error with EINTERNAL", domain.Errorf(domain.EINTERNAL, "disk full"), domain.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.ErrorCode(tt.err); got != tt.want {
				t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"*Error without field", domain.Errorf(domain.ENOTFOUND, "no figure %s", "abc"), "no figure abc"},
		{"*Error with field", domain.FieldErrorf(domain.EINVALID, "period_end", "is required"), "period_end: is required"},
		{"wrapped *Error hides the wrapping", fmt.Errorf("store: figure 7: %w", domain.Errorf(domain.EFORBIDDEN, "not yours")), "not yours"},
		{"Problems", domain.Problems{
			domain.FieldErrorf(domain.EINVALID, "value", "is negative"),
			domain.FieldErrorf(domain.EINVALID, "unit", "is required"),
		}, "value: is negative; unit: is required"},
		{"wrapped Problems", fmt.Errorf("row 4: %w", domain.Problems{domain.FieldErrorf(domain.EINVALID, "unit", "is required")}), "unit: is required"},
		{"plain error is hidden", errors.New("pq: password authentication failed for user tracker"), "An internal error occurred."},
		{"wrapped plain error is hidden", fmt.Errorf("store: %w", io.ErrUnexpectedEOF), "An internal error occurred."},
		{"internal *Error is hidden", domain.Errorf(domain.EINTERNAL, "secret path /var/lib/tracker"), "An internal error occurred."},
		{"nil", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.ErrorMessage(tt.err); got != tt.want {
				t.Errorf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestProblemsErr(t *testing.T) {
	var none domain.Problems
	if err := none.Err(); err != nil {
		t.Errorf("nil Problems.Err() = %#v, want a nil error interface", err)
	}
	if err := (domain.Problems{}).Err(); err != nil {
		t.Errorf("empty Problems.Err() = %#v, want a nil error interface", err)
	}
	var p domain.Problems
	p.Add("value", "%s is negative", "-3")
	err := p.Err()
	if err == nil {
		t.Fatal("Problems with one item: Err() = nil")
	}
	got := domain.FieldProblems(err)
	if len(got) != 1 || got[0].Field != "value" || got[0].Message != "-3 is negative" || got[0].Code != domain.EINVALID {
		t.Errorf("FieldProblems = %#v, want one EINVALID problem value: -3 is negative", got)
	}
}

func TestErrorStrings(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"field", domain.FieldErrorf(domain.EINVALID, "source_url", "%q must start with http:// or https://", "ftp://x"), `source_url: "ftp://x" must start with http:// or https://`},
		{"no field", domain.Errorf(domain.ENOTFOUND, "no series %q", "x"), `no series "x"`},
		{"one problem", domain.Problems{domain.FieldErrorf(domain.EINVALID, "excerpt", "is required")}, "excerpt: is required"},
		{"two problems", domain.Problems{
			domain.FieldErrorf(domain.EINVALID, "excerpt", "is required"),
			domain.Errorf(domain.EINVALID, "row is empty"),
		}, "excerpt: is required; row is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFieldProblems(t *testing.T) {
	single := domain.FieldErrorf(domain.EINVALID, "unit", "is required")
	many := domain.Problems{single, domain.FieldErrorf(domain.EINVALID, "value", "is negative")}
	tests := []struct {
		name   string
		err    error
		fields []string
	}{
		{"nil", nil, nil},
		{"plain error", errors.New("boom"), nil},
		{"*Error", single, []string{"unit"}},
		{"wrapped *Error", fmt.Errorf("row 2: %w", single), []string{"unit"}},
		{"Problems", many, []string{"unit", "value"}},
		{"wrapped Problems", fmt.Errorf("row 2: %w", many), []string{"unit", "value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := domain.FieldProblems(tt.err)
			if len(got) != len(tt.fields) {
				t.Fatalf("FieldProblems(%v) = %v, want fields %v", tt.err, got, tt.fields)
			}
			for i, f := range tt.fields {
				if got[i].Field != f {
					t.Errorf("FieldProblems(%v)[%d].Field = %q, want %q", tt.err, i, got[i].Field, f)
				}
			}
		})
	}
}
