package feed

import (
	"fmt"
	"strings"
	"testing"
)

// bigPage is an article page of about 300 KB: 120 paragraphs of Chinese
// and English in an <article>, and the rest navigation, scripts, share
// buttons and lists of related links, as real portals serve them.
func bigPage() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>标题 - 网站</title>` +
		`<meta property="og:type" content="article"><meta property="article:published_time" content="2024-05-01T08:00:00+08:00">` +
		`<script>var x=1;</script><style>p{}</style></head><body><nav><a href="/">首页</a></nav><article><h1>标题</h1>`)
	for range 60 {
		b.WriteString(`<p>截至2023年底，全国铁路营业里程达到15.9万公里，其中高速铁路4.5万公里。<a href="/x">链接</a></p>` +
			`<p>By the end of 2023, China's railways had 159,000 kilometres of lines in operation, 45,000 of them high-speed.</p>`)
	}
	b.WriteString("</article><aside>")
	for i := 0; b.Len() < 300<<10; i++ {
		fmt.Fprintf(&b, `<div class="share"><a href="/s">分享到微博</a></div><ul class="menu"><li><a href="/%d">相关新闻一</a></li>`+
			`<li><a href="/%d">相关新闻二</a></li></ul><script>window.x={"a":[1,2,3,4,5,6,7,8,9,10]};</script>`, i, i+1)
	}
	b.WriteString(`</aside><div id="comments"><p>评论</p></div></body></html>`)
	return b.String()
}

// BenchmarkExtractPage extracts the article of a 300 KB page: HTML
// parsing, debris removal, readability and the cleaner (floor: 30 ms).
func BenchmarkExtractPage(b *testing.B) {
	page := bigPage()
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		p, err := readPage(page, nil)
		if err != nil || len(p.blocks) != 121 {
			b.Fatalf("%d blocks, %v", len(p.blocks), err)
		}
	}
}
