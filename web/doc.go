// Package web is Displacement Tracker's HTTP side: the gin engine, every
// route (in routes.go), the handlers, and the embedded templates and CSS.
// Handlers parse, call the store or the chart engine, handle the error and
// render; they never build SQL or draw.
package web
