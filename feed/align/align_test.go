package align

import (
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xinwen-reader/xinwen/feed"
)

// checkAlignment fails t unless a is a well-formed alignment of zh and en:
// the sentences are those the segmenters give for each block, every
// sentence is in exactly one pair, in order, every pair has a sentence and
// a score in 0..1, and the groups cover every block and pair in order with
// no pair crossing a group's border.
func checkAlignment(t testing.TB, a Alignment, zh, en *feed.Version) {
	t.Helper()
	checkSentences(t, "zh", a.ZH, zh, ZH)
	checkSentences(t, "en", a.EN, en, EN)
	nz, ne := 0, 0
	for k, p := range a.Pairs {
		if p.ZH.Start != nz || p.EN.Start != ne || p.ZH.End < p.ZH.Start || p.EN.End < p.EN.Start {
			t.Fatalf("pair %d %v %v does not follow on from sentence %d, %d", k, p.ZH, p.EN, nz, ne)
		}
		if p.ZH.Len()+p.EN.Len() == 0 {
			t.Fatalf("pair %d is empty", k)
		}
		if !(p.Score >= 0 && p.Score <= 1) {
			t.Fatalf("pair %d has score %v", k, p.Score)
		}
		nz, ne = p.ZH.End, p.EN.End
	}
	if nz != len(a.ZH) || ne != len(a.EN) {
		t.Fatalf("pairs end at sentence %d, %d of %d, %d", nz, ne, len(a.ZH), len(a.EN))
	}
	checkGroups(t, a, blocks(zh), blocks(en))
}

// blocks returns the number of blocks of v.
func blocks(v *feed.Version) int {
	if v == nil {
		return 0
	}
	return len(v.Blocks)
}

// checkSentences fails t unless sents are the sentences of v's blocks.
func checkSentences(t testing.TB, lang string, sents []Sentence, v *feed.Version, cut func(string) []Span) {
	t.Helper()
	var want []Sentence
	if v != nil {
		for b, block := range v.Blocks {
			spans := cut(block.Text)
			if block.Kind == feed.Code {
				spans = segment(block.Text, codeEnds)
			}
			for _, s := range spans {
				want = append(want, Sentence{Block: b, Span: s})
			}
		}
	}
	if len(sents) != len(want) {
		t.Fatalf("%s: %d sentences, the blocks have %d", lang, len(sents), len(want))
	}
	for k := range want {
		if sents[k] != want[k] {
			t.Fatalf("%s: sentence %d is %v, want %v", lang, k, sents[k], want[k])
		}
	}
}

// checkGroups fails t unless the groups of a cover zhBlocks and enBlocks
// and all pairs in order, and each pair's sentences lie in its group.
func checkGroups(t testing.TB, a Alignment, zhBlocks, enBlocks int) {
	t.Helper()
	groups := a.Groups()
	if zhBlocks+enBlocks == 0 && len(groups) != 0 {
		t.Fatalf("groups %v without blocks", groups)
	}
	var z, e, p int
	for k, g := range groups {
		if g.ZH.Start != z || g.EN.Start != e || g.Pairs.Start != p ||
			g.ZH.End < z || g.EN.End < e || g.Pairs.End < p {
			t.Fatalf("group %d %+v does not follow on from blocks %d, %d and pair %d", k, g, z, e, p)
		}
		for _, pair := range a.Pairs[g.Pairs.Start:g.Pairs.End] {
			for _, s := range a.ZH[pair.ZH.Start:pair.ZH.End] {
				if s.Block < g.ZH.Start || s.Block >= g.ZH.End {
					t.Fatalf("group %d %+v: zh sentence of block %d", k, g, s.Block)
				}
			}
			for _, s := range a.EN[pair.EN.Start:pair.EN.End] {
				if s.Block < g.EN.Start || s.Block >= g.EN.End {
					t.Fatalf("group %d %+v: en sentence of block %d", k, g, s.Block)
				}
			}
		}
		z, e, p = g.ZH.End, g.EN.End, g.Pairs.End
	}
	if len(groups) > 0 && (z != zhBlocks || e != enBlocks || p != len(a.Pairs)) {
		t.Fatalf("groups end at blocks %d, %d and pair %d, want %d, %d and %d", z, e, p, zhBlocks, enBlocks, len(a.Pairs))
	}
}

// version returns a version with one paragraph block per text.
func version(texts ...string) *feed.Version {
	v := &feed.Version{}
	for _, s := range texts {
		v.Blocks = append(v.Blocks, feed.Block{Text: s})
	}
	return v
}

