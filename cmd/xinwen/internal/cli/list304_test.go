package cli

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// datedFeed serves an RSS feed whose items are published at 02:00 in
// Beijing (the day before in UTC), in an order that is not the order of
// their dates, with an ETag, answering 304 to a request that names it.
type datedFeed struct {
	mu           sync.Mutex
	full, not304 int
}

func (f *datedFeed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Header.Get("If-None-Match") == `"v1"` {
		f.not304++
		w.WriteHeader(http.StatusNotModified)
		return
	}
	f.full++
	w.Header().Set("ETag", `"v1"`)
	w.Header().Set("Content-Type", "application/rss+xml")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>报</title>`)
	for _, day := range []int{12, 27, 3, 20} {
		fmt.Fprintf(&b, `<item><guid>n%d</guid><title>新闻%d</title><pubDate>%s</pubDate><description>正文%d。</description></item>`,
			day, day, time.Date(2024, 1, day, 2, 0, 0, 0, time.FixedZone("CST", 8*3600)).Format(time.RFC1123Z), day)
	}
	b.WriteString(`</channel></rss>`)
	w.Write([]byte(b.String()))
}

func TestListOfAFeedThatAnswers304ComesFromTheStoredHeadlines(t *testing.T) {
	local := time.Local
	time.Local = time.UTC // where each date would print a day early
	t.Cleanup(func() { time.Local = local })
	vars := subsEnv(t)
	f := &datedFeed{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	url := srv.URL + "/feed.xml"
	first, errOut := mustRun(t, vars, 0, "list", url, "testdata/feed.xml")
	want := "1\t2024-01-12\tzh\t新闻12\n2\t2024-01-27\tzh\t新闻27\n3\t2024-01-03\tzh\t新闻3\n4\t2024-01-20\tzh\t新闻20\n"
	if !strings.HasPrefix(first, want) || errOut != "" {
		t.Fatalf("first list: stdout %q, stderr %q; want it to start %q", first, errOut, want)
	}
	// The bodies of the offline copy are made undecodable: a list that
	// decoded them would find no copy and fetch the whole feed again.
	db, err := sql.Open("sqlite", vars["XINWEN_TEST_DB"])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE articles SET data = CAST('{' AS BLOB) WHERE article_id LIKE 'n%'"); err != nil {
		t.Fatal(err)
	}
	// The second article is marked read, as the reader marks it.
	if _, err := db.Exec("INSERT INTO read_marks (source, article_id, read_at) VALUES (?, 'n27', 1)", url); err != nil {
		t.Fatal(err)
	}
	db.Close()
	again, errOut := mustRun(t, vars, 0, "list", url, "testdata/feed.xml")
	if again != first || errOut != "" {
		t.Errorf("listed after a 304: stdout %q, stderr %q; want what the first list printed, %q", again, errOut, first)
	}
	unread, _ := mustRun(t, vars, 0, "list", "--unread", url)
	if want := "1\t2024-01-12\tzh\t新闻12\n2\t2024-01-03\tzh\t新闻3\n3\t2024-01-20\tzh\t新闻20\n"; unread != want {
		t.Errorf("list --unread after a 304: %q, want %q", unread, want)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.full != 1 || f.not304 != 2 {
		t.Errorf("the feed was sent whole %d times and answered 304 %d times; want 1 and 2", f.full, f.not304)
	}
}
