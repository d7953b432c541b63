package feed

import (
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// TestNFCInertRunesNeedNoNormalization checks every rune nfcInert passes
// against x/text's tables: in NFC alone and with a boundary before it, so
// that Clean may skip the NFC check of text made only of such runes.
func TestNFCInertRunesNeedNoNormalization(t *testing.T) {
	passed := 0
	for r := rune(0); r <= 0x10FFFF; r++ {
		if !nfcInert(r) {
			continue
		}
		passed++
		s := string(r)
		if !norm.NFC.IsNormalString(s) || !norm.NFC.PropertiesString(s).BoundaryBefore() {
			t.Errorf("nfcInert(%U), but NFC may change it or join it to the rune before", r)
		}
	}
	// ASCII, Latin-1 and the CJK ideographs at least.
	if passed < 0x300+0x9FFF-0x4E00 {
		t.Errorf("nfcInert passes only %d runes", passed)
	}
}

// TestCleanComposesNextToInertText is about text that the NFC check may
// not skip: a rune that composes with the one before it, or that NFC
// replaces, beside Chinese and ASCII, on Clean's fast path (already
// clean but for NFC) and on its slow one (white space to collapse).
func TestCleanComposesNextToInertText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"新闻e\u0301", "新闻\u00e9"},
		{"A\u030a报道", "\u00c5报道"},
		{"\u304b\u3099", "\u304c"},         // kana and the voiced mark
		{"\uac00\u11a8", "\uac01"},         // Hangul LV syllable and a final jamo
		{"中\uf900文", "中\u8c48文"},           // a CJK compatibility ideograph
		{"\u2126 ohm", "\u03a9 ohm"},       // OHM SIGN
		{"新闻\u0958", "新闻\u0915\u093c"},     // excluded from composition
		{"\u0301\u0328新", "\u0328\u0301新"}, // marks out of canonical order
	} {
		for _, in := range []string{tt.in, "  " + tt.in + "\n"} {
			if got := Clean(in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", in, got, tt.want)
			}
		}
	}
}

// TestCleanOfChineseTextAllocatesNothing protects Clean's quick path for
// text that is clean already: Chinese and English with their punctuation
// are returned as they are, without a copy and without the normalization
// check, which allocated on every call.
func TestCleanOfChineseTextAllocatesNothing(t *testing.T) {
	s := "近日，国家统计局发布数据显示——前三季度国内生产总值同比增长5.2%。“Official figures show…”"
	if got := Clean(s); got != s {
		t.Fatalf("Clean changed clean text to %q", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Clean(s) }); n != 0 {
		t.Errorf("Clean of clean Chinese text: %.0f allocations, want 0", n)
	}
}

// TestIsSpaceIsUnicodeWhiteSpace checks isSpace, which stops looking at
// U+3000, against unicode.IsSpace for every rune.
func TestIsSpaceIsUnicodeWhiteSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if want := unicode.IsSpace(r) || r == '\u2028' || r == '\u2029'; isSpace(r) != want {
			t.Errorf("isSpace(%U) = %v, want %v", r, !want, want)
		}
	}
}

// TestCJKUnifiedIdeographsAreHan checks the block textLanguage counts as
// Han without looking it up.
func TestCJKUnifiedIdeographsAreHan(t *testing.T) {
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		if !unicode.Is(unicode.Han, r) || !unicode.IsLetter(r) {
			t.Fatalf("%U is in the CJK Unified Ideographs block but not a Han letter", r)
		}
	}
}

// TestChinesePunctuationHasNoLetters checks the blocks textLanguage
// passes over without looking them up.
func TestChinesePunctuationHasNoLetters(t *testing.T) {
	n := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !chinesePunctuation(r) {
			continue
		}
		n++
		if unicode.Is(unicode.Han, r) || unicode.IsLetter(r) {
			t.Errorf("chinesePunctuation(%U), but it is a letter", r)
		}
	}
	for _, r := range "，。、：；！？「」『』“”——……（）《》【】〔〕" {
		if !chinesePunctuation(r) {
			t.Errorf("chinesePunctuation(%q) = false", r)
		}
	}
	if n == 0 {
		t.Error("chinesePunctuation passes nothing")
	}
}
