package feed

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// rssText is data as parseSyndication sees it when it is RSS: decoded,
// trimmed and with its escapes made safe for XML; ok is false for anything
// else.
func rssText(data []byte) (string, bool) {
	text, _, err := decode(data, "")
	if err != nil {
		return "", false
	}
	if f, err := detect(text); err != nil || f != rssFormat {
		return "", false
	}
	return escapesForXML(controlRefsForXML(strings.TrimLeft(text, " \t\r\n"))), true
}

// checkRunsAgree checks that text parsed in runs of every size from 1 to
// 3, and in one run, gives what the whole parse gives, article for article,
// and fails exactly when it fails; it returns whether splitRSS took text.
func checkRunsAgree(t *testing.T, name, text string) bool {
	t.Helper()
	parts, ok := splitRSS(text)
	if !ok {
		return false
	}
	base, _ := url.Parse("https://feeds.example/" + name)
	var want []Article
	feed, err := parseRSS(strings.NewReader(text))
	if err == nil {
		want = feedArticles(name, feed, base, nil)
	}
	for _, size := range []int{1, 2, 3, len(parts.items)} {
		got, ok := parseRSSInRuns(name, parts, base, size, 2)
		switch {
		case ok != (err == nil):
			t.Errorf("%s: in runs of %d ok = %v, the whole parse's error: %v", name, size, ok, err)
		case ok && !reflect.DeepEqual(got, want):
			t.Errorf("%s: in runs of %d, %d articles differ from the whole parse's %d", name, size, len(got), len(want))
			for i := range min(len(got), len(want)) {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Errorf("first difference, article %d:\n got %+v\nwant %+v", i, got[i], want[i])
					break
				}
			}
		}
	}
	return true
}

// trickyRSS are documents whose markup could fool a scanner that cuts at
// items: either splitRSS refuses them or the runs agree with the whole.
var trickyRSS = map[string]string{
	"cdata with tags": `<rss version="2.0"><channel><title>t</title>
<item><title>a</title><description><![CDATA[</item><item><title>fake</title></item> </channel></rss>]]></description></item>
<item><title>b</title></item></channel></rss>`,
	"comments with items": `<?xml version="1.0"?><!-- <item> --><rss><channel><!-- </channel> --><title>t</title>
<item><title>a<!-- </item> --></title></item><!-- <item><title>x</title></item> -->
<item><title>b</title></item><!-- end --></channel><!-- after --></rss><!-- trailing -->
`,
	"quoted brackets": `<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<item><title x="a>b" y='/>'>one</title><content:encoded><![CDATA[<p>x</p>]]></content:encoded></item>
<item><title>two</title><link href="https://e.example/?a=1&amp;b=2"/></item></channel></rss>`,
	"channel after items": `<rss><channel><item><title>a</title></item><item><title>b</title></item>
<title>late title</title></channel></rss>`,
	"item in capitals": `<rss><channel><item><title>a</title></item><Item><title>b</title></Item></channel></rss>`,
	"prefixed item":    `<rss xmlns:x="urn:x"><channel><x:item><title>a</title></x:item><item><title>b</title></item></channel></rss>`,
	"internal subset": `<!DOCTYPE rss [<!ENTITY who "me">]><rss><channel><item><title>&who;</title></item>
<item><title>b</title></item></channel></rss>`,
	"plain doctype": `<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>t</title><item><title>a</title></item><item><title>b</title></item></channel></rss>`,
	"unquoted attribute":     `<rss><channel><item><title a=b>a</title></item><item><title>b</title></item></channel></rss>`,
	"unclosed inside":        `<rss><channel><item><title>a<br></title></item><item><title>b</title></item></channel></rss>`,
	"mismatched":             `<rss><channel><item><title>a</b></item><item><title>b</title></item></channel></rss>`,
	"self-closing and empty": `<rss><channel><item/><item></item><item><title>c</title></item><item><description>only text</description></item></channel></rss>`,
	"unknown entity":         `<rss><channel><item><title>a&nbsp;b &copy; &#x4e2d;</title></item><item><title>&bogus;</title></item></channel></rss>`,
	"xml base": `<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel xml:base="https://base.example/news/"><link>https://base.example/</link>
<atom:link href="https://base.example/feed" rel="self"/>
<item><title>a</title><link>one.html</link><description>&lt;a href="x.html"&gt;x&lt;/a&gt;</description></item>
<item><title>b</title><link>/two.html</link><guid isPermaLink="false">2</guid></item></channel></rss>`,
	"text between items": `<rss><channel><item><title>a</title></item> stray <item><title>b</title></item></channel></rss>`,
	"root items":         `<rss><channel><title>t</title></channel><item><title>a</title></item></rss>`,
	"non-ascii names":    `<rss><channel><item><标题>a</标题><title>a</title></item><item><title>b</title></item></channel></rss>`,
	"declaration between items": `<?xml version="1.0"?><rss><channel><item><title>a</title></item>
<?xml version="1.0" encoding="ISO-8859-1"?><item><title>b</title></item><item><title>c<?xml-stylesheet href="x"?></title></item></channel></rss>`,
	"instructions": `<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="rss.xsl"?><rss><channel><?php echo 1 ?><item><title>a<?pi x?></title></item>
<?keep going?><item><title>b</title></item></channel></rss><?end?>`,
	"end tag spaces": `<rss ><channel
><item ><title >a</title ></item ><item><title>b</title></item	></channel ></rss >`,
}

