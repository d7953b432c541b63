package feed_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// TestWaitWhileLoadsGoOnSaving waits for a Loader's saves while more loads
// start saves of their own, as the reader does: its first load waits for
// its saves in the background while a refresh loads and saves. With a
// sync.WaitGroup for the count, the race detector reported the refresh's
// first save racing the Wait (a WaitGroup may not be added to from zero
// during a Wait). Every save must be done once the last Wait returns.
func TestWaitWhileLoadsGoOnSaving(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.xml")
	if err := os.WriteFile(path, []byte(cacheFeed), 0o644); err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	close(release) // saves finish at once
	cache := &heldCache{release: release}
	l := &feed.Loader{Cache: cache}
	ctx := context.Background()
	const loads = 50
	for range loads {
		waited := make(chan struct{})
		go func() {
			defer close(waited)
			l.Wait()
		}()
		if _, err := l.Load(ctx, path, nil); err != nil {
			t.Fatal(err)
		}
		<-waited
	}
	if errs := l.Wait(); errs != nil {
		t.Fatalf("Wait: %v", errs)
	}
	if n := cache.saves.Load(); n != loads {
		t.Errorf("%d saves done after the last Wait, want %d", n, loads)
	}
}
