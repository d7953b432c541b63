package align

import (
	"strings"
	"testing"
)

// TestWidthCountsCountsRunes checks widthCounts, which steps over ASCII
// bytes, eight at a time where it can, and valid three-byte runes from
// U+3000 without decoding them,
// against counting the runes of a range over the string: ASCII, Latin,
// the edges of wideFirst, Han, fullwidth forms, four-byte runes, and every
// string of four bytes from a set that makes surrogates, overlong forms,
// cut runes and stray continuation bytes, each of whose invalid bytes is
// one wide rune.
func TestWidthCountsCountsRunes(t *testing.T) {
	texts := []string{
		"", "Trains run fast.", "café naïve", "\u2e7f\u2e80\u2e81", "汉字。Ｔｒａｉｎ", "𠀀𠀁 ok",
		"mixed 中文 text, 3 ½ and “quotes”",
	}
	// Runs of ASCII, which widthCounts takes eight bytes at a time, of
	// every length to 17 around other runes.
	for k := range 18 {
		for _, other := range []string{"汉", "é", "\xff", "\xe3\x80", "𠀀"} {
			texts = append(texts, strings.Repeat("a", k)+other+strings.Repeat("b", 17-k)+other)
		}
	}
	set := []byte{'A', 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc3, 0xe0, 0xe2, 0xe3, 0xed, 0xef, 0xf0, 0xff}
	for _, a := range set {
		for _, b := range set {
			for _, c := range set {
				for _, d := range set {
					texts = append(texts, string([]byte{a, b, c, d}))
				}
			}
		}
	}
	for _, text := range texts {
		var wide, narrow float64
		for _, r := range text {
			if r >= wideFirst {
				wide++
			} else {
				narrow++
			}
		}
		if w, n := widthCounts(text); w != wide || n != narrow {
			t.Errorf("widthCounts(%q) = %g wide, %g narrow; its runes are %g and %g", text, w, n, wide, narrow)
		}
	}
}
