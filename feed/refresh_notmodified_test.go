package feed_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// countingCache is a store that counts the offline copies read from it.
type countingCache struct {
	*store.Store
	copies atomic.Int32
}

func (c *countingCache) SourceArticles(ctx context.Context, source string) ([]feed.Article, time.Time, error) {
	c.copies.Add(1)
	return c.Store.SourceArticles(ctx, source)
}

// etagServer serves one RSS item with an ETag and answers 304 to a request
// that names it.
func etagServer(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>报</title>` +
			`<item><guid>a1</guid><title>标题</title><description>正文。</description></item></channel></rss>`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRefreshOfAnUnchangedURLReadsNoOfflineCopy(t *testing.T) {
	srv := etagServer(t)
	cache := &countingCache{Store: openStore(t)}
	l := &feed.Loader{Cache: cache}
	ctx := context.Background()
	first, err := l.Refresh(ctx, srv.URL, nil)
	l.Wait()
	if err != nil || len(first) != 1 {
		t.Fatalf("first refresh: %d articles, %v", len(first), err)
	}
	_, _, before, _, _ := cache.HTTPValidators(ctx, feed.SourceName(srv.URL))
	time.Sleep(2 * time.Millisecond)
	again, err := l.Refresh(ctx, srv.URL, nil)
	if !errors.Is(err, feed.ErrNotModified) || again != nil {
		t.Fatalf("refresh of an unchanged URL: %d articles, %v; want none and ErrNotModified", len(again), err)
	}
	if n := cache.copies.Load(); n != 0 {
		t.Errorf("the refresh read the offline copy %d times", n)
	}
	// Nor does it write: the validators are the ones it sent (a write,
	// and the checkpoint it brought at close, was most of what a list of
	// a feed that answers 304 cost).
	if _, _, after, _, _ := cache.HTTPValidators(ctx, feed.SourceName(srv.URL)); !after.Equal(before) {
		t.Errorf("the 304 rewrote the validators: fetched %v, then %v", before, after)
	}
	// Load still gives the stored articles for the same answer.
	stored, err := l.Load(ctx, srv.URL, nil)
	if err != nil || len(stored) != 1 || stored[0].ID != "a1" || cache.copies.Load() != 1 {
		t.Errorf("Load after a 304: %d articles, %v, %d copies read", len(stored), err, cache.copies.Load())
	}
}
