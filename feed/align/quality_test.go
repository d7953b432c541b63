package align

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A test article is a run of consecutive paragraph pairs of a corpus (see
// corpus_test.go), rebuilt with edits on one side: two paragraphs or list
// items merged into one block (never a heading with a paragraph), a paragraph split into two blocks
// between two of its known pairs, a paragraph dropped (its sentences on the
// other side are then known to pair with nothing, 1-0 or 0-1), and a
// paragraph from elsewhere in the document added (its sentences known to
// pair with nothing). An added paragraph is new text: never one whose text
// on that side is already in the article. Merging and splitting move block
// boundaries, not sentences, so the known pairs stay as they were.
//
// The score compares pairs exactly (the same ZH range and the same EN
// range), except that a sentence left without counterpart (1-0 or 0-1) is
// a null link, defined by its sentence alone, as in the usual evaluation of
// sentence alignment (a gold standard lists it as ([i], []), with no
// position on the empty side): where a sentence added on one side sits
// beside one dropped on the other, the order of the two null links says
// nothing of which sentences translate which, and the range of a Pair's
// empty side is only where the pair falls in that order (see nullLink).
// Recall is over the known pairs; precision is over the aligner's
// pairs that touch a sentence of a known paragraph (a pair that joins a
// known sentence with an unknown one is counted wrong).

// edits are how often each edit is made to a paragraph, on either side.
type edits struct {
	merge, split, drop, add float64
}

// editCount is how many edits an article set has: the paragraphs, and the
// merges, splits, drops and additions that were made (a merge or split
// that would have moved a sentence end is not made).
type editCount struct {
	paragraphs, merges, splits, drops, adds int
}

// maxDraws is how many paragraphs buildArticles draws to find one to add
// that is not in the article yet.
const maxDraws = 100

// buildArticles cuts the corpus into articles of size paragraphs and makes
// the edits to them, at random with a fixed seed.
func buildArticles(corpus []paragraph, size int, ed edits, seed uint64) ([]testArticle, editCount) {
	rng := rand.New(rand.NewPCG(seed, 1))
	var out []testArticle
	var n editCount
	for start := 0; start < len(corpus); start += size {
		var b builder
		part := corpus[start:min(start+size, len(corpus))]
		texts := [2]map[string]bool{{}, {}} // zh and en paragraphs in the article
		for _, p := range part {
			texts[0][joined(p.zh)], texts[1][joined(p.en)] = true, true
		}
		for _, p := range part {
			n.paragraphs++
			zhSide := rng.IntN(2) == 0 // the side an edit is made on
			switch r := rng.Float64(); {
			case r < ed.drop:
				b.add(p, !zhSide, zhSide, true, true)
				n.drops++
			case r < ed.drop+ed.add:
				if q, ok := newText(rng, corpus, texts, zhSide); ok {
					b.add(q, zhSide, !zhSide, true, true)
					n.adds++
				}
				b.add(p, true, true, true, true)
			case r < ed.drop+ed.add+ed.merge:
				joins := b.joins
				b.add(p, true, true, !zhSide, zhSide)
				n.merges += b.joins - joins
			case r < ed.drop+ed.add+ed.merge+ed.split && len(p.links) > 1 && p.links[0].zh > 0 && p.links[0].en > 0 &&
				len(p.zh) > p.links[0].zh && len(p.en) > p.links[0].en:
				l := p.links[0]
				half, rest := p, p
				half.zh, half.en, half.links = p.zh[:l.zh], p.en[:l.en], p.links[:1]
				rest.zh, rest.en, rest.links = p.zh[l.zh:], p.en[l.en:], p.links[1:]
				b.add(half, true, true, true, true)
				joins := b.joins
				b.add(rest, true, true, zhSide, !zhSide)
				n.splits += b.joins - joins
			default:
				b.add(p, true, true, true, true)
			}
		}
		out = append(out, b.a)
	}
	return out, n
}

// newText draws a paragraph of corpus whose text on the side to add it to
// (zh when zhSide) is not in the article yet, and records it there; false
// when maxDraws draws find none.
func newText(rng *rand.Rand, corpus []paragraph, texts [2]map[string]bool, zhSide bool) (paragraph, bool) {
	side := 1
	if zhSide {
		side = 0
	}
	for range maxDraws {
		q := corpus[rng.IntN(len(corpus))]
		text := joined(q.en)
		if zhSide {
			text = joined(q.zh)
		}
		if !texts[side][text] {
			texts[side][text] = true
			return q, true
		}
	}
	return paragraph{}, false
}

// joined returns the text of sentences.
func joined(sents []string) string {
	return strings.TrimSpace(strings.Join(sents, ""))
}

// score returns the pairs the aligner found that are known pairs, the
// aligner's pairs that touch a known sentence, and the known pairs; and
// of the wrong pairs, how many join sentences of one paragraph pair only
// (on both sides): where the known pairs may be the ones that are wrong,
// as when two sentences are translated as two but cut at another place.
func (ta testArticle) score(opt options) (hit, found, gold, inside int) {
	return ta.scorePairs(align(&ta.zh, &ta.en, opt).Pairs)
}

// scorePairs is score of the aligner's pairs.
func (ta testArticle) scorePairs(pairs []Pair) (hit, found, gold, inside int) {
	want := make(map[Pair]bool, len(ta.gold))
	for _, p := range ta.gold {
		want[nullLink(p)] = true
	}
	for _, p := range pairs {
		p.Score = 0
		if !slices.Contains(ta.zhKnown[p.ZH.Start:p.ZH.End], true) &&
			!slices.Contains(ta.enKnown[p.EN.Start:p.EN.End], true) {
			continue
		}
		found++
		if want[nullLink(p)] {
			hit++
		} else if ta.inOneParagraph(p) {
			inside++
		}
	}
	return hit, found, len(ta.gold), inside
}

// nullLink returns p as the score compares it: a pair with an empty side
// with that side's range set to {-1, -1}, so that a sentence without
// counterpart is the same link wherever the empty side falls. Pairs with
// sentences on both sides are compared as they are.
func nullLink(p Pair) Pair {
	switch {
	case p.ZH.Len() == 0 && p.EN.Len() > 0:
		p.ZH = Range{-1, -1}
	case p.EN.Len() == 0 && p.ZH.Len() > 0:
		p.EN = Range{-1, -1}
	}
	return p
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

// qualityEdits are the edits of the quality test: about one paragraph in
// three is merged, split, dropped or added on one side. harderEdits make
// each edit twice as often, to show how the aligner degrades; the test
// logs what it reaches there and asserts nothing.
var (
	qualityEdits = edits{merge: 0.1, split: 0.1, drop: 0.05, add: 0.05}
	harderEdits  = edits{merge: 0.2, split: 0.2, drop: 0.1, add: 0.1}
)

// targetF1 is the sentence-pair F1 that issue 8 asks for, on each corpus
// as translated and with qualityEdits.
const targetF1 = 0.98

// f1Floors are the F1 the test asks for, as translated and edited. The
// samples reach targetF1; clreq does not: 0.9503 as translated and 0.9374
// edited, since every one of its paragraph pairs is known (see
// corpus_test.go). Until session 8 only the paragraphs that cut into as
// many sentences on both sides were, and there the aligner reaches 0.9904
// and 0.9758 (session 7's code: 0.9904 and 0.9765, under floors of 0.988
// and 0.973); with the 167 others,
// most of them a Chinese sentence that the translator cut in two, it had
// 0.9273 and 0.9250, for it left the second English sentence alone where
// it should have paired both with the Chinese. The floors are what the
// aligner reaches with every signal it has (lengths, numbers, Latin words,
// punctuation, paragraphs, block kinds and the dictionary), less a small
// margin, so that a change that makes the alignment worse is caught (and
// checkSeeds asks the same of eight draws of the edits). What is left, as
// translated, is mostly paragraphs whose translator reorders (a pair of
// more sentences than the aligner makes, 2-4 or 3-4), cuts a sentence at
// another place than the Chinese or leaves one out, and citations on one
// side only ([Definition from Wikipedia], and one (GB 9851.2-2008, 3.8)
// still joined to the definition before it); edited, also short glossary entries, table cells and headings next
// to an added or dropped one, whose words the dictionary cannot tell
// apart. docs/PERFORMANCE.md counts them. The test logs, rather than
// fails, a figure between its floor and targetF1.
var f1Floors = map[string][2]float64{
	"clreq":   {0.945, 0.935},
	"samples": {targetF1, targetF1},
}

// variants are the sets of signals the quality test measures, the first
// being the aligner's own.
var variants = []struct {
	name string
	opt  options
}{
	{"all anchors", defaultOptions},
	{"no dictionary", options{numbers: true, words: true, marks: true, paragraphs: true, kinds: true}},
	{"no numbers", options{words: true, marks: true, paragraphs: true, kinds: true, lexicon: true}},
	{"no words", options{numbers: true, marks: true, paragraphs: true, kinds: true, lexicon: true}},
	{"no marks", options{numbers: true, words: true, paragraphs: true, kinds: true, lexicon: true}},
	{"no kinds", options{numbers: true, words: true, marks: true, paragraphs: true, lexicon: true}},
	{"no paragraphs", options{numbers: true, words: true, marks: true, lexicon: true}},
	{"dictionary only", options{lexicon: true}},
	{"length only", options{}},
}

// logHalves logs the F1 of the odd-numbered articles, on which the
// weights of the cost were tuned, and of the even-numbered ones, held out,
// as translated and edited: a change tuned to one half that does not
// carry over to the other is overfitted.
func logHalves(t *testing.T, name string, asIs, edited []testArticle) {
	t.Helper()
	var line [2][2]float64
	for s, articles := range [][]testArticle{asIs, edited} {
		var half [2][]testArticle
		for k, a := range articles {
			half[k%2] = append(half[k%2], a)
		}
		for h := range half {
			line[h][s], _, _ = f1(t, half[h], defaultOptions)
		}
	}
	t.Logf("%s: F1 %.4f as translated and %.4f edited on the half tuned on (odd articles), "+
		"%.4f and %.4f on the half held out (even)", name, line[1][0], line[1][1], line[0][0], line[0][1])
}

// seeds is how many draws of the edits checkSeeds makes, and seedsFloor
// the F1 it asks for over all of them (0.9374; 0.9291 over seeds 9 to
// 16, on which no weight was chosen). One draw moves F1 by up to a point
// either way (clreq edited: 0.9220 to 0.9483 over seeds 1 to 8, 0.9374
// with the test's seed 1), which is more than most changes to the aligner
// gain: a change is judged by all the draws, and the figure of one is not
// the aligner's.
const (
	seeds      = 8
	seedsFloor = 0.932
)

// checkSeeds logs the F1 of the corpus edited with qualityEdits, drawn
// with seeds 1 to seeds, over all the articles of all the draws, and fails
// t if it is below seedsFloor.
func checkSeeds(t *testing.T, name string, corpus []paragraph) {
	t.Helper()
	var edited []testArticle
	for seed := uint64(1); seed <= seeds; seed++ {
		a, _ := buildArticles(corpus, 25, qualityEdits, seed)
		edited = append(edited, a...)
	}
	ed, _, wrong := f1(t, edited, defaultOptions)
	t.Logf("%s, seeds 1 to %d: F1 %.4f edited (%d wrong pairs)", name, seeds, ed, wrong)
	if ed < seedsFloor {
		t.Errorf("%s, seeds 1 to %d: F1 %.4f edited, want at least %.3f", name, seeds, ed, seedsFloor)
	}
}

func TestAlignmentF1OnParallelText(t *testing.T) {
	corpora := map[string][]paragraph{"clreq": clreqCorpus(t), "samples": sampleCorpus(t)}
	for _, name := range []string{"clreq", "samples"} {
		corpus := corpora[name]
		known, all := knownShare(corpus)
		t.Logf("%s: %d of %d paragraphs have known pairs", name, known, all)
		asIs, _ := buildArticles(corpus, 25, edits{}, 1)
		edited, n := buildArticles(corpus, 25, qualityEdits, 1)
		harder, n2 := buildArticles(corpus, 25, harderEdits, 1)
		t.Logf("%s: edits made, of %d paragraphs: %d merges, %d splits, %d drops, %d additions; "+
			"harder: %d, %d, %d, %d", name, n.paragraphs, n.merges, n.splits, n.drops, n.adds,
			n2.merges, n2.splits, n2.drops, n2.adds)
		for k, v := range variants {
			plain, in1, wrong1 := f1(t, asIs, v.opt)
			ed, in2, wrong2 := f1(t, edited, v.opt)
			hard, _, wrong3 := f1(t, harder, v.opt)
			t.Logf("%s, %s: F1 %.4f as translated, %.4f with paragraphs merged, split, dropped and added, "+
				"%.4f with twice the edits (wrong pairs %d, %d and %d; inside one paragraph pair: %d and %d)",
				name, v.name, plain, ed, hard, wrong1, wrong2, wrong3, in1, in2)
			if k > 0 {
				continue
			}
			if name == "clreq" {
				logHalves(t, name, asIs, edited)
				checkSeeds(t, name, corpus)
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
