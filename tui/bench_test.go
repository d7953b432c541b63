package tui

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// Benchmarks for the reader's speed floors (docs/PERFORMANCE.md):
//
//	go test ./tui -run '^$' -bench . -benchmem -count 3
//
// Each "key" benchmark measures one Update and one View, as a key press
// costs in the running program.

// megabyteArticle is a bilingual article of about 1 MB of text.
func megabyteArticle() feed.Article {
	a := feed.Article{ID: "big", Source: "bench", Link: "https://example.com/big",
		ZH: &feed.Version{Title: "一篇很长的文章"}, EN: &feed.Version{Title: "A very long article"}}
	zh := strings.Repeat("新开放时段内，自助借还机、阅览室和电子资源区均正常开放，但古籍阅览室仍按原时间关闭。", 6)
	en := strings.Repeat("During the new hours the self-service machines and the reading rooms will all be open. ", 6)
	for n := 0; n < 1<<20; n += len(zh) + len(en) {
		a.ZH.Blocks = append(a.ZH.Blocks, feed.Block{Text: zh})
		a.EN.Blocks = append(a.EN.Blocks, feed.Block{Text: en})
	}
	return a
}

// openedModel is a reader at 120×40 showing article in lang, its page
// rendered.
func openedModel(b *testing.B, article feed.Article, lang layout.Lang) Model {
	b.Helper()
	m := loadedModel(b, 120, 40, []feed.Article{article})
	m.lang = lang
	m, cmd := sendCmd(b, m, keys("enter")[0])
	// The long article renders, and in Both aligns, in commands.
	m = runCmd(b, m, cmd)
	if _, ok := m.page(); !ok {
		b.Fatal("the page was not rendered")
	}
	return m
}

func BenchmarkScrollMegabyteArticle(b *testing.B) {
	for _, lang := range []layout.Lang{layout.Chinese, layout.Both} {
		b.Run(lang.String(), func(b *testing.B) {
			m := openedModel(b, megabyteArticle(), lang)
			down, up := keys("j")[0], keys("k")[0]
			b.ResetTimer()
			for i := range b.N {
				k := down
				if i/1000%2 == 1 {
					k = up
				}
				next, _ := m.Update(k)
				m = next.(Model)
				_ = m.View()
			}
		})
	}
}

// BenchmarkNextPairMegabyteArticle is the sentence cursor's key: ) on the
// 1 MB article, side by side and in Chinese, the viewport following and
// the pair highlighted (floor 2 ms, like every key).
func BenchmarkNextPairMegabyteArticle(b *testing.B) {
	for _, lang := range []layout.Lang{layout.Chinese, layout.Both} {
		b.Run(lang.String(), func(b *testing.B) {
			m := openedModel(b, megabyteArticle(), lang)
			next, prev := keys(")")[0], keys("(")[0]
			m = runCmd(b, m, func() tea.Msg { return next }) // the cursor's page renders once
			if _, _, ok := m.cursorPair(m.shownArticle()); !ok {
				b.Fatal("no sentence cursor")
			}
			b.ResetTimer()
			for i := range b.N {
				k := next
				if i/1000%2 == 1 {
					k = prev
				}
				n, _ := m.Update(k)
				m = n.(Model)
				_ = m.View()
			}
		})
	}
}

// BenchmarkAlignMegabyteArticle is the one-off cost of aligning the 1 MB
// article, which the reader pays once, in a command.
func BenchmarkAlignMegabyteArticle(b *testing.B) {
	a := megabyteArticle()
	for b.Loop() {
		if alignPrintable(&a) == nil {
			b.Fatal("no alignment")
		}
	}
}

// BenchmarkRenderMegabyteArticle is the one-off cost the scroll benchmark
// does not see: laying out the whole 1 MB article (in a command).
func BenchmarkRenderMegabyteArticle(b *testing.B) {
	a := megabyteArticle()
	r := layout.NewRenderer(layout.Options{Metrics: layout.NewMetrics(false), Color: true, Dark: true})
	for _, lang := range []layout.Lang{layout.Chinese, layout.Both} {
		b.Run(lang.String(), func(b *testing.B) {
			for range b.N {
				_ = r.Render(&a, lang, 120)
			}
		})
	}
}

