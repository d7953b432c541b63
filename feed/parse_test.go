package feed

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// bilingualText is an article in the bilingual text format.
const bilingualText = "近日，公安部新闻发言人在新闻发布会上透露，警方已向我方移交犯罪嫌疑人。\n\n" +
	"这一成果充分展示了我国打击电信网络诈骗犯罪的决心。\n\n" +
	"Title: Success in cracking down on telecom fraudsters\n\n" +
	"Keywords: Myanmar, telecom fraud\n\n" +
	"News content:\n\n" +
	"Recently, the spokesperson for the Ministry of Public Security revealed the handover.\n\n" +
	"This shows the country's determination.\n"

func TestParseDetects(t *testing.T) {
	tests := []struct {
		name, data string
		title      string
	}{
		{"rss 2.0", `<rss version="2.0"><channel><title>F</title><item><title>RSS item</title></item></channel></rss>`, "RSS item"},
		{"rss 0.91", `<?xml version="1.0"?><rss version="0.91"><channel><title>F</title><item><title>Old item</title><link>http://x/</link></item></channel></rss>`, "Old item"},
		{"rss 1.0", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">` +
			`<channel><title>F</title></channel><item><title>RDF item</title><link>http://x/1</link></item></rdf:RDF>`, "RDF item"},
		{"atom 1.0", `<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><title>Atom entry</title><id>1</id></entry></feed>`, "Atom entry"},
		{"atom 0.3", `<feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>F</title><entry><title>Atom 0.3 entry</title></entry></feed>`, "Atom 0.3 entry"},
		{"json feed 1.1", `{"version":"https://jsonfeed.org/version/1.1","title":"F","items":[{"id":"1","title":"JSON item","content_text":"x"}]}`, "JSON item"},
		{"leading blank lines", "\n\n  \t<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><item><title>Late start</title></item></channel></rss>", "Late start"},
		{"bilingual text", bilingualText, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			articles, err := Parse("x", []byte(tt.data))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(articles) != 1 {
				t.Fatalf("got %d articles", len(articles))
			}
			a := articles[0]
			checkArticle(t, a)
			if a.Source != "x" {
				t.Errorf("Source = %q", a.Source)
			}
			if tt.title != "" && a.Title() != tt.title {
				t.Errorf("title %q, want %q", a.Title(), tt.title)
			}
			if tt.title == "" && (a.ZH == nil || a.EN == nil || a.EN.Title != "Success in cracking down on telecom fraudsters") {
				t.Errorf("bilingual text parsed as %+v", a)
			}
		})
	}
}

