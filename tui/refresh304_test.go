package tui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// copyCounter is a store that counts the offline copies the loader reads.
type copyCounter struct {
	*store.Store
	copies atomic.Int32
}

func (c *copyCounter) SourceArticles(ctx context.Context, source string) ([]feed.Article, time.Time, error) {
	c.copies.Add(1)
	return c.Store.SourceArticles(ctx, source)
}

func TestRefreshOfUnchangedFeedsKeepsTheirArticlesAndDecodesNothing(t *testing.T) {
	var notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>报%s</title>`+
			`<item><guid>x</guid><title>标题%s</title><description>正文%s。</description></item></channel></rss>`,
			r.URL.Path, r.URL.Path, r.URL.Path)
	}))
	t.Cleanup(srv.Close)
	cache := &copyCounter{Store: openStore(t)}
	sources := []string{srv.URL + "/a", srv.URL + "/b"}
	m := New(Config{Sources: sources, Loader: &feed.Loader{Cache: cache}, Metrics: layout.NewMetrics(false)})
	m.store, m.readMarks = cache.Store, newReadMarks(true)
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m, cmd := sendCmd(t, m, finishLoad(m))
	m = runCmd(t, m, cmd)
	if len(m.list.articles) != 2 {
		t.Fatalf("first load: %d articles", len(m.list.articles))
	}
	m.loader.Wait()
	m, cmd = m.startRefresh(sources)
	m = runCmd(t, m, cmd)
	if n := notModified.Load(); n != 2 {
		t.Fatalf("%d answers of 304, want 2", n)
	}
	if len(m.list.articles) != 2 || m.refresh.fresh != 0 || m.refresh.failed != 0 {
		t.Errorf("after the 304s: %d articles, %d new, %d failed; want 2, 0, 0",
			len(m.list.articles), m.refresh.fresh, m.refresh.failed)
	}
	for _, a := range m.list.articles {
		if len(a.ZH.Blocks) == 0 || !strings.HasPrefix(a.ZH.Blocks[0].Text, "正文") {
			t.Errorf("article %s lost its body: %+v", a.Source, a.ZH)
		}
	}
	if n := cache.copies.Load(); n != 0 {
		t.Errorf("the refresh decoded %d offline copies", n)
	}
	if !strings.Contains(statusLine(m), "refreshed 2 feeds: 0 new articles") {
		t.Errorf("status %q", statusLine(m))
	}
}
