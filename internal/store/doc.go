// Package store keeps Displacement Tracker's data in SQLite (the embedded
// default, through the pure-Go modernc.org/sqlite) or PostgreSQL (through
// pgx's database/sql driver). The same SQL, rebound per dialect, and the same
// tests run on both.
//
// Every write appends a revision in the same transaction. Public reads go
// through the public_figures and public_events views, which can only see
// published rows.
package store
