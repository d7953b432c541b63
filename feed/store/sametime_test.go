package store

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// Two Stores on one file are two processes as far as the saves go: each
// has its own connections, and neither knows of the other's save.
func TestTwoStoresSavingOneFeedAtOnceBothSucceed(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	var stores [2]*Store
	for i := range stores {
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores[i] = s
	}
	// Big enough for a save of several chunks, during which the other
	// save inserts the same new articles.
	n := 8 * chunkArticles
	for round := range 3 {
		articles := tagged(string(rune('a'+round)), n)
		var wg sync.WaitGroup
		errs := make([]error, len(stores))
		for i, s := range stores {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = s.SaveSource(ctx, "https://a.example/feed", articles, time.Now())
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("round %d: the save of store %d failed: %v", round, i, err)
			}
		}
		heads, err := stores[0].Headlines(ctx, HeadlineFilter{Feed: "https://a.example/feed", InFeedOrder: true})
		if err != nil || len(heads) != n {
			t.Errorf("round %d: %d headlines stored (%v), want %d", round, len(heads), err, n)
		}
	}
}
