package feed

import (
	"bytes"
	"fmt"
	"html"
	"runtime"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// benchRSS returns an RSS 2.0 feed of n bilingual items, each with a
// Chinese and an English title and HTML paragraphs in both languages.
func benchRSS(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0"><channel><title>双语新闻 Bilingual News</title><link>https://news.example/</link>` + "\n")
	for i := 0; i < n; i++ {
		body := fmt.Sprintf(`<p>近日，公安部新闻发言人在新闻发布会上透露，针对电信网络诈骗犯罪，我国部署推进边境警务执法合作，第%d轮打击取得成果。</p>`+
			`<p>截至目前，相关地方执法部门已向我方移交<strong>犯罪嫌疑人</strong>4.1万余名，充分展示了打击犯罪的决心和力度。</p>`+
			`<p>Recently, the spokesperson for the Ministry of Public Security revealed that round %d of the crackdown on telecom fraud has succeeded.</p>`+
			`<p>So far, local law enforcement has handed over more than <em>41,000 suspects</em>, as <a href="/report/%d">the report</a> shows.</p>`, i, i, i)
		fmt.Fprintf(&b, "<item><title>第%d条新闻 / News item %d</title><link>https://news.example/%d</link>"+
			"<guid>https://news.example/%d</guid><pubDate>Mon, 06 May 2024 08:30:00 +0800</pubDate>"+
			"<category>法治</category><category>Law</category><description>%s</description></item>\n",
			i, i, i, i, html.EscapeString(body))
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

// BenchmarkParse compares gofeed's own parse of a 10,000-item feed with
// our Parse (decode, detect, gofeed, HTML cleaning, language split). The
// floor is Parse ≤ 1.3 × gofeed.
func BenchmarkParse(b *testing.B) {
	data := benchRSS(10000)
	b.Run("gofeed", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
			if err != nil || len(f.Items) != 10000 {
				b.Fatalf("gofeed: %v", err)
			}
		}
	})
	b.Run("xinwen", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			articles, err := Parse("bench.xml", data)
			if err != nil || len(articles) != 10000 {
				b.Fatalf("Parse: %d articles, %v", len(articles), err)
			}
		}
	})
}

func TestBenchFeedParses(t *testing.T) {
	articles, err := Parse("bench.xml", benchRSS(3))
	if err != nil || len(articles) != 3 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	a := articles[1]
	if a.ZH == nil || a.EN == nil || a.ZH.Title != "第1条新闻" || a.EN.Title != "News item 1" ||
		len(a.ZH.Blocks) != 2 || len(a.EN.Blocks) != 2 {
		t.Fatalf("bench item parsed as zh %+v en %+v", a.ZH, a.EN)
	}
	if s := a.EN.Blocks[1].Spans; len(s) != 2 || s[1].URL != "https://news.example/report/1" {
		t.Errorf("spans %+v", s)
	}
}

// BenchmarkParseRatio times gofeed's parse and ours alternately in each
// iteration and reports xinwen/gofeed, so that a busy machine slows both
// alike; each starts from a collected heap. The floor is a ratio ≤ 1.3.
func BenchmarkParseRatio(b *testing.B) {
	parseRatio(b, "bench.xml", benchRSS(10000))
}

// parseRatio runs gofeed's parse of data and ours alternately, each from a
// collected heap so that neither pays for the other's garbage, and reports
// xinwen/gofeed.
func parseRatio(b *testing.B, name string, data []byte) {
	var ours, theirs time.Duration
	for b.Loop() {
		runtime.GC()
		start := time.Now()
		if _, err := gofeed.NewParser().Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		theirs += time.Since(start)
		runtime.GC()
		start = time.Now()
		if _, err := Parse(name, data); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)
	}
	b.ReportMetric(float64(ours)/float64(theirs), "xinwen/gofeed")
}
