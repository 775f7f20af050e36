// Package domain holds the types of Displacement Tracker — organizations,
// sources, series, figures, events and revisions — and the rules they obey.
//
// It imports only the standard library. Every other package (store, charts,
// exchange, web) speaks in these types, and every rule violation is an *Error
// with a code and the name of the field at fault, so that a CSV importer, an
// HTML form and a JSON API can all say exactly what is wrong.
package domain
