package layout

import (
	"slices"
	"strings"
	"testing"
)

func TestWrapTable(t *testing.T) {
	cases := []struct {
		name  string
		s     string
		width int
		want  []string
	}{
		{"quote w6: 。” stays with 好", "他说：“你好。”我们走吧", 6,
			[]string{"他说：", "“你", "好。”", "我们走", "吧"}},
		{"quote w8: “ pushed down with 你", "他说：“你好。”我们走吧", 8,
			[]string{"他说：", "“你好。”", "我们走吧"}},
		{"quote w10", "他说：“你好。”我们走吧", 10,
			[]string{"他说：“你", "好。”我们", "走吧"}},
		{"quote w12: ” pulls 好 down, line one column short", "他说：“你好。”我们走吧", 12,
			[]string{"他说：“你", "好。”我们走", "吧"}},
		{"comma never starts a line", "截至目前，缅北相关地方执法部门已向我方移交犯罪嫌疑人4.1万余名。", 10,
			[]string{"截至目前，", "缅北相关地", "方执法部门", "已向我方移", "交犯罪嫌疑", "人4.1万余", "名。"}},
		{"number stays whole", "截至目前，缅北相关地方执法部门已向我方移交犯罪嫌疑人4.1万余名。", 20,
			[]string{"截至目前，缅北相关地", "方执法部门已向我方移", "交犯罪嫌疑人4.1万余", "名。"}},
		{"dashes and ellipsis never split", "他——我的朋友——走了……真的走了。", 6,
			[]string{"他——我", "的朋", "友——走", "了……真", "的走", "了。"}},
		{"dash cannot start the line: 友 goes with it", "他——我的朋友——走了……真的走了。", 10,
			[]string{"他——我的朋", "友——走了……", "真的走了。"}},
		{"book titles and brackets", "《人民日报》（海外版）发表评论", 8,
			[]string{"《人民日", "报》（海", "外版）发", "表评论"}},
		{"opening bracket never ends a line", "《人民日报》（海外版）发表评论", 10,
			[]string{"《人民日", "报》（海外", "版）发表评", "论"}},
		{"english at spaces", "Recently, the spokesperson for the Ministry of Public Security, Jia Junqiang, revealed", 20,
			[]string{"Recently, the", "spokesperson for the", "Ministry of Public", "Security, Jia", "Junqiang, revealed"}},
		{"word longer than the line is cut", "Recently, the spokesperson", 10,
			[]string{"Recently,", "the", "spokespers", "on"}},
		{"url starts a line and is cut only at the width", "【来源】http://www.chinanews.com/gn/2024/01/09/10143.shtml 记者", 20,
			[]string{"【来源】", "http://www.chinanew", "s.com/gn/2024/01/09/", "10143.shtml 记者"}},
		{"percent, GB, thousands and dates whole", "增长1.2%，达到12GB和41,000人，日期2024-01-09。", 12,
			[]string{"增长1.2%，达", "到12GB和", "41,000人，日", "期", "2024-01-09。"}},
		{"date longer than the line: cut keeps 。 off the line start", "日期2024-01-09。", 10,
			[]string{"日期", "2024-01-0", "9。"}},
		{"a hyphen after a space is a sign or dash, not a word break", "our -wellknown", 6,
			[]string{"our", "-wellk", "nown"}},
		{"hyphen breaks between letters only", "a well-known long-term x--y 3-4", 8,
			[]string{"a well-", "known", "long-", "term", "x--y 3-4"}},
		{"leading spaces kept when they fit", "  indented text here", 10,
			[]string{"  indented", "text here"}},
		{"trailing spaces kept as far as they fit", "trailing   ", 9,
			[]string{"trailing "}},
		{"width wins over kinsoku for a run of stops", "。。。。。。。。。。", 8,
			[]string{"。。。。", "。。。。", "。。"}},
		{"width wins over kinsoku for a run of openers", "“““““““““汉", 8,
			[]string{"““““““““", "“汉"}},
		{"emoji clusters whole; a wide one on a line of 1", "中😀文👍🏽字", 1,
			[]string{"中", "😀", "文", "👍🏽", "字"}},
		{"hard breaks and empty lines", "line one\n\nline three", 20,
			[]string{"line one", "", "line three"}},
		{"empty input is one empty line", "", 10, []string{""}},
		{"no space is inserted between Chinese and Latin", "使用Go语言和Bubble Tea框架", 10,
			[]string{"使用Go语言", "和Bubble", "Tea框架"}},
		{"ASCII comma after Chinese stays", "近日,公安部新闻发言人贾俊强在新闻发布会上透露,针对", 16,
			[]string{"近日,公安部新闻", "发言人贾俊强在新", "闻发布会上透露,", "针对"}},
		{"apostrophe keeps China’s whole", "strength of China’s telecom", 10,
			[]string{"strength", "of China’s", "telecom"}},
		{"no break at a space before a closing bracket", "a word ) next", 7,
			[]string{"a", "word )", "next"}},
	}
	m := NewMetrics(false)
	for _, c := range cases {
		got := m.Wrap(c.s, c.width)
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: Wrap(%q, %d)\n got %q\nwant %q", c.name, c.s, c.width, got, c.want)
		}
	}
}

