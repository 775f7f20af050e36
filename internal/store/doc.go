// Package store keeps Displacement Tracker's data in SQLite (the embedded
// default, through the pure-Go modernc.org/sqlite) or PostgreSQL (through
// pgx's database/sql driver). The same SQL, rebound per dialect, and the same
// tests run on both.
//
// Every write appends a revision in the same transaction. Public reads go
// through the public_figures and public_events views, which can only see
// published rows, and are named Public…; the API's lists (Public…Page)
// follow a cursor, the last key of the previous page, so that a client can
// walk a million figures without offsets that grow slower page by page.
//
// The reads and writes of one entity sit in its file (figures.go,
// series.go, sources.go, events.go, users.go, …), public and staff reads
// alike, the streamed reads behind the downloads among them; an
// organisation's sit in organizations*.go (the record, resolving words,
// staff changes, merges, public reads), a figure's organisations in
// figure_orgs.go, the reviewed marks on claims (preferred, deprecated)
// in figure_marks.go;
// workflow.go holds a figure's review steps and the staff's work lists,
// revisions.go the revision chain and the public history, version.go the
// dataset version and ReadAtVersion, batch.go and prefetch.go an import's
// buffering, and sql.go the helpers that every statement runs through.
package store
