package web

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/displacement-tracker/tracker/internal/store"
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
	case named && ruleOf(c).API:
		s.fail(c, (&apiQuery{c: c, bad: []invalidParam{{param, problem}}}).err())
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

// malformedInput says what is wrong with a request whose path or query
// holds a NUL character or bytes that are not UTF-8, naming the parameter
// when it is one (named, since a parameter may be called ""); problem is ""
// for a sound request. No slug, id, filter or field is ever like that;
// PostgreSQL refuses such text with an error (a 500 here) and SQLite cuts a
// string at its NUL (a search for "x\x00" finds everything), so they are
// refused before any handler reads them. It never reads the body: a posted
// form is checkForm's.
func malformedInput(r *http.Request) (param string, named bool, problem string) {
	if notText(r.URL.Path) {
		return "", false, "The address " + notTextProblem + "."
	}
	if raw := r.URL.RawQuery; strings.IndexByte(raw, '%') < 0 && !notText(raw) {
		return "", false, "" // every name and value is a piece of raw (a '+' a space): no parse needed
	}
	query, _ := url.ParseQuery(r.URL.RawQuery) // what it cannot split, no handler reads either
	name, problem := malformedValues(query)
	return name, problem != "", problem
}

const notTextProblem = "holds a NUL character or bytes that are not UTF-8"

func notText(s string) bool { return strings.IndexByte(s, 0) >= 0 || !utf8.ValidString(s) }

// malformedValues names the first parameter whose name or value is not
// text, and says what is wrong; "" when all are sound.
func malformedValues(vs url.Values) (name, problem string) {
	for name, list := range vs {
		if notText(name) {
			// Named as the address writes it: the JSON of a problem
			// cannot carry the bytes themselves.
			return url.QueryEscape(name), "this parameter name " + notTextProblem
		}
		for _, v := range list {
			if notText(v) {
				return name, notTextProblem
			}
		}
	}
	return "", ""
}

// multipartMemory is how much of a multipart form is kept in memory; the
// rest of its files goes to temporary files, removed after the request.
const multipartMemory = 1 << 20

// checkForm refuses a posted form, url-encoded or multipart alike, whose
// field names, values or file names hold a NUL or bytes that are not UTF-8:
// 422 naming the field (the reasons are malformedInput's). It runs in the
// chain of each POST route after the role check, so it never parses an
// anonymous body for a staff route, and after limitBodies, so it reads at
// most the route's MaxBody.
func (s *Server) checkForm(c *gin.Context) {
	r := c.Request
	var err error
	switch ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct {
	case "application/x-www-form-urlencoded":
		err = r.ParseForm()
	case "multipart/form-data":
		err = r.ParseMultipartForm(multipartMemory)
		// The server removes the temporary files of the request it
		// passed in, not of a copy (publicReads makes one).
		defer func() {
			if r.MultipartForm != nil {
				r.MultipartForm.RemoveAll()
			}
		}()
	}
	name, problem := malformedValues(r.PostForm)
	if r.MultipartForm != nil && problem == "" {
		for field, files := range r.MultipartForm.File {
			for _, fh := range files {
				if notText(field) || notText(fh.Filename) {
					name, problem = url.QueryEscape(field), "the file name "+notTextProblem
				}
			}
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		s.tooLarge(c, tooBig.Limit)
	case err != nil:
		s.problem(c, http.StatusBadRequest, "Bad request", "The form is malformed.")
	case problem != "":
		s.problem(c, http.StatusUnprocessableEntity, "Invalid input", name+": "+problem+".")
	default:
		c.Next()
		return
	}
	c.Abort()
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
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = referrerPolicy
		// No site may frame a response but a Frameable route's (applyRule).
		h["X-Frame-Options"] = frameDeny
		h["Content-Security-Policy"] = noFraming
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// The security headers every response carries, made once (sharedHeader).
var (
	nosniff        = sharedHeader("nosniff")
	referrerPolicy = sharedHeader("strict-origin-when-cross-origin")
	frameDeny      = sharedHeader("DENY")
	noFraming      = sharedHeader(contentSecurityPolicy("'none'"))
)

// sharedHeader is the value of a header that many responses set alike,
// assigned under its canonical name (h[Name] = v) rather than with Set: no
// canonicalizing and no allocation on every request, which is a good part
// of a cached response's cost. Sharing is safe because nothing changes a
// header's values in place: Set replaces the slice, and Add appends to a
// slice that is full, which copies it.
func sharedHeader(v string) []string { return []string{v}[:1:1] }

func contentSecurityPolicy(frameAncestors string) string {
	return "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors " + frameAncestors + "; base-uri 'none'; form-action 'self'"
}

// allowFraming lets any site frame this response: the embed pages' job.
func allowFraming(h http.Header) {
	h.Del("X-Frame-Options")
	h.Set("Content-Security-Policy", contentSecurityPolicy("*"))
}

// maxFormBody bounds the body of every request but a file upload (a
// route's Rule.MaxBody): the largest staff form (a figure with a long
// excerpt and notes) is a few kilobytes, so a megabyte is generous and a
// flood is cut off early.
const maxFormBody = 1 << 20

// limitBodies bounds each request's body by its route's MaxBody
// (maxFormBody when 0, and for an address no route has) before anything
// reads it: a declared length over the limit is refused at once, without
// reading a byte, and a body sent without a length (chunked) is cut off
// where the count of bytes read passes the limit.
func (s *Server) limitBodies(c *gin.Context) {
	limit := cmp.Or(ruleOf(c).MaxBody, maxFormBody)
	if c.Request.ContentLength > limit {
		s.tooLarge(c, limit)
		c.Abort()
		return
	}
	if c.Request.Body != nil && c.Request.Body != http.NoBody {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	c.Next()
}

// tooLarge answers a body over limit. It closes the connection (the rest
// of the body is never read), so a client learns of it without sending it.
func (s *Server) tooLarge(c *gin.Context, limit int64) {
	c.Header("Connection", "close")
	detail := fmt.Sprintf("This request is larger than %d MB, the most this address takes.", limit>>20)
	if hint := ruleOf(c).TooLarge; hint != "" {
		detail += " " + hint
	} else if limit > maxFormBody {
		detail += " Split the file, or import it with `tracker import`, which has no limit."
	}
	s.problem(c, http.StatusRequestEntityTooLarge, "Request too large", detail)
}

// publicReads marks a public request's context so that the store may serve
// its reads — the page's data and the dataset version that keys its cache
// and ETag — from the read replica, when one is configured (attached before
// Handler is called). Handler puts it in front of every public route
// outside /staff; staff pages, sign-in and every write read from the
// primary.
func publicReads(c *gin.Context) {
	c.Request = c.Request.WithContext(store.PublicRead(c.Request.Context()))
	c.Next()
}
