package feed

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSyndicationItemFields(t *testing.T) {
	rss := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>News &amp; Views</title><link>https://news.example/</link>
<item>
  <title>First</title><guid isPermaLink="false">id-1</guid><link>/2024/first.html</link>
  <pubDate>Mon, 06 May 2024 08:30:00 +0800</pubDate>
  <category>Politics</category><category>World</category>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>Full <a href="more.html">text</a>.</p><p>Second para.</p>]]></content:encoded>
</item>
<item>
  <title>No guid</title><link>https://news.example/2</link>
  <description><![CDATA[<p>Only a description.</p>]]></description>
</item>
<item>
  <title>No link</title><link>javascript:alert(1)</link>
  <description>Hash ID.</description>
</item>
<item><description></description></item>
</channel></rss>`
	articles, err := Parse("rss.xml", []byte(rss))
	if err != nil {
		t.Fatal(err)
	}
	if len(articles) != 3 {
		t.Fatalf("got %d articles, want 3 (the empty item dropped)", len(articles))
	}
	a := articles[0]
	want := Article{
		ID: "id-1", Link: "https://news.example/2024/first.html",
		Published: time.Date(2024, 5, 6, 0, 30, 0, 0, time.UTC),
		Keywords:  []string{"Politics", "World"}, Feed: "News & Views", Source: "rss.xml",
		EN: &Version{Title: "First", Blocks: []Block{
			{Text: "Full text.", Spans: []Span{{Kind: LinkSpan, Start: 5, End: 9, URL: "https://news.example/2024/more.html"}}},
			{Text: "Second para."},
		}},
	}
	if !a.Published.Equal(want.Published) {
		t.Errorf("Published = %v, want %v", a.Published, want.Published)
	}
	a.Published = want.Published
	if !reflect.DeepEqual(a, want) {
		t.Errorf("article\n got %+v %+v\nwant %+v %+v", a, a.EN, want, want.EN)
	}
	if articles[1].ID != "https://news.example/2" || articles[1].EN.Blocks[0].Text != "Only a description." {
		t.Errorf("second article %+v %+v", articles[1], articles[1].EN)
	}
	third := articles[2]
	if third.Link != "" || !strings.HasPrefix(third.ID, "sha256:") || len(third.ID) != len("sha256:")+64 {
		t.Errorf("third article ID %q link %q", third.ID, third.Link)
	}
	again, _ := Parse("rss.xml", []byte(rss))
	if again[2].ID != third.ID {
		t.Errorf("hash ID not stable: %q then %q", third.ID, again[2].ID)
	}
}

func TestSyndicationBilingualItem(t *testing.T) {
	atom := `<feed xmlns="http://www.w3.org/2005/Atom"><title>双语新闻</title>
<entry><id>tag:x,2024:1</id><title>中文标题 | English Title</title><updated>2024-01-02T03:04:05Z</updated>
<summary>ignored summary</summary>
<content type="html">&lt;h2&gt;小标题&lt;/h2&gt;&lt;p&gt;第一段中文。&lt;/p&gt;&lt;p&gt;First English paragraph.&lt;/p&gt;&lt;p&gt;第二段。&lt;/p&gt;</content>
</entry></feed>`
	articles, err := Parse("atom.xml", []byte(atom))
	if err != nil || len(articles) != 1 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	a := articles[0]
	wantZH := &Version{Title: "中文标题", Blocks: []Block{{Kind: Heading, Level: 2, Text: "小标题"}, {Text: "第一段中文。"}, {Text: "第二段。"}}}
	wantEN := &Version{Title: "English Title", Blocks: []Block{{Text: "First English paragraph."}}}
	if !reflect.DeepEqual(a.ZH, wantZH) || !reflect.DeepEqual(a.EN, wantEN) {
		t.Errorf("zh %+v\nen %+v", a.ZH, a.EN)
	}
	if a.Published != time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC) {
		t.Errorf("Published (from updated) = %v", a.Published)
	}
	if a.Languages() != "zh+en" {
		t.Errorf("Languages = %q", a.Languages())
	}
}

func TestSyndicationDoubleEscapedEscape(t *testing.T) {
	rss := `<rss version="2.0"><channel><item><title>T &amp;#27;[31mred</title>` +
		`<description>&amp;#27;[2Jcleared &lt;b&gt;bold&lt;/b&gt;</description></item></channel></rss>`
	articles, err := Parse("x", []byte(rss))
	if err != nil || len(articles) != 1 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	v := articles[0].EN
	if strings.ContainsRune(v.Title, 0x1B) || strings.ContainsRune(v.Blocks[0].Text, 0x1B) {
		t.Fatalf("escape survived: %+v", v)
	}
	if v.Blocks[0].Text != "cleared bold" {
		t.Errorf("text = %q", v.Blocks[0].Text)
	}
}

func TestSyndicationJSONContentText(t *testing.T) {
	j := `{"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://j.example/",
"items":[{"id":"1","url":"/posts/1","title":"Plain","content_text":"Line <b>one</b>\n\nLine two","tags":["a","b"],
"date_published":"2024-02-03T04:05:06Z"},
{"id":"2","content_html":"<p>Para <em>em</em></p>","summary":"s"}]}`
	articles, err := Parse("j.json", []byte(j))
	if err != nil || len(articles) != 2 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	a := articles[0]
	if got := a.EN.Blocks; len(got) != 2 || got[0].Text != "Line <b>one</b>" || got[1].Text != "Line two" {
		t.Errorf("content_text blocks %+v", got)
	}
	if a.Link != "https://j.example/posts/1" || !reflect.DeepEqual(a.Keywords, []string{"a", "b"}) || a.Feed != "J" {
		t.Errorf("article %+v", a)
	}
	if got := articles[1].EN.Blocks; len(got) != 1 || got[0].Text != "Para em" || len(got[0].Spans) != 1 {
		t.Errorf("content_html blocks %+v", got)
	}
}

func TestSyndicationRelativeLinks(t *testing.T) {
	base, _ := url.Parse("https://fetched.example/feeds/rss.xml")
	rss := []byte(`<rss version="2.0"><channel><title>x</title><item><title>a</title><link>../posts/a</link></item></channel></rss>`)
	articles, err := parse("u", rss, "", base)
	if err != nil || len(articles) != 1 {
		t.Fatalf("parse = %d, %v", len(articles), err)
	}
	if articles[0].Link != "https://fetched.example/posts/a" {
		t.Errorf("link = %q", articles[0].Link)
	}
	atomBase := []byte(`<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/blog/"><title>x</title>` +
		`<entry><title>e</title><link href="entry/1"/><id>1</id></entry></feed>`)
	articles, err = Parse("a", atomBase)
	if err != nil || len(articles) != 1 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	if articles[0].Link != "https://base.example/blog/entry/1" {
		t.Errorf("xml:base link = %q", articles[0].Link)
	}
}
