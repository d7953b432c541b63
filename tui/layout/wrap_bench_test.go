package layout

import (
	"strings"
	"testing"
)

// benchParagraphs are realistic news paragraphs: Chinese with numbers,
// quotes, brackets, a URL and some English.
var benchParagraphs = []string{
	"近日，公安部新闻发言人贾俊强在新闻发布会上透露，针对缅北涉我电信网络诈骗犯罪，我国在2023年部署推进边境警务执法合作，并连续开展多轮打击。截至目前，缅北相关地方执法部门已向我方移交犯罪嫌疑人4.1万余名。",
	"在此次打击行动中，我国警方紧密围绕“打团伙、摧网络、断通道、追资产”的目标，对缅北电信网络诈骗犯罪实施全链条打击。通过连续开展多轮打击，共抓获犯罪嫌疑人4.1万余名，有效震慑了犯罪分子。",
	"《人民日报》（海外版）2024年1月9日报道：据统计，全国GDP增长5.2%，达到126.06万亿元；其中，第三产业占54.6%。专家指出——这一数据……超出了市场预期。",
	"苹果公司（Apple Inc.）发布了iPhone 15 Pro Max，售价9999元起，支持USB-C接口和12GB内存。详情请见https://www.mps.gov.cn/n2253534/n2253535/c9376451/content.html（公安部官网）。",
	"To date, relevant law enforcement departments in Myanmar have transferred more than 41,000 suspects to China. This achievement fully demonstrates China’s determination.",
}

// benchText builds about n bytes of text from benchParagraphs, mostly
// Chinese, one paragraph per line.
func benchText(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(benchParagraphs[i%len(benchParagraphs)])
		b.WriteByte('\n')
	}
	return b.String()
}

// BenchmarkWrap1MB wraps 1 MB of mostly Chinese news text to 80 columns.
// The floor is 30 ms per operation.
func BenchmarkWrap1MB(b *testing.B) {
	s := benchText(1 << 20)
	m := NewMetrics(false)
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for b.Loop() {
		if lines := m.Wrap(s, 80); len(lines) == 0 {
			b.Fatal("no lines")
		}
	}
}

// BenchmarkWrapStyled1MB is the same with an SGR sequence every few words.
func BenchmarkWrapStyled1MB(b *testing.B) {
	s := strings.ReplaceAll(benchText(1<<20), "，", "\x1b[1m，\x1b[m")
	m := NewMetrics(false)
	b.SetBytes(int64(len(s)))
	b.ResetTimer()
	for b.Loop() {
		if lines := m.WrapStyled(s, 80); len(lines) == 0 {
			b.Fatal("no lines")
		}
	}
}

// BenchmarkWidthParagraph measures one typical paragraph.
func BenchmarkWidthParagraph(b *testing.B) {
	m := NewMetrics(false)
	s := benchParagraphs[0]
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if m.Width(s) == 0 {
			b.Fatal("zero width")
		}
	}
}

// BenchmarkNormalizeParagraph measures Normalize's fast path on a typical
// paragraph, which must not allocate.
func BenchmarkNormalizeParagraph(b *testing.B) {
	s := benchParagraphs[2]
	m := NewMetrics(false)
	b.ReportAllocs()
	for b.Loop() {
		if m.Normalize(s) != s {
			b.Fatal("changed")
		}
	}
}

func TestNormalizeFastPathAllocates0(t *testing.T) {
	for _, wide := range []bool{false, true} {
		m := NewMetrics(wide)
		for _, s := range benchParagraphs {
			if n := testing.AllocsPerRun(10, func() { _ = m.Normalize(s) }); n != 0 {
				t.Errorf("Normalize(%q) (wide %v) allocates %v times", s[:20], wide, n)
			}
		}
	}
}
