package feed_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// alwaysNotModified is a server that answers every request with 304 Not
// Modified, validators or not, and counts the requests.
func alwaysNotModified(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusNotModified)
	}))
	t.Cleanup(srv.Close)
	return srv, &requests
}

// wantUnexpected304 checks that err is the one-line error for a 304 to a
// request without validators.
func wantUnexpected304(t *testing.T, articles []feed.Article, err error, url string) {
	t.Helper()
	var se *feed.SourceError
	if len(articles) != 0 || !errors.As(err, &se) {
		t.Fatalf("got %d articles, error %T %v", len(articles), err, err)
	}
	want := url + ": HTTP 304 Not Modified to a request without validators"
	if err.Error() != want {
		t.Errorf("error\n got %q\nwant %q", err, want)
	}
}

func TestNotModifiedWithoutStoreIsAnErrorNotAPanic(t *testing.T) {
	srv, requests := alwaysNotModified(t)
	articles, err := (&feed.Loader{}).Load(context.Background(), srv.URL, nil)
	wantUnexpected304(t, articles, err, srv.URL)
	if n := requests.Load(); n != 1 {
		t.Errorf("%d requests, want 1: without validators there is nothing to retry", n)
	}
}

func TestNotModifiedWithNilStoreInTheInterface(t *testing.T) {
	// An unopenable store leaves a nil *store.Store; put into the Cache
	// interface it is not a nil interface, and it must mean "no store".
	srv, _ := alwaysNotModified(t)
	var st *store.Store
	l := &feed.Loader{Cache: st}
	articles, err := l.Load(context.Background(), srv.URL, nil)
	wantUnexpected304(t, articles, err, srv.URL)
	l.Wait()
}

func TestNotModifiedWithValidatorsButNoStoredArticles(t *testing.T) {
	// The store has validators for the URL but no articles (they were
	// deleted): the loader asks again without validators, and a second
	// 304 is the same one-line error.
	srv, requests := alwaysNotModified(t)
	st := openStore(t)
	ctx := context.Background()
	if err := st.SetHTTPValidators(ctx, srv.URL, `"v1"`, "", time.Now()); err != nil {
		t.Fatal(err)
	}
	articles, err := (&feed.Loader{Cache: st}).Load(ctx, srv.URL, nil)
	wantUnexpected304(t, articles, err, srv.URL)
	if n := requests.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (conditional, then plain)", n)
	}
}

func TestNoStoreSavesNothingAndStillLoads(t *testing.T) {
	// No store is a cache that does nothing: files and URLs load through
	// the same path as with a store, and there is no offline copy.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
			t.Errorf("conditional request without a store: %v", r.Header)
		}
		w.Header().Set("ETag", `"x"`)
		w.Write([]byte(cacheFeed))
	}))
	defer srv.Close()
	var l feed.Loader
	for range 2 {
		articles, err := l.Load(context.Background(), srv.URL, nil)
		if err != nil || len(articles) != 2 {
			t.Fatalf("load: %d articles, %v", len(articles), err)
		}
	}
	l.Wait()
	srv.Close()
	articles, err := l.Load(context.Background(), srv.URL, nil)
	var oe *feed.OfflineError
	if len(articles) != 0 || err == nil || errors.As(err, &oe) || !strings.Contains(err.Error(), "cannot connect") {
		t.Errorf("server gone without a store: %d articles, %v", len(articles), err)
	}
}
