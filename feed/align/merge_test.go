package align

import (
	"github.com/xinwen-reader/xinwen/feed"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

// oneByOne are paragraphs of the corpora whose translator cut the text
// sentence for sentence, and which the aligner once merged into 2-2 pairs:
// a long English sentence next to a short one whose lengths summed agree
// (嘉雅 high-speed rail), Latin text inside the Chinese measured as so many
// Chinese characters (如[[[#zhuyin-regular-tone]]]所示), an anchor that
// recurs in the English sentences only, a word of one sentence glossed in
// the other (注音, 横排), or a short sentence whose words are not in its
// translation's (单面装, "single-side setting").
var oneByOne = []struct{ corpus, prefix string }{
	{"samples", "2023年10月，印度尼西亚雅加达至万隆高速铁路"},
	{"clreq", "直式注音向上回返半个符号空间"},
	{"clreq", "阿拉伯数字使用比例字体"},
	{"clreq", "文字横排、注音置于基字右侧时"},
	{"clreq", "横排时，行间线、着重号均标注于文字下方"},
	{"clreq", "拼注音共同标注是一种可行的作法"},
}

// articleSize is the number of paragraph pairs of the quality test's
// articles.
const articleSize = 25

func TestSentencesTranslatedOneByOneAreNotMerged(t *testing.T) {
	corpora := map[string][]paragraph{"clreq": clreqCorpus(t), "samples": sampleCorpus(t)}
	for _, c := range oneByOne {
		checkKnownPairs(t, corpora[c.corpus], c.corpus, c.prefix)
	}
}

// checkKnownPairs fails t unless the aligner finds every known pair of
// the paragraph of corpus whose Chinese has text, in the quality test's
// article (as translated) that holds it.
func checkKnownPairs(t *testing.T, corpus []paragraph, name, text string) {
	t.Helper()
	k := slices.IndexFunc(corpus, func(p paragraph) bool { return strings.Contains(strings.Join(p.zh, ""), text) })
	if k < 0 || !corpus[k].known() || len(corpus[k].zh) < 2 {
		t.Fatalf("%s: no known paragraph of several sentences has %q", name, text)
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
			t.Errorf("%s %q: sentences %v and %v are not paired", name, text, want.ZH, want.EN)
		}
		z, e = z+l.zh, e+l.en
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
	// The Chinese has Beijing elsewhere, in its third sentence.
	zh := &feed.Version{Blocks: []feed.Block{{Text: "第一句话。第二句话。在Beijing。"}}}
	en := &feed.Version{Blocks: []feed.Block{{Text: "The first in Beijing. The second in Beijing."}}}
	z := newSide(zh, ZH, zhAnchors, nil)
	e := newSide(en, EN, enAnchors, z.keySet())
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

func TestLongSentenceLeftOutOfTheTranslationStaysAlone(t *testing.T) {
	data, err := os.ReadFile("../sample/020_high_speed_rail.txt")
	if err != nil {
		t.Fatal(err)
	}
	articles, err := feed.Parse("020_high_speed_rail.txt", data)
	if err != nil || len(articles) != 1 {
		t.Fatalf("sample: %v", err)
	}
	zh, en := articles[0].ZH, articles[0].EN
	// Leave out of the English the longest sentence of a paragraph of
	// several, and its Chinese stays without counterpart.
	var b, s int
	longest := 0
	for k, block := range en.Blocks {
		spans := EN(block.Text)
		if len(spans) < 3 || len(ZH(zh.Blocks[k].Text)) != len(spans) {
			continue
		}
		for i, sp := range spans[1 : len(spans)-1] {
			if sp.End-sp.Start > longest {
				b, s, longest = k, i+1, sp.End-sp.Start
			}
		}
	}
	if longest == 0 {
		t.Fatal("no paragraph of three sentences or more in the sample")
	}
	spans := EN(en.Blocks[b].Text)
	cut := *en
	cut.Blocks = slices.Clone(en.Blocks)
	text := en.Blocks[b].Text
	cut.Blocks[b].Text = text[:spans[s].Start] + text[spans[s+1].Start:]
	gone := 0 // the index of the English sentence left out
	for _, block := range en.Blocks[:b] {
		gone += len(EN(block.Text))
	}
	gone += s
	var want []Pair
	for _, p := range Article(zh, en).Pairs {
		p.Score = 0
		if p.EN.Start > gone {
			p.EN.Start--
		}
		if p.EN.End > gone {
			p.EN.End--
		}
		want = append(want, p)
	}
	got := Article(zh, &cut).Pairs
	for k := range got {
		got[k].Score = 0
	}
	if !slices.Equal(got, want) {
		t.Errorf("with English sentence %d left out, the pairs are\n%v\nwant\n%v", gone, got, want)
	}
}
