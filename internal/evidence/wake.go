package evidence

import "sync"

// Wake asks Run for a round now rather than at its next tick: a source
// was just entered (the staff forms, a browser import), and its copy
// should be saved while the person who entered it is still looking. It
// never blocks; wakes that come while a round waits or runs make one more
// round, not one each. Without Run, a wake is kept until one starts.
func (s *Saver) Wake() { s.wake.ring() }

// wakeup is a doorbell: one pending ring at most.
type wakeup struct {
	once sync.Once
	ch   chan struct{}
}

func (w *wakeup) c() chan struct{} {
	w.once.Do(func() { w.ch = make(chan struct{}, 1) })
	return w.ch
}

func (w *wakeup) ring() {
	select {
	case w.c() <- struct{}{}:
	default: // a round is already asked for
	}
}
