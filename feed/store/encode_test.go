package store

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// encodeAll spreads the articles over several encoders; what comes out must
// be what one encoder makes, in the order given.
func TestEncodeAllKeepsOrderAcrossEncoders(t *testing.T) {
	articles := newGen(3).articles(0, 5*encodeBlock+7) // a short last block
	ptrs := make([]*feed.Article, len(articles))
	for i := range articles {
		ptrs[i] = &articles[i]
	}
	sources := map[string]int64{"feed.xml": 1}
	// The second article is stored unchanged: no terms, not changed.
	data, hash, err := encode(ptrs[1])
	if err != nil {
		t.Fatal(err)
	}
	old := map[rowKey]storedRow{{1, ptrs[1].ID}: {id: 9, hash: hash}}
	text := newTermText()
	i := 0
	for e := range encodeAll(ptrs, "feed.xml", sources, old, make(chan struct{})) {
		if i >= len(ptrs) || e.a != ptrs[i] {
			t.Fatalf("encoded %d: not article %d of the input", i, i)
		}
		want, _, _ := encode(ptrs[i])
		if e.err != nil || !bytes.Equal(e.data, want) || e.key != (rowKey{1, ptrs[i].ID}) {
			t.Fatalf("article %d encoded differently (err %v)", i, e.err)
		}
		if i == 1 {
			if e.changed || e.terms != "" || !bytes.Equal(e.data, data) {
				t.Errorf("the stored article is changed %v with terms %q", e.changed, e.terms)
			}
		} else if terms := text.article(ptrs[i]); !e.changed || e.terms != terms {
			t.Errorf("article %d: changed %v, terms differ from one encoder's", i, e.changed)
		}
		i++
	}
	if i != len(ptrs) {
		t.Errorf("%d articles encoded, want %d", i, len(ptrs))
	}
}

// A save that fails stops the encoders: none is left behind.
func TestEncodeAllStopsItsGoroutines(t *testing.T) {
	articles := newGen(4).articles(0, 4*chunkArticles)
	ptrs := make([]*feed.Article, len(articles))
	for i := range articles {
		ptrs[i] = &articles[i]
	}
	before := runtime.NumGoroutine()
	stop := make(chan struct{})
	out := encodeAll(ptrs, "feed.xml", map[string]int64{"feed.xml": 1}, nil, stop)
	for range 10 {
		<-out
	}
	close(stop)
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines left after stop, %d before", runtime.NumGoroutine(), before)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// A save whose context ends says so, wherever the end finds it: in a
// write, at a chunk's commit or between chunks (database/sql rolls the
// transaction back when its context ends, and what fails next says only
// that the transaction is done).
func TestCancelledSaveSaysItWasCancelled(t *testing.T) {
	ctx := context.Background()
	base := newGen(32).articles(0, 3*chunkArticles)
	for delay := time.Duration(0); delay < 200*time.Millisecond; delay += 7 * time.Millisecond {
		s, err := Open(ctx, filepath.Join(t.TempDir(), "xinwen.db"))
		if err != nil {
			t.Fatal(err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		time.AfterFunc(delay, cancel)
		err = s.SaveSource(cancelled, "feed.xml", base, time.Time{})
		cancel()
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("save cancelled after %v: %v, want context.Canceled", delay, err)
		}
		if cerr := s.Close(); cerr != nil {
			t.Fatal(cerr)
		}
	}
}
