package feed

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// refFeeds are an RSS and an Atom feed of a good item and one whose title
// and text are bad (%[1]s and %[2]s), made to be filled with fmt.Sprintf.
var refFeeds = map[string]string{
	"rss": `<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>` +
		`<item><title>good one</title><guid>1</guid><description>fine</description></item>` +
		`<item><title>%s</title><guid>2</guid><description>%s</description></item></channel></rss>`,
	"atom": `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>c</title>` +
		`<entry><id>1</id><title>good one</title><content type="html">fine</content></entry>` +
		`<entry><id>2</id><title>%s</title><content type="text">%s</content></entry></feed>`,
}

func TestXMLControlCharRefsAreRemovedWhole(t *testing.T) {
	tests := []struct {
		name, title, text, wantTitle, wantText string
	}{
		{"decimal CSI", "bad &#27;[31mred&#27;[0m", "text &#27;[2Jhere", "bad red", "text here"},
		{"hex lower", "bad &#x1b;[31mred", "text &#x1b;]0;PWNED&#x07;here", "bad red", "text here"},
		{"hex upper digits", "bad &#x1B;[31mred", "text &#x1B;]0;PWNED&#x7;here", "bad red", "text here"},
		{"hex upper X", "bad &#X1B;[31mred", "text &#X1b;]0;PWNED&#X07;here", "bad red", "text here"},
		{"leading zeros", "bad &#0027;[31mred", "text &#00027;]0;PWNED&#0007;here", "bad red", "text here"},
		{"introducer as a reference", "bad &#27;&#91;31mred", "text &#x1b;&#x5D;0;PWNED&#7;here", "bad red", "text here"},
		{"OSC ended by ST", "bad &#27;]0;PWNED&#27;\\red", "text &#27;]52;c;UFdORUQ=&#x1b;&#92;here", "bad red", "text here"},
		{"two-byte escape", "bad &#27;cred", "text &#27;7here", "bad red", "text here"},
		{"other C0 controls", "bad &#1;&#x2;&#31;red", "te&#0;xt &#x0b;&#8;&#x1F;here", "bad red", "text here"},
		{"allowed controls are white space", "bad&#9;red", "text&#10;&#13;here", "bad red", "text here"},
	}
	for kind, feed := range refFeeds {
		for _, tt := range tests {
			t.Run(kind+"/"+tt.name, func(t *testing.T) {
				data := fmt.Sprintf(feed, tt.title, tt.text)
				articles, err := Parse("refs.xml", []byte(data))
				if err != nil || len(articles) != 2 {
					t.Fatalf("Parse = %d articles, %v; want 2 and no error", len(articles), err)
				}
				good, bad := articles[0], articles[1]
				if good.EN.Title != "good one" || good.EN.Blocks[0].Text != "fine" {
					t.Errorf("good item %q %q", good.EN.Title, good.EN.Blocks[0].Text)
				}
				if bad.EN.Title != tt.wantTitle || len(bad.EN.Blocks) != 1 || bad.EN.Blocks[0].Text != tt.wantText {
					t.Errorf("bad item %q %+v, want %q %q", bad.EN.Title, bad.EN.Blocks, tt.wantTitle, tt.wantText)
				}
				checkNoEscapeDebris(t, "title", bad.EN.Title)
				for _, b := range bad.EN.Blocks {
					checkNoEscapeDebris(t, "text", b.Text)
				}
			})
		}
	}
}

func TestXMLEscapeBeforeAReferenceKeepsIt(t *testing.T) {
	// An ESC before an entity, or before a reference that is no
	// introducer, is dropped alone: the reference stays.
	articles, err := Parse("amp.xml", []byte(fmt.Sprintf(refFeeds["rss"], "AT\x1b&amp;T&#27;&#65;&#x1b;&#x3c;", "a\x1b&lt;b&gt;&#27;&#x26;amp;")))
	if err != nil || len(articles) != 2 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	if a := articles[1]; a.EN.Title != "AT&TA<" || a.EN.Blocks[0].Text != "a&" {
		t.Errorf("title %q, text %+v", a.EN.Title, a.EN.Blocks)
	}
}

