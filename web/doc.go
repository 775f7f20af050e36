// Package web is Displacement Tracker's HTTP side: the gin engine, every
// route (in routes.go), the handlers, and the embedded templates and CSS.
// Handlers parse, call the store or the chart engine, handle the error and
// render; they never build SQL or draw.
//
// Files are named after what they hold. A page lives in <page>.go beside
// templates/<page>.html, with its handler, its view type and its meta
// description (series.go and series.html, source.go and source.html,
// staff_review.go and staff_review.html); a staff entity's file also holds
// its form page (staff_event.go: staff_event_form.html), and a page's
// helpers go in <page>_<part>.go (series_range.go, staff_figure_form.go).
// Resources that are not pages are named by resource: export*.go for
// downloads, api*.go for /api/v1, chart*.go for images, cite.go. What
// every route shares keeps a name of its own: layout.go (the layout's
// view), routes.go, middleware.go, errors.go, cache.go, versioned.go,
// form.go. Tests about one page go in <page>_test.go.
package web
