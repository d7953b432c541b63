package feed_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

const cacheFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><title>标题一</title><guid>a</guid><description>正文一。</description></item>
<item><title>Title two</title><guid>b</guid><description>Body two.</description></item>
</channel></rss>`

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "xinwen.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestLoaderCacheConditionalAndOffline(t *testing.T) {
	var status atomic.Int32 // 0: serve the feed
	var sawValidators atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s := status.Load(); s != 0 {
			w.WriteHeader(int(s))
			return
		}
		if r.Header.Get("If-None-Match") == `"x"` && r.Header.Get("If-Modified-Since") == "Tue, 02 Jan 2024 00:00:00 GMT" {
			sawValidators.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"x"`)
		w.Header().Set("Last-Modified", "Tue, 02 Jan 2024 00:00:00 GMT")
		w.Write([]byte(cacheFeed))
	}))
	defer srv.Close()
	ctx := context.Background()
	l := &feed.Loader{Cache: openStore(t)}

	fresh, err := l.Load(ctx, srv.URL, nil)
	if err != nil || len(fresh) != 2 {
		t.Fatalf("first load: %d articles, %v", len(fresh), err)
	}
	l.Wait()
	again, err := l.Load(ctx, srv.URL, nil)
	if err != nil || len(again) != 2 || sawValidators.Load() != 1 {
		t.Fatalf("304: %d articles, %v, conditional requests %d", len(again), err, sawValidators.Load())
	}
	if again[0].ZH == nil || again[0].ZH.Title != "标题一" {
		t.Errorf("stored article differs: %+v", again[0])
	}

	status.Store(http.StatusBadGateway)
	offline, err := l.Load(ctx, srv.URL, nil)
	var oe *feed.OfflineError
	if !errors.As(err, &oe) || len(offline) != 2 {
		t.Fatalf("server failing: %d articles, error %v", len(offline), err)
	}
	if oe.Source != srv.URL || time.Since(oe.Saved) > time.Minute || !strings.Contains(err.Error(), "HTTP 502") ||
		!strings.Contains(err.Error(), "offline copy from") {
		t.Errorf("offline error: %q", err)
	}
}

func TestLoaderWithoutCopyStillFails(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	articles, err := (&feed.Loader{Cache: openStore(t)}).Load(context.Background(), srv.URL, nil)
	var oe *feed.OfflineError
	var se *feed.SourceError
	if len(articles) != 0 || errors.As(err, &oe) || !errors.As(err, &se) || !strings.Contains(err.Error(), "404") {
		t.Errorf("got %d articles, %v", len(articles), err)
	}
}

func TestLoaderSavesFiles(t *testing.T) {
	st := openStore(t)
	path := filepath.Join(t.TempDir(), "one.txt")
	writeFile(t, path, "新闻正文。\n\nTitle: News\n\nNews content:\n\nThe text.\n")
	l := &feed.Loader{Cache: st}
	if _, err := l.Load(context.Background(), path, nil); err != nil {
		t.Fatal(err)
	}
	l.Wait()
	saved, _, err := st.SourceArticles(context.Background(), path)
	if err != nil || len(saved) != 1 || saved[0].EN == nil || saved[0].EN.Title != "News" {
		t.Fatalf("saved %+v, %v", saved, err)
	}
}

func TestAge(t *testing.T) {
	for d, want := range map[time.Duration]string{
		10 * time.Second: "less than a minute", time.Minute: "1 minute", 90 * time.Minute: "1 hour",
		5 * time.Hour: "5 hours", 72 * time.Hour: "3 days",
	} {
		if got := feed.Age(d); got != want {
			t.Errorf("Age(%v) = %q, want %q", d, got, want)
		}
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestLoadAllKeepsSourceOrderAndReportsEachFailure(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for i, title := range []string{"One", "Two", "Three", "Four", "Five", "Six"} {
		p := filepath.Join(dir, string(rune('a'+i))+".txt")
		writeFile(t, p, "正文。\n\nTitle: "+title+"\n\nNews content:\n\nText.\n")
		paths = append(paths, p)
	}
	missing := filepath.Join(dir, "missing.txt")
	sources := append(append(paths[:3:3], missing), paths[3:]...)
	var l feed.Loader
	var calls atomic.Int32
	articles, errs := l.LoadAll(context.Background(), sources, func(i int, done, total int64) { calls.Add(1) })
	var titles []string
	for _, a := range articles {
		titles = append(titles, a.EN.Title)
	}
	if strings.Join(titles, " ") != "One Two Three Four Five Six" {
		t.Errorf("order: %q", titles)
	}
	if len(errs) != len(sources) || errs[3] == nil || !strings.Contains(errs[3].Error(), "missing.txt") {
		t.Fatalf("errs = %v", errs)
	}
	for i, err := range errs {
		if i != 3 && err != nil {
			t.Errorf("source %d: %v", i, err)
		}
	}
	if calls.Load() == 0 {
		t.Error("progress was never called")
	}
	if sample, errs := l.LoadAll(context.Background(), nil, nil); len(sample) != len(feed.Sample()) || errs != nil {
		t.Errorf("no sources: %d articles, %v", len(sample), errs)
	}
}
