package tui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// storyWord is in the article page only, never in the feed's summary.
const storyWord = "蝴蝶标本"

// storyPage is an article page: a heading and three paragraphs (four
// blocks), far longer than the summary of the feed that links to it.
const storyPage = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>城市图书馆延长开放</title></head>
<body><nav><a href="/">首页</a></nav><article><h1>城市图书馆延长开放</h1>
<p>市图书馆宣布，自下月起，周五和周六的开放时间将延长至晚上十点，以方便上班族和学生在周末前后借阅图书。</p>
<p>馆方表示，延长开放期间，自习区、少儿阅览区和数字资源区都将照常开放，并增派工作人员值守，读者还可以参观新设的` + storyWord + `展览。</p>
<p>这一调整是根据去年的读者问卷作出的。超过六成的受访者希望图书馆在晚间开放更长时间，馆方将在三个月后评估效果。</p>
</article><footer>版权所有</footer></body></html>`

// storyServer serves /feed.xml, whose item is a summary linking to /story,
// the story at /story, and 404 at /gone. Requests for /story are counted.
type storyServer struct {
	*httptest.Server
	hits atomic.Int32
	gate chan struct{} // when not nil, /story waits for it to close
}

func newStoryServer(t testing.TB) *storyServer {
	t.Helper()
	s := &storyServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>本地新闻</title>
<item><guid>story</guid><title>城市图书馆延长开放</title><link>%[1]s/story</link><description>图书馆延长开放时间。</description></item>
<item><guid>gone</guid><title>消失的页面</title><link>%[1]s/gone</link><description>这一页已经删除。</description></item>
</channel></rss>`, s.URL)
		case "/story":
			s.hits.Add(1)
			if s.gate != nil {
				select {
				case <-s.gate:
				case <-r.Context().Done():
					return
				}
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, storyPage)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// storyModel is a reader at 100×30 that has loaded the story server's feed
// through a loader whose cache is st (none when nil), with the loader's
// saves done.
func storyModel(t *testing.T, srv *storyServer, st *store.Store) Model {
	t.Helper()
	loader := &feed.Loader{}
	cfg := Config{Sources: []string{srv.URL + "/feed.xml"}, Loader: loader, Metrics: layout.NewMetrics(false)}
	if st != nil {
		loader.Cache, cfg.Store = st, st
	}
	m := New(cfg)
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = runCmd(t, m, func() tea.Msg { return finishLoad(m) })
	loader.Wait()
	if len(m.list.articles) != 2 {
		t.Fatalf("loaded %d articles, want 2", len(m.list.articles))
	}
	return m
}

func TestFReplacesTheSummaryWithThePageAndTheStoreSearchesIt(t *testing.T) {
	srv := newStoryServer(t)
	st := openStore(t)
	m := storyModel(t, srv, st)
	m = press(t, m, "enter", "f")
	if !strings.Contains(plain(m), storyWord) {
		t.Fatalf("the page's text is not shown after f:\n%s", plain(m))
	}
	if st := statusLine(m); !strings.Contains(st, "full text from 127.0.0.1") || !strings.Contains(st, "3 paragraphs") || m.statusBad {
		t.Errorf("status bar %q (bad %v), want where the full text came from", st, m.statusBad)
	}
	if got := m.list.articles[m.list.open].ZH.Title; got != "城市图书馆延长开放" {
		t.Errorf("the title became %q", got)
	}
	// Searchable at once: the store's offline copy holds the full text.
	found, err := st.Search(context.Background(), storyWord, 0)
	if err != nil || len(found) != 1 || found[0].ID != "story" {
		t.Errorf("search for a word of the full text found %d articles, %v; want the story", len(found), err)
	}
	// Fetched once: a second f, and the next load, use the stored text.
	m = press(t, m, "esc", "enter", "f")
	if srv.hits.Load() != 1 {
		t.Errorf("the page was fetched %d times, want once", srv.hits.Load())
	}
	m2 := storyModel(t, srv, st)
	// Three paragraphs: the page's <h1> is the title, not a block.
	if a := m2.list.articles[0]; a.ID != "story" || a.ZH == nil || len(a.ZH.Blocks) != 3 || !strings.Contains(a.ZH.Blocks[1].Text, storyWord) {
		t.Errorf("the next load does not give the stored full text: %+v", a.ZH)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("the next load fetched the page again (%d fetches)", srv.hits.Load())
	}
}

