package store

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// termsOf is what the index holds of s, as one piece of text.
func termsOf(s string) string {
	t := newTermText()
	t.counts.reset()
	t.add(s)
	return t.terms()
}

// TestNormalizeKeepsTheTermsOfNFKC checks every rune of inertRanges, in
// contexts that combine or compose, and random text mixing them with
// full-width letters, compatibility ideographs and combining marks: the
// terms of a text are those of its NFKC form.
func TestNormalizeKeepsTheTermsOfNFKC(t *testing.T) {
	contexts := [][2]string{{"", ""}, {"a", "b"}, {"中", "国"}, {"e", "\u0301x"}, {"A\u0300", "\u0308"}, {"ｆ", "１"}, {"가", "\u1161"}}
	var alphabet []rune
	for _, rg := range inertRanges {
		for r := rg[0]; r < rg[1]; r++ {
			alphabet = append(alphabet, r)
			for _, c := range contexts {
				s := c[0] + string(r) + c[1]
				if got, want := termsOf(s), termsOf(norm.NFKC.String(s)); got != want {
					t.Fatalf("%q (U+%04X): terms %q, NFKC's %q", s, r, got, want)
				}
			}
		}
	}
	alphabet = append(alphabet, []rune("abcXYZ019 中华人民共和国新闻\u0301\u0308\u3099\uff21\uff41\uff10\uf900\u2460\ufb01\u1100\u1161가")...)
	rnd := rand.New(rand.NewPCG(11, 11))
	for range 20000 {
		b := make([]rune, 1+rnd.IntN(12))
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		s := string(b)
		if got, want := termsOf(s), termsOf(norm.NFKC.String(s)); got != want {
			t.Fatalf("%q: terms %q, NFKC's %q", s, got, want)
		}
	}
}

// TestNormalizeLeavesChineseNewsPunctuationAlone: a block of Chinese news
// with its full-width punctuation and curly quotes is tokenized as it is,
// without building its NFKC form (which was half the cost of the terms of
// a save).
func TestNormalizeLeavesChineseNewsPunctuationAlone(t *testing.T) {
	for _, s := range []string{
		"近日，国家统计局发布数据显示：前三季度国内生产总值同比增长5.2%（初步核算）。",
		"“我们将继续扩大高水平对外开放，”发言人说，“为各国企业提供更多机遇……”",
		"《人民日报》——「新华社」电；记者　王五！？",
	} {
		if allocs := testing.AllocsPerRun(10, func() { _ = normalize(s) }); allocs != 0 {
			t.Errorf("normalize(%q) allocates %v times, want the text as it is", s, allocs)
		}
		if got, want := termsOf(s), termsOf(norm.NFKC.String(s)); got != want {
			t.Errorf("%q: terms %q, NFKC's %q", s, got, want)
		}
	}
}
