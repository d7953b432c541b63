package cli

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// versionedFeed serves an RSS feed of items with an ETag naming how many
// there are, answering 304 to a request that names the current one.
type versionedFeed struct {
	mu        sync.Mutex
	items     int
	notModded int // 304s answered
}

func (f *versionedFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	etag := fmt.Sprintf(`"%d"`, f.items)
	if r.Header.Get("If-None-Match") == etag {
		f.notModded++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/rss+xml")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>报</title>`)
	for i := range f.items {
		fmt.Fprintf(&b, `<item><guid>n%d</guid><title>新闻%d</title><description>正文%d。</description></item>`, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	w.Write([]byte(b.String()))
}

func TestRefreshCountsNewArticlesAcross304s(t *testing.T) {
	vars := subsEnv(t)
	f := &versionedFeed{items: 2}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	mustRun(t, vars, 0, "add", srv.URL+"/feed.xml")
	for i, want := range []string{"2 new articles", "0 new articles", "1 new articles"} {
		if i == 2 {
			f.mu.Lock()
			f.items = 3
			f.mu.Unlock()
		}
		out, errOut := mustRun(t, vars, 0, "refresh")
		if out != "refreshed 1 feeds: "+want+", 0 failed\n" || errOut != "" {
			t.Errorf("refresh %d: stdout %q, stderr %q; want %s", i+1, out, errOut, want)
		}
	}
	if f.notModded != 1 {
		t.Errorf("%d answers of 304, want 1 (the second refresh)", f.notModded)
	}
	rows := feedLines(t, vars)
	if len(rows) != 1 || rows[0][2] != "3" || len(rows[0]) != 5 {
		t.Errorf("after the refreshes: %q, want 3 articles and no error", rows)
	}
}