func TestControlRefsForXMLLeavesMarkupAlone(t *testing.T) {
	// References inside CDATA, comments and processing instructions are
	// text or markup of their own, and an escaped ampersand is no
	// reference: none of them is touched.
	kept := []string{
		`<t><![CDATA[&#27;[31m]]></t>`,
		`<t><!-- &#27; --></t>`,
		`<?pi &#x1b;?><t/>`,
		`<t>&amp;#27;[31m &#34; &#8220; &#x201C; &#;&#x;&#27 &#xZ; &#99999999999999999999;</t>`,
		`<t><![CDATA[unclosed &#27;`,
		`<t><!-- unclosed &#27;`,
	}
	for _, s := range kept {
		if got := controlRefsForXML(s); got != s {
			t.Errorf("controlRefsForXML(%q) = %q, want it unchanged", s, got)
		}
	}
	changed := map[string]string{
		`<t><![CDATA[&#27;]]>&#27;[1m<!--&#27;-->&#x1b;</t>`: "<t><![CDATA[&#27;]]>\x1b[1m<!--&#27;-->\x1b</t>",
		`<a href="x&#1;y">&#7;</a>`:                          "<a href=\"x\x01y\">\x07</a>",
		`&#x1B;&#X1b;&#0027;&#0;&#xFFFE;`:                    "\x1b\x1b\x1b\x00&#xFFFE;",
	}
	for in, want := range changed {
		if got := controlRefsForXML(in); got != want {
			t.Errorf("controlRefsForXML(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestControlRefsForXMLDoesNotCopyCleanFeeds(t *testing.T) {
	// The 10,000-item benchmark feed has two references in each item
	// (&#34;): a feed with none to a control character must cost a scan,
	// not a copy.
	for _, s := range []string{string(benchRSS(3)), "<t>&#8220;quoted&#8221; &#x4E2D;</t>", "no references"} {
		if got := controlRefsForXML(s); unsafe.StringData(got) != unsafe.StringData(s) {
			t.Errorf("controlRefsForXML copied %.40q", s)
		}
	}
}

// FuzzXMLControlRefs checks that a title written with character
// references for its control characters parses as the same title written
// with the raw characters, never fails the feed, and is clean.
func FuzzXMLControlRefs(f *testing.F) {
	for _, s := range []string{
		"bad \x1b[31mred", "\x1b]0;PWNED\x07ok", "\x01\x02\x1f", "\x1b[", "a\x1b\x1bb", "\x1b\\]]>x", "新闻\x1b]8;;http://x/\x1b\\链接",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		controls := 0
		for _, r := range s {
			if r < 0x20 {
				controls++
			}
		}
		if !utf8.ValidString(s) || controls > 16 {
			return // many raw controls make the data look binary
		}
		var raw, refs strings.Builder
		for _, r := range s {
			switch {
			case r == '<' || r == '>' || r == '&':
				raw.WriteString(fmt.Sprintf("&#%d;", r))
				refs.WriteString(fmt.Sprintf("&#%d;", r))
			case r < 0x20:
				// A raw NUL makes the data binary: \x01 is dropped as
				// it would be.
				raw.WriteRune(max(r, 1))
				refs.WriteString(fmt.Sprintf("&#x%X;", r))
			default:
				raw.WriteRune(r)
				refs.WriteRune(r)
			}
		}
		parse := func(title string) []Article {
			articles, err := Parse("fuzz.xml", []byte(fmt.Sprintf(refFeeds["rss"], title, "text")))
			if err != nil || len(articles) != 2 {
				t.Fatalf("Parse(title %q) = %d articles, %v", title, len(articles), err)
			}
			return articles
		}
		fromRaw, fromRefs := versionTitles(parse(raw.String())[1]), versionTitles(parse(refs.String())[1])
		if fromRaw != fromRefs {
			t.Errorf("titles %q from raw characters, %q from references", fromRaw, fromRefs)
		}
		for _, title := range fromRefs {
			if Clean(title) != title || strings.ContainsRune(title, 0x1b) {
				t.Errorf("title %q is not clean", title)
			}
		}
	})
}

// versionTitles returns an article's Chinese and English titles.
func versionTitles(a Article) [2]string {
	var t [2]string
	for i, v := range []*Version{a.ZH, a.EN} {
		if v != nil {
			t[i] = v.Title
		}
	}
	return t
}

// BenchmarkControlRefsForXML times the scan of the 10,000-item benchmark
// feed, which holds 20,000 references but none to a control character.
func BenchmarkControlRefsForXML(b *testing.B) {
	text := string(benchRSS(10000))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if controlRefsForXML(text) != text {
			b.Fatal("the feed was changed")
		}
	}
}
