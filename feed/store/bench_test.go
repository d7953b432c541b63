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

// The speed floors: one SaveSource of 10,000 realistic bilingual articles
// within 2 s; a search over 100,000 stored articles within 50 ms; Open plus
// ReadMarks of 10,000 articles on that database small enough that the reader's
// first frame is not held up.

// big is the 100,000-article database shared by the benchmarks of one run:
// built once, in its own temporary directory, removed by TestMain.
var big struct {
	once sync.Once
	dir  string
	path string
	err  error
}

const bigArticles = 100_000

func TestMain(m *testing.M) {
	code := m.Run()
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

// bigDB returns the path of the 100,000-article database, building it on
// first use: 10 sources of 10,000 articles, 20% of them marked read.
func bigDB(b *testing.B) string {
	b.Helper()
	big.once.Do(func() {
		start := time.Now()
		big.dir, big.err = os.MkdirTemp("", "xinwen-store-bench-")
		if big.err != nil {
			return
		}
		big.path = filepath.Join(big.dir, "xinwen.db")
		big.err = buildDB(big.path, bigArticles)
		b.Logf("built %d-article database in %v", bigArticles, time.Since(start).Round(time.Millisecond))
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.path
}

func buildDB(path string, n int) error {
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	g := newGen(1)
	for from := 0; from < n; from += 10_000 {
		batch := g.articles(from, min(from+10_000, n))
		source := fmt.Sprintf("https://news.example.com/feed-%d.xml", from/10_000)
		if err := s.SaveSource(ctx, source, batch, time.Time{}); err != nil {
			return err
		}
		for i := 0; i < len(batch); i += 5 {
			if err := s.SetRead(ctx, ArticleKey{source, batch[i].ID}, true); err != nil {
				return err
			}
		}
	}
	return nil
}

func BenchmarkSaveSource10k(b *testing.B) {
	articles := newGen(7).articles(0, 10_000)
	ctx := context.Background()
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s, err := Open(ctx, filepath.Join(b.TempDir(), "xinwen.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if err := s.SaveSource(ctx, "feed.xml", articles, time.Time{}); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
	})
	// new, and until the background indexer has indexed it all: what a
	// search right after the save waits for.
	b.Run("new+indexed", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			s, err := Open(ctx, filepath.Join(b.TempDir(), "xinwen.db"))
			if err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if err := s.SaveSource(ctx, "feed.xml", articles, time.Time{}); err != nil {
				b.Fatal(err)
			}
			if err := s.indexPending(ctx); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			s.Close()
			b.StartTimer()
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		s, err := Open(ctx, filepath.Join(b.TempDir(), "xinwen.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		if err := s.SaveSource(ctx, "feed.xml", articles, time.Time{}); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := s.SaveSource(ctx, "feed.xml", articles, time.Time{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSearch100k(b *testing.B) {
	path := bigDB(b)
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for _, q := range []struct{ name, query string }{
		{"zh1-common", "国"},
		{"zh1-rare", "震"},
		{"zh2", "诈骗"},
		{"zh2-common", "中国"},
		{"zh4", "人工智能"},
		{"zh4-rare", "嫌疑人员"},
		{"en", "typhoon"},
		{"en-common", "china"},
		{"mixed", "typhoon 台风"},
	} {
		b.Run(q.name, func(b *testing.B) {
			var n int
			for b.Loop() {
				found, err := s.Search(ctx, q.query, 20)
				if err != nil {
					b.Fatal(err)
				}
				n = len(found)
			}
			b.ReportMetric(float64(n), "results")
		})
	}
}

func BenchmarkOpenReadMarks100k(b *testing.B) {
	path := bigDB(b)
	ctx := context.Background()
	g := newGen(1)
	keys := make([]ArticleKey, 10_000)
	for i := range keys {
		keys[i] = ArticleKey{"", g.article(i * 7).ID} // spread over the database
		keys[i].Source = fmt.Sprintf("https://news.example.com/feed-%d.xml", i*7/10_000)
	}
	for b.Loop() {
		s, err := Open(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		read, err := s.ReadMarks(ctx, keys)
		if err != nil {
			b.Fatal(err)
		}
		if len(read) == 0 {
			b.Fatal("no read marks found")
		}
		s.Close()
	}
}
