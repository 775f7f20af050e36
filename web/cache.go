package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// lru keeps values under string keys, least recently used out first,
// bounded in entries and in bytes. The bytes an entry counts are all it
// holds: its key (which carries a visitor's query), its slot, what size
// says its value holds, and the bookkeeping. An entry may take a slot,
// which holds one entry at a time (putIn).
type lru[V any] struct {
	mu       sync.Mutex
	max      int
	maxBytes int
	bytes    int
	order    *list.List // front: most recently used
	entries  map[string]*list.Element
	slots    map[string]*list.Element
	size     func(V) int
}

type lruEntry[V any] struct {
	key, slot string
	v         V
}

func newLRU[V any](max, maxBytes int, size func(V) int) *lru[V] {
	return &lru[V]{max: max, maxBytes: maxBytes, order: list.New(),
		entries: map[string]*list.Element{}, slots: map[string]*list.Element{}, size: size}
}

// renderCache keeps rendered charts and pages, least recently used out
// first, bounded in entries and in bytes. Keys carry the dataset version,
// so a publish makes every old entry unreachable and it ages out.
type renderCache = lru[[]byte]

func newRenderCache(max, maxBytes int) *renderCache {
	return newLRU(max, maxBytes, func(b []byte) int { return cap(b) })
}

func (rc *lru[V]) get(key string) (V, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.lookup(rc.entries[key])
}

// getBytes is get of the key that is key's bytes, without making it a
// string (the compiler does not copy key to look it up in a map).
func (rc *lru[V]) getBytes(key []byte) (V, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.lookup(rc.entries[string(key)])
}

func (rc *lru[V]) lookup(el *list.Element) (v V, ok bool) {
	if el == nil {
		return v, false
	}
	rc.order.MoveToFront(el)
	return el.Value.(*lruEntry[V]).v, true
}

// held is how many entries and bytes the cache holds.
func (rc *lru[V]) held() (entries, bytes int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.order.Len(), rc.bytes
}

func (rc *lru[V]) put(key string, v V) { rc.putIn("", key, v) }

// putIn is put of an entry that takes slot (none when ""): the entry that
// held the slot under another key goes. Keys that mean one thing in many
// spellings then take one place in the cache, not one each.
func (rc *lru[V]) putIn(slot, key string, v V) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if el, ok := rc.entries[key]; ok {
		rc.remove(el)
	}
	if el, ok := rc.slots[slot]; ok && slot != "" {
		rc.remove(el)
	}
	e := &lruEntry[V]{key: key, slot: slot, v: v}
	el := rc.order.PushFront(e)
	rc.entries[key] = el
	if slot != "" {
		rc.slots[slot] = el
	}
	rc.bytes += rc.entrySize(e)
	for rc.order.Len() > rc.max || (rc.bytes > rc.maxBytes && rc.order.Len() > 1) {
		rc.remove(rc.order.Back())
	}
}

func (rc *lru[V]) remove(el *list.Element) {
	e := el.Value.(*lruEntry[V])
	rc.order.Remove(el)
	delete(rc.entries, e.key)
	if e.slot != "" {
		delete(rc.slots, e.slot)
	}
	rc.bytes -= rc.entrySize(e)
}

// entryOverhead is about what an entry costs besides its key and value:
// the list element, the entry, the map's slot.
const entryOverhead = 160

func (rc *lru[V]) entrySize(e *lruEntry[V]) int {
	return len(e.key) + len(e.slot) + rc.size(e.v) + entryOverhead
}

// entrySize is what a render cache entry of key and b counts against the
// byte bound.
func entrySize(key string, b []byte) int { return len(key) + cap(b) + entryOverhead }

// Header values of cached responses, made once (sharedHeader).
var (
	varyEncoding = sharedHeader("Accept-Encoding")
	publicMinute = sharedHeader("public, max-age=60")
	gzipEncoding = sharedHeader("gzip")
)

// notModified sets the validators of a response that depends only on the
// dataset version, and answers 304 when the client has it already. A minute
// of caching lets a CDN absorb a spike; a retraction reaches every reader
// within that minute.
func notModified(c *gin.Context, version int64) bool {
	return notModifiedETag(c, `"v`+strconv.FormatInt(version, 10)+`"`)
}

// notModifiedETag is notModified for a response whose tag says more than
// the dataset version (a page that shows a source's saved copy).
func notModifiedETag(c *gin.Context, etag string) bool {
	// Cached pages come compressed to clients that take it, and a
	// compressed body carries the weak tag, as a compressing proxy gives.
	h := c.Writer.Header()
	h["Vary"] = varyEncoding
	if acceptsGzip(c.GetHeader("Accept-Encoding")) {
		h["Etag"] = []string{"W/" + etag}
	} else {
		h["Etag"] = []string{etag}
	}
	h["Cache-Control"] = publicMinute
	if etagMatches(c.GetHeader("If-None-Match"), etag) {
		c.Status(304)
		return true
	}
	return false
}

// etagMatches reads If-None-Match as RFC 9110 says: a list of tags,
// compared weakly (a proxy that compresses turns "v2" into W/"v2"), or *.
func etagMatches(header, etag string) bool {
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == etag {
			return true
		}
	}
	return false
}

// sendCached writes b, a response kept in the render cache under key, in
// gzip when the client takes it (encoded). A series page of a hundred
// figures is 140 KB of HTML and 15 KB compressed, on a phone on a slow
// connection.
func (s *Server) sendCached(c *gin.Context, key, contentType string, b []byte) {
	body, _ := s.encoded(c, key, b)
	c.Data(http.StatusOK, contentType, body)
}

// encoded is b, kept in the render cache under key, as this client takes
// it: gzip when it accepts gzip and b is worth compressing, the compressed
// copy made once and kept beside the plain one under key|gzip. bodyKey is
// the key of what it returns; the Content-Encoding and Vary headers are set.
func (s *Server) encoded(c *gin.Context, key string, b []byte) (body []byte, bodyKey string) {
	c.Writer.Header()["Vary"] = varyEncoding
	if len(b) < 1024 || !acceptsGzip(c.GetHeader("Accept-Encoding")) {
		return b, key
	}
	bodyKey = key + "|gzip"
	z, ok := s.responses.get(bodyKey)
	if !ok {
		z = gzipBytes(b)
		s.responses.put(bodyKey, z)
	}
	c.Writer.Header()["Content-Encoding"] = gzipEncoding
	return z, bodyKey
}

// gzipBytes compresses b in memory: the one compressor of responses made
// once and kept (cached pages, the static files).
func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	zw.Write(b)
	zw.Close()
	return bytes.Clone(buf.Bytes()) // kept: no spare capacity held in the caches
}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) listed and not
// refused with q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "gzip" && name != "*" {
			continue
		}
		q := strings.ReplaceAll(strings.ToLower(params), " ", "")
		return !(q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000")
	}
	return false
}
