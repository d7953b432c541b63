package store

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

func TestPresenceSeesEveryOtherStoreOnTheFileAndNotItself(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.open == nil || a.open.others() {
		t.Fatalf("a Store alone: presence %v, others %v; want held and none", a.open, a.open.others())
	}
	b, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if !a.open.others() || !b.open.others() {
		t.Errorf("two Stores open: others %v and %v, want both true", a.open.others(), b.open.others())
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if a.open.others() {
		t.Error("the other Store closed: others still true")
	}
}

// A FIFO where the presence file goes must neither hang Open nor stop the
// pauses: the writer then pauses as if someone else were there.
func TestPresenceOnAFIFOFallsBackToPausing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	if err := syscall.Mkfifo(path+presenceSuffix, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan *Store, 1)
	go func() {
		s, err := Open(ctx, path)
		if err != nil {
			t.Error(err)
		}
		done <- s
	}()
	select {
	case s := <-done:
		if s == nil {
			return
		}
		defer s.Close()
		if s.open != nil || !s.open.others() {
			t.Errorf("presence on a FIFO: %v, others %v; want none, and pausing", s.open, s.open.others())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Open hung on a FIFO at the presence file")
	}
}