func TestParseGB18030Text(t *testing.T) {
	data := encode(t, simplifiedchinese.GB18030, bilingualText)
	articles, err := Parse("gb.txt", data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(articles) != 1 || articles[0].ZH == nil || articles[0].EN == nil {
		t.Fatalf("got %+v", articles)
	}
	if got := articles[0].ZH.Blocks[0].Text; !strings.HasPrefix(got, "近日，公安部") {
		t.Errorf("Chinese text decoded as %q", got)
	}
}

func TestParseGBKRSS(t *testing.T) {
	rss := `<?xml version="1.0" encoding="GBK"?>
<rss version="2.0"><channel><title>新闻频道</title>
<item><title>警方移交嫌疑人 / Suspects handed over</title><link>http://news.example/1</link>
<description>&lt;p&gt;近日，公安部透露。&lt;/p&gt;&lt;p&gt;Recently, the ministry revealed.&lt;/p&gt;</description></item>
</channel></rss>`
	articles, err := Parse("gbk.xml", encode(t, simplifiedchinese.GBK, rss))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(articles) != 1 {
		t.Fatalf("got %d articles", len(articles))
	}
	a := articles[0]
	if a.Feed != "新闻频道" || a.ZH == nil || a.ZH.Title != "警方移交嫌疑人" || a.EN == nil || a.EN.Title != "Suspects handed over" {
		t.Fatalf("got feed %q zh %+v en %+v", a.Feed, a.ZH, a.EN)
	}
	if a.ZH.Blocks[0].Text != "近日，公安部透露。" || a.EN.Blocks[0].Text != "Recently, the ministry revealed." {
		t.Errorf("blocks zh %+v en %+v", a.ZH.Blocks, a.EN.Blocks)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "f: empty"},
		{"white space", " \n\t\n", "f: empty"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "f: not a feed: binary data"},
		{"control bytes", strings.Repeat("\x01\x02\x03abc", 50), "f: not a feed: binary data"},
		{"plain prose", "Just some words.\nNothing else.", "f: not a feed: unrecognised content"},
		{"other xml", `<?xml version="1.0"?><note><to>x</to></note>`, "f: not a feed: XML with root element <note>"},
		{"html page", "<!DOCTYPE html><html><body>x</body></html>", "f: not a feed: an HTML page, not RSS, Atom or JSON Feed"},
		{"html without doctype", "<html><head><title>x</title></head></html>", "f: not a feed: an HTML page, not RSS, Atom or JSON Feed"},
		{"truncated rss", "<rss version=\"2.0\">\n<channel>\n<item><title>x", "f: malformed XML: line 3: unexpected EOF"},
		{"malformed before root", "<?xml version=\"1.0\"?>\n<!-- x -- y -->\n<", "f: malformed XML: line 2: invalid sequence \"--\" not allowed in comments"},
		{"malformed json", "{\n\"version\": \"https://jsonfeed.org/version/1\",\n\"items\": [,]}", "f: malformed JSON: line 3: invalid character ',' looking for beginning of value"},
		{"truncated json", "{\"version\": \"1\"", "f: malformed JSON: line 1: unexpected end of JSON input"},
		{"json not a feed", `{"name": "x"}`, "f: not a feed: JSON, but not a JSON Feed"},
		{"json wrong type", `{"version":"https://jsonfeed.org/version/1","items":"no"}`, `f: not a feed: JSON Feed field "items" has the wrong type (string)`},
		{"undecodable", "\x80\xff\x81\xfe", "f: cannot decode: not UTF-8 and no known encoding fits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			articles, err := Parse("f", []byte(tt.data))
			if err == nil {
				t.Fatalf("Parse = %d articles, want error %q", len(articles), tt.want)
			}
			var se *SourceError
			if !errors.As(err, &se) || se.Source != "f" {
				t.Errorf("error %T %v is not a *SourceError for f", err, err)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n got %q\nwant %q", err, tt.want)
			}
		})
	}
}

func TestSourceErrorOneLine(t *testing.T) {
	err := &SourceError{Source: "a.xml", Err: errors.New("first\nsecond")}
	if got := err.Error(); got != "a.xml: first second" {
		t.Errorf("Error() = %q", got)
	}
	inner := errors.New("inner")
	if !errors.Is(&SourceError{Source: "x", Err: inner}, inner) {
		t.Error("SourceError does not unwrap")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><item><title>a</title><description>&lt;p&gt;b&lt;/p&gt;</description></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</title><content type="html">&lt;b&gt;y</content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"<p>x</p>"}]}`))
	f.Add([]byte(bilingualText))
	f.Add([]byte("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"gbk\"?><rss><channel><item><title>\xd0\xc2</title></item></channel></rss>"))
	f.Add([]byte("<entry xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title></entry>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		articles, err := Parse("fuzz", data)
		if err != nil {
			var se *SourceError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SourceError: %v", err, err)
			}
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		}
		for _, a := range articles {
			checkArticle(t, a)
		}
	})
}

func TestParseTextWithCROnlyLineEnds(t *testing.T) {
	// Old Mac line ends, as docs/FORMATS.md allows: detection must see the
	// lines that ParseText sees.
	zhOnly := "标题：公安部透露\n\n近日，公安部新闻发言人在新闻发布会上透露，警方已向我方移交犯罪嫌疑人。\n\n【来源】http://www.chinanews.com/gn/2024/01-09/1.shtml\n"
	for name, text := range map[string]string{"bilingual": bilingualText, "Chinese with a source line": zhOnly} {
		t.Run(name, func(t *testing.T) {
			cr := strings.ReplaceAll(text, "\n", "\r")
			if !LooksLikeText(cr) {
				t.Errorf("LooksLikeText is false with CR line ends")
			}
			want, err := Parse("lf.txt", []byte(text))
			if err != nil || len(want) != 1 {
				t.Fatalf("LF: %d articles, %v", len(want), err)
			}
			got, err := Parse("cr.txt", []byte(cr))
			if err != nil || len(got) != 1 || got[0].Title() != want[0].Title() || got[0].Link != want[0].Link {
				t.Fatalf("CR: %+v, %v; want %q", got, err, want[0].Title())
			}
		})
	}
}
