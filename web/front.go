package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// The front cache answers again a response that depends only on the
// published data of one dataset version and on its address: a page, a
// chart, an API page, a kept download. The render cache already keeps
// such a response's bytes, but finding them takes the route's own work
// first — checking and parsing the query, building the render cache key,
// compressing or not — which costs an API page about as much again as
// sending it. The front cache keeps the finished response instead (its
// headers and its body, as sent) under the request's own address, and
// answers it before the handler runs. Everything else a request goes
// through still runs: the route's rule, the log line, the metrics, the
// API's rate limit and CORS headers.
//
// A response is kept there only by the handler that made it (keepFront),
// and only one that is the same for everyone who sends the same address,
// Host and Accept-Encoding under the same dataset version: a handler's
// error, a 404, a redirect, a streamed download and a page that shows
// more than the dataset version (a source's saved copy) are never kept.
// Its key is the version, the encoding asked, the public address and the
// raw request target, so that a publish makes every old entry
// unreachable, as in the render cache.

// frontCache keeps finished responses (frontEntry) by frontKey.
type frontCache = lru[*frontEntry]

// The front cache's bounds. It holds what clients ask again, compressed
// as they take it: a million-figure site's 200 busiest series pages are
// 10 MB.
const (
	maxFrontEntries = 4096
	maxFrontBytes   = 64 << 20
	// maxFrontTarget is the longest request target kept: a longer one is
	// answered by its route every time.
	maxFrontTarget = 1024
)

func newFrontCache() *frontCache {
	return newLRU(maxFrontEntries, maxFrontBytes, (*frontEntry).size)
}

// frontEntry is a response as it was sent with status 200.
type frontEntry struct {
	// tag is its ETag as If-None-Match is compared with it (etagMatches).
	tag string
	// header is what the handler set on it (frontHeaders), notModified
	// the part of it a 304 sends.
	header, notModified []headerValue
	body                []byte
}

type headerValue struct {
	name   string
	values []string
}

func (e *frontEntry) size() int {
	n := cap(e.body) + len(e.tag)
	for _, h := range e.header {
		n += len(h.name) + 16
		for _, v := range h.values {
			n += len(v) + 16
		}
	}
	return n + 48*len(e.notModified)
}

// frontHeaders are the headers a kept response's handler sets: the
// representation's, and its validators. Everything else a response
// carries, the middleware sets on every request, a front cache hit too.
var frontHeaders = []string{"Content-Type", "Content-Length", "Content-Encoding", "Content-Disposition", "Link", "Repr-Digest",
	"Vary", "Etag", "Cache-Control"}

// notModifiedHeaders are those of them a 304 sends (notModifiedETag sets
// them before it answers 304).
var notModifiedHeaders = []string{"Vary", "Etag", "Cache-Control"}

// frontMissKey marks a request the front cache did not hold, which its
// handler may keep there (keepFront).
const frontMissKey = "front-miss"

// front is the middleware of the routes whose responses their handlers
// keep in the front cache (Rule.Kept): it answers a request the cache
// holds, with 304 when the client has it, and lets any other through.
func (s *Server) front(c *gin.Context) {
	r := c.Request
	if s.fronts.max == 0 || r.Method != http.MethodGet || r.RequestURI == "" || len(r.RequestURI) > maxFrontTarget {
		return // no front cache (a test's), or a request it does not keep
	}
	version, err := s.datasetVersion(r.Context())
	if err != nil {
		return // the handler reads it again, and answers its error
	}
	var buf [256]byte
	key := s.frontKey(buf[:0], c, version)
	e, ok := s.fronts.getBytes(key)
	if !ok {
		s.metrics.frontMiss.Inc()
		c.Set(frontMissKey, version)
		return
	}
	c.Abort()
	s.metrics.frontHit.Inc()
	h := c.Writer.Header()
	if etagMatches(r.Header.Get("If-None-Match"), e.tag) {
		for _, hv := range e.notModified {
			h[hv.name] = hv.values
		}
		c.Status(http.StatusNotModified)
		return
	}
	for _, hv := range e.header {
		h[hv.name] = hv.values
	}
	c.Status(http.StatusOK)
	c.Writer.Write(e.body)
}

// frontKey appends to b the front cache key of c's request under version:
// the version, whether the client takes gzip, the public address the
// response's links start with, and the request target as sent.
func (s *Server) frontKey(b []byte, c *gin.Context, version int64) []byte {
	b = strconv.AppendInt(b, version, 10)
	b = append(b, '|')
	b = append(b, frontEncoding(c)...)
	b = append(b, '|')
	base := s.baseURL(c)
	b = strconv.AppendInt(b, int64(len(base)), 10)
	b = append(b, '|')
	b = append(b, base...)
	return append(b, c.Request.RequestURI...)
}

// frontEncoding is what the front cache keys of the encoding c's client
// takes: gzip (z) or not (p).
func frontEncoding(c *gin.Context) string {
	if acceptsGzip(c.Request.Header.Get("Accept-Encoding")) {
		return "z"
	}
	return "p"
}

// sendFront writes body, the response to c's request that the published
// data of version makes, kept in the render cache under renderKey, with
// status 200 and contentType; and keeps it in the front cache when the
// front middleware let the request through (keepFront). The handler has
// set every other header of the response.
func (s *Server) sendFront(c *gin.Context, version int64, renderKey, contentType string, body []byte) {
	h := c.Writer.Header()
	h["Content-Type"] = []string{contentType}
	// Its length, as c.Data states it: without it, net/http sends a body
	// of over 2 KB in chunks, which costs a client more to read and the
	// server an extra write for the last chunk.
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	s.keepFront(c, version, renderKey, body)
	c.Status(http.StatusOK)
	c.Writer.Write(body)
}

// keepFront keeps in the front cache the response of status 200 and body
// whose headers c's handler has set, when the front cache did not hold
// the request: the handler says, by calling it, that the response depends
// only on the published data of version and on the request's key.
//
// The response is kept only when version is the one the request started
// with: a handler checks its query against the data of that version (the
// home page's filters against its choices), and a page built on a newer
// version, after a publish, may be one that version's check would refuse.
// And a request takes the place of any other spelling of the same
// response (same render cache entry, same encoding): the addresses that
// differ only by what their handler drops or decodes (/?fbclid=…,
// /series/%61fg-…) hold one entry between them, and a visitor making them
// up cannot push other responses out.
func (s *Server) keepFront(c *gin.Context, version int64, renderKey string, body []byte) {
	if v, miss := c.Get(frontMissKey); !miss || v != version {
		return
	}
	h := c.Writer.Header()
	e := &frontEntry{body: body, tag: strings.TrimPrefix(h.Get("Etag"), "W/")}
	if e.tag == "" {
		return // every kept response has one; without it, any request would match
	}
	for _, name := range frontHeaders {
		if vs, ok := h[name]; ok {
			hv := headerValue{name, slices.Clip(slices.Clone(vs))}
			e.header = append(e.header, hv)
			if slices.Contains(notModifiedHeaders, name) {
				e.notModified = append(e.notModified, hv)
			}
		}
	}
	s.fronts.putIn(frontEncoding(c)+"|"+renderKey, string(s.frontKey(nil, c, version)), e)
}
