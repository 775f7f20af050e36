package web

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// rateLimiter gives each client address a bucket of requests that refills
// at rate per second up to burst. The address is gin's ClientIP, which
// believes X-Forwarded-For only from the configured trusted proxies.
type rateLimiter struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newRateLimiter(rate, burst float64) *rateLimiter {
	return &rateLimiter{rate: rate, burst: burst, buckets: map[string]*bucket{}}
}

// take spends a token of client's bucket, or says how long until there is one.
func (rl *rateLimiter) take(client string, now time.Time) (ok bool, wait time.Duration) {
	rl.mu.Lock()
	defer rl.mu.Unlock()
	if len(rl.buckets) > 100_000 { // bounded memory: forget full buckets
		for k, b := range rl.buckets {
			if now.Sub(b.last).Seconds()*rl.rate >= rl.burst {
				delete(rl.buckets, k)
			}
		}
	}
	b, found := rl.buckets[client]
	if !found {
		b = &bucket{tokens: rl.burst, last: now}
		rl.buckets[client] = b
	}
	b.tokens = math.Min(rl.burst, b.tokens+now.Sub(b.last).Seconds()*rl.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / rl.rate * float64(time.Second))
}

// apiMiddleware opens the API to pages of any origin (GET only) and keeps
// each client within its rate.
func (s *Server) apiMiddleware(c *gin.Context) {
	h := c.Writer.Header()
	corsHeaders(h)
	if c.Request.Method == http.MethodOptions {
		h.Set("Access-Control-Max-Age", "86400")
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	if s.limiter.rate == 0 {
		c.Next() // no limit configured
		return
	}
	if ok, wait := s.limiter.take(c.ClientIP(), time.Now()); !ok {
		c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		s.problem(c, http.StatusTooManyRequests, "Too many requests",
			"This address has made more than "+strconv.Itoa(int(s.limiter.rate))+" requests a second; wait and try again.")
		c.Abort()
		return
	}
	c.Next()
}

// corsHeaders let pages of any origin read an API answer, errors included.
func corsHeaders(h http.Header) {
	h["Access-Control-Allow-Origin"] = corsOrigin
	h["Access-Control-Allow-Methods"] = corsMethods
	h["Access-Control-Allow-Headers"] = corsHeadersAllowed
	h["Access-Control-Expose-Headers"] = corsExposed
}

// The values of the CORS headers, made once and shared by every response
// (see sharedHeader).
var (
	corsOrigin         = sharedHeader("*")
	corsMethods        = sharedHeader("GET, HEAD, OPTIONS")
	corsHeadersAllowed = sharedHeader("If-None-Match")
	corsExposed        = sharedHeader("ETag, Retry-After")
)
