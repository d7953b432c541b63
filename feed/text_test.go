package feed

import (
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// textSummary is what a reader sees of an article, for comparing in tests.
type textSummary struct {
	ZHTitle, ENTitle string
	ZH, EN           []string // nil when the language is missing
	Keywords         []string
	Link             string
	Date             string // RFC 3339, "" when unknown
}

func textSummarize(a Article) textSummary {
	s := textSummary{Keywords: a.Keywords, Link: a.Link}
	if !a.Published.IsZero() {
		s.Date = a.Published.Format(time.RFC3339)
	}
	paras := func(v *Version) (string, []string) {
		if v == nil {
			return "", nil
		}
		out := []string{}
		for _, b := range v.Blocks {
			out = append(out, b.Text)
		}
		return v.Title, out
	}
	s.ZHTitle, s.ZH = paras(a.ZH)
	s.ENTitle, s.EN = paras(a.EN)
	return s
}

// textBase is a small well-formed article; tests derive variants from it.
const textBase = `北京市今天开放一座新的公共图书馆。

馆内藏书约三十万册,设有儿童阅览区。

Title: Beijing opens a new public library

Keywords: library, Beijing ,  reading

News content:

Beijing opened a new public library today.

It holds about 300,000 books and has a children's reading area.

【来源】https://en.wikipedia.org/wiki/Library

Views: 3

发表回复

您的邮箱地址不会被公开。 必填项已用 * 标注
`

var textBaseWant = textSummary{
	ZH:       []string{"北京市今天开放一座新的公共图书馆。", "馆内藏书约三十万册,设有儿童阅览区。"},
	ENTitle:  "Beijing opens a new public library",
	EN:       []string{"Beijing opened a new public library today.", "It holds about 300,000 books and has a children's reading area."},
	Keywords: []string{"library", "Beijing", "reading"},
	Link:     "https://en.wikipedia.org/wiki/Library",
}

func textWith(f func(*textSummary)) textSummary {
	w := textBaseWant
	w.ZH = append([]string(nil), w.ZH...)
	w.EN = append([]string(nil), w.EN...)
	f(&w)
	return w
}

func TestParseTextVariants(t *testing.T) {
	r := strings.NewReplacer
	tests := []struct {
		name string
		in   string
		want textSummary
	}{
		{"base", textBase, textBaseWant},
		{"crlf", strings.ReplaceAll(textBase, "\n", "\r\n"), textBaseWant},
		{"bom", "\ufeff" + textBase, textBaseWant},
		{"bom and crlf", "\ufeff" + strings.ReplaceAll(textBase, "\n", "\r\n"), textBaseWant},
		{"full-width colons",
			r("Title:", "Title：", "Keywords:", "Keywords：", "News content:", "News content：").Replace(textBase), textBaseWant},
		{"other case and spacing",
			r("Title:", "TITLE :", "News content:", "News  Content:", "Keywords:", "keywords:").Replace(textBase), textBaseWant},
		{"来源 with colon", r("【来源】", "来源：").Replace(textBase), textBaseWant},
		{"Source:", r("【来源】", "Source: ").Replace(textBase), textBaseWant},
		{"no keywords", r("Keywords: library, Beijing ,  reading\n", "").Replace(textBase),
			textWith(func(w *textSummary) { w.Keywords = nil })},
		{"full-width keyword commas", r("library, Beijing ,  reading", "library，Beijing、reading").Replace(textBase), textBaseWant},
		{"extra blank lines", r("\n\n", "\n\n\n \n\u3000\n").Replace(textBase), textBaseWant},
		{"no blank lines around markers", r("\n\nTitle", "\nTitle", "\n\nKeywords", "\nKeywords", "\n\nNews", "\nNews", "content:\n\n", "content:\n").Replace(textBase), textBaseWant},
		{"content on the marker line", r("News content:\n\nBeijing", "News content: Beijing").Replace(textBase), textBaseWant},
		{"indented paragraphs", r("北京市", "\u3000\u3000北京市", "Beijing opened", "    Beijing opened").Replace(textBase), textBaseWant},
		{"wrapped paragraphs", r("开放一座", "开放\n一座", "public library today", "public\nlibrary today").Replace(textBase), textBaseWant},
		{"date line", r("Keywords:", "Date: 2024-01-09\n\nKeywords:").Replace(textBase),
			textWith(func(w *textSummary) { w.Date = "2024-01-09T00:00:00+08:00" })},
		{"日期 line first", "日期：2024年1月9日\n\n" + textBase,
			textWith(func(w *textSummary) { w.Date = "2024-01-09T00:00:00+08:00" })},
		{"date with time", r("Keywords:", "Date: 2024/1/9 08:30\nKeywords:").Replace(textBase),
			textWith(func(w *textSummary) { w.Date = "2024-01-09T08:30:00+08:00" })},
		{"rfc 3339 date", r("Keywords:", "Date: 2024-01-09T10:00:00Z\nKeywords:").Replace(textBase),
			textWith(func(w *textSummary) { w.Date = "2024-01-09T10:00:00Z" })},
		{"date from url", r("wiki/Library", "gn/2024/01-09/10142661.shtml").Replace(textBase),
			textWith(func(w *textSummary) {
				w.Link = "https://en.wikipedia.org/gn/2024/01-09/10142661.shtml"
				w.Date = "2024-01-09T00:00:00+08:00"
			})},
		{"date line beats url", r("wiki/Library", "2024/01/09/a.html", "Keywords:", "日期：2023-12-31\nKeywords:").Replace(textBase),
			textWith(func(w *textSummary) {
				w.Link = "https://en.wikipedia.org/2024/01/09/a.html"
				w.Date = "2023-12-31T00:00:00+08:00"
			})},
		{"unreadable date line is text", r("News content:\n", "News content:\nDate: last Tuesday\n").Replace(textBase),
			textWith(func(w *textSummary) { w.EN = append([]string{"Date: last Tuesday"}, w.EN...) })},
		{"ftp link dropped", r("https://en.wikipedia.org/wiki/Library", "ftp://example.org/x").Replace(textBase),
			textWith(func(w *textSummary) { w.Link = "" })},
		{"link with trailing punctuation", r("【来源】https://en.wikipedia.org/wiki/Library", "来源：（https://en.wikipedia.org/wiki/Library）。").Replace(textBase), textBaseWant},
		{"chinese title line", "标题：北京新图书馆开放\n\n" + textBase,
			textWith(func(w *textSummary) { w.ZHTitle = "北京新图书馆开放" })},
		{"source line without url", r("【来源】https://en.wikipedia.org/wiki/Library", "来源：新华社").Replace(textBase),
			textWith(func(w *textSummary) { w.Link = "" })},
		{"来源 without url in the chinese part is text", r("区。\n", "区。\n来源：新华社\n").Replace(textBase),
			textWith(func(w *textSummary) { w.ZH[1] += "来源：新华社" })},
		{"来源 without url as its own chinese paragraph", r("区。\n", "区。\n\n来源：新华社\n").Replace(textBase),
			textWith(func(w *textSummary) { w.ZH = append(w.ZH, "来源：新华社") })},
		{"source name then source url", r("【来源】", "Source: Xinhua\n\nViews: 2\n\n【来源】").Replace(textBase), textBaseWant},
		{"source name then dated url", r("【来源】https://en.wikipedia.org/wiki/Library", "Source: Xinhua\n【来源】http://example.org/2024-01-09/x").Replace(textBase),
			textWith(func(w *textSummary) { w.Link, w.Date = "http://example.org/2024-01-09/x", "2024-01-09T00:00:00+08:00" })},
		{"no source line", r("【来源】https://en.wikipedia.org/wiki/Library\n", "").Replace(textBase),
			textWith(func(w *textSummary) { w.Link = "" })},
		{"escape sequences cleaned", r("Beijing opens", "Beijing \x1b[31mopens").Replace(textBase), textBaseWant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseText("test.txt", tt.in)
			if err != nil {
				t.Fatalf("ParseText: %v", err)
			}
			if len(got) != 1 {
				t.Fatalf("got %d articles, want 1: %+v", len(got), got)
			}
			if s := textSummarize(got[0]); !reflect.DeepEqual(s, tt.want) {
				t.Errorf("got  %+v\nwant %+v", s, tt.want)
			}
			if got[0].Source != "test.txt" || got[0].Feed != "" {
				t.Errorf("Source %q Feed %q", got[0].Source, got[0].Feed)
			}
			wantID := tt.want.Link
			if wantID == "" {
				wantID = textContentID(&got[0])
			}
			if got[0].ID != wantID {
				t.Errorf("ID %q, want %q", got[0].ID, wantID)
			}
		})
	}
}

