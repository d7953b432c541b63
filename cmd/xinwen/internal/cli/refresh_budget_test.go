package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/xinwen-reader/xinwen/feed/store"
)

// rssOf is an RSS feed of n short items named prefix, padded with a
// comment of pad bytes.
func rssOf(prefix string, n, pad int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>报</title>`)
	b.WriteString("<!--" + strings.Repeat("x", pad) + "-->")
	for i := range n {
		fmt.Fprintf(&b, `<item><guid>%s%d</guid><title>新闻%d</title><description>正文%d。Body %d.</description></item>`,
			prefix, i, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// A refresh no longer leaves every feed's articles to background saves:
// with --max-mib 1 (a budget of 512 KiB of sources held by saves), a.xml
// and b.xml (about 200 and 450 KB, 2,000 articles each, saves of four
// chunks) do not fit together, so the fetch of b.xml returns only once one
// of the two is saved, and c.xml, fetched after it from the same host,
// finds one stored. Before, c.xml was fetched while both were still being
// saved.
func TestRefreshHoldsBackFetchesWhileLargeSavesRun(t *testing.T) {
	vars := subsEnv(t)
	feeds := map[string]string{
		"/a.xml": rssOf("a", 2000, 0),
		"/b.xml": rssOf("b", 2000, 250_000),
		"/c.xml": rssOf("c", 2, 0),
	}
	var mu sync.Mutex
	storedBeforeC := [2]int{-1, -1}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := feeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == "/c.xml" {
			a := storedArticles(t, vars["XINWEN_TEST_DB"], srv.URL+"/a.xml")
			b := storedArticles(t, vars["XINWEN_TEST_DB"], srv.URL+"/b.xml")
			mu.Lock()
			storedBeforeC = [2]int{a, b}
			mu.Unlock()
		}
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	if n := len(feeds["/a.xml"]) + len(feeds["/b.xml"]); n <= 512<<10 {
		t.Fatalf("a.xml and b.xml are %d bytes together: the test needs them over the budget", n)
	}
	for _, f := range []string{"/a.xml", "/b.xml", "/c.xml"} {
		mustRun(t, vars, 0, "add", srv.URL+f)
	}
	out, _ := mustRun(t, vars, 0, "refresh", "--max-mib", "1")
	if out != "refreshed 3 feeds: 4002 new articles, 0 failed\n" {
		t.Errorf("refresh: %q", out)
	}
	mu.Lock()
	defer mu.Unlock()
	if storedBeforeC[0] != 2000 && storedBeforeC[1] != 2000 {
		t.Errorf("when c.xml was fetched, %d articles of a.xml and %d of b.xml were stored, want all 2000 of one",
			storedBeforeC[0], storedBeforeC[1])
	}
}

// storedArticles opens the database beside the refresh, as another process
// would, and counts source's stored articles.
func storedArticles(t *testing.T, path, source string) int {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Error(err)
		return -1
	}
	defer st.Close()
	ids, err := st.SourceIDs(ctx, source)
	if err != nil {
		t.Error(err)
		return -1
	}
	return len(ids)
}

// While a refresh runs, the Go heap is held to a soft limit sized from its
// budget (without one, a refresh of ten feeds of 10,000 items peaked at
// 1.4 times newsboat's memory), unless GOMEMLIMIT sets one; the limit
// before is restored after it.
func TestRefreshLimitsMemoryWhileItRuns(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	var during atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		during.Store(debug.SetMemoryLimit(-1))
		w.Write([]byte(rssOf("a", 2, 0)))
	}))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		gomemlimit string
		want       int64
	}{{"", 96 << 20}, {"1GiB", before}} { // the default --max-mib 32: a budget of 16 MiB
		vars := subsEnv(t)
		vars["GOMEMLIMIT"] = tc.gomemlimit
		mustRun(t, vars, 0, "add", srv.URL+"/a.xml")
		mustRun(t, vars, 0, "refresh")
		if got := during.Load(); got != tc.want {
			t.Errorf("GOMEMLIMIT %q: the limit during the refresh is %d, want %d", tc.gomemlimit, got, tc.want)
		}
		if after := debug.SetMemoryLimit(-1); after != before {
			t.Errorf("GOMEMLIMIT %q: the limit after the refresh is %d, want %d as before", tc.gomemlimit, after, before)
		}
	}
}
