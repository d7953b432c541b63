package align

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// How the known pairs are derived.
//
// The corpus is a list of paragraph pairs known to translate each other:
// the clreq document's paired paragraphs (testdata/clreq.tsv) and the
// sample articles' blocks, paired by index where both versions have the
// same number of blocks. Inside a paragraph pair, the sentences are known
// to pair 1-1 only when ZH and EN cut the two paragraphs into the same
// number of sentences; those are the "known" paragraphs. The others stay in
// the test articles, as real text the aligner must get through, but no pair
// is claimed for their sentences.
//
// A test article is a run of consecutive paragraph pairs, rebuilt with
// edits on one side: two paragraphs merged into one block, a paragraph
// split into two blocks at a sentence end, a paragraph dropped (its
// sentences on the other side are then known to pair with nothing, 1-0 or
// 0-1), and a paragraph from elsewhere in the corpus added (its sentences
// known to pair with nothing). Merging and splitting move block
// boundaries, not sentences, so the known pairs stay as they were.
//
// The score compares pairs exactly (the same ZH range and the same EN
// range). Recall is over the known pairs; precision is over the aligner's
// pairs that touch a sentence of a known paragraph (a pair that joins a
// known sentence with an unknown one is counted wrong).

// paragraph is one paragraph pair of the corpus, cut into sentences.
type paragraph struct {
	zh, en []string
	known  bool // the same number of sentences: pairs 1-1
}

// newParagraph cuts a paragraph pair into sentences.
func newParagraph(zh, en string) paragraph {
	p := paragraph{zh: withSpace(zh, ZH(zh)), en: withSpace(en, EN(en))}
	p.known = len(p.zh) == len(p.en) && len(p.zh) > 0
	return p
}

// withSpace returns the sentences of text with the white space after each,
// so that joining them gives text back (less white space at the ends).
func withSpace(text string, spans []Span) []string {
	out := make([]string, len(spans))
	for k, s := range spans {
		end := len(text)
		if k+1 < len(spans) {
			end = spans[k+1].Start
		}
		out[k] = text[s.Start:end]
	}
	return out
}

// testArticle is an article built for scoring, with its known pairs.
type testArticle struct {
	zh, en  feed.Version
	gold    []Pair
	zhKnown []bool // per sentence: in a known paragraph
	enKnown []bool
	// zhPara and enPara number the paragraph pair of each sentence.
	zhPara, enPara []int
}

// builder puts a test article together one paragraph at a time.
type builder struct {
	a      testArticle
	nz, ne int // sentences so far
	para   int // paragraph pairs so far
}

// add appends the sentences of p: zh and en say which sides are kept, and
// newZH and newEN whether they start a new block (else they join the last).
func (b *builder) add(p paragraph, zh, en, newZH, newEN bool) {
	if zh {
		addBlock(&b.a.zh, p.zh, "", newZH, ZH)
	}
	if en {
		addBlock(&b.a.en, p.en, " ", newEN, EN)
	}
	for k := range max(len(p.zh), len(p.en)) {
		switch {
		case zh && en && p.known:
			b.a.gold = append(b.a.gold, Pair{ZH: Range{b.nz + k, b.nz + k + 1}, EN: Range{b.ne + k, b.ne + k + 1}})
		case zh && !en && k < len(p.zh):
			b.a.gold = append(b.a.gold, Pair{ZH: Range{b.nz + k, b.nz + k + 1}, EN: Range{b.ne, b.ne}})
		case en && !zh && k < len(p.en):
			b.a.gold = append(b.a.gold, Pair{ZH: Range{b.nz, b.nz}, EN: Range{b.ne + k, b.ne + k + 1}})
		}
	}
	known := p.known || !zh || !en
	b.para++
	if zh {
		b.nz += len(p.zh)
		b.a.zhKnown = append(b.a.zhKnown, repeat(known, len(p.zh))...)
		b.a.zhPara = append(b.a.zhPara, slices.Repeat([]int{b.para}, len(p.zh))...)
	}
	if en {
		b.ne += len(p.en)
		b.a.enKnown = append(b.a.enKnown, repeat(known, len(p.en))...)
		b.a.enPara = append(b.a.enPara, slices.Repeat([]int{b.para}, len(p.en))...)
	}
}

// repeat returns n copies of v.
func repeat(v bool, n int) []bool {
	s := make([]bool, n)
	for k := range s {
		s[k] = v
	}
	return s
}

