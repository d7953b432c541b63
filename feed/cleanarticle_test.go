package feed

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// hostileText holds what must never reach a terminal: CSI, OSC, a C1
// control, BEL, a bidi override and isolate, invalid UTF-8.
const hostileText = "a\x1b[31mred\x1b]0;title\a\u009b2J\u202eb\u2066c\xffd"

// TestCleanArticleCleansEveryPrintedField: an article from outside the
// parsers (a database, a backend) comes out with nothing in any field that
// a terminal would act on, and the article given is left as it was.
func TestCleanArticleCleansEveryPrintedField(t *testing.T) {
	v := func() *Version {
		return &Version{Title: hostileText, Machine: &Machine{Backend: hostileText, Model: hostileText}, Blocks: []Block{
			{Text: hostileText, Spans: []Span{{Kind: LinkSpan, Start: 0, End: 1, URL: "https://x/" + hostileText}}},
			{Kind: Code, Text: "line one\x1b[2J\nline two"},
			{Text: "safe", Spans: []Span{{Kind: LinkSpan, Start: 0, End: 4, URL: "https://x/\u202e"}}},
		}}
	}
	a := &Article{ID: "x", Link: "https://x/" + hostileText, Feed: hostileText, Keywords: []string{hostileText}, ZH: v(), EN: v()}
	c := CleanArticle(a)
	if a.ZH.Blocks[0].Text != hostileText || a.Feed != hostileText {
		t.Fatal("CleanArticle changed the article it was given")
	}
	fields := []string{c.Link, c.Feed, c.Keywords[0]}
	for _, v := range []*Version{c.ZH, c.EN} {
		fields = append(fields, v.Title, v.Machine.Backend, v.Machine.Model, v.Blocks[0].Text, v.Blocks[1].Text,
			v.Blocks[2].Text, v.Blocks[2].Spans[0].URL)
		if v.Blocks[0].Spans != nil {
			t.Error("a cleaned block keeps spans whose offsets no longer fit")
		}
		if v.Blocks[2].Spans == nil {
			t.Error("a block whose text needed nothing lost its spans")
		}
		if v.Blocks[1].Text != "line one\nline two" {
			t.Errorf("code block %q, want its two lines without the escape", v.Blocks[1].Text)
		}
	}
	for _, f := range fields {
		if MayNeedClean(f, true) || strings.ContainsAny(f, "\x1b\a\u009b\u202e\u2066") {
			t.Errorf("left in a field: %q", f)
		}
	}
}

// TestCleanArticleKeepsACleanArticle: nothing to clean, nothing copied.
func TestCleanArticleKeepsACleanArticle(t *testing.T) {
	a := &Article{ID: "x", Keywords: []string{" untidy  but safe "}, ZH: &Version{Title: "标题", Blocks: []Block{
		{Text: "正文。", Spans: []Span{{Kind: Strong, Start: 0, End: 3}}}, {Kind: Code, Text: "a\nb"}}}}
	if CleanArticle(a) != a {
		t.Error("a clean article was copied")
	}
	if CleanArticle(nil) != nil {
		t.Error("nil is not nil")
	}
}

func TestMayNeedCleanSeesAll(t *testing.T) {
	// Every code point that Clean removes or rewrites for a reason
	// other than tidiness (NFC, white space) must be seen by the fast scan
	// that lets articles skip Clean.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue // not encodable in UTF-8
		}
		s := "a" + string(r) + "b"
		if MayNeedClean(s, false) {
			continue
		}
		got := Clean(s)
		if got != norm.NFC.String(s) && got != "a b" && got != "a\u3000b" {
			t.Errorf("%U: Clean gives %q but the scan passes it", r, got)
		}
	}
	for _, s := range []string{"\xff", "a\xc2", "x\ny", "\x1b", "\u009b", "\u202e", "\u2069", "\ufeff"} {
		if !MayNeedClean(s, false) {
			t.Errorf("MayNeedClean(%q) = false", s)
		}
	}
	if MayNeedClean("code\nline", true) || !MayNeedClean("code\tline", true) {
		t.Error("a code block's line break is flagged, or its tab is not")
	}
}
