package store

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// firstFrame runs what the reader's first frame and `xinwen list` ask of
// the store with subs subscribed: the feeds with their counts, the count
// of starred articles, the first screen of headlines, all the headlines
// and those of one feed (perFeed of them). The floors: 10 ms for the
// store's share of a first frame (feeds and starred count), 20 ms for
// 10,000 headlines.
func firstFrame(b *testing.B, s *Store, subs []Subscription, perFeed, starred int) {
	ctx := context.Background()
	b.Run("feeds", func(b *testing.B) {
		for b.Loop() {
			if got, err := s.Subscriptions(ctx); err != nil || got[0].Total != perFeed {
				b.Fatal(err)
			}
		}
	})
	b.Run("starred-count", func(b *testing.B) {
		for b.Loop() {
			if n, err := s.StarredCount(ctx); err != nil || n != starred {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("starred", func(b *testing.B) {
		for b.Loop() {
			if hs, err := s.Headlines(ctx, HeadlineFilter{Starred: true}); err != nil || len(hs) != starred {
				b.Fatal(len(hs), err)
			}
		}
	})
	b.Run("headlines", func(b *testing.B) {
		for b.Loop() {
			if hs, err := s.Headlines(ctx, HeadlineFilter{Limit: 200}); err != nil || len(hs) != 200 {
				b.Fatal(len(hs), err)
			}
		}
	})
	b.Run("unread", func(b *testing.B) {
		for b.Loop() {
			if hs, err := s.Headlines(ctx, HeadlineFilter{Limit: 200, Unread: true}); err != nil || len(hs) != 200 {
				b.Fatal(len(hs), err)
			}
		}
	})
	b.Run(fmt.Sprintf("all-%d-of-one-feed", perFeed), func(b *testing.B) {
		for b.Loop() {
			if hs, err := s.Headlines(ctx, HeadlineFilter{Feed: subs[0].Source}); err != nil || len(hs) != perFeed {
				b.Fatal(len(hs), err)
			}
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Headlines(ctx, HeadlineFilter{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// subscribe subscribes n sources named as buildDB and buildFeedsDB name
// them, and stars every hundredth of the articles of gen 1 numbered below
// stored; it returns the subscriptions and how many it starred.
func subscribe(b *testing.B, s *Store, n, perSource, stored int) ([]Subscription, int) {
	ctx := context.Background()
	subs := make([]Subscription, n)
	for i := range subs {
		subs[i] = Subscription{Source: fmt.Sprintf("https://news.example.com/feed-%d.xml", i), Tags: []string{"news"}}
	}
	if _, err := s.AddSubscriptions(ctx, subs); err != nil {
		b.Fatal(err)
	}
	g := newGen(1)
	starred := 0
	for i := 0; i < stored; i += 100 {
		source := fmt.Sprintf("https://news.example.com/feed-%d.xml", i/perSource)
		if err := s.SetStarred(ctx, ArticleKey{source, g.article(i).ID}, true); err != nil {
			b.Fatal(err)
		}
		starred++
	}
	if err := s.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	return subs, starred
}

// BenchmarkFirstFrame100k is firstFrame with 50 subscriptions and 100,000
// stored articles (10 sources of 10,000, 20% read, 1% starred). The floor
// of the whole first frame is 60 ms, of which the process and Bubble Tea
// take about 35-40.
func BenchmarkFirstFrame100k(b *testing.B) {
	path := bigDB(b)
	s, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	// The search index catches up with the build first, as it does in
	// the background after a refresh: the frame does not share the cores.
	if err := s.indexPending(context.Background()); err != nil {
		b.Fatal(err)
	}
	subs, starred := subscribe(b, s, 50, 10_000, bigArticles)
	firstFrame(b, s, subs, 10_000, starred)
}

// feeds10k is the database of BenchmarkFirstFrame10k, built once a run.
var feeds10k struct {
	once sync.Once
	dir  string
	err  error
}

// BenchmarkFirstFrame10k is firstFrame with 10,000 stored articles in 50
// subscriptions of 200 (20% read, 1% starred), as `xinwen list` and the
// reader's start see them. The floor of the whole first frame is 50 ms.
func BenchmarkFirstFrame10k(b *testing.B) {
	feeds10k.once.Do(func() {
		feeds10k.dir, feeds10k.err = os.MkdirTemp("", "xinwen-store-bench-10k-")
		if feeds10k.err == nil {
			feeds10k.err = buildFeedsDB(filepath.Join(feeds10k.dir, "xinwen.db"), 50, 200)
		}
	})
	if feeds10k.dir != "" {
		b.Cleanup(func() { os.RemoveAll(feeds10k.dir) })
	}
	if feeds10k.err != nil {
		b.Fatal(feeds10k.err)
	}
	s, err := Open(context.Background(), filepath.Join(feeds10k.dir, "xinwen.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	subs, starred := subscribe(b, s, 50, 200, 50*200)
	firstFrame(b, s, subs, 200, starred)
}

// buildFeedsDB stores n sources of perSource articles of gen 1, in order,
// every fifth marked read.
func buildFeedsDB(path string, n, perSource int) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	g := newGen(1)
	for i := range n {
		batch := g.articles(i*perSource, (i+1)*perSource)
		source := fmt.Sprintf("https://news.example.com/feed-%d.xml", i)
		if err := s.SaveSource(ctx, source, batch, time.Time{}); err != nil {
			return err
		}
		for j := 0; j < len(batch); j += 5 {
			if err := s.SetRead(ctx, ArticleKey{source, batch[j].ID}, true); err != nil {
				return err
			}
		}
	}
	if err := s.Flush(ctx); err != nil {
		return err
	}
	return s.indexPending(ctx)
}
