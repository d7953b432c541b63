package store

import (
	"fmt"
	"testing"
	"time"
)

// subscriptionByScan is what subscriptionIndex replaced: every
// subscription compared with the source, the innermost (longest) kept,
// the first of equals.
func subscriptionByScan(subs []Subscription, source string) (Subscription, bool) {
	var best Subscription
	found := false
	for _, sub := range subs {
		if (sub.Source == source || covers(sub.Source, source)) && (!found || len(sub.Source) > len(best.Source)) {
			best, found = sub, true
		}
	}
	return best, found
}

func TestSubscriptionIndexFindsWhatAScanOfEverySubscriptionFinds(t *testing.T) {
	var subs []Subscription
	for _, src := range []string{"/news", "/news/", "/news/tech", "/news/tech/a.xml", "/", "-", "news/rel",
		"https://a.example/feed", "https://a.example", "/news//x", "C:/feeds", "/deep/er/", "/news/tech/"} {
		subs = append(subs, Subscription{Source: src})
	}
	idx := newSubscriptionIndex(subs)
	for _, source := range []string{"/news", "/news/a.xml", "/news/tech", "/news/tech/a.xml", "/news/tech/b.xml",
		"/news/technology.xml", "/other.xml", "-", "news/rel/a.xml", "news/relx", "https://a.example/feed",
		"https://a.example/feed/x", "https://a.example", "/news//x/y", "/news//x", "C:/feeds/a.xml", "/deep/er/x",
		"/deep/era", "", "/", "//", "relative.xml"} {
		want, wok := subscriptionByScan(subs, source)
		got, ok := idx.of(source)
		if ok != wok || got.Source != want.Source {
			t.Errorf("%q: index %q %v, scan %q %v", source, got.Source, ok, want.Source, wok)
		}
	}
}

// BenchmarkSubscriptionsOfTenThousandSources is what every Headlines and
// Subscriptions does after an import of 10,000 OPML outlines: find the
// subscription of each of 10,000 source rows, by the index and by the scan
// it replaced.
func BenchmarkSubscriptionsOfTenThousandSources(b *testing.B) {
	subs := make([]Subscription, 10_000)
	for i := range subs {
		subs[i] = Subscription{Source: fmt.Sprintf("https://feeds%d.example/%d.xml", i%100, i), Added: time.Unix(0, 0)}
	}
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			idx := newSubscriptionIndex(subs)
			for i := range subs {
				if _, ok := idx.of(subs[i].Source); !ok {
					b.Fatal(i)
				}
			}
		}
	})
	b.Run("scan", func(b *testing.B) {
		for b.Loop() {
			for i := range subs {
				if _, ok := subscriptionByScan(subs, subs[i].Source); !ok {
					b.Fatal(i)
				}
			}
		}
	})
}
