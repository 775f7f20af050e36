package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of a running SQLite database to path with
// VACUUM INTO: readers and the server go on meanwhile, and writers wait for
// the moment it takes. The copy is a complete database file; restoring is
// copying it into place. PostgreSQL is backed up with its own tools
// (pg_dump, or a base backup with WAL archiving for point-in-time recovery).
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return errors.New("store: back up PostgreSQL with pg_dump or a base backup (see docs/OPERATIONS.md)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("store: backup: %s exists; choose a new file", path)
	}
	if _, err := db.writer().exec(ctx, "VACUUM INTO ?", path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// TableRows returns every row of every table as text, in a stable order:
// what a restore drill compares between a database and its restored copy.
func (db *DB) TableRows(ctx context.Context) (map[string][]string, error) {
	var tables []string
	if err := db.selectAll(ctx, &tables, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); err != nil {
		return nil, fmt.Errorf("store: tables: %w", err)
	}
	out := map[string][]string{}
	for _, t := range tables {
		rows, err := on(db.read).queryx(ctx, "SELECT * FROM "+t+" ORDER BY 1")
		if err != nil {
			return nil, fmt.Errorf("store: table %s: %w", t, err)
		}
		for rows.Next() {
			vals, err := rows.SliceScan()
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[t] = append(out[t], fmt.Sprint(vals...))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
