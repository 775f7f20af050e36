// Package data holds what the binary carries with it: the numbered SQL
// migrations for each database dialect and the demo dataset.
package data

import "embed"

// Migrations holds migrations/sqlite/NNNN_name.sql and
// migrations/postgres/NNNN_name.sql, applied in number order.
//
//go:embed migrations
var Migrations embed.FS

// Demo holds demo/organizations.csv, demo/figures.csv and demo/events.csv in the canonical format:
// real, sourced figures on Afghan returns from Pakistan, loaded into an empty
// database through the same importer a user's file goes through.
//
//go:embed demo
var Demo embed.FS
