package align

import (
	"github.com/xinwen-reader/xinwen/feed"
)

// Lexical anchors are the Chinese words of a sentence (see lexicon) whose
// English glosses occur in an English sentence. Each Chinese word of the
// article is an anchor of its own: an English sentence has it when it has
// one of the word's glosses, so that a word is one anchor, met or not, and
// the glosses that one word joins ("law" and "enforcement" for 执法) count
// once. Two words that share a gloss stay two anchors: joined into one
// class, 汉字 (Chinese, character), 中文 (Chinese, language) and 文字
// (character, script, writing) made one anchor of most sentences of a
// document about Chinese text, which then told nothing (clreq F1 edited
// 0.9432 to 0.9548 with an anchor per word). An anchor counts only where at
// most lexicalShare of the English sentences have it: "character" or
// "line" in a document about type tells nothing of which sentence is
// which.

// lexicalShare is the largest share of the English sentences that an
// anchor may occur in and still count; lexicalMinCount is how many it may
// occur in whatever the share, for short articles. Half, because a word
// that recurs in a few sentences still tells the right one from its
// neighbours: lower shares lose pairs on clreq (0.25: edited F1 0.948
// instead of 0.964).
const (
	lexicalShare    = 0.5
	lexicalMinCount = 3
)

// sentenceWords are the dictionary ids of the sentences of a side, as
// sentenceIDs returns them: those of sentence i are ids[at[i]:at[i+1]].
type sentenceWords struct {
	ids []int32
	at  []int
}

// setLexicalWords gives z and e their lexical masks from the dictionary
// entries of z's sentences, zWords, and the stems of e's, eWords.
func setLexicalWords(z, e *side, zWords, eWords sentenceWords) {
	l := loadLexicon()
	zw, zAt, es, eAt := zWords.ids, zWords.at, eWords.ids, eWords.at
	w := newWordAnchors(l, es, zw)
	// enAnchors[enAt[j]:enAt[j+1]] are the anchors of English sentence j,
	// each once; docs[a] is the number of English sentences with a.
	enAnchors := make([]int32, 0, len(es))
	enAt := make([]int, e.len()+1)
	docs := make([]int32, w.n)
	last := make([]int32, w.n)
	for j := range e.len() {
		enAt[j] = len(enAnchors)
		for _, id := range es[eAt[j]:eAt[j+1]] {
			for _, a := range w.ofStem(id) {
				if last[a] != int32(j+1) {
					last[a], docs[a] = int32(j+1), docs[a]+1
					enAnchors = append(enAnchors, a)
				}
			}
		}
	}
	enAt[e.len()] = len(enAnchors)
	limit := int32(max(lexicalMinCount, int(lexicalShare*float64(e.len()))))
	// bit[a] is the anchor's bit in the masks plus one, 0 for none; bits
	// are given out in order of first use in the Chinese.
	bit := make([]int32, w.n)
	bits := int32(0)
	for _, entry := range zw {
		a := w.anchor[entry] - 1
		if a >= 0 && bit[a] == 0 && docs[a] > 0 && docs[a] <= limit {
			bit[a] = bits%128 + 1
			bits++
		}
	}
	zAnchors := make([]int32, len(zw))
	for k, entry := range zw {
		zAnchors[k] = w.anchor[entry] - 1
	}
	z.lex = lexMasks(z.len(), zAt, zAnchors, bit)
	e.lex = lexMasks(e.len(), enAt, enAnchors, bit)
}

// wordAnchors are the lexical anchors of an article: the Chinese words of
// the dictionary that it has, whose glosses its English has.
type wordAnchors struct {
	n int // the number of anchors
	// anchor[entry] is the anchor of a dictionary entry plus one; 0 when
	// the Chinese has no such word or the English none of its glosses (-1
	// while newWordAnchors runs: seen, and no anchor yet).
	anchor []int32
	// byStem[stemAt[s]:stemAt[s+1]] are the anchors that stem s is a
	// gloss of.
	stemAt, byStem []int32
}

// newWordAnchors returns the anchors of an article whose English has the
// stems es and whose Chinese has the dictionary entries zw.
func newWordAnchors(l *lexicon, es, zw []int32) wordAnchors {
	w := wordAnchors{anchor: make([]int32, len(l.stemAt)), stemAt: make([]int32, l.nStems+2)}
	inEN := make([]bool, l.nStems)
	for _, id := range es {
		inEN[id] = true
	}
	for _, entry := range zw {
		if w.anchor[entry] != 0 {
			continue // seen
		}
		w.anchor[entry] = -1
		for _, id := range l.stemsOf(entry) {
			if inEN[id] {
				if w.anchor[entry] < 0 {
					w.n++
					w.anchor[entry] = int32(w.n)
				}
				w.stemAt[id+2]++ // counted here, summed below
			}
		}
	}
	for s := 2; s < len(w.stemAt); s++ {
		w.stemAt[s] += w.stemAt[s-1]
	}
	// stemAt[s+1] is now where stem s starts; filling moves it to its end.
	w.byStem = make([]int32, w.stemAt[len(w.stemAt)-1])
	for entry, a := range w.anchor {
		if a <= 0 {
			w.anchor[entry] = 0
			continue
		}
		for _, id := range l.stemsOf(int32(entry)) {
			if inEN[id] {
				w.byStem[w.stemAt[id+1]] = a - 1
				w.stemAt[id+1]++
			}
		}
	}
	return w
}

// ofStem returns the anchors that stem id is a gloss of.
func (w wordAnchors) ofStem(id int32) []int32 { return w.byStem[w.stemAt[id]:w.stemAt[id+1]] }

// sentenceIDs returns the ids that read gives for every sentence of s,
// the side of v: those of sentence i are ids[at[i]:at[i+1]].
func sentenceIDs(s *side, v *feed.Version, read func([]int32, string) []int32) (ids []int32, at []int) {
	at = make([]int, s.len()+1)
	if v != nil {
		n := 0
		for _, b := range v.Blocks {
			n += len(b.Text)
		}
		ids = make([]int32, 0, n/6) // about a word in 6 bytes, either language
	}
	for i, sent := range s.sents {
		at[i] = len(ids)
		ids = read(ids, v.Blocks[sent.Block].Text[sent.Start:sent.End])
	}
	at[s.len()] = len(ids)
	return ids, at
}

// lexMasks returns the masks of n sentences whose anchors are indexed by
// at: anchors[k] is the k-th anchor, or -1, and bit[a] the bit of anchor a
// plus one, 0 for none. (The anchors in a slice rather than from a
// function of k, which cost a call for each: setLexicalWords 0.92×.)
func lexMasks(n int, at []int, anchors []int32, bit []int32) []mask {
	masks := make([]mask, n)
	for i := range masks {
		for _, a := range anchors[at[i]:at[i+1]] {
			if a >= 0 {
				if b := bit[a] - 1; b >= 0 {
					masks[i][b/64] |= 1 << (b % 64)
				}
			}
		}
	}
	return masks
}
