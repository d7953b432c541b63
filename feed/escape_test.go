package feed

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

// escapeDebris are fragments an escape sequence leaves behind when only
// its ESC is removed.
var escapeDebris = []string{"PWNED", "UFdORUQ", "]0;", "[31m", "[2J"}

// checkNoEscapeDebris fails when s holds a control character or a piece of
// one of the hostile sequences used below.
func checkNoEscapeDebris(t *testing.T, what, s string) {
	t.Helper()
	if Clean(s) != s && CleanLines(s) != s {
		t.Errorf("%s %q is not clean", what, s)
	}
	for _, d := range escapeDebris {
		if strings.Contains(s, d) {
			t.Errorf("%s %q keeps %q of an escape sequence", what, s, d)
		}
	}
}

func TestTextKeywordsKeepNoEscapeDebris(t *testing.T) {
	text := "正文。\n\nTitle: T\nKeywords: news, \x1b]0;PWNED\x07, \x1b]52;c;UFdORUQ=\x07; rail；\x1b[31mred\x1b[0m\n" +
		"\nNews content:\n\nText.\n\n【来源】https://example.org/a\n"
	articles, err := ParseText("k.txt", text)
	if err != nil || len(articles) != 1 {
		t.Fatalf("ParseText = %d, %v", len(articles), err)
	}
	if got, want := articles[0].Keywords, []string{"news", "rail", "red"}; !reflect.DeepEqual(got, want) {
		t.Errorf("keywords = %q, want %q", got, want)
	}
}

func TestTextEscapeSpanningLinesIsRemovedWhole(t *testing.T) {
	// An OSC that runs over a line end is removed to the end of its line;
	// one left open does not swallow the articles after it.
	text := "第一段\x1b]0;PWNED\n\x07正文。\n\nTitle: T \x1b]2;PWNED\n\nNews content:\n\nText \x1b[2Jhere.\n\n" +
		"【来源】\x1b]8;;http://evil.example/\x07https://example.org/a\n\n" +
		"第二篇。\n\nTitle: Second\n\nNews content:\n\nMore.\n\n【来源】https://example.org/b\n"
	articles, err := ParseText("e.txt", text)
	if err != nil || len(articles) != 2 {
		t.Fatalf("ParseText = %d, %v", len(articles), err)
	}
	a := articles[0]
	if a.Link != "https://example.org/a" || a.EN.Title != "T" || a.EN.Blocks[0].Text != "Text here." {
		t.Errorf("link %q, title %q, text %q", a.Link, a.EN.Title, a.EN.Blocks[0].Text)
	}
	if got := a.ZH.Blocks[0].Text; got != "第一段正文。" {
		t.Errorf("Chinese paragraph = %q", got)
	}
	if articles[1].Link != "https://example.org/b" {
		t.Errorf("second article link %q", articles[1].Link)
	}
}

// hostileRSS is an RSS feed with raw ESC and BEL bytes in its title,
// description (plain and in CDATA) and category, and with a CSI that
// looks as if it runs into markup.
const hostileRSS = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>F\x1b]0;PWNED\x07</title>\n" +
	"<item><title>News \x1b]0;PWNED\x07one</title><guid>1</guid>" +
	"<category>\x1b]52;c;UFdORUQ=\x07</category><category>rail\x1b[31m</category>" +
	"<description><![CDATA[<p>Text \x1b[2Jhere \x1b]0;PWNED\x1b\\now\x1b]]></description></item>\n" +
	"<item><title>Two\x1b[</title><guid>2</guid><description>Still \x1bcthere\x1b</description></item>\n" +
	"</channel></rss>\n"

func TestXMLRawEscapesAreRemovedWhole(t *testing.T) {
	articles, err := Parse("hostile.xml", []byte(hostileRSS))
	if err != nil || len(articles) != 2 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	checkHostileRSS(t, articles)
}

func checkHostileRSS(t *testing.T, articles []Article) {
	t.Helper()
	a, b := articles[0], articles[1]
	if a.Feed != "F" || a.EN.Title != "News one" || !reflect.DeepEqual(a.Keywords, []string{"rail"}) {
		t.Errorf("feed %q, title %q, keywords %q", a.Feed, a.EN.Title, a.Keywords)
	}
	if got := a.EN.Blocks[0].Text; got != "Text here now" {
		t.Errorf("text = %q", got)
	}
	if b.EN.Title != "Two" || b.EN.Blocks[0].Text != "Still there" {
		t.Errorf("second item %q %q", b.EN.Title, b.EN.Blocks[0].Text)
	}
	for _, x := range articles {
		checkNoEscapeDebris(t, "title", x.EN.Title)
		for _, k := range x.Keywords {
			checkNoEscapeDebris(t, "keyword", k)
		}
		for _, bl := range x.EN.Blocks {
			checkNoEscapeDebris(t, "paragraph", bl.Text)
		}
	}
}

