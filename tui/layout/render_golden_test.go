package layout

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// page returns a page as `xinwen show` prints it: header then body, one
// line each.
func page(p Page) string {
	var b strings.Builder
	for _, l := range append(append([]string{}, p.Header...), p.Body...) {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// golden compares got with testdata/golden/name, or rewrites the file with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./tui/layout -run Golden -update)", err)
	}
	if got == string(want) {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			t.Fatalf("%s: line %d is\n%q, want\n%q", path, i+1, gl, wl)
		}
	}
}

// TestGoldenPlain pins the plain output of the seed and of a multi-block
// article at 40, 80 and 120 columns in each mode, and at 160 in Both.
func TestGoldenPlain(t *testing.T) {
	arts := map[string]*feed.Article{"rich": richArticle()}
	if _, err := os.Stat(filepath.Join(repoRoot(t), "..", "shared", "seed")); err == nil {
		arts["seed"] = seedArticle(t)
	} else {
		t.Logf("seed article not available, its golden files are not checked: %v", err)
	}
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	codes := map[Lang]string{Chinese: "zh", English: "en", Both: "both"}
	for name, a := range arts {
		for lang, code := range codes {
			widths := []int{40, 80, 120}
			if lang == Both {
				widths = append(widths, 160)
			}
			for _, w := range widths {
				golden(t, fmt.Sprintf("%s_%s_%d.txt", name, code, w), page(r.Render(a, lang, w)))
			}
		}
	}
}

// TestGoldenWide pins the ASCII drawing of ambiguous-wide mode.
func TestGoldenWide(t *testing.T) {
	r := NewRenderer(Options{Metrics: NewMetrics(true)})
	golden(t, "rich_both_100_wide.txt", page(r.Render(richArticle(), Both, 100)))
}

// TestGoldenColor pins the styling: every line quoted, escapes visible.
func TestGoldenColor(t *testing.T) {
	r := NewRenderer(Options{Metrics: NewMetrics(false), Color: true, Dark: true})
	var b strings.Builder
	for _, w := range []int{100, 60} {
		p := r.Render(richArticle(), Both, w)
		fmt.Fprintf(&b, "# Both at %d, dark\n", w)
		for _, l := range append(append([]string{}, p.Header...), p.Body...) {
			fmt.Fprintf(&b, "%q\n", l)
		}
	}
	golden(t, "rich_both_color_dark.txt", b.String())
}

// Articles shared by the tests of this package's renderer.

func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// seedArticle parses the shared seed article, skipping the test when the
// shared folder is absent.
func seedArticle(t testing.TB) *feed.Article {
	t.Helper()
	path := filepath.Join(repoRoot(t), "..", "shared", "seed", "000_20ace1429fac22ad.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("seed article not available: %v", err)
	}
	as, err := feed.ParseText(path, string(data))
	if err != nil {
		t.Fatalf("parse seed: %v", err)
	}
	if len(as) != 1 {
		t.Fatalf("seed gave %d articles, want 1", len(as))
	}
	return &as[0]
}

// span returns the span of the first occurrence of sub in text.
func span(kind feed.SpanKind, text, sub, url string) feed.Span {
	i := strings.Index(text, sub)
	if i < 0 {
		panic("span text not found: " + sub)
	}
	return feed.Span{Kind: kind, Start: i, End: i + len(sub), URL: url}
}

// richArticle holds a block of every kind in both languages, spans of every
// kind, a long link and keywords.
func richArticle() *feed.Article {
	zhP := "近日，公安部新闻发言人贾俊强在新闻发布会上透露：针对缅北涉我电信网络诈骗犯罪，我国在2023年部署推进“边境警务执法合作”，并连续开展多轮打击（截至目前，已移交犯罪嫌疑人4.1万余名）。这一成果《充分展示》了决心。"
	enP := "Recently, the spokesperson for the Ministry of Public Security, Jia Junqiang, revealed that China has deployed “border police enforcement cooperation” in 2023; more than 41,000 suspects were transferred (see the ministry's statement)."
	zhItem := "打团伙、摧网络、断通道、追资产，实施全链条打击。"
	enItem := "Cracking down on gangs, destroying networks, cutting off channels, and pursuing assets."
	zhQuote := "“我们将继续与缅北地区执法部门保持密切沟通，共同打击跨境犯罪活动。”"
	enQuote := "“We will keep in close touch with law enforcement in northern Myanmar and fight cross-border crime together.”"
	code := "for i in range(10):\n    print(i * 2)  # a long code line that is wider than a narrow pane will be cut\n\tx = 1"
	return &feed.Article{
		ID:        "rich",
		Link:      "https://www.example.com/news/2024/01/09/a-rather-long-path-to-the-article-about-telecom-fraud.html",
		Published: time.Date(2024, 1, 9, 8, 0, 0, 0, time.UTC),
		Keywords:  []string{"缅甸", "telecom fraud", "suspects"},
		ZH: &feed.Version{Title: "缅北涉我电信网络诈骗犯罪打击行动取得重大成果，四万余名犯罪嫌疑人移交我方", Blocks: []feed.Block{
			{Kind: feed.Heading, Level: 1, Text: "打击行动"},
			{Kind: feed.Paragraph, Text: zhP, Spans: []feed.Span{
				span(feed.Strong, zhP, "贾俊强", ""),
				span(feed.Emphasis, zhP, "边境警务执法合作", ""),
				span(feed.InlineCode, zhP, "2023", ""),
				span(feed.LinkSpan, zhP, "犯罪嫌疑人", "https://example.com/suspects"),
			}},
			{Kind: feed.ListItem, Text: zhItem},
			{Kind: feed.Quote, Text: zhQuote},
			{Kind: feed.Heading, Level: 2, Text: "代码"},
			{Kind: feed.Code, Text: code},
		}},
		EN: &feed.Version{Title: "Success in cracking down on Myanmar-based telecom fraudsters: more than 41,000 suspects handed over", Blocks: []feed.Block{
			{Kind: feed.Heading, Level: 1, Text: "The operation"},
			{Kind: feed.Paragraph, Text: enP, Spans: []feed.Span{
				span(feed.Strong, enP, "Jia Junqiang", ""),
				span(feed.Emphasis, enP, "border police enforcement cooperation", ""),
				span(feed.InlineCode, enP, "2023", ""),
				span(feed.LinkSpan, enP, "suspects", "https://example.com/suspects"),
			}},
			{Kind: feed.ListItem, Text: enItem},
			{Kind: feed.Quote, Text: enQuote},
			{Kind: feed.Heading, Level: 2, Text: "Code"},
			{Kind: feed.Code, Text: code},
		}},
	}
}

// onlyChinese and onlyEnglish lack one language.
func onlyChinese() *feed.Article {
	a := richArticle()
	a.EN = nil
	return a
}

func onlyEnglish() *feed.Article {
	a := richArticle()
	a.ZH = nil
	return a
}

func testArticles(t *testing.T) map[string]*feed.Article {
	as := map[string]*feed.Article{"rich": richArticle(), "zh-only": onlyChinese(), "en-only": onlyEnglish()}
	path := filepath.Join(repoRoot(t), "..", "shared", "seed", "000_20ace1429fac22ad.txt")
	if _, err := os.Stat(path); err == nil {
		as["seed"] = seedArticle(t)
	} else {
		t.Logf("seed article not available, testing hand-made articles only: %v", err)
	}
	return as
}
