package feed

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkBlock checks what every block must satisfy: clean text, spans in
// range, on rune boundaries, sorted and not overlapping.
func checkBlock(t *testing.T, b Block) {
	t.Helper()
	clean := Clean(b.Text)
	if b.Kind == Code {
		clean = CleanLines(b.Text)
	}
	if clean != b.Text {
		t.Errorf("block text %q is not clean (Clean gives %q)", b.Text, clean)
	}
	if b.Text == "" {
		t.Errorf("empty %s block", b.Kind)
	}
	end := 0
	for _, s := range b.Spans {
		if s.Start < end || s.Start >= s.End || s.End > len(b.Text) {
			t.Errorf("span %+v out of order or range in %q", s, b.Text)
			return
		}
		if !utf8.RuneStart(b.Text[s.Start]) || s.End < len(b.Text) && !utf8.RuneStart(b.Text[s.End]) {
			t.Errorf("span %+v not on rune boundaries in %q", s, b.Text)
		}
		if (s.Kind == LinkSpan) != (s.URL != "") {
			t.Errorf("span %+v: URL must be set exactly for links", s)
		}
		end = s.End
	}
}

// spanText is a span as the words it covers, for readable tests.
type spanText struct {
	Kind SpanKind
	Text string
	URL  string
}

func spanTexts(b Block) []spanText {
	var out []spanText
	for _, s := range b.Spans {
		out = append(out, spanText{s.Kind, b.Text[s.Start:s.End], s.URL})
	}
	return out
}

