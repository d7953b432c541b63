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
)

// heldCache is a Cache whose saves wait until release is closed, and which
// remembers validators as the store does.
type heldCache struct {
	release    chan struct{}
	saves      atomic.Int32
	validators atomic.Int32
}

func (c *heldCache) HTTPValidators(context.Context, string) (string, string, time.Time, bool, error) {
	if c.validators.Load() > 0 {
		return `"v"`, "", time.Time{}, true, nil
	}
	return "", "", time.Time{}, false, nil
}

func (c *heldCache) SetHTTPValidators(context.Context, string, string, string, time.Time) error {
	c.validators.Add(1)
	return nil
}

func (c *heldCache) SourceArticles(context.Context, string) ([]feed.Article, time.Time, error) {
	return nil, time.Time{}, nil
}

func (c *heldCache) SaveSource(context.Context, string, []feed.Article, time.Time) error {
	<-c.release
	c.saves.Add(1)
	return nil
}

func TestRefreshSavingSaysWhenItsSaveIsDone(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v"`)
		w.Write([]byte(cacheFeed))
	}))
	defer srv.Close()
	cache := &heldCache{release: make(chan struct{})}
	l := &feed.Loader{Cache: cache}
	ctx := context.Background()

	articles, saved, err := l.RefreshSaving(ctx, srv.URL, nil)
	if err != nil || len(articles) != 2 {
		t.Fatalf("refresh: %d articles, %v", len(articles), err)
	}
	select {
	case <-saved:
		t.Fatal("saved is closed while the save waits")
	case <-time.After(50 * time.Millisecond):
	}
	close(cache.release)
	select {
	case <-saved:
	case <-time.After(5 * time.Second):
		t.Fatal("saved is still open after the save")
	}
	if cache.saves.Load() != 1 || cache.validators.Load() != 1 {
		t.Errorf("%d saves and %d validators saved when saved closed, want 1 and 1", cache.saves.Load(), cache.validators.Load())
	}

	// A 304 saves nothing: saved is closed at once.
	_, saved, err = l.RefreshSaving(ctx, srv.URL, nil)
	if !errors.Is(err, feed.ErrNotModified) {
		t.Fatalf("second refresh: %v, want ErrNotModified", err)
	}
	select {
	case <-saved:
	case <-time.After(5 * time.Second):
		t.Fatal("saved is still open with nothing to save")
	}
	l.Wait()
}
