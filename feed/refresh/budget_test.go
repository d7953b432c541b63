package refresh

import (
	"context"
	"testing"
	"time"
)

// holdReturns runs Hold on a goroutine and reports on the channel it
// returns when Hold has returned.
func holdReturns(ctx context.Context, b *Budget, n int64, saved <-chan struct{}) <-chan struct{} {
	returned := make(chan struct{})
	go func() {
		b.Hold(ctx, n, saved)
		close(returned)
	}()
	return returned
}

func returnsSoon(t *testing.T, what string, returned <-chan struct{}) {
	t.Helper()
	select {
	case <-returned:
	case <-time.After(5 * time.Second):
		t.Fatalf("%s: Hold still waits", what)
	}
}

func waits(t *testing.T, what string, returned <-chan struct{}) {
	t.Helper()
	select {
	case <-returned:
		t.Fatalf("%s: Hold returned, want it to wait", what)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestBudgetHoldsBackAFetchUntilASaveLetsGo(t *testing.T) {
	ctx := context.Background()
	b := NewBudget(100)
	first, second := make(chan struct{}), make(chan struct{})
	returnsSoon(t, "the first source, alone", holdReturns(ctx, b, 60, first))
	// 60 + 50 is over the budget: the second fetch waits for the first
	// save, while its own save goes on.
	returned := holdReturns(ctx, b, 50, second)
	waits(t, "over the budget", returned)
	close(first)
	returnsSoon(t, "once the first save let go", returned)
	// 50 held: 40 more fit.
	returnsSoon(t, "within the budget", holdReturns(ctx, b, 40, make(chan struct{})))
}

func TestBudgetHoldsASourceLargerThanItselfWhenNothingElse(t *testing.T) {
	ctx := context.Background()
	b := NewBudget(10)
	big := make(chan struct{})
	returnsSoon(t, "a source over the whole budget, alone", holdReturns(ctx, b, 1000, big))
	returned := holdReturns(ctx, b, 1, make(chan struct{}))
	waits(t, "beside the large source", returned)
	close(big)
	returnsSoon(t, "after it", returned)
}

func TestBudgetWaitEndsWithItsOwnSaveOrTheContext(t *testing.T) {
	b := NewBudget(10)
	returnsSoon(t, "the first", holdReturns(context.Background(), b, 10, make(chan struct{}))) // never let go
	own := make(chan struct{})
	returned := holdReturns(context.Background(), b, 5, own)
	waits(t, "over the budget", returned)
	close(own)
	returnsSoon(t, "its own save done", returned)

	ctx, cancel := context.WithCancel(context.Background())
	returned = holdReturns(ctx, b, 5, make(chan struct{}))
	waits(t, "over the budget", returned)
	cancel()
	returnsSoon(t, "cancelled", returned)

	saved := make(chan struct{})
	close(saved)
	returnsSoon(t, "saved already", holdReturns(context.Background(), b, 5, saved))
	returnsSoon(t, "a nil budget", holdReturns(context.Background(), nil, 5, make(chan struct{})))
}
