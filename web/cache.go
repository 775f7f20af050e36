package web

import (
	"strconv"
	"sync"

	"github.com/gin-gonic/gin"
)

// renderCache keeps rendered charts. Keys carry the dataset version, so a
// publish makes every old entry unreachable; the map is emptied when full,
// which is cheap and keeps memory bounded.
type renderCache struct {
	mu      sync.Mutex
	max     int
	entries map[string][]byte
}

func newRenderCache(max int) *renderCache {
	return &renderCache{max: max, entries: map[string][]byte{}}
}

func (rc *renderCache) get(key string) ([]byte, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	b, ok := rc.entries[key]
	return b, ok
}

func (rc *renderCache) put(key string, b []byte) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.entries) >= rc.max {
		clear(rc.entries)
	}
	rc.entries[key] = b
}

// notModified sets the validators of a response that depends only on the
// dataset version, and answers 304 when the client has it already. A minute
// of caching lets a CDN absorb a spike; a retraction reaches every reader
// within that minute.
func notModified(c *gin.Context, version int64) bool {
	etag := `"v` + strconv.FormatInt(version, 10) + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "public, max-age=60")
	if c.GetHeader("If-None-Match") == etag {
		c.Status(304)
		return true
	}
	return false
}