func TestXMLRawEscapesInUTF16(t *testing.T) {
	// In UTF-16 an ESC is two bytes, one of them 0x00: the sequences must
	// be found after decoding, and the text around them must survive.
	src := strings.Replace(hostileRSS, `<?xml version="1.0"?>`, `<?xml version="1.0" encoding="UTF-16"?>`, 1)
	for _, bigEndian := range []bool{false, true} {
		data := []byte{0xFF, 0xFE}
		if bigEndian {
			data = []byte{0xFE, 0xFF}
		}
		for _, u := range utf16.Encode([]rune(src)) {
			if bigEndian {
				data = append(data, byte(u>>8), byte(u))
			} else {
				data = append(data, byte(u), byte(u>>8))
			}
		}
		articles, err := Parse("hostile16.xml", data)
		if err != nil || len(articles) != 2 {
			t.Fatalf("Parse (big endian %v) = %d, %v", bigEndian, len(articles), err)
		}
		checkHostileRSS(t, articles)
	}
}

func TestXMLEscapesLeaveMarkupAlone(t *testing.T) {
	// ESC before "]]>", "<", ">" or "?" must not eat the markup.
	rss := "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><item><title>a\x1b<![CDATA[b\x1b]]></title>" +
		"<link>https://x.example/\x1b</link><description>c\x1b>d\x1b?e</description></item></channel></rss>"
	articles, err := Parse("markup.xml", []byte(rss))
	if err != nil || len(articles) != 1 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	if a := articles[0]; a.EN.Title != "ab" || a.EN.Blocks[0].Text != "c>d?e" || a.Link != "https://x.example/" {
		t.Errorf("title %q, text %q, link %q", a.EN.Title, a.EN.Blocks[0].Text, a.Link)
	}
}

func TestJSONFeedEscapesAreRemovedWhole(t *testing.T) {
	j := `{"version":"https://jsonfeed.org/version/1.1","title":"J\u001b]0;PWNED\u0007","items":[` +
		`{"id":"1","title":"T\u001b]0;PWNED\u0007","content_text":"One \u001b]0;PW\n\nNED\u0007two","tags":["\u001b]52;c;UFdORUQ=\u0007","ok"]},` +
		`{"id":"2","content_html":"<p>Three \u001b]0;PWNED\u0007four</p>"}]}`
	articles, err := Parse("j.json", []byte(j))
	if err != nil || len(articles) != 2 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	a := articles[0]
	if a.Feed != "J" || a.EN.Title != "T" || len(a.EN.Blocks) != 1 || a.EN.Blocks[0].Text != "One two" ||
		!reflect.DeepEqual(a.Keywords, []string{"ok"}) {
		t.Errorf("feed %q, title %q, blocks %+v, keywords %q", a.Feed, a.EN.Title, a.EN.Blocks, a.Keywords)
	}
	if got := articles[1].EN.Blocks[0].Text; got != "Three four" {
		t.Errorf("html text = %q", got)
	}
}

func TestStripEscapes(t *testing.T) {
	tests := map[string]string{
		"plain · text":                 "plain · text",
		"a\x1b[31mb\x1b[0m":            "ab",
		"a\x1b]0;t\x07b":               "ab",
		"a\x1b]0;t\nb":                 "a\nb",
		"a\u009d0;t\u009cb\u0085c":     "abc",
		"a\u009b1;2mb":                 "ab",
		"ends in\x1b":                  "ends in",
		"\x1bc新闻\x1b(B":                "新闻B",
		"no-break\u00a0space ° \u00b7": "no-break\u00a0space ° \u00b7",
	}
	if got := stripEscapes("a\x1b]0;t\nb\x07c", false); got != "ac" {
		t.Errorf("stripEscapes without a line bound = %q, want %q", got, "ac")
	}
	for in, want := range tests {
		if got := stripEscapes(in, true); got != want {
			t.Errorf("stripEscapes(%q, true) = %q, want %q", in, got, want)
		}
	}
}
