package align

import (
	"github.com/xinwen-reader/xinwen/feed"
)

// Lexical anchors are the Chinese words of a sentence (see lexicon) whose
// English glosses occur in an English sentence. Of a word's glosses only
// those that the English version has count, and the glosses that one
// Chinese word of the article joins ("law" and "enforcement" for 执法)
// are one anchor, so that a word is one anchor, met or not. An anchor
// counts only where at most lexicalShare of the English sentences have
// it: "character" or "line" in a document about type tells nothing of
// which sentence is which.

// lexicalShare is the largest share of the English sentences that an
// anchor may occur in and still count; lexicalMinCount is how many it may
// occur in whatever the share, for short articles. Half, because a word
// that recurs in a few sentences still tells the right one from its
// neighbours: lower shares lose pairs on clreq (0.2: edited F1 0.917
// instead of 0.931).
const (
	lexicalShare    = 0.5
	lexicalMinCount = 3
)

// stemStat is what setLexical knows of one stem of the dictionary.
type stemStat struct {
	inEN bool
	// class is the stem's anchor plus one (a stem that joins others points
	// to one of them, as in union-find); 0 when no Chinese word has it.
	class int32
	// docs is the number of English sentences with the anchor, last the
	// last of them plus one; set on the anchor's own stem.
	docs, last int32
	// bit is the anchor's bit in the masks plus one; 0 when it has none.
	bit int32
}

// setLexical gives z and e, the sides of the versions zh and en, their
// lexical masks.
func setLexical(z, e *side, zh, en *feed.Version) {
	l := loadLexicon()
	es, eAt := sentenceIDs(e, en, l.enStems)
	zw, zAt := sentenceIDs(z, zh, l.zhWords)
	stats := make([]stemStat, l.nStems)
	for _, id := range es {
		stats[id].inEN = true
	}
	// word[k] is the stem that stands for the anchor of zw[k], -1 for none.
	word := make([]int32, len(zw))
	for k, w := range zw {
		word[k] = -1
		for _, id := range l.stemsOf(w) {
			if stats[id].inEN {
				word[k] = join(stats, word[k], id)
			}
		}
	}
	for j := range e.len() {
		for _, id := range es[eAt[j]:eAt[j+1]] {
			if stats[id].class == 0 {
				continue
			}
			if a := &stats[root(stats, id)]; a.last != int32(j+1) {
				a.last, a.docs = int32(j+1), a.docs+1
			}
		}
	}
	limit := int32(max(lexicalMinCount, int(lexicalShare*float64(e.len()))))
	bits := int32(0)
	for k := range zw {
		if word[k] < 0 {
			continue
		}
		r := root(stats, word[k])
		if a := &stats[r]; a.bit == 0 && a.docs > 0 && a.docs <= limit {
			a.bit = bits%128 + 1
			bits++
		}
		word[k] = r
	}
	z.lex = lexMasks(z.len(), zAt, func(k int) int32 { return word[k] }, stats)
	e.lex = lexMasks(e.len(), eAt, func(k int) int32 {
		if stats[es[k]].class == 0 {
			return -1
		}
		return root(stats, es[k])
	}, stats)
}

// join puts the stem id into the anchor of the stem a (-1 for none yet)
// and returns the anchor's stem.
func join(stats []stemStat, a, id int32) int32 {
	if stats[id].class == 0 {
		stats[id].class = id + 1
	}
	r := root(stats, id)
	if a < 0 {
		return r
	}
	if ra := root(stats, a); ra != r {
		stats[r].class = ra + 1
		return ra
	}
	return r
}

// root returns the stem that stands for the anchor of stem id, which has
// one.
func root(stats []stemStat, id int32) int32 {
	for stats[id].class-1 != id {
		next := stats[id].class - 1
		stats[id].class = stats[next].class // halve the path
		id = next
	}
	return id
}

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

// lexMasks returns the masks of n sentences whose ids are indexed by at:
// anchor(k) is the stem of the anchor of the k-th id, or -1.
func lexMasks(n int, at []int, anchor func(int) int32, stats []stemStat) []mask {
	masks := make([]mask, n)
	for i := range masks {
		for k := at[i]; k < at[i+1]; k++ {
			if a := anchor(k); a >= 0 {
				if b := stats[a].bit - 1; b >= 0 {
					masks[i][b/64] |= 1 << (b % 64)
				}
			}
		}
	}
	return masks
}
