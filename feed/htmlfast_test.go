package feed

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// tagNameInputs are HTML fragments whose tags tagName must name as the
// tokenizer's TagName does: upper case, NUL, attributes, self-closing and
// end tags with spaces, raw-text elements and tags cut off by the end.
var tagNameInputs = []string{
	"<p>a <b>b</b> <a href='http://x/'>c</a></p>",
	"<P CLASS=x>a</P ><Br/><br/><br />x<IMG src=y>",
	"<p\x00q>a</p\x00q><e\tx=1>b</e\nx><f\rg><h\fi>",
	"<script>if (a<b) {}</script><title>t</TITLE><textarea><b></textarea>",
	"<style>p{}</style ><xmp><i></xmp><plaintext><p>rest",
	"<p/x>a</p/y>b</ p>c<//p><!-- <p> --><![CDATA[<q>]]>",
	"<a", "</a", "<a href", "<a/", "</", "<", "<ÄÖ>x</äö>", "<svg:rect/>", "<math><mi>x</mi></math>",
}

// checkTagNames tokenizes s and fails t where tagName and TagName
// disagree about a tag.
func checkTagNames(t *testing.T, s string) {
	t.Helper()
	// Two tokenizers in step, as TagName reads a name only once.
	z, ref := html.NewTokenizer(strings.NewReader(s)), html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		if ref.Next() != tt {
			t.Fatalf("in %q, the tokenizers disagree", s)
		}
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.EndTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		got, gotAttr := tagName(z, tt == html.EndTagToken)
		want, wantAttr := ref.TagName()
		if !bytes.Equal(got, want) || wantAttr && !gotAttr {
			t.Fatalf("in %q, tag %q: tagName = %q, %v; TagName = %q, %v", s, ref.Raw(), got, gotAttr, want, wantAttr)
		}
	}
}

func TestTagNameAgreesWithTokenizer(t *testing.T) {
	for _, s := range tagNameInputs {
		checkTagNames(t, s)
	}
}

func FuzzTagName(f *testing.F) {
	for _, s := range tagNameInputs {
		f.Add(s)
	}
	f.Fuzz(checkTagNames)
}

// TestHTMLBlocksAllocationsOfALongBody protects the cleaner's economy on
// the long CDATA body of BenchmarkParseRatioShapes (eight paragraphs with
// strong, em and link spans): tag names and text runs are read in place,
// clean text is neither copied nor checked for NFC, and spans already in
// order are not sorted. It made 177 allocations before, 59 since; the
// rest are the tokenizer's buffer, the blocks' text and spans and the
// links' URLs.
func TestHTMLBlocksAllocationsOfALongBody(t *testing.T) {
	const most = 64
	body := ratioBodies("cdata")
	if n := len(htmlBlocks(body, nil)); n != 8 {
		t.Fatalf("%d blocks, want 8", n)
	}
	if n := testing.AllocsPerRun(20, func() { htmlBlocks(body, nil) }); n > most {
		t.Errorf("htmlBlocks of the long body: %.0f allocations, want at most %d", n, most)
	}
}

// TestBlocksAfterSpansHaveNoneOfTheirs protects the span buffer the
// blocks of one fragment share: a block without spans has nil Spans (as
// JSON, null rather than []), and one block's spans never change when the
// next is built.
func TestBlocksAfterSpansHaveNoneOfTheirs(t *testing.T) {
	blocks := htmlBlocks("<p><em>a</em> b <strong>c</strong></p><p>plain</p><p><code>x</code> y</p>", nil)
	if len(blocks) != 3 {
		t.Fatalf("%d blocks, want 3: %+v", len(blocks), blocks)
	}
	want := [][]Span{
		{{Kind: Emphasis, Start: 0, End: 1}, {Kind: Strong, Start: 4, End: 5}},
		nil,
		{{Kind: InlineCode, Start: 0, End: 1}},
	}
	for i, b := range blocks {
		if !reflect.DeepEqual(b.Spans, want[i]) || (b.Spans == nil) != (want[i] == nil) {
			t.Errorf("block %d %q: spans %#v, want %#v", i, b.Text, b.Spans, want[i])
		}
	}
}
