package exchange_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
)

// unknownWords is a store's problem of words that name no organisation.
type unknownWords struct {
	field, words string
	closest      []domain.OrgRef
}

func (u *unknownWords) Error() string { return u.field + ": " + u.words + " names no organisation" }
func (u *unknownWords) UnresolvedWords() (string, string, []domain.OrgRef, bool) {
	return u.field, u.words, u.closest, false
}

// namingStore knows only the organisations in known; other attribution
// and publisher words are refused as a store refuses them, both at once.
type namingStore struct {
	recordingStore
	known map[string]bool
}

func (s *namingStore) ImportFigure(ctx context.Context, se domain.Series, f domain.Figure, st domain.Status) (domain.Outcome, string, error) {
	var errs []error
	closest := []domain.OrgRef{{ID: 1, Name: "Pakistan Ministry of Interior"}}
	if !s.known[f.AttributedTo] {
		errs = append(errs, &unknownWords{"attributed_to", f.AttributedTo, closest})
	}
	if !s.known[f.Source.Publisher] {
		errs = append(errs, &unknownWords{"source_publisher", f.Source.Publisher, nil})
	}
	if len(errs) > 0 {
		return domain.Unchanged, "", errors.Join(errs...)
	}
	return s.recordingStore.ImportFigure(ctx, se, f, st)
}

// Words that name no organisation are one entry per name and column, with
// its lines (the first twenty, and a count), its other spellings and the
// closest organisations — not a problem per row — and the import is
// refused; other problems of the rows are reported as ever.
func TestUnresolvedNamesAreGrouped(t *testing.T) {
	var b strings.Builder
	b.WriteString("series,unit,period_end,value,attributed_to,source_publisher,source_title,source_url,excerpt\n")
	for i := range 30 {
		who := "Pakistan Interior Minister Sarfraz Bugti"
		if i%2 == 1 {
			who += " (press conference)"
		}
		fmt.Fprintf(&b, "s,persons,2025-01-%02d,%d,%s,Dawn,T,https://example.org/%d,E.\n", i%28+1, 100+i, who, i)
	}
	b.WriteString("s,persons,2025-13-01,1,IOM,Dawn,T,https://example.org/x,E.\n")
	st := &namingStore{known: map[string]bool{"IOM": true}}
	var rep exchange.Report
	err := exchange.ImportFigures(context.Background(), strings.NewReader(b.String()), st, exchange.Options{File: "f.csv"}, &rep)
	if !errors.Is(err, exchange.ErrRejected) {
		t.Fatalf("err = %v", err)
	}
	if len(rep.Unresolved) != 2 {
		t.Fatalf("%d names, want 2: %+v", len(rep.Unresolved), rep.Unresolved)
	}
	want := `f.csv: "Pakistan Interior Minister Sarfraz Bugti" (attributed_to) names no organisation known here, on lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21 and 10 more (also as "Pakistan Interior Minister Sarfraz Bugti (press conference)"); closest: Pakistan Ministry of Interior`
	if got := rep.Unresolved[0].String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if u := rep.Unresolved[1]; u.Column != "source_publisher" || u.Words != "Dawn" || u.Rows != 30 {
		t.Errorf("publisher: %+v", u)
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Line != 32 || rep.Problems[0].Column != "period_end" {
		t.Errorf("problems %v, want the bad date of line 32 only", rep.Problems)
	}
}
