package importer

import (
	"context"
	"fmt"

	"github.com/displacement-tracker/tracker/internal/domain"
	"github.com/displacement-tracker/tracker/internal/exchange"
	"github.com/displacement-tracker/tracker/internal/store"
)

// loadOrganizations creates the organisations of an organisations CSV
// that are not known here, in file order (a parent before its children),
// and adds to those already known the aliases they lack: loading the
// same file again changes nothing. A known organisation's other fields
// are left as they are (staff may have edited them). The problems are
// the file's, by line and column.
func loadOrganizations(ctx context.Context, tx *store.ImportTx, rows []exchange.OrgRow, file string) ([]domain.OrgRef, exchange.LineErrors, error) {
	var created []domain.OrgRef
	var probs exchange.LineErrors
	problem := func(line int, err error) error {
		if domain.ErrorCode(err) == domain.EINTERNAL {
			return fmt.Errorf("%s: line %d: %w", file, line, err)
		}
		for _, p := range domain.FieldProblems(err) {
			probs = append(probs, exchange.LineError{File: file, Line: line, Column: p.Field, Message: p.Message})
		}
		return nil
	}
	one := func(words string) (int64, bool, error) {
		r, err := tx.ResolveAttribution(ctx, words)
		if err != nil || r.Unresolved || len(r.IDs) != 1 {
			return 0, false, err
		}
		return r.IDs[0], true, nil
	}
	for _, row := range rows {
		id, known, err := one(row.Org.Name)
		if err != nil {
			return nil, nil, err
		}
		if !known {
			o := row.Org
			if row.Parent != "" {
				parent, ok, err := one(row.Parent)
				if err != nil {
					return nil, nil, err
				}
				if !ok {
					probs = append(probs, exchange.LineError{File: file, Line: row.Line, Column: "parent",
						Message: fmt.Sprintf("%q names no organisation above this row or known here", row.Parent)})
					continue
				}
				o.ParentID = parent
			}
			o, err = tx.CreateOrganization(ctx, o)
			if err != nil {
				if err := problem(row.Line, err); err != nil {
					return nil, nil, err
				}
				continue
			}
			created = append(created, o.Ref())
			continue
		}
		for _, a := range row.Org.Aliases {
			other, ok, err := one(a)
			if err != nil {
				return nil, nil, err
			}
			if ok && other == id {
				continue
			}
			if err := tx.AddAlias(ctx, id, a); err != nil {
				if err := problem(row.Line, err); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	return created, probs, nil
}
