package feed

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func FuzzParseText(f *testing.F) {
	f.Add(textBase)
	f.Add(strings.ReplaceAll("\ufeff"+textBase, "\n", "\r\n"))
	f.Add("标题：只有中文\n日期：2024年1月9日\n\n正文。\n来源：https://example.org/2024/01/09/a\n")
	f.Add("Title:\nNews content: x\nTitle: y\n\n中文\nSource: http://[::1]:80/(a)).\n")
	for _, name := range []string{"multi.txt", "malformed.txt"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "text", name)); err == nil {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		articles, err := ParseText("fuzz", text)
		if len(articles) == 0 && err == nil {
			t.Fatal("no article and no error")
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
		if lines := strings.Count(text, "\n") + strings.Count(text, "\r") + 1; len(articles) > lines {
			t.Fatalf("%d articles from %d lines", len(articles), lines)
		}
		for i, a := range articles {
			textCheckArticle(t, "fuzz", i, a)
		}
	})
}

// textCheckArticle fails when a parsed article breaks a promise of ParseText.
func textCheckArticle(t *testing.T, source string, i int, a Article) {
	t.Helper()
	clean := func(what, s string) {
		if Clean(s) != s {
			t.Fatalf("article %d: %s is not clean: %q", i, what, s)
		}
	}
	if a.ZH == nil && a.EN == nil {
		t.Fatalf("article %d has no language", i)
	}
	if a.ID == "" || a.Source != source || a.Feed != "" {
		t.Fatalf("article %d: ID %q Source %q Feed %q", i, a.ID, a.Source, a.Feed)
	}
	clean("ID", a.ID)
	clean("link", a.Link)
	if a.Link != "" && !strings.HasPrefix(strings.ToLower(a.Link), "http://") && !strings.HasPrefix(strings.ToLower(a.Link), "https://") {
		t.Fatalf("article %d: link %q is not http(s)", i, a.Link)
	}
	for _, k := range a.Keywords {
		if k == "" {
			t.Fatalf("article %d: empty keyword", i)
		}
		clean("keyword", k)
	}
	paragraphs := 0
	for _, v := range []*Version{a.ZH, a.EN} {
		if v == nil {
			continue
		}
		clean("title", v.Title)
		for _, b := range v.Blocks {
			if b.Kind != Paragraph || b.Text == "" || b.Spans != nil {
				t.Fatalf("article %d: bad block %+v", i, b)
			}
			clean("paragraph", b.Text)
			paragraphs++
		}
	}
	if paragraphs == 0 {
		t.Fatalf("article %d has no paragraph", i)
	}
}

// textBenchmarkFile builds n articles in the text format, with varied
// paragraphs, dates, links and debris.
func textBenchmarkFile(n int) string {
	zh := []string{
		"近日,公安部新闻发言人在新闻发布会上透露,针对跨境电信网络诈骗犯罪,有关部门连续开展多轮打击。",
		"截至目前,相关地方执法部门已移交犯罪嫌疑人4.1万余名,这一成果充分展示了打击犯罪的决心和力度。",
		"新馆建筑面积约7.5万平方米,设有古籍阅览室、少儿阅览区和数字体验区，藏书超过300万册。",
		"据统计，全国高铁营业里程已达4.5万公里，约占铁路营业总里程的28.30%，“八纵八横”主通道加快成形。",
		"专家表示：「这项研究为理解月球背面的演化提供了新的样本」——研究团队将继续开展分析。",
		"活动期间，市民可以通过https://en.wikipedia.org/wiki/Spring_Festival了解更多信息（含12GB高清影像资料）。",
	}
	en := []string{
		"Recently, a spokesperson revealed that in response to cross-border telecom fraud, the authorities launched multiple rounds of strikes.",
		"To date, relevant law enforcement departments have transferred more than 41,000 suspects, which demonstrates determination and strength.",
		"The new building covers about 75,000 square metres, with a rare-books room, a children's area and a digital zone holding over 3 million volumes.",
		"High-speed lines now total about 45,000 km, some 28.30% of the national network, as the “eight vertical and eight horizontal” corridors take shape.",
		"“This study offers new samples for understanding how the far side of the Moon evolved,” an expert said; the team will continue its analysis.",
		"During the festival, residents can learn more at https://en.wikipedia.org/wiki/Spring_Festival, including 12GB of high-definition footage.",
	}
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	for i := range n {
		paras := 3 + r.IntN(4)
		for range paras {
			for range 2 + r.IntN(2) {
				b.WriteString(zh[r.IntN(len(zh))])
			}
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "Title: Article number %d about %s\n\n", i, []string{"fraud", "a library", "rail", "the Moon"}[i%4])
		b.WriteString("Keywords: news, China, topic " + fmt.Sprint(i%97) + "\n\nNews content:\n\n")
		for range paras {
			for range 2 + r.IntN(2) {
				b.WriteString(en[r.IntN(len(en))])
				b.WriteByte(' ')
			}
			b.WriteString("\n\n")
		}
		fmt.Fprintf(&b, "【来源】http://www.example.com/gn/20%02d/%02d-%02d/%d.shtml\n\n", 10+i%15, 1+i%12, 1+i%28, 10000000+i)
		b.WriteString("Views: " + fmt.Sprint(r.IntN(5000)) + "\n\n发表回复\n\n您的邮箱地址不会被公开。 必填项已用 * 标注\n\n")
	}
	return b.String()
}

func BenchmarkParseText(b *testing.B) {
	text := textBenchmarkFile(10000)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		articles, err := ParseText("bench.txt", text)
		if err != nil || len(articles) != 10000 {
			b.Fatalf("%d articles, %v", len(articles), err)
		}
	}
}

func TestTextBenchmarkFile(t *testing.T) {
	text := textBenchmarkFile(200)
	articles, err := ParseText("bench.txt", text)
	if err != nil || len(articles) != 200 {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	for i, a := range articles {
		textCheckArticle(t, "bench.txt", i, a)
		if a.Published.IsZero() || len(a.ZH.Blocks) != len(a.EN.Blocks) {
			t.Fatalf("article %d: date %v, %d/%d paragraphs", i, a.Published, len(a.ZH.Blocks), len(a.EN.Blocks))
		}
	}
	t.Logf("200 articles: %d bytes", len(text))
}