// addBlock appends sentences to v, as a new block or joined to the last
// with sep. It makes a new block after all when joining would run the last
// sentence of the block into the first new one (a heading, which has no
// full stop, followed by a paragraph).
func addBlock(v *feed.Version, sents []string, sep string, newBlock bool, cut func(string) []Span) {
	text := strings.TrimSpace(strings.Join(sents, ""))
	if !newBlock && len(v.Blocks) > 0 {
		last := &v.Blocks[len(v.Blocks)-1]
		joined := last.Text + sep + text
		if len(cut(joined)) == len(cut(last.Text))+len(sents) {
			last.Text = joined
			return
		}
	}
	v.Blocks = append(v.Blocks, feed.Block{Text: text})
}

// edits are how often each edit is made to a paragraph, on either side.
type edits struct {
	merge, split, drop, add float64
}

// buildArticles cuts the corpus into articles of size paragraphs and makes
// the edits to them, at random with a fixed seed.
func buildArticles(corpus []paragraph, size int, ed edits, seed uint64) []testArticle {
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []testArticle
	for start := 0; start < len(corpus); start += size {
		var b builder
		for _, p := range corpus[start:min(start+size, len(corpus))] {
			zhSide := rng.IntN(2) == 0 // the side an edit is made on
			switch r := rng.Float64(); {
			case r < ed.drop:
				b.add(p, !zhSide, zhSide, true, true)
			case r < ed.drop+ed.add:
				b.add(corpus[rng.IntN(len(corpus))], zhSide, !zhSide, true, true)
				b.add(p, true, true, true, true)
			case r < ed.drop+ed.add+ed.merge:
				b.add(p, true, true, !zhSide, zhSide)
			case r < ed.drop+ed.add+ed.merge+ed.split && p.known && len(p.zh) > 1:
				half := paragraph{zh: p.zh[:1], en: p.en[:1], known: true}
				rest := paragraph{zh: p.zh[1:], en: p.en[1:], known: true}
				b.add(half, true, true, true, true)
				b.add(rest, true, true, zhSide, !zhSide)
			default:
				b.add(p, true, true, true, true)
			}
		}
		out = append(out, b.a)
	}
	return out
}

// score returns the pairs the aligner found that are known pairs, the
// aligner's pairs that touch a known sentence, and the known pairs; and
// of the wrong pairs, how many join sentences of one paragraph pair only
// (on both sides): where the known pairs may be the ones that are wrong,
// as when two sentences are translated as two but cut at another place.
func (ta testArticle) score(opt options) (hit, found, gold, inside int) {
	a := align(&ta.zh, &ta.en, opt)
	want := make(map[Pair]bool, len(ta.gold))
	for _, p := range ta.gold {
		want[p] = true
	}
	for _, p := range a.Pairs {
		p.Score = 0
		if !slices.Contains(ta.zhKnown[p.ZH.Start:p.ZH.End], true) &&
			!slices.Contains(ta.enKnown[p.EN.Start:p.EN.End], true) {
			continue
		}
		found++
		if want[p] {
			hit++
		} else if ta.inOneParagraph(p) {
			inside++
		}
	}
	return hit, found, len(ta.gold), inside
}

// inOneParagraph reports whether every sentence of p, on both sides, comes
// from the same paragraph pair.
func (ta testArticle) inOneParagraph(p Pair) bool {
	if p.ZH.Len() == 0 || p.EN.Len() == 0 {
		return false
	}
	para := ta.zhPara[p.ZH.Start]
	for _, q := range append(slices.Clone(ta.zhPara[p.ZH.Start:p.ZH.End]), ta.enPara[p.EN.Start:p.EN.End]...) {
		if q != para {
			return false
		}
	}
	return true
}

// f1 returns the sentence-pair F1 of the aligner with opt on articles,
// and the number of wrong pairs inside one paragraph pair, of all wrong.
func f1(t testing.TB, articles []testArticle, opt options) (f float64, inside, wrong int) {
	t.Helper()
	var hit, found, gold int
	for _, ta := range articles {
		checkSentencesAsBuilt(t, ta)
		h, f, g, in := ta.score(opt)
		hit, found, gold, inside = hit+h, found+f, gold+g, inside+in
	}
	if found == 0 || gold == 0 {
		t.Fatal("nothing to score")
	}
	p, r := float64(hit)/float64(found), float64(hit)/float64(gold)
	return 2 * p * r / (p + r), inside, found - hit
}

