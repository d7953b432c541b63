package align

import (
	"github.com/xinwen-reader/xinwen/feed"
	"math"
	"slices"
	"strings"
	"testing"
)

// oneByOne are paragraphs of the corpora whose translator cut the text
// sentence for sentence, and which the aligner once merged into 2-2 pairs:
// a long English sentence next to a short one whose lengths summed agree
// (嘉雅 high-speed rail), Latin text inside the Chinese measured as so many
// Chinese characters (如[[[#zhuyin-regular-tone]]]所示), an anchor that
// recurs in the English sentences only, or a word of one sentence glossed
// in the other (注音, 横排).
var oneByOne = []struct{ corpus, prefix string }{
	{"samples", "2023年10月，印度尼西亚雅加达至万隆高速铁路"},
	{"clreq", "直式注音向上回返半个符号空间"},
	{"clreq", "阿拉伯数字使用比例字体"},
	{"clreq", "文字横排、注音置于基字右侧时"},
}

// articleSize is the number of paragraph pairs of the quality test's
// articles.
const articleSize = 25

func TestSentencesTranslatedOneByOneAreNotMerged(t *testing.T) {
	corpora := map[string][]paragraph{"clreq": clreqCorpus(t), "samples": sampleCorpus(t)}
	for _, c := range oneByOne {
		corpus := corpora[c.corpus]
		k := slices.IndexFunc(corpus, func(p paragraph) bool { return strings.Contains(strings.Join(p.zh, ""), c.prefix) })
		if k < 0 || !corpus[k].known() || len(corpus[k].zh) < 2 {
			t.Fatalf("%s: no known paragraph of several sentences has %q", c.corpus, c.prefix)
		}
		articles, _ := buildArticles(corpus, articleSize, edits{}, 1)
		ta := articles[k/articleSize]
		z, e := 0, 0
		for _, p := range corpus[k/articleSize*articleSize : k] {
			z, e = z+len(p.zh), e+len(p.en)
		}
		a := Article(&ta.zh, &ta.en)
		for _, l := range corpus[k].links {
			want := Pair{ZH: Range{z, z + l.zh}, EN: Range{e, e + l.en}}
			if !slices.ContainsFunc(a.Pairs, func(p Pair) bool { return p.ZH == want.ZH && p.EN == want.EN }) {
				t.Errorf("%s %q: sentences %v and %v are not paired", c.corpus, c.prefix, want.ZH, want.EN)
			}
			z, e = z+l.zh, e+l.en
		}
	}
}

func TestLatinInsideChineseIsMeasuredAsItsEnglishCopy(t *testing.T) {
	zh := &feed.Version{Blocks: []feed.Block{{Text: "如[[[#zhuyin-regular-tone]]]所示。见U+FF08 FULLWIDTH LEFT PARENTHESIS。"}}}
	en := &feed.Version{Blocks: []feed.Block{{Text: "As seen in [[[#zhuyin-regular-tone]]]. See U+FF08 FULLWIDTH LEFT PARENTHESIS."}}}
	z := newSide(zh, ZH, zhAnchors, nil)
	e := newSide(en, EN, enAnchors, z.keySet())
	ratio := lengthRatio(z, e)
	z.setLengths(ratio)
	e.setLengths(ratio)
	for i := range 2 {
		l1, l2 := z.length[i+1]-z.length[i], e.length[i+1]-e.length[i]
		if math.Abs(l1-l2) > 0.25*max(l1, l2) {
			t.Errorf("sentence %d: %.1f Chinese characters long in Chinese, %.1f in English", i, l1, l2)
		}
	}
}

func TestAnchorOfOneSideCostsOncePerSentence(t *testing.T) {
	zh := &feed.Version{Blocks: []feed.Block{{Text: "第一句话。第二句话。"}}}
	en := &feed.Version{Blocks: []feed.Block{{Text: "The first in Beijing. The second in Beijing."}}}
	z := newSide(zh, ZH, zhAnchors, nil)
	e := newSide(en, EN, enAnchors, map[string]bool{"Beijing": true})
	z.allKeys = append(z.allKeys, "Beijing") // the Chinese has it elsewhere
	setMasks(z, e, defaultOptions)
	z.setLengths(priorRatio)
	e.setLengths(priorRatio)
	c := costs{ratio: priorRatio, variance: defaultVariance, opt: defaultOptions}
	merged := c.parts(z, e, Pair{ZH: Range{0, 2}, EN: Range{0, 2}}, shape(2, 2))
	if merged.misses != 2 {
		t.Errorf("a 2-2 pair of two English sentences with an anchor the Chinese lacks has %d misses, want 2 (as two 1-1 pairs have)", merged.misses)
	}
}

func TestRoughLogIsCloseAndIncreasing(t *testing.T) {
	prev := math.Inf(-1)
	for x := 0.01; x < 1e7; x *= 1.01 {
		got := roughLog(x)
		if math.Abs(got-math.Log(x)) > 0.06 || got < prev {
			t.Fatalf("roughLog(%v) = %v after %v, ln is %v", x, got, prev, math.Log(x))
		}
		prev = got
	}
}
