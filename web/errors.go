package web

import (
	"context"
	"errors"
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

// fail answers a request that err stopped: a page for browsers, a
// problem+json body for clients that asked for data. Internal errors are
// logged with their detail and shown without it.
func (s *Server) fail(c *gin.Context, err error) {
	if s.unavailable(c, err) {
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
	if wantsData(c) {
		problemJSON(c, status, title, detail, nil)
		return
	}
	s.render(c, status, "error", &errorView{layoutView: layoutView{Title: title}, Status: status, Detail: detail})
}

// problemJSON writes an RFC 9457 problem, with extra members if any. The
// instance is the path as a URI reference: percent-encoded as the client
// sent it, never the decoded path, whose spaces and non-ASCII characters a
// URI may not hold.
func problemJSON(c *gin.Context, status int, title, detail string, extra gin.H) {
	c.Header("Content-Type", "application/problem+json")
	body := gin.H{"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": c.Request.URL.EscapedPath()}
	if status >= 500 {
		body["request_id"] = requestID(c)
	}
	for k, v := range extra {
		body[k] = v
	}
	c.JSON(status, body)
}

// wantsData reports whether the client asked for a machine representation:
// a .csv, .json, .svg or .png address, or an Accept header without HTML.
func wantsData(c *gin.Context) bool {
	p := c.Request.URL.Path
	for _, ext := range []string{".csv", ".json", ".svg", ".png", ".pdf"} {
		if strings.HasSuffix(p, ext) {
			return true
		}
	}
	if strings.HasPrefix(p, "/api/") || p == "/healthz" {
		return true
	}
	accept := c.GetHeader("Accept")
	return accept != "" && !strings.Contains(accept, "text/html") && !strings.Contains(accept, "*/*")
}

func (s *Server) notFound(c *gin.Context) {
	s.problem(c, http.StatusNotFound, "Not found", "There is no page at "+c.Request.URL.Path+".")
}