func TestHTMLBlocks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Block
	}{
		{"paragraphs", "<p>One  two</p>\n<p>Three</p>", []Block{{Text: "One two"}, {Text: "Three"}}},
		{"headings", "<h2>Title</h2><p>Body</p><h6>Small</h6>",
			[]Block{{Kind: Heading, Level: 2, Text: "Title"}, {Text: "Body"}, {Kind: Heading, Level: 6, Text: "Small"}}},
		{"list", "<ul><li>a</li><li>b <b>c</b></li></ul>",
			[]Block{{Kind: ListItem, Text: "a"}, {Kind: ListItem, Text: "b c", Spans: []Span{{Kind: Strong, Start: 2, End: 3}}}}},
		{"quote", "<blockquote><p>Said.</p><p>Again.</p></blockquote><p>After</p>",
			[]Block{{Kind: Quote, Text: "Said."}, {Kind: Quote, Text: "Again."}, {Text: "After"}}},
		{"pre", "<p>x</p><pre><code>func main() {\n\tgo run()\n}\n</code></pre>",
			[]Block{{Text: "x"}, {Kind: Code, Text: "func main() {\n    go run()\n}"}}},
		{"br splits", "第一段<br>第二段<br/><br/>Third", []Block{{Text: "第一段"}, {Text: "第二段"}, {Text: "Third"}}},
		{"plain text paragraphs", "First line\nstill first.\n\n  \nSecond.", []Block{{Text: "First line still first."}, {Text: "Second."}}},
		{"plain with entities", "Tom &amp; Jerry\n\n&lt;b&gt; is literal", []Block{{Text: "Tom & Jerry"}, {Text: "<b> is literal"}}},
		{"div text with blank lines", "<div>One\n\nTwo</div>", []Block{{Text: "One"}, {Text: "Two"}}},
		{"entities", "<p>caf&eacute; &#26032;&#x95fb; &lt;tag&gt;</p>", []Block{{Text: "café 新闻 <tag>"}}},
		{"dropped elements", `<p>a<script>alert(1)</script>b</p><style>p{}</style><iframe src="x">no</iframe>` +
			`<form><input>f</form><p>c<img src="http://t/pixel.gif" width="1">d</p><figure><img src="x.jpg"><figcaption>Cap</figcaption></figure>`,
			[]Block{{Text: "ab"}, {Text: "cd"}, {Text: "Cap"}}},
		{"debris", `<p>Story.</p><div class="share-buttons"><p>Share on X</p><div>more</div></div>` +
			`<div id="related"><ul><li>Other</li></ul></div><p>End.</p>`,
			[]Block{{Text: "Story."}, {Text: "End."}}},
		{"double escaped escape", "<p>a&#27;[31mred&#27;[0m</p>", []Block{{Text: "ared"}}},
		{"table cells", "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", []Block{{Text: "a b"}, {Text: "c"}}},
		{"unclosed tags", "<p>one<p>two <em>three", []Block{{Text: "one"},
			{Text: "two three", Spans: []Span{{Kind: Emphasis, Start: 4, End: 9}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := htmlBlocks(tt.in, nil)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("htmlBlocks(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
			for _, b := range got {
				checkBlock(t, b)
			}
		})
	}
}

func TestHTMLSpans(t *testing.T) {
	base, _ := url.Parse("https://news.example/2024/story.html")
	tests := []struct {
		name string
		in   string
		text string
		want []spanText
	}{
		{"kinds", `<p>An <em>em</em>, <i>i</i>, <strong>strong</strong>, <b>b</b> and <code>x := 1</code>.</p>`,
			"An em, i, strong, b and x := 1.",
			[]spanText{{Emphasis, "em", ""}, {Emphasis, "i", ""}, {Strong, "strong", ""}, {Strong, "b", ""}, {InlineCode, "x := 1", ""}}},
		{"links", `<p>See <a href="/other">the other</a> and <a href="mailto:x@y">mail</a> or <a href="javascript:x()">js</a>.</p>`,
			"See the other and mail or js.",
			[]spanText{{LinkSpan, "the other", "https://news.example/other"}}},
		{"spaces outside spans", "<p>a <b> bold words </b> c</p>", "a bold words c", []spanText{{Strong, "bold words", ""}}},
		{"chinese", "<p>新华社<strong>北京</strong>电，<a href=\"http://x.cn/a\">详情</a></p>", "新华社北京电，详情",
			[]spanText{{Strong, "北京", ""}, {LinkSpan, "详情", "http://x.cn/a"}}},
		{"nested link wins", `<p><strong>Read <a href="https://x/">more</a></strong> now</p>`, "Read more now",
			[]spanText{{LinkSpan, "more", "https://x/"}}},
		{"whitespace collapsed before span", "<p>one \n\t <em>two</em></p>", "one two", []spanText{{Emphasis, "two", ""}}},
		{"escape inside span", "<p>x <b>&#27;[1mbold</b> y</p>", "x bold y", []spanText{{Strong, "bold", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := htmlBlocks(tt.in, base)
			if len(blocks) != 1 {
				t.Fatalf("got %d blocks: %+v", len(blocks), blocks)
			}
			checkBlock(t, blocks[0])
			if blocks[0].Text != tt.text {
				t.Errorf("text = %q, want %q", blocks[0].Text, tt.text)
			}
			if got := spanTexts(blocks[0]); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("spans = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestHTMLSpanAcrossBreak(t *testing.T) {
	blocks := htmlBlocks("<p><b>one<br>two</b> three</p>", nil)
	want := [][]spanText{{{Strong, "one", ""}}, {{Strong, "two", ""}}}
	if len(blocks) != 2 {
		t.Fatalf("got %+v", blocks)
	}
	for i, b := range blocks {
		if got := spanTexts(b); !reflect.DeepEqual(got, want[i]) {
			t.Errorf("block %d spans = %+v, want %+v", i, got, want[i])
		}
	}
}

func TestHTMLCombiningAcrossElements(t *testing.T) {
	// A base letter and its combining accent in different elements: the
	// text must still come out in NFC, even if the span is given up.
	blocks := htmlBlocks("<p>caf<b>e\u0301</b>s</p>", nil)
	if len(blocks) != 1 || blocks[0].Text != "caf\u00e9s" {
		t.Fatalf("got %+v", blocks)
	}
	checkBlock(t, blocks[0])
	blocks = htmlBlocks("<p>cafe<b>\u0301</b></p>", nil)
	if len(blocks) != 1 || blocks[0].Text != "caf\u00e9" {
		t.Fatalf("got %+v", blocks)
	}
	checkBlock(t, blocks[0])
}

func TestHTMLText(t *testing.T) {
	tests := map[string]string{
		"Plain  title":                         "Plain title",
		"<p>Item Title</p>":                    "Item Title",
		"Tom &amp; Jerry":                      "Tom & Jerry",
		"a &amp;#27;[31mred":                   "a &#27;[31mred",
		"a &#27;[31mred":                       "a red",
		"<b>新闻</b> <script>x</script>报道":       "新闻 报道",
		"AT&T <i>news</i>\n\x1b]0;evil\x07end": "AT&T news end",
	}
	for in, want := range tests {
		if got := htmlText(in); got != want {
			t.Errorf("htmlText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitBlankLines(t *testing.T) {
	got := splitBlankLines("\n\na\nb\n \t\n\nc\n")
	want := []string{"a\nb\n", "c\n"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("splitBlankLines = %q, want %q", got, want)
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"<p>a <b>b</b> <a href='http://x/'>c</a></p>",
		"<ul><li>x<li>y</ul><pre>a\n\tb</pre>",
		"text\n\nmore &amp;#27;[31m",
		"<p>caf<b>e\u0301</b></p><div class=share>x</div>",
		"<svg><svg></svg>x</svg>y<br>z",
		"<em>\u3000</em>\u3000<b>新</b>",
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://base.example/dir/")
	f.Fuzz(func(t *testing.T, s string) {
		for _, b := range htmlBlocks(s, base) {
			checkBlock(t, b)
			if b.Kind == Heading && (b.Level < 1 || b.Level > 6) {
				t.Errorf("heading level %d", b.Level)
			}
			if strings.ContainsRune(b.Text, 0x1B) {
				t.Errorf("escape survived in %q", b.Text)
			}
		}
		if title := htmlText(s); Clean(title) != title {
			t.Errorf("htmlText(%q) = %q is not clean", s, title)
		}
	})
}

// pickSpansByRule is the rule pickSpans keeps, written the slow way: links
// first, then the others by start, each kept unless it overlaps one kept.
func pickSpansByRule(spans []Span) []Span {
	order := append([]Span(nil), spans...)
	sort.SliceStable(order, func(i, j int) bool {
		if (order[i].Kind == LinkSpan) != (order[j].Kind == LinkSpan) {
			return order[i].Kind == LinkSpan
		}
		return order[i].Start < order[j].Start
	})
	var kept []Span
	for _, s := range order {
		if !slices.ContainsFunc(kept, func(k Span) bool { return s.Start < k.End && k.Start < s.End }) {
			kept = append(kept, s)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].Start < kept[j].Start })
	return kept
}

func TestPickSpansKeepsTheRule(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		spans := make([]Span, r.IntN(12))
		for i := range spans {
			start := r.IntN(20)
			spans[i] = Span{Kind: SpanKind(r.IntN(4)), Start: start, End: start + 1 + r.IntN(6)}
			if spans[i].Kind == LinkSpan {
				spans[i].URL = fmt.Sprint("https://x/", i)
			}
		}
		want := pickSpansByRule(spans)
		if got := pickSpans(append([]Span(nil), spans...)); !reflect.DeepEqual(got, want) && len(got)+len(want) > 0 {
			t.Fatalf("pickSpans(%+v)\n got %+v\nwant %+v", spans, got, want)
		}
	}
}

func TestHTMLDeeplyNestedSpans(t *testing.T) {
	// Past maxOpenSpans open elements, deeper ones are not tracked; the
	// text is all kept and the spans stay valid.
	n := maxOpenSpans + 50
	s := "<p>" + strings.Repeat("<b>x", n) + strings.Repeat("</b>", n) + " y <em>z</em></p>"
	blocks := htmlBlocks(s, nil)
	if len(blocks) != 1 || blocks[0].Text != strings.Repeat("x", n)+" y z" {
		t.Fatalf("got %+v", blocks)
	}
	checkBlock(t, blocks[0])
	if got := spanTexts(blocks[0]); len(got) != 2 || got[1] != (spanText{Emphasis, "z", ""}) {
		t.Errorf("spans %+v", got)
	}
}
