package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkFirstFrame100k is what the reader's first frame asks of the
// store with 50 subscriptions and 100,000 stored articles: the feeds with
// their counts, and the first screen of headlines of all of them. The
// floor is 60 ms for the whole frame.
func BenchmarkFirstFrame100k(b *testing.B) {
	path := bigDB(b)
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	subs := make([]Subscription, 50)
	for i := range subs {
		subs[i] = Subscription{Source: fmt.Sprintf("https://news.example.com/feed-%d.xml", i), Tags: []string{"news"}}
	}
	if _, err := s.AddSubscriptions(ctx, subs); err != nil {
		b.Fatal(err)
	}
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
	b.Run("feeds", func(b *testing.B) {
		for b.Loop() {
			if subs, err := s.Subscriptions(ctx); err != nil || subs[0].Total != 10_000 {
				b.Fatal(err)
			}
		}
	})
	b.Run("all-10k-of-one-feed", func(b *testing.B) {
		for b.Loop() {
			if hs, err := s.Headlines(ctx, HeadlineFilter{Feed: subs[0].Source}); err != nil || len(hs) != 10_000 {
				b.Fatal(len(hs), err)
			}
		}
	})
}