func TestRSSRunsAgreeWithTheWholeParse(t *testing.T) {
	took := 0
	for name, doc := range trickyRSS {
		text, ok := rssText([]byte(doc))
		if !ok {
			t.Fatalf("%s: not read as RSS", name)
		}
		if checkRunsAgree(t, name, text) {
			took++
		}
	}
	for _, name := range []string{"channel after items", "item in capitals", "prefixed item", "internal subset",
		"unquoted attribute", "unclosed inside", "mismatched", "text between items", "root items", "non-ascii names",
		"declaration between items"} {
		if _, ok := splitRSS(mustRSSText(t, trickyRSS[name])); ok {
			t.Errorf("%s: splitRSS took it, want it parsed whole", name)
		}
	}
	if took < 6 {
		t.Errorf("splitRSS took only %d of the tricky documents", took)
	}
	for _, shape := range []string{"cdata", "escaped"} {
		if !checkRunsAgree(t, shape, mustRSSText(t, string(ratioRSS(40, shape)))) {
			t.Errorf("splitRSS refused the %s feed", shape)
		}
	}
}

func mustRSSText(t *testing.T, doc string) string {
	t.Helper()
	text, ok := rssText([]byte(doc))
	if !ok {
		t.Fatalf("not read as RSS: %.60q", doc)
	}
	return text
}

// TestRSSRunsAgreeOnEveryFixture checks the RSS documents of testdata,
// the fuzz corpus and, when it is there, ../shared.
func TestRSSRunsAgreeOnEveryFixture(t *testing.T) {
	var paths []string
	for _, pattern := range []string{"testdata/broken/*.xml", "testdata/fuzz/FuzzParse/*"} {
		m, _ := filepath.Glob(pattern)
		paths = append(paths, m...)
	}
	if root := sharedRoot(); root != "" {
		m, _ := filepath.Glob(filepath.Join(root, "*", "*", "*", "*", "*.xml"))
		paths = append(paths, m...)
		m, _ = filepath.Glob(filepath.Join(root, "*", "*", "*", "*.xml"))
		paths = append(paths, m...)
	}
	took := 0
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(path, "testdata/fuzz/") {
			data = fuzzCorpusBytes(data)
		}
		if text, ok := rssText(data); ok && checkRunsAgree(t, filepath.Base(path), text) {
			took++
		}
	}
	t.Logf("%d of %d fixtures parsed in runs", took, len(paths))
}

// sharedRoot is ../shared/feeds beside the repository, or "" without it.
func sharedRoot() string {
	root := filepath.Join("..", "..", "shared", "feeds")
	if _, err := os.Stat(root); err != nil {
		return ""
	}
	return root
}

// fuzzCorpusBytes is the []byte value of a Go fuzz corpus file, or the
// file itself when it is not one.
func fuzzCorpusBytes(file []byte) []byte {
	lines := strings.Split(string(file), "\n")
	for _, l := range lines[1:] {
		var s string
		if _, err := fmt.Sscanf(l, "[]byte(%q)", &s); err == nil {
			return []byte(s)
		}
	}
	return file
}

// TestBigRSSFeedIsParsedInRuns: a feed of a thousand items is parsed in
// runs on two cores, and the articles are the whole parse's.
func TestBigRSSFeedIsParsedInRuns(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, shape := range []string{"cdata", "escaped"} {
		text := mustRSSText(t, string(ratioRSS(1000, shape)))
		got, ok := parseRSSRuns("big.xml", text, nil)
		if !ok {
			t.Fatalf("%s: parsed whole, want in runs", shape)
		}
		feed, err := parseRSS(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		if want := feedArticles("big.xml", feed, nil, nil); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d articles in runs differ from the whole parse's %d", shape, len(got), len(want))
		}
	}
}

func FuzzRSSRuns(f *testing.F) {
	for _, doc := range trickyRSS {
		f.Add([]byte(doc))
	}
	f.Add(ratioRSS(3, "cdata"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if text, ok := rssText(data); ok {
			checkRunsAgree(t, "fuzz.xml", text)
		}
	})
}
