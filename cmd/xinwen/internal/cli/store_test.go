package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>测试 Test</title><link>https://example.org/</link>
<item><title>新的一天</title><link>https://example.org/1</link><guid>one</guid>
<description>&lt;p&gt;今天天气很好。&lt;/p&gt;&lt;p&gt;The weather is fine today.&lt;/p&gt;</description></item>
<item><title>Second story</title><link>https://example.org/2</link><guid>two</guid>
<description>Only English here.</description></item>
</channel></rss>`

func TestUnreadListsOnlyArticlesNotRead(t *testing.T) {
	db := filepath.Join(t.TempDir(), "xinwen.db")
	vars := map[string]string{"XINWEN_TEST_DB": db}
	code, out, _ := run(t, "", vars, "list", "--unread", "testdata/two.txt")
	if code != 0 || strings.Count(out, "\n") != 2 {
		t.Fatalf("nothing read yet: exit %d\n%s", code, out)
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetRead(context.Background(), store.ArticleKey{Source: feed.SourceName("testdata/two.txt"), ID: "https://example.org/news/2024/03-15/subway.html"}, true); err != nil {
		t.Fatal(err)
	}
	st.Close()
	code, out, _ = run(t, "", vars, "list", "--unread", "testdata/two.txt")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "Shanghai Library East") {
		t.Fatalf("after reading the first: exit %d\n%s", code, out)
	}
	code, _, errOut := run(t, "", vars, "list", "--unread", "--no-store", "testdata/two.txt")
	if code != 2 || !strings.Contains(errOut, "--unread needs the store") {
		t.Errorf("--unread --no-store: exit %d, %q", code, errOut)
	}
}

func TestSearchFindsStoredArticles(t *testing.T) {
	vars := map[string]string{"XINWEN_TEST_DB": filepath.Join(t.TempDir(), "xinwen.db")}
	if code, _, errOut := run(t, "", vars, "list", "testdata/two.txt"); code != 0 {
		t.Fatalf("list: %s", errOut)
	}
	for query, want := range map[string]string{"地铁": "Beijing opens", "library": "Shanghai Library", "图书": "Shanghai Library"} {
		code, out, errOut := run(t, "", vars, "search", query)
		if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, want) {
			t.Errorf("search %q: exit %d, stderr %q\n%s", query, code, errOut, out)
		}
	}
	code, out, _ := run(t, "", vars, "search", "typhoon")
	if code != 0 || out != "" {
		t.Errorf("no match: exit %d, %q", code, out)
	}
	if code, _, _ := run(t, "", vars, "search"); code != 2 {
		t.Errorf("search without a query: exit %d, want 2", code)
	}
}

func TestNoStoreWritesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "xinwen.db")
	run(t, "", map[string]string{"XINWEN_TEST_DB": db, "XINWEN_NO_STORE": "1"}, "list", "testdata/two.txt")
	run(t, "", map[string]string{"XINWEN_TEST_DB": db}, "list", "--no-store", "testdata/two.txt")
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("--no-store / XINWEN_NO_STORE created %v", entries)
	}
}

func TestCorruptStoreIsReportedAndReadingStillWorks(t *testing.T) {
	db := filepath.Join(t.TempDir(), "xinwen.db")
	garbage := bytes.Repeat([]byte("not a database "), 400)
	if err := os.WriteFile(db, garbage, 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", map[string]string{"XINWEN_TEST_DB": db}, "list", "testdata/two.txt")
	if code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	if !strings.Contains(errOut, "store unavailable") || !strings.Contains(errOut, db) || strings.Count(errOut, "\n") != 1 {
		t.Errorf("want one line naming the database, got %q", errOut)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(after, garbage) {
		t.Error("the corrupt database was modified")
	}
}

func TestOfflineCopyWhenTheURLFails(t *testing.T) {
	var requests, conditional atomic.Int32
	var down atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if down.Load() {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write([]byte(rssFeed))
	}))
	defer srv.Close()
	vars := map[string]string{"XINWEN_TEST_DB": filepath.Join(t.TempDir(), "xinwen.db")}
	code, first, _ := run(t, "", vars, "list", srv.URL)
	if code != 0 || strings.Count(first, "\n") != 2 {
		t.Fatalf("first fetch: exit %d\n%s", code, first)
	}
	code, second, errOut := run(t, "", vars, "list", srv.URL)
	if code != 0 || second != first || errOut != "" || conditional.Load() != 1 {
		t.Fatalf("unchanged feed: exit %d, 304s %d, stderr %q\n%s", code, conditional.Load(), errOut, second)
	}
	down.Store(true)
	code, third, errOut := run(t, "", vars, "list", srv.URL)
	if code != 0 || third != first {
		t.Errorf("server down: exit %d, want 0 and the stored articles\n%s", code, third)
	}
	if !strings.HasPrefix(errOut, "xinwen: "+srv.URL+": offline copy from ") || !strings.Contains(errOut, "503") ||
		!strings.Contains(errOut, "old") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("want one line saying it is an offline copy and how old, got %q", errOut)
	}
	if requests.Load() != 3 {
		t.Errorf("%d requests, want 3", requests.Load())
	}
}

func TestTheSampleIsStoredAndSearchable(t *testing.T) {
	vars := map[string]string{"XINWEN_TEST_DB": filepath.Join(t.TempDir(), "xinwen.db")}
	if code, _, errOut := run(t, "", vars, "list"); code != 0 {
		t.Fatalf("list: %s", errOut)
	}
	code, out, _ := run(t, "", vars, "search", "高铁")
	if code != 0 || !strings.Contains(out, "中国高铁网") {
		t.Errorf("search 高铁 over the stored sample: exit %d\n%s", code, out)
	}
}