func TestArticleWithoutOneSide(t *testing.T) {
	if a := Article(nil, nil); len(a.Pairs) != 0 || a.Groups() != nil {
		t.Errorf("two nil versions give %+v and groups %v", a, a.Groups())
	}
	if a := (Alignment{}); a.Groups() != nil {
		t.Errorf("the zero Alignment has groups %v", a.Groups())
	}
	zh := version("第一句。第二句。", "", "第三句！")
	a := Article(zh, nil)
	checkAlignment(t, a, zh, nil)
	if len(a.Pairs) != 3 {
		t.Fatalf("%d pairs for three Chinese sentences alone", len(a.Pairs))
	}
	for _, p := range a.Pairs {
		if p.EN.Len() != 0 || p.Score > 0.3 {
			t.Errorf("pair %+v of a sentence with no translation", p)
		}
	}
	en := version("Only English. Here.")
	a = Article(&feed.Version{}, en)
	checkAlignment(t, a, &feed.Version{}, en)
	if g := a.Groups(); len(g) != 1 || g[0].EN != (Range{0, 1}) || g[0].ZH.Len() != 0 {
		t.Errorf("English alone gives groups %+v", g)
	}
}

// sampleArticles returns the sample articles that have both languages.
func sampleArticles(t testing.TB) []feed.Article {
	t.Helper()
	files, err := filepath.Glob("../sample/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample articles: %v", err)
	}
	var out []feed.Article
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		articles, err := feed.Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range articles {
			if a.ZH != nil && a.EN != nil {
				out = append(out, a)
			}
		}
	}
	return out
}

func TestGroupsAreParagraphsWhenKeptOneToOne(t *testing.T) {
	for _, art := range sampleArticles(t) {
		if len(art.ZH.Blocks) != len(art.EN.Blocks) {
			continue
		}
		a := Article(art.ZH, art.EN)
		checkAlignment(t, a, art.ZH, art.EN)
		groups := a.Groups()
		if len(groups) != len(art.ZH.Blocks) {
			t.Errorf("%s: %d groups for %d paragraphs each side: %+v", art.Source, len(groups), len(art.ZH.Blocks), groups)
			continue
		}
		for k, g := range groups {
			if g.ZH != (Range{k, k + 1}) || g.EN != (Range{k, k + 1}) {
				t.Errorf("%s: group %d is %+v, want paragraph %d on both sides", art.Source, k, g, k)
			}
		}
	}
}

func TestGroupsJoinParagraphsThatAPairCrosses(t *testing.T) {
	zh := version(
		"截至2023年底，全国铁路营业里程达到15.9万公里。",
		"其中高速铁路4.5万公里，约占28.30%。",
		"2008年8月1日，北京至天津城际铁路开通运营。")
	en := version(
		"By the end of 2023, China's railways had 159,000 kilometres of lines. Of them, 45,000 kilometres, about 28.30%, were high-speed.",
		"On 1 August 2008 the Beijing–Tianjin intercity railway opened.")
	a := Article(zh, en)
	checkAlignment(t, a, zh, en)
	want := []Group{
		{ZH: Range{0, 2}, EN: Range{0, 1}, Pairs: Range{0, 2}},
		{ZH: Range{2, 3}, EN: Range{1, 2}, Pairs: Range{2, 3}},
	}
	if g := a.Groups(); len(g) != len(want) || g[0] != want[0] || g[1] != want[1] {
		t.Errorf("groups %+v, want %+v", g, want)
	}
}

func TestDroppedParagraphIsAGroupOfOneSide(t *testing.T) {
	zh := version(
		"2011年6月30日，京沪高铁建成通车。线路全长1318公里。",
		"这条线路也连着一段历史：1909年建成的京张铁路，是中国人自行设计建造的第一条干线铁路，主持修建的工程师詹天佑因此闻名。新旧两条京张线，相隔整整110年。",
		"2012年12月26日，京广高铁全线贯通，全长2298公里。")
	en := version(
		"On 30 June 2011 the Beijing–Shanghai high-speed railway opened. The line is 1,318 kilometres long.",
		"On 26 December 2012 the Beijing–Guangzhou high-speed railway opened along its full length of 2,298 kilometres.")
	a := Article(zh, en)
	checkAlignment(t, a, zh, en)
	g := a.Groups()
	if len(g) != 3 || g[1].ZH != (Range{1, 2}) || g[1].EN.Len() != 0 {
		t.Fatalf("groups %+v, want the middle Chinese paragraph alone", g)
	}
	for _, p := range a.Pairs[g[1].Pairs.Start:g[1].Pairs.End] {
		if p.Score > 0.3 {
			t.Errorf("a sentence without translation scores %.2f", p.Score)
		}
	}
}

