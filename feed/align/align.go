// Package align pairs the sentences of a Chinese article with the sentences
// of its English translation, so that a reader can show, and highlight, the
// two side by side.
//
// [ZH] and [EN] cut text into sentences. [Article] cuts every block of both
// versions and aligns the two lists of sentences by dynamic programming, in
// the manner of Gale and Church (1993): a pair joins zero to three
// Chinese sentences with zero to four English ones (1-1, 1-0, 0-1, 2-1,
// 1-2, 2-2, 3-1, 1-3 and 1-4: a translator from Chinese cuts a long
// sentence into several English ones more often than the other way
// round), and its cost weighs how well the two lengths
// agree, with the zh/en length ratio and its variance measured on the
// article itself (Latin text inside the Chinese, such as names, numbers
// and code points, measured as the English is), against anchors that translations keep: numbers
// normalised across the languages (4.1万 = 41,000, 2023年 = 2023, 1月26日 =
// January 26, 28.30%), month names, and Latin words inside the Chinese (AM,
// GDP, names) that recur in the English, and lexical anchors: Chinese words
// whose English glosses in a dictionary trimmed from CC-CEDICT (dict.gz,
// read on the first Article) occur in the English. Paragraph boundaries are a soft
// hint, and so are block kinds: a heading pairs with a heading of its
// level, where both versions mark them. The search is banded around the diagonal of the two texts'
// lengths, so time and memory grow linearly with the article.
//
// The package is pure: it reads feed's types and nothing else of the
// program, and never panics, whatever the text.
package align

import (
	"github.com/xinwen-reader/xinwen/feed"
)

// Sentence is one sentence of a version: the text
// Blocks[Block].Text[Start:End].
type Sentence struct {
	Block int
	Span
}

// Range is the half-open range of indexes [Start, End).
type Range struct {
	Start, End int
}

// Len returns the number of indexes in r.
func (r Range) Len() int { return r.End - r.Start }

// Pair joins the Chinese sentences ZH with the English sentences EN, which
// translate each other; either range may be empty (a sentence with no
// counterpart). Score is the aligner's confidence in the pair, from 0 to 1,
// a logistic of the terms of the pair's cost: high (0.7 and up) for a 1-1
// pair whose lengths and anchors agree, lower for merged pairs and for
// lengths or anchors that disagree, and 0.2 or less for a sentence left
// without a counterpart.
type Pair struct {
	ZH, EN Range
	Score  float64
}

// Alignment is the result of [Article]. ZH and EN list the sentences of
// each version in order; Pairs covers both lists, in order, every sentence
// in exactly one pair. The zero value is the alignment of two empty
// versions.
type Alignment struct {
	ZH, EN []Sentence
	Pairs  []Pair
	// zhBlocks and enBlocks are the number of blocks of each version, for
	// Groups.
	zhBlocks, enBlocks int
}

// Article aligns the sentences of the Chinese version zh with those of the
// English version en. Titles are not aligned, only blocks. A nil version
// is an empty one: the other's sentences are then all unpaired. Code blocks
// are not cut at sentence ends, only into pieces of at most [MaxPiece]
// bytes.
func Article(zh, en *feed.Version) Alignment {
	return align(zh, en, defaultOptions)
}

// options turns the parts of the cost on and off, so that tests can
// measure what each is worth.
type options struct {
	numbers    bool // number and month anchors
	words      bool // Latin word anchors
	marks      bool // punctuation anchors: ? ! ( [
	paragraphs bool // paragraph boundaries as a hint
	kinds      bool // block kinds: a heading pairs with a heading
	lexicon    bool // lexical anchors from the bilingual dictionary
}

// defaultOptions is what Article uses: everything on.
var defaultOptions = options{numbers: true, words: true, marks: true, paragraphs: true, kinds: true, lexicon: true}