func TestParseTextSingleLanguage(t *testing.T) {
	zhOnly := "标题：春节申遗成功\n日期：2024年12月5日\n\n春节被列入人类非物质文化遗产代表作名录。\n\n【来源】https://en.wikipedia.org/wiki/Chinese_New_Year\n\n发表回复\n"
	enOnly := "Title: Spring Festival inscribed\nDate: 2024-12-05\nNews content:\nThe Spring Festival was inscribed.\n\nSource: https://en.wikipedia.org/wiki/Chinese_New_Year\n\nLeave a Reply\n"
	zhNoTitle := "日期：2024-12-05\n\n春节被列入人类非物质文化遗产代表作名录，成为我国第44个入选项目。\n\n第二段。\n\n【来源】https://example.org/a\n"
	for _, tt := range []struct {
		name, in string
		want     textSummary
	}{
		{"chinese only", zhOnly, textSummary{ZHTitle: "春节申遗成功", ZH: []string{"春节被列入人类非物质文化遗产代表作名录。"},
			Link: "https://en.wikipedia.org/wiki/Chinese_New_Year", Date: "2024-12-05T00:00:00+08:00"}},
		{"english only", enOnly, textSummary{ENTitle: "Spring Festival inscribed", EN: []string{"The Spring Festival was inscribed."},
			Link: "https://en.wikipedia.org/wiki/Chinese_New_Year", Date: "2024-12-05T00:00:00+08:00"}},
		{"chinese title from first sentence", zhNoTitle, textSummary{ZHTitle: "春节被列入人类非物质文化遗产代表作名录，成为我国第44个入选项目",
			ZH: []string{"春节被列入人类非物质文化遗产代表作名录，成为我国第44个入选项目。", "第二段。"}, Link: "https://example.org/a", Date: "2024-12-05T00:00:00+08:00"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseText("x", tt.in)
			if err != nil || len(got) != 1 {
				t.Fatalf("got %d articles, err %v", len(got), err)
			}
			if s := textSummarize(got[0]); !reflect.DeepEqual(s, tt.want) {
				t.Errorf("got  %+v\nwant %+v", s, tt.want)
			}
		})
	}
}

