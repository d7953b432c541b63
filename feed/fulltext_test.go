package feed

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// pageServer serves the files of testdata/pages at /NAME, and at any other
// path what the handler in extra says.
func pageServer(t *testing.T, extra map[string]http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h, ok := extra[r.URL.Path]; ok {
			h(w, r)
			return
		}
		data, err := os.ReadFile(filepath.Join("testdata", "pages", filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html") // no charset: the page says
		w.Write(data)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// fullTextMem is a Cache and FullTextCache in memory.
type fullTextMem struct {
	noCache
	mu    sync.Mutex
	texts []FullText
}

func (m *fullTextMem) FullTexts(_ context.Context, source string) ([]FullText, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []FullText
	for _, t := range m.texts {
		if t.Source == source {
			out = append(out, t)
		}
	}
	return out, nil
}

func (m *fullTextMem) SaveFullText(_ context.Context, t FullText) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.texts = append(m.texts, t)
	return nil
}

func summaryArticle(link string) Article {
	return Article{ID: "1", Link: link, Source: "feed.xml",
		ZH: &Version{Title: "前三季度经济运行总体平稳", Blocks: []Block{{Text: "国务院新闻办公室今天举行发布会。"}}}}
}

func TestFullTextReplacesTheSummary(t *testing.T) {
	srv := pageServer(t, nil)
	mem := &fullTextMem{}
	l := &Loader{Cache: mem}
	a := summaryArticle(srv.URL + "/gbk-news.html")
	got, err := l.FullText(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	if got.ZH.Title != a.ZH.Title || len(got.ZH.Blocks) != 6 || !strings.HasPrefix(got.ZH.Blocks[1].Text, "数据显示") {
		t.Fatalf("full text %q", articleText(got))
	}
	if len(a.ZH.Blocks) != 1 {
		t.Errorf("the article given was changed")
	}
	checkNoDebris(t, got)
	if len(mem.texts) != 1 || mem.texts[0].ArticleID != "1" || mem.texts[0].Link != a.Link {
		t.Errorf("stored %v, want the full text under the article's ID and link", mem.texts)
	}
}

func TestFullTextIsFetchedOnce(t *testing.T) {
	var hits atomic.Int32
	srv := pageServer(t, map[string]http.HandlerFunc{"/counted": func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		data, _ := os.ReadFile(filepath.Join("testdata", "pages", "gbk-news.html"))
		w.Write(data)
	}})
	l := &Loader{Cache: &fullTextMem{}}
	a := summaryArticle(srv.URL + "/counted")
	for range 3 {
		if got, err := l.FullText(context.Background(), a); err != nil || len(got.ZH.Blocks) != 6 {
			t.Fatalf("%d blocks, %v", len(got.ZH.Blocks), err)
		}
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("the page was fetched %d times, want once", n)
	}
}

func TestFullTextKeepsALongerSummary(t *testing.T) {
	srv := pageServer(t, map[string]http.HandlerFunc{"/short": func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!DOCTYPE html><html><body><article><p>短。</p></article></body></html>`)
	}})
	l := &Loader{}
	a := summaryArticle(srv.URL + "/short")
	got, err := l.FullText(context.Background(), a)
	if !errors.Is(err, ErrShorterThanSummary) || !errors.Is(err, ErrRecovered) {
		t.Errorf("error %v, want ErrShorterThanSummary", err)
	}
	if articleText(got) != articleText(a) {
		t.Errorf("summary replaced by %q", articleText(got))
	}
}

func TestFullTextFailureKeepsTheSummaryAndSaysWhy(t *testing.T) {
	srv := pageServer(t, nil)
	l := &Loader{}
	a := summaryArticle(srv.URL + "/missing.html")
	got, err := l.FullText(context.Background(), a)
	if err == nil || err.Error() != a.Link+": HTTP 404 Not Found" {
		t.Errorf("error %v, want %q", err, a.Link+": HTTP 404 Not Found")
	}
	if articleText(got) != articleText(a) {
		t.Errorf("summary lost: %q", articleText(got))
	}
	a.Link = ""
	if _, err := l.FullText(context.Background(), a); !errors.Is(err, ErrNoLink) {
		t.Errorf("no link: error %v", err)
	}
	a.Link = "file:///etc/passwd"
	if _, err := l.FullText(context.Background(), a); !errors.Is(err, errNotHTTP) {
		t.Errorf("file link: error %v", err)
	}
}

// TestPageFetchesAreLimited checks the limits: at most 4 page fetches at
// once, one per host. Eight host names lead to one local server.
func TestPageFetchesAreLimited(t *testing.T) {
	var mu sync.Mutex
	total, maxTotal := 0, 0
	perHost, maxPerHost := map[string]int{}, 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		total++
		perHost[r.Host]++
		maxTotal, maxPerHost = max(maxTotal, total), max(maxPerHost, perHost[r.Host])
		mu.Unlock()
		time.Sleep(15 * time.Millisecond)
		mu.Lock()
		total--
		perHost[r.Host]--
		mu.Unlock()
		data, _ := os.ReadFile(filepath.Join("testdata", "pages", "gbk-news.html"))
		w.Write(data)
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	client := NewClient(10 * time.Second)
	client.Transport.(*http.Transport).DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	l := &Loader{Client: client, WantFullText: func(string) bool { return true }}
	var articles []Article
	for i := range 40 {
		a := summaryArticle(fmt.Sprintf("http://host%d.test/page%d", i%8, i))
		a.ID = fmt.Sprint(i)
		articles = append(articles, a)
	}
	got, err := l.withFullTexts(context.Background(), "feed", articles)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range got {
		if len(a.ZH.Blocks) != 6 {
			t.Fatalf("article %s: %d blocks", a.ID, len(a.ZH.Blocks))
		}
	}
	if maxTotal > 4 || maxPerHost > 1 {
		t.Errorf("%d fetches at once and %d on one host, want at most 4 and 1", maxTotal, maxPerHost)
	}
	if maxTotal < 2 {
		t.Errorf("at most %d fetch at once: the pages were not fetched in parallel", maxTotal)
	}
}

func TestLoadWithFullTextReplacesSummaries(t *testing.T) {
	srv := pageServer(t, nil)
	feedXML := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>a</guid><title>前三季度经济运行总体平稳</title><link>` + srv.URL + `/gbk-news.html</link><description>摘要。</description></item>
<item><guid>b</guid><title>缺页</title><link>` + srv.URL + `/gone.html</link><description>摘要二。</description></item>
</channel></rss>`
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.xml")
	os.WriteFile(path, []byte(feedXML), 0o644)
	mem := &fullTextMem{}
	l := &Loader{Cache: mem, WantFullText: func(s string) bool { return s == path }}
	articles, err := l.Load(context.Background(), path, nil)
	if len(articles) != 2 || len(articles[0].ZH.Blocks) != 6 || articles[1].ZH.Blocks[0].Text != "摘要二。" {
		t.Fatalf("%d articles: %q", len(articles), articleText(articles[0]))
	}
	if !errors.Is(err, ErrRecovered) || !strings.Contains(err.Error(), "full text of 1 of 2 articles not fetched") {
		t.Errorf("error %v, want a warning about the missing page", err)
	}
	// Stored full texts stand in on the next load, even without asking.
	srv.Close()
	l2 := &Loader{Cache: mem}
	articles, err = l2.Load(context.Background(), path, nil)
	if err != nil || len(articles[0].ZH.Blocks) != 6 {
		t.Errorf("reload: %d blocks, %v; want the stored full text", len(articles[0].ZH.Blocks), err)
	}
	l.Wait()
	l2.Wait()
}

func TestHreflangTranslationIsAttached(t *testing.T) {
	srv := pageServer(t, map[string]http.HandlerFunc{
		"/zh/economy.html": func(w http.ResponseWriter, r *http.Request) {
			data, _ := os.ReadFile(filepath.Join("testdata", "pages", "hreflang-zh.html"))
			w.Write(data)
		},
		"/en/economy.html": func(w http.ResponseWriter, r *http.Request) {
			data, _ := os.ReadFile(filepath.Join("testdata", "pages", "hreflang-en.html"))
			w.Write(data)
		},
	})
	l := &Loader{}
	articles, err := l.Load(context.Background(), srv.URL+"/zh/economy.html", nil)
	if err != nil || len(articles) != 1 {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	a := articles[0]
	if a.ZH == nil || a.EN == nil || len(a.EN.Blocks) != 6 || a.EN.Title != "Economy steady in first three quarters" {
		t.Fatalf("article %s: %q", a.Languages(), articleText(a))
	}
	if a.Link != srv.URL+"/zh/economy.html" {
		t.Errorf("link %q", a.Link)
	}
	checkNoDebris(t, a)
	// From the English side, the Chinese is attached.
	articles, err = l.Load(context.Background(), srv.URL+"/en/economy.html", nil)
	if err != nil || articles[0].ZH == nil || len(articles[0].ZH.Blocks) != 6 {
		t.Fatalf("from English: %v, %q", err, articleText(articles[0]))
	}
}

func TestFailingHreflangTranslationLeavesANote(t *testing.T) {
	srv := pageServer(t, map[string]http.HandlerFunc{
		"/zh/economy.html": func(w http.ResponseWriter, r *http.Request) {
			data, _ := os.ReadFile(filepath.Join("testdata", "pages", "hreflang-zh.html"))
			w.Write(data)
		},
	})
	l := &Loader{}
	articles, err := l.Load(context.Background(), srv.URL+"/zh/economy.html", nil)
	if len(articles) != 1 || articles[0].EN != nil || articles[0].ZH == nil {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	want := srv.URL + "/zh/economy.html: English translation " + srv.URL + "/en/economy.html not attached: HTTP 404 Not Found"
	if err == nil || err.Error() != want || !errors.Is(err, ErrRecovered) {
		t.Errorf("error %v, want the warning %q", err, want)
	}
}

// TestFullTextOfAFileInADirectoryIsFound: a full text is stored under the
// article's own Source, which for a directory is the file in it; loading
// the directory again finds it instead of fetching the page every time.
func TestFullTextOfAFileInADirectoryIsFound(t *testing.T) {
	file := filepath.Join("news", "a.xml")
	a := summaryArticle("https://example.com/1")
	a.Source = file
	full := &Version{Title: a.ZH.Title, Blocks: []Block{{Text: "第一段，比摘要长得多的正文。"}, {Text: "第二段正文。"}}}
	mem := &fullTextMem{texts: []FullText{{Source: file, ArticleID: a.ID, Link: a.Link, ZH: full}}}
	l := &Loader{Cache: mem, WantFullText: func(string) bool { return false }}
	got, err := l.withFullTexts(context.Background(), "news", []Article{a})
	if err != nil || len(got) != 1 || len(got[0].ZH.Blocks) != 2 {
		t.Fatalf("got %+v, %v; want the stored full text", got, err)
	}
}
