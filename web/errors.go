package web

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/domain"
)

// statusOf maps the domain's error vocabulary to HTTP, in one place.
var statusOf = map[domain.Code]int{
	domain.EINVALID:      http.StatusUnprocessableEntity,
	domain.ENOTFOUND:     http.StatusNotFound,
	domain.ECONFLICT:     http.StatusConflict,
	domain.EUNAUTHORIZED: http.StatusUnauthorized,
	domain.EFORBIDDEN:    http.StatusForbidden,
	domain.EINTERNAL:     http.StatusInternalServerError,
}

var titleOf = map[int]string{
	http.StatusBadRequest:          "Bad request",
	http.StatusUnprocessableEntity: "Invalid input",
	http.StatusNotFound:            "Not found",
	http.StatusConflict:            "Conflict",
	http.StatusUnauthorized:        "Sign-in required",
	http.StatusForbidden:           "Not allowed",
	http.StatusInternalServerError: "Internal error",
	http.StatusServiceUnavailable:  "Busy",
}

// handler is what a route runs: it answers the request, or returns the
// error that stopped it, for fail to answer. A handler that has already
// answered returns nil.
type handler func(c *gin.Context) error

// h adapts a handler to gin: the one place where a returned error becomes
// a response.
func (s *Server) h(fn handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := fn(c); err != nil {
			s.fail(c, err)
		}
	}
}

// plain lets a gin handler that answers its errors itself (Prometheus's,
// for /metrics) sit in the route table.
func plain(fn gin.HandlerFunc) handler {
	return func(c *gin.Context) error { fn(c); return nil }
}

// problemError is an answer that is no domain error's: its status, title
// and detail, and extra members for its problem+json (invalid_params). A
// handler returns it; fail writes it as it is.
type problemError struct {
	status        int
	title, detail string
	extra         gin.H
}

func (e *problemError) Error() string { return e.title + ": " + e.detail }

// fail answers a request that err stopped: a page for browsers, a
// problem+json body for clients that asked for data. Internal errors are
// logged with their detail and shown without it.
func (s *Server) fail(c *gin.Context, err error) {
	var started errBodyStarted
	if errors.As(err, &started) {
		s.abortBody(c, started.err) // panics: the connection is broken
		return
	}
	if s.unavailable(c, err) {
		return
	}
	var p *problemError
	if errors.As(err, &p) {
		s.writeProblem(c, p)
		return
	}
	code := domain.ErrorCode(err)
	status := statusOf[code]
	if code == domain.EINVALID && (c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead) {
		// A bad query parameter (?size=huge, ?from=yesterday) is a bad
		// request; 422 is for a submitted form or file that breaks a rule.
		status = http.StatusBadRequest
	}
	detail := domain.ErrorMessage(err)
	if code == domain.EINTERNAL {
		s.log.Error("request failed", "path", c.Request.URL.Path, "request_id", requestID(c), "err", err)
		detail += " If it persists, report the reference " + requestID(c) + "."
	}
	s.problem(c, status, titleOf[status], detail)
}

// unavailable answers the errors that are nobody's fault: the server too
// busy drawing charts (503 with Retry-After), and a request whose client
// has gone, which gets no body and no log line (499, as nginx counts it).
func (s *Server) unavailable(c *gin.Context, err error) bool {
	var busy busyError
	var limited rendersLimitError
	switch {
	case errors.As(err, &busy):
		c.Header("Retry-After", strconv.Itoa(busy.retryAfter))
		s.problem(c, http.StatusServiceUnavailable, titleOf[http.StatusServiceUnavailable], busy.Error())
	case errors.As(err, &limited):
		c.Header("Retry-After", strconv.Itoa(limited.retryAfter))
		s.problem(c, http.StatusTooManyRequests, "Too many requests", limited.Error())
	case errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil:
		c.AbortWithStatus(499)
	default:
		return false
	}
	return true
}

type errorView struct {
	layoutView
	Status int
	Detail string
}

// problem writes an error in the representation the client reads.
func (s *Server) problem(c *gin.Context, status int, title, detail string) {
	s.writeProblem(c, &problemError{status: status, title: title, detail: detail})
}

// writeProblem writes p as problem+json to a client that asked for data
// (wantsData), as the error page to a browser.
func (s *Server) writeProblem(c *gin.Context, p *problemError) {
	if wantsData(c) {
		writeProblemJSON(c.Writer, c.Request, requestID(c), p)
		return
	}
	s.render(c, p.status, "error", &errorView{layoutView: layoutView{Title: p.title}, Status: p.status, Detail: p.detail})
}

// writeProblemJSON writes an RFC 9457 problem, with its extra members if
// any: the one writer of problem+json, for gin's routes and for the
// refusals made before a request reaches them. The instance is the path as
// a URI reference: percent-encoded as the client sent it, never the decoded
// path, whose spaces and non-ASCII characters a URI may not hold. A 5xx
// carries the request's id, as its page does.
func writeProblemJSON(w http.ResponseWriter, r *http.Request, requestID string, p *problemError) {
	body := gin.H{"type": "about:blank", "title": p.title, "status": p.status, "detail": p.detail, "instance": r.URL.EscapedPath()}
	if p.status >= 500 {
		body["request_id"] = requestID
	}
	maps.Copy(body, p.extra)
	b, err := json.Marshal(body)
	if err != nil {
		panic(err) // strings, numbers and invalid_params: never
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.status)
	w.Write(b)
}

// wantsData reports whether the client asked for a machine representation:
// an API route, a .csv, .json, .svg or .png address, or an Accept header
// without HTML.
func wantsData(c *gin.Context) bool {
	p := c.Request.URL.Path
	for _, ext := range []string{".csv", ".json", ".svg", ".png", ".pdf"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	if ruleOf(c).API || p == "/healthz" {
		return true
	}
	accept := c.GetHeader("Accept")
	return accept != "" && !strings.Contains(accept, "text/html") && !strings.Contains(accept, "*/*")
}

func (s *Server) notFound(c *gin.Context) {
	s.problem(c, http.StatusNotFound, "Not found", "There is no page at "+c.Request.URL.Path+".")
}
