package web

import (
	"errors"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// A form keeps the first problem of each field and every problem of the
// whole form; it reaches the store only without problems, and what the
// store refuses sets its status.
func TestFormRules(t *testing.T) {
	f := newForm(map[string]string{"date": "2025-02-30"})
	f.date("date")
	var p domain.Problems
	p.Add("date", "second problem")
	p.Add("title", "is required")
	p = append(p, domain.Errorf(domain.EINVALID, "the whole form"))
	f.check(p)
	if got := f.Errors["date"]; got != `"2025-02-30": February 2025 has no day 30` {
		t.Errorf("date: %q, want the first problem", got)
	}
	if f.Errors["title"] != "is required" || len(f.Problems) != 1 || f.Problems[0] != "the whole form" {
		t.Errorf("errors %v, problems %v", f.Errors, f.Problems)
	}
	if err := f.save(func() error { t.Error("a form with problems reached the store"); return nil }); err != nil || f.status() != 422 {
		t.Errorf("save: %v, status %d", err, f.status())
	}

	ok := newForm(nil)
	if ok.status() != 200 {
		t.Errorf("status of a form without problems: %d", ok.status())
	}
	if err := ok.save(func() error { return domain.FieldErrorf(domain.ECONFLICT, "source_url", "already on record") }); err != nil {
		t.Fatal(err)
	}
	if ok.status() != 409 || ok.Errors["source_url"] != "already on record" {
		t.Errorf("refused: status %d, errors %v", ok.status(), ok.Errors)
	}
	internal := errors.New("disk full")
	if err := newForm(nil).save(func() error { return internal }); err != internal {
		t.Errorf("an internal error: %v, want it returned for s.fail", err)
	}
}