func TestFOnAMissingPageKeepsTheSummaryAndSaysWhy(t *testing.T) {
	srv := newStoryServer(t)
	m := storyModel(t, srv, nil)
	m = press(t, m, "down", "enter", "f")
	if a := m.list.articles[m.list.open]; a.ID != "gone" || len(a.ZH.Blocks) != 1 || a.ZH.Blocks[0].Text != "这一页已经删除。" {
		t.Errorf("the summary was not kept: %+v", a.ZH)
	}
	if !strings.Contains(plain(m), "这一页已经删除。") {
		t.Errorf("the summary is no longer shown:\n%s", plain(m))
	}
	if st := statusLine(m); !m.statusBad || !strings.Contains(st, "no full text") || !strings.Contains(st, "404") {
		t.Errorf("status bar %q (bad %v), want the failure and its reason", st, m.statusBad)
	}
}

func TestFWithoutAnHTTPLinkSendsNothing(t *testing.T) {
	as := []feed.Article{{ID: "1", Source: "a.txt", Link: "file:///etc/passwd",
		ZH: &feed.Version{Title: "标题", Blocks: []feed.Block{{Text: "摘要。"}}}}}
	m := loadedModel(t, 100, 30, as)
	m, cmd := sendCmd(t, send(t, m, keys("enter")...), keys("f")[0])
	if m.full.job != nil || !strings.Contains(statusLine(m), "only http and https") {
		t.Errorf("status bar %q, job %v: want the link refused", statusLine(m), m.full.job)
	}
	runCmd(t, m, cmd) // nothing to fetch; must not block
}

func TestFProgressShowsAndLeavingTheArticleCancelsIt(t *testing.T) {
	srv := newStoryServer(t)
	srv.gate = make(chan struct{})
	defer close(srv.gate)
	m := storyModel(t, srv, nil)
	m = send(t, m, keys("enter")...)
	m, cmd := sendCmd(t, m, keys("f")[0])
	if m.full.job == nil || !strings.Contains(statusLine(m), "fetching the full text from 127.0.0.1") {
		t.Fatalf("status bar %q while fetching", statusLine(m))
	}
	m = send(t, m, keys("esc")...) // leave the article: the fetch is cancelled
	if m.full.job != nil {
		t.Fatal("the fetch outlives the article")
	}
	m = runCmd(t, m, cmd) // returns once cancelled, though the server never answers
	if a := m.list.articles[0]; len(a.ZH.Blocks) != 1 || m.statusBad {
		t.Errorf("a cancelled fetch changed the article (%d blocks) or reported %q", len(a.ZH.Blocks), statusLine(m))
	}
}

func TestStaleFullTextIsDropped(t *testing.T) {
	srv := newStoryServer(t)
	m := storyModel(t, srv, nil)
	m = send(t, m, keys("enter")...)
	m, cmd := sendCmd(t, m, keys("f")[0])
	msg := fullTextFetched{ID: m.full.job.id - 1, Article: m.list.articles[0]}
	msg.Article.ZH = &feed.Version{Title: "旧", Blocks: []feed.Block{{Text: "过时的结果。"}}}
	m = send(t, m, msg)
	if strings.Contains(plain(m), "过时的结果") {
		t.Error("a stale answer was shown")
	}
	m = runCmd(t, m, cmd)
	if !strings.Contains(plain(m), storyWord) {
		t.Error("the current answer was not shown")
	}
}