func TestTextDeriveTitle(t *testing.T) {
	long := strings.Repeat("长", 50) + "。"
	tests := []struct {
		para string
		max  int
		want string
	}{
		{"短句。后文很长很长。", 40, "短句"},
		{long, 40, strings.Repeat("长", 39) + "…"},
		{"The library opened today. It is large.", 80, "The library opened today"},
		{strings.Repeat("word ", 30), 20, "word word word…"},
	}
	for _, tt := range tests {
		if got := textDeriveTitle(tt.para, tt.max); got != tt.want {
			t.Errorf("textDeriveTitle(%q) = %q, want %q", tt.para, got, tt.want)
		}
	}
}

// textRepoRoot walks up from the test's directory to the folder with go.mod.
func textRepoRoot(t testing.TB) string {
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
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

func TestParseTextSeed(t *testing.T) {
	path := filepath.Join(textRepoRoot(t), "..", "shared", "seed", "000_20ace1429fac22ad.txt")
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("seed article not available: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseText(path, string(data))
	if err != nil {
		t.Fatalf("ParseText: %v", err)
	}
	if len(got) != 1 {
		t.Fatalf("got %d articles, want 1", len(got))
	}
	a := got[0]
	if a.ZH == nil || len(a.ZH.Blocks) != 4 || a.EN == nil || len(a.EN.Blocks) != 4 {
		t.Fatalf("want 4 Chinese and 4 English paragraphs, got %+v / %+v", a.ZH, a.EN)
	}
	if a.EN.Title != "Success in cracking down on Myanmar-based telecom fraudsters" {
		t.Errorf("EN title %q", a.EN.Title)
	}
	if a.ZH.Title != "" || a.Title() != a.EN.Title {
		t.Errorf("ZH title %q, headline %q: want no Chinese title and the English headline", a.ZH.Title, a.Title())
	}
	if !reflect.DeepEqual(a.Keywords, []string{"Myanmar", "telecom fraud", "suspects"}) {
		t.Errorf("keywords %q", a.Keywords)
	}
	const link = "http://www.chinanews.com/gn/2024/01-09/10142661.shtml"
	if a.Link != link || a.ID != link {
		t.Errorf("link %q, ID %q", a.Link, a.ID)
	}
	if want := time.Date(2024, 1, 9, 0, 0, 0, 0, textChinaTime); !a.Published.Equal(want) {
		t.Errorf("published %v, want %v", a.Published, want)
	}
	if !strings.HasPrefix(a.ZH.Blocks[0].Text, "近日,公安部新闻发言人贾俊强") || !strings.HasSuffix(a.ZH.Blocks[3].Text, "切实保障人民群众财产安全。") {
		t.Errorf("Chinese text changed: %q … %q", a.ZH.Blocks[0].Text, a.ZH.Blocks[3].Text)
	}
	for _, v := range []*Version{a.ZH, a.EN} {
		for _, b := range v.Blocks {
			for _, debris := range []string{"Views", "发表回复", "邮箱", "必填", "【来源】", "Title:", "News content"} {
				if strings.Contains(b.Text, debris) {
					t.Errorf("paragraph holds %q: %q", debris, b.Text)
				}
			}
			if b.Kind != Paragraph {
				t.Errorf("block kind %v", b.Kind)
			}
		}
	}
}

func textReadTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "text", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestParseTextMultiple(t *testing.T) {
	got, err := ParseText("multi.txt", textReadTestdata(t, "multi.txt"))
	if err != nil {
		t.Fatalf("ParseText: %v", err)
	}
	want := []textSummary{
		{ZH: []string{"第一篇的中文段落。"}, ENTitle: "First article", EN: []string{"English paragraph of the first article."},
			Keywords: []string{"one"}, Link: "https://example.org/news/2024/01/09/first.html", Date: "2024-01-09T00:00:00+08:00"},
		{ZHTitle: "第二篇只有中文", ZH: []string{"第二篇的正文，第一段。", "第二段。"}, Link: "https://example.org/second"},
		{ENTitle: "Third article is English only", EN: []string{"Only English here."},
			Link: "https://example.org/third", Date: "2024-01-09T00:00:00+08:00"},
		{ENTitle: "Fourth article has no source line", EN: []string{"Its English paragraph."}},
		{ZH: []string{"第五篇的中文开头。"}, ENTitle: "Fifth article", EN: []string{"Fifth English paragraph."},
			Link: "http://example.org/20240110/fifth.html", Date: "2024-01-10T00:00:00+08:00"},
	}
	if len(got) != len(want) {
		for _, a := range got {
			t.Logf("%+v", textSummarize(a))
		}
		t.Fatalf("got %d articles, want %d", len(got), len(want))
	}
	for i := range want {
		if s := textSummarize(got[i]); !reflect.DeepEqual(s, want[i]) {
			t.Errorf("article %d:\ngot  %+v\nwant %+v", i+1, s, want[i])
		}
	}
	if got[3].ID == got[4].ID || !strings.HasPrefix(got[3].ID, "sha256:") || len(got[3].ID) != len("sha256:")+32 {
		t.Errorf("content IDs %q and %q", got[3].ID, got[4].ID)
	}
}

func TestParseTextMalformed(t *testing.T) {
	got, err := ParseText("bad.txt", textReadTestdata(t, "malformed.txt"))
	if err == nil || err.Error() != "line 11: article has no paragraphs" {
		t.Errorf("error %v, want the line of the bad article", err)
	}
	if len(got) != 2 || got[0].EN.Title != "Good first" || got[1].EN.Title != "Good third" {
		t.Fatalf("want the two good articles, got %d", len(got))
	}
}

func TestParseTextNothing(t *testing.T) {
	for _, in := range []string{"", "\ufeff", "\n\n \r\n", "只是一段没有标记的文字。\n\n另一段。", "<rss><channel></channel></rss>"} {
		got, err := ParseText("x", in)
		if len(got) != 0 || err == nil || !strings.HasPrefix(err.Error(), "no article found") {
			t.Errorf("ParseText(%q) = %d articles, %v; want no article found", in, len(got), err)
		}
	}
	got, err := ParseText("x", "Title: Only a title\n\n【来源】https://example.org/\n")
	if len(got) != 0 || err == nil || err.Error() != "no article found: line 1: article has no paragraphs" {
		t.Errorf("title only: %d articles, %v", len(got), err)
	}
}

func TestParseTextUnmarkedTail(t *testing.T) {
	in := textBase + "\n" + strings.Repeat("这是一段很长的文字，却没有任何标记行，可能是用户忘了写来源。", 3) + "\n"
	got, err := ParseText("x", in)
	if len(got) != 1 || err == nil || !strings.Contains(err.Error(), "line 23: text after the last article") {
		t.Errorf("got %d articles, %v", len(got), err)
	}
}

func TestTextIsDebris(t *testing.T) {
	debris := []string{
		"Views: 1", "Views：1,024", "阅读 1234", "12 次浏览", "发表回复", "您的邮箱地址不会被公开。 必填项已用 * 标注",
		"评论", "显示名称 *", "电子邮件 *", "网站", "发表评论", "取消回复",
		"在此浏览器中保存我的显示名称、邮箱地址和网站地址，以便下次评论时使用。",
		"Leave a Reply", "Leave a Reply to Zhang San", "Your email address will not be published. Required fields are marked *",
		"Comment", "Name *", "Email*", "Website", "Save my name, email, and website in this browser for the next time I comment.",
		"Post Comment", "Cancel reply", "Cancel reply ×", "*", "—", "123", "分享到：", "标签：图书馆", "Tags: library",
		"You must be logged in to post a comment.", "发表评论（0）", "Loading...",
	}
	for _, s := range debris {
		if !textIsDebris(s) {
			t.Errorf("textIsDebris(%q) = false, want true", s)
		}
	}
	text := []string{
		"北京市今天开放一座新的公共图书馆。", "For more information, email the library.", "The website went live today.",
		"网站今天上线。", "评论家认为，这部电影是今年最好的作品之一。", "2024年新馆开放", "Comments from readers were positive.",
	}
	for _, s := range text {
		if textIsDebris(s) {
			t.Errorf("textIsDebris(%q) = true, want false", s)
		}
	}
}

func TestTextParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-01-09", "2024-01-09T00:00:00+08:00"},
		{"2024/1/9", "2024-01-09T00:00:00+08:00"},
		{"2024.01.09", "2024-01-09T00:00:00+08:00"},
		{"2024年1月9日", "2024-01-09T00:00:00+08:00"},
		{"2024年01月09日 14:05", "2024-01-09T14:05:00+08:00"},
		{"2024-01-09 08:30:15", "2024-01-09T08:30:15+08:00"},
		{"2024-01-09T08:30:15+02:00", "2024-01-09T08:30:15+02:00"},
		{"January 9, 2024", "2024-01-09T00:00:00+08:00"},
		{"9 Jan 2024", "2024-01-09T00:00:00+08:00"},
		{"2024-02-30", ""}, {"2024-13-01", ""}, {"2024-1-9x", ""}, {"2024/01-09", ""},
		{"20240109", ""}, {"last Tuesday", ""}, {"", ""}, {"2024-01-09 25:00", ""}, {"0001-01-01", ""},
	}
	for _, tt := range tests {
		got, ok := textParseDate(tt.in)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != tt.want {
			t.Errorf("textParseDate(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

func TestTextDateFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://www.chinanews.com/gn/2024/01-09/10142661.shtml", "2024-01-09"},
		{"https://example.org/2024-01-09/story", "2024-01-09"},
		{"https://example.org/news/20240109/story.html", "2024-01-09"},
		{"https://example.org/2024/01/09/story", "2024-01-09"},
		{"https://example.org/n1/2024/0109/c1002-1.html", "2024-01-09"},
		{"https://example.org/2024-01/09/c_1.htm", "2024-01-09"},
		{"https://example.org/202401/09/x.html", "2024-01-09"},
		{"https://example.org/10142661.shtml", ""},
		{"https://example.org/2024/13/45/x", ""},
		{"https://example.org/2024/", ""},
		{"https://example.org/x?d=2024-01-09", ""},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := textDateFromURL(u)
		s := ""
		if ok {
			if got.Hour() != 0 || got.Location() != textChinaTime {
				t.Errorf("%s: %v is not midnight China time", tt.in, got)
			}
			s = got.Format(time.DateOnly)
		}
		if s != tt.want {
			t.Errorf("textDateFromURL(%q) = %q, want %q", tt.in, s, tt.want)
		}
	}
}

func TestLooksLikeText(t *testing.T) {
	yes := []string{
		textBase, "\ufeff" + textBase, strings.ReplaceAll(textBase, "\n", "\r\n"),
		"Title：x\nNews content：\ny\n",
		"中文段落。\n\n来源：https://example.org/\n",
		"中文段落。\n\n【来源】https://example.org/\n",
	}
	no := []string{
		"", "<?xml version=\"1.0\"?><rss><channel><title>Title: x</title></channel></rss>",
		"<!DOCTYPE html><html><body><p>Title: x</p><p>News content: y</p></body></html>",
		`{"version":"https://jsonfeed.org/version/1.1","title":"Title: x"}`,
		`[{"title":"x"}]`, "Just some English text.\nSource: https://example.org/\n",
		"中文段落，但没有任何标记。\n",
	}
	for _, s := range yes {
		if !LooksLikeText(s) {
			t.Errorf("LooksLikeText(%.40q) = false", s)
		}
	}
	for _, s := range no {
		if LooksLikeText(s) {
			t.Errorf("LooksLikeText(%.40q) = true", s)
		}
	}
}

func TestTextFindURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://www.chinanews.com/gn/2024/01-09/10142661.shtml", "http://www.chinanews.com/gn/2024/01-09/10142661.shtml"},
		{"中国新闻网 HTTPS://Example.org/a?b=1。", "HTTPS://Example.org/a?b=1"},
		{"（https://en.wikipedia.org/wiki/Foo_(bar)）", "https://en.wikipedia.org/wiki/Foo_(bar)"},
		{"(see https://example.org/x).", "https://example.org/x"},
		{"İİİ http://example.org/ı", "http://example.org/ı"}, // ToLower would change byte offsets
		{"\x8f\xe2\x990\xa1http://", ""},
		{"ftp://example.org/", ""}, {"javascript:alert(1)", ""}, {"新华社", ""}, {"http://", ""},
	}
	for _, tt := range tests {
		if got := textFindURL(tt.in); got != tt.want {
			t.Errorf("textFindURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