// align is Article with options.
func align(zh, en *feed.Version, opt options) Alignment {
	z, e := sides(zh, en, opt)
	a := Alignment{ZH: z.sents, EN: e.sents, zhBlocks: z.blocks, enBlocks: e.blocks}
	if len(z.sents)+len(e.sents) == 0 {
		return a
	}
	a.Pairs = solve(z, e, opt)
	return a
}

// sides returns the sides of zh and en, cut into sentences and read for
// the search: anchors, kinds and, if opt has it, lexical anchors.
func sides(zh, en *feed.Version, opt options) (z, e *side) {
	// Two goroutines share the work about evenly: one cuts the English,
	// reads its words and then its anchors, of which it keeps those the
	// Chinese has and so waits for the Chinese anchors; the other cuts
	// the Chinese, reads its anchors and its words, and makes both sides'
	// lexical masks from both sides' words while the first reads the
	// English anchors. (The English anchors had waited for the Chinese
	// alone, and both sides' words and masks for the English anchors.)
	var zw, ew sentenceWords
	var keep *keySet
	zRead, eRead, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		e = cutSide(en, EN)
		if opt.lexicon {
			ew.ids, ew.at = sentenceIDs(e, en, loadLexicon().enStems)
		}
		close(eRead) // from here on, this goroutine writes only e's anchors
		<-zRead
		e.readAnchors(en, enAnchors, keep)
	}()
	z = newSide(zh, ZH, zhAnchors, nil)
	keep = z.keySet() // here, for the English goroutine has more to do
	close(zRead)      // keep is made; the English goroutine reads nothing of z
	if opt.lexicon {
		zw.ids, zw.at = sentenceIDs(z, zh, loadLexicon().zhWords)
		<-eRead
		setLexicalWords(z, e, zw, ew)
	}
	<-done
	setMasks(z, e, opt)
	shareKinds(z, e)
	return z, e
}

// Groups returns the paragraph groups of a side-by-side layout: the
// smallest runs of blocks on each side such that no pair crosses the border
// of a group. ZH and EN are ranges of block indexes, Pairs the range of
// pairs inside. The groups cover every block of both versions in order
// (blocks without sentences join the group before them, or the first); a
// group may have blocks on one side only. Where the two versions keep their
// paragraphs one to one, each group is one paragraph and its translation.
func (a Alignment) Groups() []Group {
	if len(a.Pairs) == 0 {
		if a.zhBlocks+a.enBlocks == 0 {
			return nil
		}
		return []Group{{ZH: Range{0, a.zhBlocks}, EN: Range{0, a.enBlocks}}}
	}
	var groups []Group
	g := Group{}
	for k, p := range a.Pairs {
		zb, eb := a.blockAt(a.ZH, p.ZH.End, a.zhBlocks), a.blockAt(a.EN, p.EN.End, a.enBlocks)
		if k < len(a.Pairs)-1 && !(startsBlock(a.ZH, p.ZH.End) && startsBlock(a.EN, p.EN.End)) {
			continue
		}
		if k == len(a.Pairs)-1 {
			zb, eb = a.zhBlocks, a.enBlocks
		}
		g.ZH.End, g.EN.End, g.Pairs.End = zb, eb, k+1
		groups = append(groups, g)
		g = Group{ZH: Range{zb, zb}, EN: Range{eb, eb}, Pairs: Range{k + 1, k + 1}}
	}
	return groups
}

// Group is one paragraph group of [Alignment.Groups]: the blocks ZH and EN
// and the pairs that lie in them.
type Group struct {
	ZH, EN Range // block indexes
	Pairs  Range // pair indexes
}

// blockAt returns the block of sentence s, or blocks when s is past the
// last sentence.
func (a Alignment) blockAt(sents []Sentence, s, blocks int) int {
	if s < len(sents) {
		return sents[s].Block
	}
	return blocks
}

// startsBlock reports whether sentence s is the first of its block, or
// past the last sentence.
func startsBlock(sents []Sentence, s int) bool {
	return s == 0 || s >= len(sents) || sents[s].Block != sents[s-1].Block
}
