// Package snapshot keeps a large download on disk, one file per version of
// the dataset it comes from: written once in the background, then read by
// any number of requests at the speed of the disk instead of the speed of
// the query that produced it.
//
// It knows neither HTTP nor SQL. What a file holds, and which version that
// is, comes from a WriteFunc; a Dir only names, syncs, serves and removes
// the files. The web side uses it for the full figures CSV and workbook.
package snapshot
