package feed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readPageFile parses a page of testdata/pages as a source.
func readPageFile(t *testing.T, name string) ([]Article, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(name, data)
}

// pageDebris are strings of the test pages' navigation, ads, scripts,
// styles, iframes, forms, comments, share buttons, related links and
// footer: none may reach an article.
var pageDebris = []string{"首页", "导航", "广告", "脚本", "样式", "框架", "搜索", "注释", "分享", "评论",
	"相关新闻", "版权", "tracker", "content:"}

// articleText is every string of a that reaches the reader.
func articleText(a Article) string {
	var b strings.Builder
	for _, v := range []*Version{a.ZH, a.EN} {
		if v == nil {
			continue
		}
		b.WriteString(v.Title + "\n")
		for _, bl := range v.Blocks {
			b.WriteString(bl.Text + "\n")
		}
	}
	return b.String()
}

func checkNoDebris(t *testing.T, a Article) {
	t.Helper()
	text := articleText(a)
	for _, d := range pageDebris {
		if strings.Contains(text, d) {
			t.Errorf("page debris %q reached the article:\n%s", d, text)
		}
	}
}

func TestArticlePageIsOneArticle(t *testing.T) {
	for _, name := range []string{"gbk-news.html", "utf8-meta-gb2312.html"} {
		t.Run(name, func(t *testing.T) {
			articles, err := readPageFile(t, name)
			if len(articles) != 1 {
				t.Fatalf("%d articles, %v", len(articles), err)
			}
			if name == "gbk-news.html" && err != nil {
				t.Errorf("error %v for a page that says its encoding truly", err)
			}
			if name == "utf8-meta-gb2312.html" && !errors.Is(err, ErrRecovered) {
				t.Errorf("error %v, want a warning that UTF-8 was read despite gb2312", err)
			}
			a := articles[0]
			if a.ZH == nil || a.EN != nil {
				t.Fatalf("languages %s, want zh", a.Languages())
			}
			if a.ZH.Title != "前三季度经济运行总体平稳" {
				t.Errorf("title %q", a.ZH.Title)
			}
			if want := "https://news.example.com/2024/10/18/economy.html"; a.Link != want || a.ID != want {
				t.Errorf("link %q, ID %q, want the canonical %q", a.Link, a.ID, want)
			}
			if want := time.Date(2024, 10, 18, 2, 30, 0, 0, time.UTC); !a.Published.Equal(want) {
				t.Errorf("published %v, want %v", a.Published, want)
			}
			if n := len(a.ZH.Blocks); n != 6 {
				t.Errorf("%d blocks, want the 6 paragraphs: %q", n, articleText(a))
			}
			checkNoDebris(t, a)
		})
	}
}

func TestBilingualPageIsSplitByScript(t *testing.T) {
	articles, err := readPageFile(t, "bilingual.html")
	if err != nil || len(articles) != 1 {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	a := articles[0]
	if a.ZH == nil || a.EN == nil {
		t.Fatalf("languages %s, want zh+en", a.Languages())
	}
	if len(a.ZH.Blocks) != 6 || len(a.EN.Blocks) != 6 {
		t.Errorf("%d Chinese and %d English blocks, want 6 and 6", len(a.ZH.Blocks), len(a.EN.Blocks))
	}
	if a.ZH.Title != "前三季度经济运行总体平稳" || a.EN.Title != "Economy steady in first three quarters" {
		t.Errorf("titles %q and %q", a.ZH.Title, a.EN.Title)
	}
	if !strings.HasPrefix(a.EN.Blocks[0].Text, "The State Council") || !strings.HasPrefix(a.ZH.Blocks[0].Text, "国务院") {
		t.Errorf("first blocks %q and %q", a.ZH.Blocks[0].Text, a.EN.Blocks[0].Text)
	}
	checkNoDebris(t, a)
}

func TestPageDateFromJSONLD(t *testing.T) {
	articles, err := readPageFile(t, "jsonld.html")
	if err != nil || len(articles) != 1 {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	a := articles[0]
	if want := time.Date(2024, 1, 10, 8, 0, 0, 0, time.UTC); !a.Published.Equal(want) {
		t.Errorf("published %v, want the JSON-LD datePublished %v (before <time>)", a.Published, want)
	}
	if a.Title() != "Rail network grows" {
		t.Errorf("title %q", a.Title())
	}
	if a.Link != "" || !strings.HasPrefix(a.ID, "sha256:") {
		t.Errorf("a file page without canonical link: link %q, ID %q", a.Link, a.ID)
	}
}

func TestPageDateFromTimeElement(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>T</h1><time datetime="2023-05-05">5 May</time>` +
		strings.Repeat("<p>"+zhSimplified+"</p>", 3) + `</article></body></html>`
	articles, err := Parse("t.html", []byte(page))
	if err != nil || len(articles) != 1 {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	if want := time.Date(2023, 5, 5, 0, 0, 0, 0, time.UTC); !articles[0].Published.Equal(want) {
		t.Errorf("published %v, want %v", articles[0].Published, want)
	}
}

func TestIndexPageIsNotAnArticle(t *testing.T) {
	articles, err := readPageFile(t, "index.html")
	if len(articles) != 0 || !errors.Is(err, errNotAFeed) {
		t.Fatalf("%d articles and %v, want not a feed", len(articles), err)
	}
}

func TestPageEscapesAndBidiNeverReachTheText(t *testing.T) {
	page := "<!DOCTYPE html><html><head><title>x\x1b]0;PWNED\x07</title><meta property=\"og:type\" content=\"article\"></head><body><article>" +
		"<p>新闻\x1b[31m正文\u202e反转\u202c内容，足够长的一段中文正文。</p><p>&#27;[2J第二段&#x202E;内容</p></article></body></html>"
	articles, err := Parse("x.html", []byte(page))
	if err != nil || len(articles) != 1 {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	text := articleText(articles[0])
	if strings.ContainsAny(text, "\x1b\x07\u202e\u202c") || strings.Contains(text, "[31m") || strings.Contains(text, "[2J") {
		t.Errorf("control or bidi characters reached the text: %q", text)
	}
}

// TestPageTitleIsNotRepeatedAsTheFirstBlock: readability keeps the page's
// <h1>; the article's header shows the title, so the text does not start
// with it again.
func TestPageTitleIsNotRepeatedAsTheFirstBlock(t *testing.T) {
	page := `<!DOCTYPE html><html><head><title>高铁网是怎样织成的</title></head><body><article><h1>高铁网是怎样织成的</h1>` +
		strings.Repeat("<p>"+zhSimplified+"</p>", 3) + `<h2>后记</h2><p>` + zhSimplified + `</p></article></body></html>`
	articles, err := Parse("t.html", []byte(page))
	if err != nil || len(articles) != 1 || articles[0].ZH == nil {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	v := articles[0].ZH
	if v.Title != "高铁网是怎样织成的" {
		t.Errorf("title %q", v.Title)
	}
	if b := v.Blocks[0]; b.Kind == Heading && b.Text == v.Title {
		t.Errorf("the first block repeats the title: %+v", b)
	}
	found := false
	for _, b := range v.Blocks {
		found = found || b.Kind == Heading && b.Text == "后记"
	}
	if !found {
		t.Errorf("a later heading was dropped: %+v", v.Blocks)
	}
}
