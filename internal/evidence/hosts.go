package evidence

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Politeness towards the sites sources are on: one request at a time to a
// host, at least a gap between two (Saver.Gap), and after a 429 or a 503
// no request to the host before its Retry-After, or when it gave none
// throttleBase, doubling each time in a row, at most throttleMost.
const (
	defaultGap   = time.Second
	throttleBase = 10 * time.Minute
	throttleMost = 24 * time.Hour
)

// hosts keeps, per host, whether a request is under way, when the last
// ended (on the monotonic clock: the gap is about the wire), and until
// when the host asked to be left alone (on the Saver's clock).
type hosts struct {
	mu sync.Mutex
	m  map[string]*hostState
}

type hostState struct {
	busy     chan struct{} // closed when the request under way ends; nil when none is
	last     time.Time     // end of the latest request, time.Now
	until    time.Time     // no request before, Saver.now
	throttle time.Duration // the latest wait without Retry-After
}

// hostOf is the host a URL's requests go to ("" for one that has none:
// the fetcher refuses it without a request).
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// take waits until host has no request under way and the gap since its
// last has passed, and marks it busy; done ends the request (throttled:
// the host answered 429 or 503, asking to wait retryAfter, 0 when it did
// not say). ok is false, and nothing is marked, while the host is asking
// to be left alone; until is then how long.
func (h *hosts) take(ctx context.Context, host string, gap time.Duration, now func() time.Time) (done func(throttled bool, retryAfter time.Duration), ok bool, until time.Time, err error) {
	if host == "" {
		return func(bool, time.Duration) {}, true, time.Time{}, nil
	}
	for {
		h.mu.Lock()
		if h.m == nil {
			h.m = map[string]*hostState{}
		}
		st := h.m[host]
		if st == nil {
			st = &hostState{}
			h.m[host] = st
		}
		if now().Before(st.until) {
			h.mu.Unlock()
			return nil, false, st.until, nil
		}
		if busy := st.busy; busy != nil {
			h.mu.Unlock()
			select {
			case <-busy:
				continue
			case <-ctx.Done():
				return nil, false, time.Time{}, ctx.Err()
			}
		}
		wait := time.Until(st.last.Add(gap))
		if wait > 0 {
			h.mu.Unlock()
			t := time.NewTimer(wait)
			select {
			case <-t.C:
				continue
			case <-ctx.Done():
				t.Stop()
				return nil, false, time.Time{}, ctx.Err()
			}
		}
		busy := make(chan struct{})
		st.busy = busy
		h.mu.Unlock()
		var once sync.Once
		return func(throttled bool, retryAfter time.Duration) {
			once.Do(func() {
				h.mu.Lock()
				defer h.mu.Unlock()
				st.last = time.Now()
				st.busy = nil
				close(busy)
				switch {
				case !throttled:
					st.throttle = 0
				case retryAfter > 0:
					st.until = now().Add(min(retryAfter, throttleMost))
				default:
					st.throttle = min(max(2*st.throttle, throttleBase), throttleMost)
					st.until = now().Add(st.throttle)
				}
			})
		}, true, time.Time{}, nil
	}
}