func TestWrapWideAmbiguous(t *testing.T) {
	m := NewMetrics(true)
	cases := []struct {
		s     string
		width int
		want  []string
	}{
		// “ ” … — are two columns each in wide mode.
		{"他说：“你好。”我们走吧", 8, []string{"他说：", "“你", "好。”我", "们走吧"}},
		{"他——我的朋友——走了……", 10, []string{"他——我的", "朋友——走", "了……"}},
	}
	for _, c := range cases {
		got := m.Wrap(c.s, c.width)
		if !slices.Equal(got, c.want) {
			t.Errorf("wide Wrap(%q, %d)\n got %q\nwant %q", c.s, c.width, got, c.want)
		}
		for _, l := range got {
			if m.Width(l) > c.width {
				t.Errorf("wide Wrap(%q, %d): %q is %d wide", c.s, c.width, l, m.Width(l))
			}
		}
	}
}

func TestWrapParagraphsIndependent(t *testing.T) {
	m := NewMetrics(false)
	s := "第一段，很长很长的文字。\n\nSecond paragraph here.\n第三段"
	var want []string
	for _, p := range strings.Split(s, "\n") {
		want = append(want, m.Wrap(p, 9)...)
	}
	if got := m.Wrap(s, 9); !slices.Equal(got, want) {
		t.Errorf("Wrap over paragraphs = %q, want %q", got, want)
	}
}

func TestWrapKeepsURLsWhole(t *testing.T) {
	m := NewMetrics(false)
	url := "https://en.wikipedia.org/wiki/High-speed_rail_in_China"
	tests := []struct {
		in    string
		width int
		want  []string
	}{
		{"2024-01-10  transport  " + url, 60, []string{"2024-01-10  transport", url}},
		{"详见" + url + "。", 58, []string{"详见", url + "。"}},
		{"(see " + url + ").", 60, []string{"(see", url + ")."}},
		{"https://zh.wikipedia.org/wiki/Foo_(bar) 后文", 40, []string{"https://zh.wikipedia.org/wiki/Foo_(bar)", "后文"}},
	}
	for _, tt := range tests {
		got := m.Wrap(tt.in, tt.width)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Wrap(%q, %d) = %q, want %q", tt.in, tt.width, got, tt.want)
		}
	}
	// Longer than the line: cut, and nothing lost.
	got := m.Wrap("链接"+url, 20)
	if strings.Join(got, "") != "链接"+url {
		t.Errorf("long URL lost text: %q", got)
	}
	for _, l := range got {
		if m.Width(l) > 20 {
			t.Errorf("line %q wider than 20", l)
		}
	}
}

func TestURLLength(t *testing.T) {
	for in, want := range map[string]int{
		"https://a.cn/x。":         14,
		"http://a.cn/x), then":    13,
		"https://a.cn/wiki/A_(b)": 23,
		"https://":                0,
		"httpx://a":               0,
		"https://a.cn/x?q=1&r=2.": 22,
	} {
		if got := urlLength(in); got != want {
			t.Errorf("urlLength(%q) = %d, want %d", in, got, want)
		}
	}
}
