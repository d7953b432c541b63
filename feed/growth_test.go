package feed

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed/growth"
)

// The growth tests (here and in other files of the package) check with
// growth.Check that the cleaners and parsers do work near-linear in their
// input, on the shapes of input that made them quadratic before.

// Shapes of input for the HTML cleaner, each of size n.

func growthHTMLArticle(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<p>近日，<strong>公安部</strong>新闻发言人透露，第%d轮打击取得<a href="/r/%d">成果</a>。</p>`+
			`<p>So far <em>41,000 suspects</em> were handed over, as <code>the report</code> shows.</p>`, i, i)
	}
	return b.String()
}

func growthManySpans(n int) string {
	return "<p>" + strings.Repeat("<em>x</em> ", n) + "</p>"
}

func growthManyLinks(n int) string {
	return "<p>" + strings.Repeat(`<b><a href="https://x.example/">l</a> t</b> `, n) + "</p>"
}

func growthPreTrailingSpaces(n int) string {
	return "<pre>" + strings.Repeat("fmt.Println(x) \n", n) + "</pre>"
}

// growthOpenSpansAndBreaks leaves n inline elements open over n blocks.
func growthOpenSpansAndBreaks(n int) string {
	return "<p>" + strings.Repeat("<b>x", n) + strings.Repeat("y<br>", n) + "</p>"
}

// growthUnmatchedEnds closes n elements that were never opened while n
// others are open.
func growthUnmatchedEnds(n int) string {
	return "<p>" + strings.Repeat("<b>x", n) + strings.Repeat("</i>y", n) + "</p>"
}

func growthPlainParagraphs(n int) string {
	return strings.Repeat("One line of text\n\n", n)
}

func TestHTMLCleanerGrowsLinearly(t *testing.T) {
	base := mustURL(t, "https://news.example/2024/story.html")
	for _, tt := range []struct {
		name  string
		input func(int) string
	}{
		{"article", growthHTMLArticle},
		{"many spans in one paragraph", growthManySpans},
		{"many links inside spans", growthManyLinks},
		{"pre lines ending in a space", growthPreTrailingSpaces},
		{"open spans across breaks", growthOpenSpansAndBreaks},
		{"unmatched end tags", growthUnmatchedEnds},
		{"plain paragraphs", growthPlainParagraphs},
	} {
		t.Run(tt.name, func(t *testing.T) {
			growth.Check(t, tt.input, func(s string) {
				if len(htmlBlocks(s, base)) == 0 {
					t.Fatal("no blocks")
				}
			})
		})
	}
}

func TestHTMLTextGrowsLinearly(t *testing.T) {
	growth.Check(t, func(n int) string { return strings.Repeat("<b>新闻</b> &amp; <i>news</i> ", n) },
		func(s string) {
			if htmlText(s) == "" {
				t.Fatal("no text")
			}
		})
}

func TestCleanGrowsLinearly(t *testing.T) {
	for _, tt := range []struct {
		name  string
		input func(int) string
	}{
		{"lines ending in spaces", func(n int) string { return strings.Repeat("code  \n", n) }},
		{"escape sequences", func(n int) string { return strings.Repeat("新闻\x1b[31m报道\x1b]0;t\x07 ", n) }},
		{"unterminated csi", func(n int) string { return strings.Repeat("\x1b[1;2", n) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			growth.Check(t, tt.input, func(s string) {
				CleanLines(s)
				Clean(s)
			})
		})
	}
}

// Shapes of input for the text parser.

func growthTextLongParagraph(n int) string {
	return strings.Repeat("这是一段很长的中文新闻，分成了许多行。\n", n) +
		"Title: T\n\nNews content:\n\nText.\n\n【来源】https://example.org/a\n"
}

func growthTextKeywords(n int) string {
	return "正文。\n\nTitle: T\nKeywords: " + strings.Repeat("新闻, news; ", n) +
		"\nNews content:\n\nText.\n\n【来源】https://example.org/a\n"
}

func growthTextDebris(n int) string {
	return "正文。\n\nTitle: T\n\nNews content:\n\nText.\n\n【来源】https://example.org/a\n\n" +
		strings.Repeat("Views: 1\n\n发表回复\n\n", n)
}

func growthTextSourceParens(n int) string {
	return "正文。\n\nTitle: T\n\nNews content:\n\nText.\n\n【来源】https://example.org/a" +
		strings.Repeat(")", 64*n) + "\n"
}

func TestParseTextGrowsLinearly(t *testing.T) {
	for _, tt := range []struct {
		name  string
		input func(int) string
	}{
		{"articles", textBenchmarkFile},
		{"one long paragraph", growthTextLongParagraph},
		{"many keywords", growthTextKeywords},
		{"debris after the source line", growthTextDebris},
		{"closing parentheses after a link", growthTextSourceParens},
	} {
		t.Run(tt.name, func(t *testing.T) {
			growth.Check(t, tt.input, func(s string) {
				if articles, _ := ParseText("growth.txt", s); len(articles) == 0 {
					t.Fatal("no article")
				}
			})
		})
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
