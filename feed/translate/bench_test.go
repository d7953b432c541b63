package translate

import (
	"context"
	"testing"
	"time"
)

// BenchmarkVersion100Blocks translates a 100-block article through a fake
// OpenAI server on 127.0.0.1 that answers at once: what is measured is
// xinwen's own time (planning, JSON both ways, HTTP on loopback, cleaning).
// The floor is 200 ms an article.
func BenchmarkVersion100Blocks(b *testing.B) {
	f := newFake(b, OpenAI)
	tr := f.translator(Config{}, nil, nil)
	src := longArticle(100, 120)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Version(context.Background(), src, "zh", "en", nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestA100BlockArticleTranslatesWithin200ms(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	f := newFake(t, OpenAI)
	tr := f.translator(Config{}, nil, nil)
	src := longArticle(100, 120)
	if _, err := tr.Version(context.Background(), src, "zh", "en", nil); err != nil { // warm the connections
		t.Fatal(err)
	}
	best := time.Hour
	for range 5 {
		start := time.Now()
		if _, err := tr.Version(context.Background(), src, "zh", "en", nil); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	if best > 200*time.Millisecond {
		t.Errorf("a 100-block article took %s, want at most 200ms", best)
	}
}
