package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/sync/singleflight"
)

// renderGate bounds the drawing of charts, the one thing an anonymous
// request can make this server do for long: at most cap(slots) renders run
// at once, a request waits at most wait for a slot and then gets 503 with
// Retry-After (errBusy), every render stops at timeout or when the request
// that asked for it is gone, and concurrent requests for the same chart
// share one render. A chart of sixty events once drew forever, and every
// request for it started another.
type renderGate struct {
	slots   chan struct{}
	wait    time.Duration
	timeout time.Duration
	group   singleflight.Group
	hook    func(ctx context.Context, key string) // tests: called with a slot held, before drawing
}

func newRenderGate() *renderGate {
	// Drawing is CPU work: more renders than cores only queue inside.
	return &renderGate{slots: make(chan struct{}, max(runtime.GOMAXPROCS(0), 2)), wait: 2 * time.Second, timeout: 10 * time.Second}
}

// busyError is a request refused because the server is drawing as many
// charts as it may; fail answers it 503 with Retry-After.
type busyError struct {
	retryAfter int    // seconds
	doing      string // "drawing as many charts as it can" when empty
}

func (e busyError) Error() string {
	return fmt.Sprintf("The server is %s; try again in %d seconds.", cmp.Or(e.doing, "drawing as many charts as it can"), e.retryAfter)
}

var errBusy = busyError{retryAfter: 5}

// enterSlot takes one of slots, waiting at most wait, and returns what
// gives it back; busy when none came free in time, ctx's error when the
// request ended first.
func enterSlot(ctx context.Context, slots chan struct{}, wait time.Duration, busy busyError) (leave func(), err error) {
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.C:
		return nil, busy
	}
}

// rendersLimitError is a client that has had as many charts drawn as
// Config.RenderRate allows; fail answers it 429 with Retry-After.
type rendersLimitError struct{ retryAfter int } // seconds

func (e rendersLimitError) Error() string {
	return fmt.Sprintf("This address has had many new charts drawn in a short time; try again in %d seconds. Charts already drawn are not limited.", e.retryAfter)
}

// errRenderTimeout is a render that took longer than the gate allows.
var errRenderTimeout = busyError{retryAfter: 30}

// do returns render's bytes for key, drawing them at most once at a time
// per key. render gets a context that ends with the request or at the
// gate's timeout; a result drawn under a context that ended is an error,
// never a picture, so it is never cached.
func (g *renderGate) do(ctx context.Context, key string, render func(ctx context.Context, enter func() error) (rendering, error)) (rendering, error) {
	ctx, cancel := context.WithTimeout(ctx, g.timeout)
	defer cancel()
	for {
		ch := g.group.DoChan(key, func() (any, error) { return g.run(ctx, key, render) })
		select {
		case r := <-ch:
			if errors.Is(r.Err, context.Canceled) && ctx.Err() == nil {
				// The request that drew it went away; this one did not.
				continue
			}
			if errors.Is(r.Err, context.DeadlineExceeded) {
				return rendering{}, errRenderTimeout
			}
			b, _ := r.Val.(rendering)
			return b, r.Err
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return rendering{}, errRenderTimeout
			}
			return rendering{}, ctx.Err()
		}
	}
}

// run renders; render calls enter to take a slot, waiting at most g.wait,
// once it has read its data and before it draws, and holds it until it
// returns. A panic becomes an error: singleflight's DoChan would re-raise
// it where no handler recovers.
func (g *renderGate) run(ctx context.Context, key string, render func(ctx context.Context, enter func() error) (rendering, error)) (r rendering, err error) {
	held := false
	defer func() {
		if held {
			<-g.slots
		}
	}()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("chart %s: panic: %v\n%s", key, p, debug.Stack())
		}
	}()
	enter := func() error {
		wait := time.NewTimer(g.wait)
		defer wait.Stop()
		select {
		case g.slots <- struct{}{}:
			held = true
		case <-wait.C:
			return errBusy
		case <-ctx.Done():
			return ctx.Err()
		}
		if g.hook != nil {
			g.hook(ctx, key)
		}
		return nil
	}
	if r, err = render(ctx, enter); err != nil && ctx.Err() != nil {
		// Its context ended: a read of a transaction that ended with it
		// fails otherwise, and this is what waiters retry on.
		return rendering{}, ctx.Err()
	}
	return r, err
}

// collector reports the renders running now, beside the render times.
func (g *renderGate) collector() prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tracker_chart_renders_running",
		Help: "Charts being drawn now; at most the number of CPUs (2 at least). Requests that find none free for 2 s get 503 with Retry-After."},
		func() float64 { return float64(len(g.slots)) })
}