// manyArticles returns n small bilingual articles.
func manyArticles(n int) []feed.Article {
	out := make([]feed.Article, n)
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range out {
		out[i] = feed.Article{
			ID: fmt.Sprint("id-", i), Source: "bench", Link: fmt.Sprintf("https://news.example.com/%d", i),
			Published: day.Add(time.Duration(i) * time.Hour), Feed: "Example News",
			ZH: &feed.Version{Title: fmt.Sprintf("第%d条：城市图书馆延长夜间开放时间，读者可借阅至晚上十点", i),
				Blocks: []feed.Block{{Text: "市图书馆宣布，自下月起周一至周五延长夜间开放时间。"}}},
			EN: &feed.Version{Title: fmt.Sprintf("No. %d: City library extends evening hours until 10 p.m.", i),
				Blocks: []feed.Block{{Text: "The city library will stay open later on weekdays."}}},
		}
	}
	return out
}

func BenchmarkMoveThroughTenThousandHeadlines(b *testing.B) {
	for _, width := range []int{120, 200} { // 200: the article pane previews each headline
		b.Run(fmt.Sprint(width, "cols"), func(b *testing.B) {
			m := loadedModel(b, width, 40, manyArticles(10000))
			down, up := keys("j")[0], keys("k")[0]
			b.ResetTimer()
			for i := range b.N {
				k := down
				if i/9999%2 == 1 {
					k = up
				}
				next, _ := m.Update(k)
				m = next.(Model)
				_ = m.View()
			}
		})
	}
}

func BenchmarkFirstFrameSample(b *testing.B) {
	cfg := Config{Metrics: layout.NewMetrics(false), Color: true}
	for range b.N {
		m := New(cfg)
		next, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		if !strings.Contains(next.View().Content, "xinwen") {
			b.Fatal("no first frame")
		}
	}
}

// rssFeed returns an RSS 2.0 document with n bilingual items.
func rssFeed(n int) []byte {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example News</title><link>https://news.example.com/</link>`)
	for i := range n {
		fmt.Fprintf(&buf, `<item><title>第%d条：城市图书馆延长夜间开放时间</title><link>https://news.example.com/%d</link><guid>n-%d</guid>`+
			`<pubDate>Mon, 04 Mar 2024 08:00:00 +0800</pubDate><category>library</category>`+
			`<description><![CDATA[<p>市图书馆宣布，自下月起周一至周五延长夜间开放时间，读者可在晚上十点前借阅和归还图书。</p>`+
			`<p>The city library announced that it will stay open later on weekdays.</p>]]></description></item>`, i, i, i)
	}
	buf.WriteString(`</channel></rss>`)
	return buf.Bytes()
}

