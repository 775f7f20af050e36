package auth

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/semaphore"
)

// Each argon2id computation holds its memory parameter (19 MiB by default)
// until it ends, so 200 concurrent sign-ins once took a server from 37 MB
// to 3 GB. Hashing waits for a share of a fixed memory budget instead.

// DefaultHashMemory is the budget, in KiB, for argon2id computations running
// at once: 128 MiB, six at the default parameters. A process's peak is
// about twice the budget, because each computation's memory is garbage
// once it ends and Go's collector lets garbage grow to the size of the live
// heap (GOGC=100): 200 concurrent sign-ins measured ~310 MB at 128 MiB and
// ~620 MB at 256 MiB. Six at once already keep two cores busy; more only
// queue on the CPU instead of on the semaphore.
const DefaultHashMemory = 128 * 1024

// ErrBusy is returned when the caller's context ended while waiting for
// hashing memory: the server is overloaded, try again shortly.
var ErrBusy = errors.New("auth: too many password checks at once; try again in a moment")

type limiter struct {
	sem   *semaphore.Weighted
	slots int64 // budget / Default.Memory
	// Counters for tests and metrics: computations running, the most that
	// ran at once, and how many there have been under this budget.
	running, peak, total atomic.Int64
	peakMu               sync.Mutex
}

var hashing atomic.Pointer[limiter]

func init() { SetHashMemory(DefaultHashMemory) }

// SetHashMemory sets the budget in KiB, and starts its counters afresh.
// Call it at start, before any hashing.
// A computation takes ceil(its memory / Default.Memory) slots of
// Default.Memory each, at least one and at most all of them.
func SetHashMemory(kib uint64) {
	slots := max(int64(kib/uint64(Default.Memory)), 1)
	hashing.Store(&limiter{sem: semaphore.NewWeighted(slots), slots: slots})
}

// HashSlots is how many default-cost computations may run at once.
func HashSlots() int { return int(hashing.Load().slots) }

// HashStats reports the computations running now, the most that ran at
// once, and how many have run, since the budget was set.
func HashStats() (now, most, all int64) {
	l := hashing.Load()
	return l.running.Load(), l.peak.Load(), l.total.Load()
}

// withSlots runs fn once memory for a computation of memKiB is free, or
// returns ErrBusy when ctx ends first.
func withSlots(ctx context.Context, memKiB uint32, fn func()) error {
	l := hashing.Load()
	w := min(max(int64((uint64(memKiB)+uint64(Default.Memory)-1)/uint64(Default.Memory)), 1), l.slots)
	if err := l.sem.Acquire(ctx, w); err != nil {
		return ErrBusy
	}
	defer l.sem.Release(w)
	n := l.running.Add(1)
	l.peakMu.Lock()
	l.peak.Store(max(n, l.peak.Load()))
	l.peakMu.Unlock()
	l.total.Add(1)
	defer l.running.Add(-1)
	fn()
	return nil
}
