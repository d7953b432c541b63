package feed

import (
	"bytes"
	"fmt"
	"html"
	"testing"
)

// ratioTitles are the titles of ratioRSS's items in turn: Chinese,
// English and bilingual, as a mixed feed has them.
var ratioTitles = []string{
	"国务院常务会议部署推进新型城镇化建设（第%d期）",
	"Shanghai port handles record container volume, part %d",
	"长江流域水质持续改善 / Water of the Yangtze keeps improving (%d)",
}

// ratioRSS returns an RSS 2.0 feed of n items in one of the two body shapes
// of docs/newsboat-bench.sh: "cdata", eight paragraphs (about 2 KB) of
// Chinese and English HTML in CDATA, or "escaped", two short paragraphs
// (about 350 bytes) of escaped HTML.
func ratioRSS(n int, shape string) []byte {
	zh := "<p>近日，国家统计局发布数据显示，前三季度国内生产总值同比增长百分之五点二，经济运行总体回升向好。截至目前，相关部门已移交<strong>犯罪嫌疑人</strong>四万余名。</p>"
	en := `<p>Official figures show that gross domestic product grew by 5.2% in the first three quarters; so far more than <em>41,000 suspects</em> have been handed over, as <a href="https://news.example/report">the report</a> shows.</p>`
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<rss version="2.0"><channel><title>双语新闻 Bilingual News</title><link>https://news.example/</link>` + "\n")
	for i := 0; i < n; i++ {
		var body string
		if shape == "cdata" {
			body = "<![CDATA[" + zh + en + zh + en + zh + en + zh + en + "]]>"
		} else {
			body = html.EscapeString("<p>近日，国家统计局发布数据显示，前三季度国内生产总值同比增长。</p>" +
				`<p>Official figures show that <em>GDP</em> grew by 5.2% in the first three quarters.</p>`)
		}
		fmt.Fprintf(&b, "<item><title>%s</title><link>https://news.example/%d</link>"+
			"<guid>https://news.example/%d</guid><pubDate>Sat, 28 Nov 2026 20:00:00 +0800</pubDate>"+
			"<category>新闻</category><description>%s</description></item>\n",
			html.EscapeString(fmt.Sprintf(ratioTitles[i%len(ratioTitles)], i)), i, i, body)
	}
	b.WriteString("</channel></rss>\n")
	return b.Bytes()
}

func TestRatioFeedShapesParse(t *testing.T) {
	for _, shape := range []string{"cdata", "escaped"} {
		articles, err := Parse("ratio.xml", ratioRSS(3, shape))
		if err != nil || len(articles) != 3 {
			t.Fatalf("%s: Parse = %d, %v", shape, len(articles), err)
		}
		a := articles[2]
		if a.ZH == nil || a.EN == nil || len(a.ZH.Blocks) == 0 || len(a.EN.Blocks) == 0 {
			t.Fatalf("%s: item 2 parsed as zh %+v en %+v", shape, a.ZH, a.EN)
		}
		want := map[string]int{"cdata": 4, "escaped": 1}[shape]
		if len(a.ZH.Blocks) != want || len(a.EN.Blocks) != want {
			t.Errorf("%s: %d Chinese and %d English blocks, want %d of each",
				shape, len(a.ZH.Blocks), len(a.EN.Blocks), want)
		}
	}
}

// BenchmarkParseRatioShapes is BenchmarkParseRatio on the two body shapes
// of 10,000 items, long CDATA and short escaped, gofeed and Parse timed
// alternately from a collected heap. Issue 11's floor for list --no-store
// is a ratio ≤ 1.2 on both.
func BenchmarkParseRatioShapes(b *testing.B) {
	for _, shape := range []string{"cdata", "escaped"} {
		b.Run(shape, func(b *testing.B) {
			data := ratioRSS(10000, shape)
			b.SetBytes(int64(len(data)))
			parseRatio(b, "ratio.xml", data)
		})
	}
}