// BenchmarkFirstFrameTenThousand measures New, loading 10,000 articles
// from an in-memory feed (read, parsed and listed as in the program) and
// the first View.
func BenchmarkFirstFrameTenThousand(b *testing.B) {
	data := rssFeed(10000)
	b.SetBytes(int64(len(data)))
	for range b.N {
		cfg := Config{Sources: []string{"-"}, Loader: &feed.Loader{Stdin: bytes.NewReader(data)},
			Metrics: layout.NewMetrics(false), Color: true}
		m := New(cfg)
		m = send(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		loaded := finishLoad(m)
		m = send(b, m, loaded)
		if len(m.list.articles) != 10000 || !strings.Contains(m.View().Content, "10000 articles") {
			b.Fatalf("loaded %d articles, errors %v", len(m.list.articles), loaded.Errs)
		}
	}
}

// BenchmarkFirstFrameTenThousandParsed is the reader's own share of the
// above: New, taking 10,000 already parsed articles, and the first View.
func BenchmarkFirstFrameTenThousandParsed(b *testing.B) {
	articles := manyArticles(10000)
	for range b.N {
		m := loadedModel(b, 120, 40, articles)
		if !strings.Contains(m.View().Content, "10000 articles") {
			b.Fatal("no first frame")
		}
	}
}

// bigStore is a database of 100,000 stored articles shared by the
// benchmarks of one run: built once in its own temporary directory, removed
// by TestMain.
var bigStore struct {
	once sync.Once
	dir  string
	path string
	err  error
}

const bigStoreArticles = 100_000

func TestMain(m *testing.M) {
	code := m.Run()
	if bigStore.dir != "" {
		os.RemoveAll(bigStore.dir)
	}
	os.Exit(code)
}

// bigStorePath returns the path of the 100,000-article database, building
// it on first use: 10 sources of 10,000 articles (IDs n-0 to n-99999, as
// rssFeed's guids), every fifth marked read.
func bigStorePath(b *testing.B) string {
	b.Helper()
	bigStore.once.Do(func() {
		start := time.Now()
		bigStore.dir, bigStore.err = os.MkdirTemp("", "xinwen-tui-bench-")
		if bigStore.err != nil {
			return
		}
		bigStore.path = filepath.Join(bigStore.dir, "xinwen.db")
		bigStore.err = buildBigStore(bigStore.path)
		b.Logf("built the %d-article store in %s", bigStoreArticles, time.Since(start).Round(time.Millisecond))
	})
	if bigStore.err != nil {
		b.Fatal(bigStore.err)
	}
	return bigStore.path
}

func buildBigStore(path string) error {
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	const batch = 10_000
	for from := 0; from < bigStoreArticles; from += batch {
		articles := manyArticles(batch)
		for i := range articles {
			n := from + i
			articles[i].ID = fmt.Sprint("n-", n)
			articles[i].ZH.Title = fmt.Sprintf("第%d条：%s", n, zhTopics[n%len(zhTopics)])
			articles[i].EN.Title = fmt.Sprintf("No. %d: %s", n, enTopics[n%len(enTopics)])
		}
		source := fmt.Sprintf("https://news.example.com/feed-%d.xml", from/batch)
		if err := st.SaveSource(ctx, source, articles, time.Now()); err != nil {
			return err
		}
		for i := 0; i < len(articles); i += 5 {
			if err := st.SetRead(ctx, store.ArticleKey{Source: source, ID: articles[i].ID}, true); err != nil {
				return err
			}
		}
	}
	return nil
}

var (
	zhTopics = []string{"城市图书馆延长夜间开放时间", "台风登陆沿海城市", "高原湖泊迎来候鸟迁徙高峰", "老街改造完成，百年骑楼重新开放", "志愿者沿河种下五千棵树"}
	enTopics = []string{"City library extends evening hours", "Typhoon makes landfall", "Migratory birds reach their peak", "Old street reopens after renovation", "Volunteers plant 5,000 trees"}
)

// BenchmarkFirstFrameStore is the floor for the store: with 100,000
// articles stored, the first frame (New, loading a feed of 100 articles,
// the first View) comes no more than 50 ms later than without a store. The
// read marks follow in a command the first frame does not wait for;
// "store-100k-marks" adds that command and the View showing them.
// "store-100k-cache" also gives the store to the loader as its cache, as
// the program does (it saves in the background, waited for untimed).
func BenchmarkFirstFrameStore(b *testing.B) {
	data := rssFeed(100)
	ctx := context.Background()
	empty, err := store.Open(ctx, filepath.Join(b.TempDir(), "empty.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer empty.Close()
	big, err := store.Open(ctx, bigStorePath(b))
	if err != nil {
		b.Fatal(err)
	}
	defer big.Close()
	for _, c := range []struct {
		name  string
		st    *store.Store
		cache bool
		marks bool
	}{
		{"no-store", nil, false, false},
		{"store-empty", empty, false, false},
		{"store-100k", big, false, false},
		{"store-100k-cache", big, true, false},
		{"store-100k-marks", big, false, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				loader := &feed.Loader{Stdin: bytes.NewReader(data)}
				if c.cache {
					loader.Cache = c.st
				}
				m := firstFrame(b, Config{Sources: []string{"-"}, Loader: loader, Store: c.st,
					Metrics: layout.NewMetrics(false), Color: true, Position: "n-50"}, c.marks)
				if c.marks && !strings.Contains(m.View().Content, "unread") {
					b.Fatal("the read marks are not shown")
				}
				b.StopTimer()
				loader.Wait()
				b.StartTimer()
			}
		})
	}
}

// firstFrame builds a reader for cfg, runs its load to the end and draws
// the first frame; with marks, it then runs the read-mark command too.
func firstFrame(b *testing.B, cfg Config, marks bool) Model {
	m := New(cfg)
	_ = m.Init()
	m = send(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := sendCmd(b, m, finishLoad(m))
	if !strings.Contains(m.View().Content, "100 articles") {
		b.Fatal("no first frame")
	}
	if marks && cmd != nil {
		m = send(b, m, cmd())
	}
	return m
}

// fiftyPagesServer serves /feed.xml, a feed of 50 summaries, and /p/N, the
// article page of item N (about 6 KB of Chinese text in 12 paragraphs).
func fiftyPagesServer(b *testing.B) *httptest.Server {
	para := strings.Repeat("市图书馆宣布自下月起延长开放时间，自习区和少儿阅览区照常开放。", 6)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/feed.xml" {
			var f strings.Builder
			f.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>本地</title>`)
			for i := range 50 {
				fmt.Fprintf(&f, `<item><guid>%d</guid><title>第%d条</title><link>http://%s/p/%d</link><description>摘要。</description></item>`, i, i, r.Host, i)
			}
			f.WriteString(`</channel></rss>`)
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, f.String())
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html><html lang="zh"><head><title>第%s条</title></head><body><nav>首页</nav><article><h1>第%[1]s条</h1>`, strings.TrimPrefix(r.URL.Path, "/p/"))
		for range 12 {
			fmt.Fprintf(w, "<p>%s</p>", para)
		}
		fmt.Fprint(w, `</article><footer>版权</footer></body></html>`)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkKeyDuringFullTextOfFifty loads a feed of 50 summaries from a
// server on 127.0.0.1 with their full texts (--full-text: 50 pages fetched
// and extracted, 4 at a time) in the background, as the reader's load
// command does, while the reader takes keys (j, k: Update and View) on
// another 50-article list: ns/op is the load, us/key the mean key,
// p99-us/key and max-us/key the slowest. The floor is 2 ms a key.
func BenchmarkKeyDuringFullTextOfFifty(b *testing.B) {
	srv := fiftyPagesServer(b)
	m := loadedModel(b, 120, 40, manyArticles(50))
	m = send(b, m, keys("enter")...)
	down, up := keys("j")[0], keys("k")[0]
	var took []time.Duration
	for b.Loop() {
		loader := &feed.Loader{WantFullText: func(string) bool { return true }}
		done := make(chan error, 1)
		go func() {
			articles, err := loader.Load(context.Background(), srv.URL+"/feed.xml", nil)
			if err == nil && (len(articles) != 50 || len(articles[49].ZH.Blocks) < 12) {
				err = fmt.Errorf("%d articles, the last with %d blocks", len(articles), len(articles[len(articles)-1].ZH.Blocks))
			}
			done <- err
		}()
		for running := true; running; {
			select {
			case err := <-done:
				if err != nil {
					b.Fatal(err)
				}
				running = false
			default:
				for _, k := range []tea.Msg{down, up} {
					start := time.Now()
					m, _ = sendCmd(b, m, k)
					_ = m.View()
					took = append(took, time.Since(start))
				}
			}
		}
	}
	if len(took) == 0 {
		return
	}
	slices.Sort(took)
	var sum time.Duration
	for _, d := range took {
		sum += d
	}
	b.ReportMetric(float64(sum.Microseconds())/float64(len(took)), "us/key")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-us/key")
	b.ReportMetric(float64(took[len(took)-1].Microseconds()), "max-us/key")
}
