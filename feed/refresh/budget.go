package refresh

import (
	"context"
	"sync"
)

// Budget bounds how many bytes of sources the fetches of a refresh hold at
// once, so that a refresh of many large feeds holds a few of them rather
// than every feed whose save has not finished. A source is counted by the
// bytes it was loaded from: its parsed articles take about twice that.
// Saves of one database take its write lock in turn, so holding more
// sources than the one being saved and the one being parsed saves nothing
// sooner: a budget of about one large source is enough. A nil *Budget
// holds nothing back. A Budget is safe for concurrent use.
type Budget struct {
	mu    sync.Mutex
	max   int64
	held  int64
	freed chan struct{} // closed and replaced when something is let go
}

// NewBudget returns a budget of max bytes.
func NewBudget(max int64) *Budget {
	return &Budget{max: max, freed: make(chan struct{})}
}

// Hold is called by a fetch that loaded a source of n bytes, before it
// returns, with saved closed when the last holder of the source's articles
// (its save) lets go of them. It waits while the sources held already
// leave no room for n bytes, then counts n as held until saved is closed,
// and returns. It returns at once when saved is closed first, and when ctx
// is done (holding nothing then). A source larger than the whole budget is
// held when nothing else is.
func (b *Budget) Hold(ctx context.Context, n int64, saved <-chan struct{}) {
	if b == nil {
		return
	}
	select {
	case <-saved:
		return // nothing left to hold
	default:
	}
	for {
		b.mu.Lock()
		if b.held == 0 || b.held+n <= b.max {
			b.held += n
			b.mu.Unlock()
			go b.release(n, saved)
			return
		}
		freed := b.freed
		b.mu.Unlock()
		select {
		case <-freed:
		case <-saved:
			return
		case <-ctx.Done():
			return
		}
	}
}

// release lets go of n bytes once saved is closed.
func (b *Budget) release(n int64, saved <-chan struct{}) {
	<-saved
	b.mu.Lock()
	b.held -= n
	close(b.freed) // wakes every waiting fetch
	b.freed = make(chan struct{})
	b.mu.Unlock()
}