// checkSentencesAsBuilt fails t unless the article's blocks cut into the
// sentences the known pairs count: merging paragraphs must not move a
// sentence end.
func checkSentencesAsBuilt(t testing.TB, ta testArticle) {
	t.Helper()
	a := Article(&ta.zh, &ta.en)
	if len(a.ZH) != len(ta.zhKnown) || len(a.EN) != len(ta.enKnown) {
		t.Fatalf("the built article cuts into %d+%d sentences, the known pairs count %d+%d",
			len(a.ZH), len(a.EN), len(ta.zhKnown), len(ta.enKnown))
	}
}

// sampleCorpus returns the paragraph pairs of the sample articles whose
// two versions have the same number of blocks.
func sampleCorpus(t testing.TB) []paragraph {
	t.Helper()
	files, err := filepath.Glob("../sample/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample articles in ../sample: %v", err)
	}
	var corpus []paragraph
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
			if a.ZH == nil || a.EN == nil || len(a.ZH.Blocks) != len(a.EN.Blocks) {
				continue
			}
			for k := range a.ZH.Blocks {
				corpus = append(corpus, newParagraph(a.ZH.Blocks[k].Text, a.EN.Blocks[k].Text))
			}
		}
	}
	return corpus
}

// clreqCorpus returns the paragraph pairs of testdata/clreq.tsv.
func clreqCorpus(t testing.TB) []paragraph {
	zh, en := clreqParagraphs(t)
	corpus := make([]paragraph, len(zh))
	for k := range zh {
		corpus[k] = newParagraph(zh[k], en[k])
	}
	return corpus
}

// knownShare returns how many paragraphs of corpus are known, and of all.
func knownShare(corpus []paragraph) (int, int) {
	n := 0
	for _, p := range corpus {
		if p.known {
			n++
		}
	}
	return n, len(corpus)
}

// qualityEdits are the edits of the quality test: about one paragraph in
// three is merged, split, dropped or added on one side.
var qualityEdits = edits{merge: 0.1, split: 0.1, drop: 0.05, add: 0.05}

// targetF1 is the sentence-pair F1 that issue 8 asks for. The aligner does
// not reach it yet on the edited articles (see f1Floors), and the test says
// so in its log rather than failing.
const targetF1 = 0.98

// f1Floors are the F1 the aligner reaches now with every anchor, less a
// small margin, as translated and edited: the test fails below them, so
// that a change that makes the alignment worse is caught. They are below
// targetF1; raising them to it needs more signal than lengths, numbers,
// Latin words and punctuation give (a bilingual dictionary).
var f1Floors = map[string][2]float64{
	"clreq":   {0.95, 0.83},
	"samples": {0.96, 0.96},
}

func TestAlignmentF1OnParallelText(t *testing.T) {
	corpora := map[string][]paragraph{"clreq": clreqCorpus(t), "samples": sampleCorpus(t)}
	variants := []struct {
		name string
		opt  options
	}{
		{"all anchors", defaultOptions},
		{"no numbers", options{words: true, marks: true, paragraphs: true}},
		{"no words", options{numbers: true, marks: true, paragraphs: true}},
		{"no marks", options{numbers: true, words: true, paragraphs: true}},
		{"no paragraphs", options{numbers: true, words: true, marks: true}},
		{"length only", options{}},
	}
	for _, name := range []string{"clreq", "samples"} {
		corpus := corpora[name]
		known, all := knownShare(corpus)
		t.Logf("%s: %d of %d paragraphs have the same number of sentences on both sides", name, known, all)
		asIs := buildArticles(corpus, 25, edits{}, 1)
		edited := buildArticles(corpus, 25, qualityEdits, 1)
		for _, v := range variants {
			plain, in1, wrong1 := f1(t, asIs, v.opt)
			ed, in2, wrong2 := f1(t, edited, v.opt)
			t.Logf("%s, %s: F1 %.4f as translated, %.4f with paragraphs merged, split, dropped and added "+
				"(wrong pairs inside one paragraph pair: %d of %d, %d of %d)",
				name, v.name, plain, ed, in1, wrong1, in2, wrong2)
			if v.name != "all anchors" {
				continue
			}
			if floor := f1Floors[name]; plain < floor[0] || ed < floor[1] {
				t.Errorf("%s: sentence-pair F1 %.4f as translated and %.4f edited, want at least %.3f and %.3f",
					name, plain, ed, floor[0], floor[1])
			}
			if plain < targetF1 || ed < targetF1 {
				t.Logf("%s: below the target F1 of %.2f", name, targetF1)
			}
		}
	}
}
