package layout

import (
	"fmt"
	"strings"
	"testing"

	glamour "charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"

	"github.com/xinwen-reader/xinwen/feed"
)

// Realistic bilingual paragraphs (news prose with full-width punctuation,
// quotes, numbers) from which the benchmark article is built.
var benchZH = []string{
	"近日，公安部新闻发言人贾俊强在新闻发布会上透露，针对缅北涉我电信网络诈骗犯罪，我国在2023年部署推进边境警务执法合作，并连续开展多轮打击。截至目前，缅北相关地方执法部门已向我方移交犯罪嫌疑人4.1万余名。",
	"近年来，缅北地区电信网络诈骗犯罪活动猖獗，对我国人民群众财产安全构成严重威胁。为了保护人民群众的合法权益，我国政府高度重视打击电信网络诈骗犯罪，不断加强与缅北地区的执法合作。",
	"在此次打击行动中，我国警方紧密围绕“打团伙、摧网络、断通道、追资产”的目标，对缅北电信网络诈骗犯罪实施全链条打击（共抓获犯罪嫌疑人4.1万余名），有效震慑了犯罪分子。",
	"为进一步加强打击电信网络诈骗犯罪的国际合作，我国将继续与缅北地区及其他国家和地区执法部门保持密切沟通，共同打击跨境犯罪活动，切实保障人民群众财产安全。",
}

var benchEN = []string{
	"Recently, the spokesperson for the Ministry of Public Security, Jia Junqiang, revealed that in response to telecom fraud crimes involving Chinese citizens in Myanmar, China has deployed border police enforcement cooperation in 2023 and launched multiple rounds of strikes.",
	"In recent years, telecom fraud activities in Myanmar have been rampant and pose a serious threat to the property safety of Chinese citizens. To protect the legitimate rights and interests of the people, the Chinese government attaches great importance to combating telecom fraud crimes.",
	"In this strike, Chinese police focused on the goals of “cracking down on gangs, destroying networks, cutting off channels, and pursuing assets” to implement a comprehensive chain attack on telecom fraud crimes in Myanmar.",
	"To further strengthen international cooperation in combating telecom fraud crimes, China will continue to maintain close communication with law enforcement departments in Myanmar and other countries and regions.",
}

// benchArticle builds a bilingual article of about size bytes of text:
// paragraphs with emphasis, strong and link spans, and a heading, a list
// item and a quote every few paragraphs.
func benchArticle(size int) *feed.Article {
	a := &feed.Article{
		Link: "https://www.chinanews.com/gn/2024/01-09/10142661.shtml", Keywords: []string{"缅甸", "telecom fraud"},
		ZH: &feed.Version{Title: "缅北涉我电信网络诈骗犯罪打击取得成果"},
		EN: &feed.Version{Title: "Success in cracking down on Myanmar-based telecom fraudsters"},
	}
	n := 0
	for i := 0; n < size; i++ {
		kind := []feed.BlockKind{feed.Paragraph, feed.Paragraph, feed.ListItem, feed.Paragraph, feed.Quote, feed.Paragraph}[i%6]
		zh, en := benchZH[i%len(benchZH)], benchEN[i%len(benchEN)]
		zb := feed.Block{Kind: kind, Text: zh, Spans: []feed.Span{span(feed.Strong, zh, "电信网络", ""), span(feed.Emphasis, zh, "犯罪", "")}}
		eb := feed.Block{Kind: kind, Text: en, Spans: []feed.Span{span(feed.Emphasis, en, "telecom fraud", ""), span(feed.LinkSpan, en, "Myanmar", "https://example.com/myanmar")}}
		if i%10 == 0 {
			zb = feed.Block{Kind: feed.Heading, Level: 2, Text: fmt.Sprintf("第%d节", i/10+1)}
			eb = feed.Block{Kind: feed.Heading, Level: 2, Text: fmt.Sprintf("Section %d", i/10+1)}
		}
		a.ZH.Blocks = append(a.ZH.Blocks, zb)
		a.EN.Blocks = append(a.EN.Blocks, eb)
		n += len(zb.Text) + len(eb.Text)
	}
	return a
}

// BenchmarkRenderBoth100KB is the floor: a complete side-by-side layout of a
// 100 KB bilingual article at 160 columns must take at most 10 ms.
func BenchmarkRenderBoth100KB(b *testing.B) {
	a := benchArticle(100 << 10)
	for _, color := range []bool{false, true} {
		b.Run(fmt.Sprintf("color=%v", color), func(b *testing.B) {
			r := NewRenderer(Options{Metrics: NewMetrics(false), Color: color, Dark: true})
			b.SetBytes(100 << 10)
			b.ReportAllocs()
			for b.Loop() {
				p := r.Render(a, Both, 160)
				if len(p.Body) == 0 {
					b.Fatal("empty body")
				}
			}
		})
	}
}

// BenchmarkGlamourTermRenderer measures the approach markdown.go rejects:
// glamour's own renderer (word wrap off) over the same article as Markdown,
// before any line breaking.
func BenchmarkGlamourTermRenderer(b *testing.B) {
	a := benchArticle(100 << 10)
	var md strings.Builder
	for _, v := range []*feed.Version{a.ZH, a.EN} {
		for _, bl := range v.Blocks {
			switch bl.Kind {
			case feed.Heading:
				md.WriteString("## ")
			case feed.ListItem:
				md.WriteString("- ")
			case feed.Quote:
				md.WriteString("> ")
			}
			md.WriteString(bl.Text + "\n\n")
		}
	}
	tr, err := glamour.NewTermRenderer(glamour.WithStyles(styles.DarkStyleConfig), glamour.WithWordWrap(0))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(md.Len()))
	for b.Loop() {
		if _, err := tr.Render(md.String()); err != nil {
			b.Fatal(err)
		}
	}
}
