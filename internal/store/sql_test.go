package store_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLRunsThroughRebindingHelpers reads the store's source: only sql.go
// may call the database/sql and sqlx methods that run a statement. Every
// other file goes through its helpers, which rebind ? placeholders, so a
// statement cannot pass on SQLite and reach PostgreSQL unrebound.
func TestSQLRunsThroughRebindingHelpers(t *testing.T) {
	raw := map[string]bool{"ExecContext": true, "GetContext": true, "SelectContext": true, "QueryContext": true,
		"QueryxContext": true, "QueryRowContext": true, "QueryRowxContext": true, "PrepareContext": true,
		"PreparexContext": true, "NamedExecContext": true, "NamedQueryContext": true, "MustExecContext": true,
		"Exec": true, "Query": true, "QueryRow": true, "Queryx": true, "QueryRowx": true, "Get": true, "Select": true,
		"MustExec": true, "NamedExec": true, "Rebind": true, "Prepare": true, "Preparex": true, "PrepareNamed": true,
		"PrepareNamedContext": true, "NamedQuery": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if name == "sql.go" || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !raw[sel.Sel.Name] {
				return true
			}
			if x, ok := sel.X.(*ast.SelectorExpr); ok && x.Sel.Name == "Tag" {
				return true // reflect.StructTag.Get
			}
			// The version listener speaks to pgx directly, with no arguments.
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "conn" && name == "listener.go" {
				return true
			}
			t.Errorf("%s: %s runs SQL without the rebinding helpers of sql.go", fset.Position(call.Pos()), sel.Sel.Name)
			return true
		})
	}
}
