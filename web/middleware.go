package web

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// requestIDKey holds the request's id: it is in the log line, in the
// X-Request-Id header, and in every 500 shown to the user, so that a report
// leads to the log without the details reaching the user.
const requestIDKey = "request_id"

func requestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// logRequests gives each request an id and writes one slog line for it.
func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	var b [8]byte
	rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Set(requestIDKey, id)
	c.Header("X-Request-Id", id)
	switch param, named, problem := malformedInput(c.Request); {
	case named && strings.HasPrefix(c.Request.URL.Path, "/api/"):
		(&apiQuery{c: c, bad: []invalidParam{{param, problem}}}).ok(s)
		c.Abort()
	case named:
		s.problem(c, http.StatusBadRequest, "Bad request", param+": "+problem)
		c.Abort()
	case problem != "":
		s.problem(c, http.StatusBadRequest, "Bad request", problem)
		c.Abort()
	default:
		c.Next()
	}
	level := slog.LevelInfo
	if c.Writer.Status() >= 500 {
		level = slog.LevelError
	}
	s.log.LogAttrs(c.Request.Context(), level, "request",
		slog.String("method", c.Request.Method),
		slog.String("path", c.Request.URL.Path),
		slog.Int("status", c.Writer.Status()),
		slog.Int("bytes", c.Writer.Size()),
		slog.Duration("duration", time.Since(start)),
		slog.String("client", c.ClientIP()),
		slog.String("request_id", requestID(c)),
	)
}

// malformedInput says what is wrong with a request whose path, query or
// form holds a NUL character or bytes that are not UTF-8, naming the
// parameter when it is one (named, since a parameter may be called "");
// problem is "" for a sound request. No slug, id, filter or field is ever
// like that; PostgreSQL refuses such text with an error (a 500 here) and
// SQLite cuts a string at its NUL (a search for "x\x00" finds everything),
// so they are refused before any handler reads them.
func malformedInput(r *http.Request) (param string, named bool, problem string) {
	const notText = "holds a NUL character or bytes that are not UTF-8"
	bad := func(s string) bool { return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) }
	if bad(r.URL.Path) {
		return "", false, "The address " + notText + "."
	}
	query, _ := url.ParseQuery(r.URL.RawQuery) // what it cannot split, no handler reads either
	values := []url.Values{query}
	if ct := r.Header.Get("Content-Type"); r.Method == http.MethodPost && strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
		if err := r.ParseForm(); err != nil {
			return "", false, "The form is malformed."
		}
		values = append(values, r.PostForm)
	}
	for _, vs := range values {
		for name, list := range vs {
			if bad(name) {
				// Named as the address writes it: the JSON of a problem
				// cannot carry the bytes themselves.
				return url.QueryEscape(name), true, "this parameter name " + notText
			}
			for _, v := range list {
				if bad(v) {
					return name, true, notText
				}
			}
		}
	}
	return "", false, ""
}

// recoverPanics turns a panic into a logged 500: a bug must not take the
// process down or leak a stack trace to the client.
func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic", "path", c.Request.URL.Path, "request_id", requestID(c), "panic", v, "stack", string(debug.Stack()))
			if !c.Writer.Written() {
				s.problem(c, http.StatusInternalServerError, "Internal error",
					"Something went wrong on our side; it has been logged. If it persists, report the reference "+requestID(c)+".")
			}
			c.Abort()
		}
	}()
	c.Next()
}

// securityHeaders are sent on every response, errors and refusals
// included, so it wraps everything. The pages use no script; inline style
// attributes are allowed because the inline SVG charts carry their styles
// that way.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		// Only the embed pages may be framed, by any site: that is their job.
		frame := "'none'"
		if strings.HasPrefix(r.URL.Path, "/embed/") {
			frame = "*"
		} else {
			h.Set("X-Frame-Options", "DENY")
		}
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors "+frame+"; base-uri 'none'; form-action 'self'")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// maxFormBody bounds the body of every request but a file upload: the
// largest staff form (a figure with a long excerpt and notes) is a few
// kilobytes, so a megabyte is generous and a flood is cut off early.
const maxFormBody = 1 << 20

// limitBodies refuses a body larger than maxFormBody before a handler
// parses it (the import upload has its own, larger bound).
func (s *Server) limitBodies(c *gin.Context) {
	if c.Request.Body == nil || c.Request.Method == http.MethodGet || c.Request.URL.Path == "/staff/import" {
		c.Next()
		return
	}
	if c.Request.ContentLength > maxFormBody {
		s.problem(c, http.StatusRequestEntityTooLarge, "Request too large",
			"This form sent more than 1 MB; the site takes at most that (imports take files of up to 20 MB).")
		c.Abort()
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody)
	c.Next()
}