func TestScoresRankGoodPairsAboveUnpairedSentences(t *testing.T) {
	var good, all int
	for _, art := range sampleArticles(t) {
		a := Article(art.ZH, art.EN)
		for _, p := range a.Pairs {
			all++
			if p.ZH.Len() == 1 && p.EN.Len() == 1 && p.Score >= 0.5 {
				good++
			}
		}
	}
	if good < all*3/4 {
		t.Errorf("only %d of %d pairs of the samples are 1-1 with a score of 0.5 or more", good, all)
	}
}

// randomText returns text for property tests: sentences from the corpus,
// or bytes of punctuation, digits, letters, control characters and
// invalid UTF-8.
func randomText(rng *rand.Rand, corpus []string) string {
	if rng.IntN(4) > 0 {
		return corpus[rng.IntN(len(corpus))]
	}
	parts := []string{"。", "！", "？", "……", "”", "」", ". ", "? ", "! ", "...", "Mr. ", "U.S. ", "4.1万",
		"41,000", "1月26日", "January ", "GDP", "汉字", "words ", " ", "\n", "\x1b[31m", "\u202e", "\xff", "https://a.b/?c=1!"}
	var b strings.Builder
	for range rng.IntN(40) {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

func TestEverySentenceInOnePairInOrder(t *testing.T) {
	var zhCorpus, enCorpus []string
	zhs, ens := clreqParagraphs(t)
	for k := range zhs {
		zhCorpus, enCorpus = append(zhCorpus, zhs[k].Text), append(enCorpus, ens[k].Text)
	}
	rng := rand.New(rand.NewPCG(8, 8))
	for range 300 {
		zh, en := &feed.Version{}, &feed.Version{}
		for range rng.IntN(30) {
			zh.Blocks = append(zh.Blocks, feed.Block{Kind: feed.BlockKind(rng.IntN(5)), Text: randomText(rng, zhCorpus)})
		}
		for range rng.IntN(30) {
			en.Blocks = append(en.Blocks, feed.Block{Kind: feed.BlockKind(rng.IntN(5)), Text: randomText(rng, enCorpus)})
		}
		checkAlignment(t, Article(zh, en), zh, en)
	}
	for _, art := range sampleArticles(t) {
		checkAlignment(t, Article(art.ZH, art.EN), art.ZH, art.EN)
	}
	articles, _ := buildArticles(clreqCorpus(t), 25, harderEdits, 2)
	for _, ta := range articles {
		checkAlignment(t, Article(&ta.zh, &ta.en), &ta.zh, &ta.en)
	}
}

func TestTailCostIsTheNormalTail(t *testing.T) {
	for _, x := range []float64{0, 0.5, 1, 2, 5, 11.9, 12, 20, 40} {
		want := -math.Log(math.Erfc(x / math.Sqrt2))
		if got := tailCost(x); math.Abs(got-want) > 0.06*(1+want) || math.IsInf(got, 0) {
			t.Errorf("tailCost(%v) = %v, want %v", x, got, want)
		}
	}
	if got := tailCost(1e6); math.IsInf(got, 0) || math.IsNaN(got) {
		t.Errorf("tailCost(1e6) = %v", got)
	}
}

func TestSentencesAreValidUTF8Slices(t *testing.T) {
	text := "第一句。\xff第二句！\u202e第三句"
	for _, s := range ZH(text) {
		if !utf8.RuneStart(text[s.Start]) {
			t.Errorf("span %v starts inside a rune", s)
		}
	}
}

func TestParagraphWithoutSentenceEndIsAlignedInPieces(t *testing.T) {
	zh := version(strings.Repeat("这是一段没有句号的很长的文字，其中有GDP和4.1万", 50<<10/60))
	en := version(strings.Repeat("this is a long text without a full stop, with GDP and 41,000 in it ", 50<<10/22))
	a := Article(zh, en)
	checkAlignment(t, a, zh, en)
	if len(a.ZH) < 50<<10/MaxPiece || len(a.EN) < 150<<10/MaxPiece {
		t.Errorf("%d and %d pieces: the paragraphs were not cut", len(a.ZH), len(a.EN))
	}
	if g := a.Groups(); len(g) != 1 || g[0].ZH != (Range{0, 1}) || g[0].EN != (Range{0, 1}) {
		t.Errorf("groups %+v, want the one paragraph on each side", g)
	}
}

func TestOneSentenceAgainstManyStaysInOrder(t *testing.T) {
	long := version(strings.Repeat("Short one. ", 3000))
	one := version("一句。")
	for _, pair := range [][2]*feed.Version{{one, long}, {version(strings.Repeat("短句。", 3000)), version("One.")}} {
		a := Article(pair[0], pair[1])
		checkAlignment(t, a, pair[0], pair[1])
	}
}
