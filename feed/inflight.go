package feed

import "sync"

// inflight counts work under way, like a sync.WaitGroup that may be
// waited on while more work starts: a reader's first load waits for its
// saves in the background while a refresh starts saves of its own, and a
// WaitGroup may not be added to from zero while a Wait is under way (the
// race detector reports it, and a Wait may miss the new work or return
// late). wait returns once the count has been zero, and does not wait for
// work that starts after that. The zero value is ready for use.
type inflight struct {
	mu   sync.Mutex
	n    int
	idle *sync.Cond // broadcast when n falls to 0; made on first use
}

// add counts one more piece of work.
func (f *inflight) add() {
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
}

// done counts one piece of work as finished.
func (f *inflight) done() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n--
	if f.n == 0 && f.idle != nil {
		f.idle.Broadcast()
	}
}

// wait waits until no work is under way.
func (f *inflight) wait() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for f.n > 0 {
		if f.idle == nil {
			f.idle = sync.NewCond(&f.mu)
		}
		f.idle.Wait()
	}
}
