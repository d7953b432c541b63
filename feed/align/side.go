package align

import (
	"math/bits"
	"unicode/utf8"

	"github.com/xinwen-reader/xinwen/feed"
)

// side is one version, cut into sentences and measured for the aligner.
type side struct {
	sents  []Sentence
	blocks int
	// length[i] is the number of runes in sentences 0..i-1; len n+1.
	length []float64
	// boundary[i] reports whether sentence i starts a block (or i is 0 or
	// n): the places where a pair may end without crossing a paragraph.
	boundary []bool
	// blockStart[i], where boundary[i], is the first sentence of the block
	// that ends before sentence i; -1 elsewhere and at 0.
	blockStart []int
	// keys[i] are the anchors of sentence i; keyAt[i] is where they start
	// in allKeys.
	allKeys []string
	keyAt   []int
	// masks[i] has one bit for each anchor of sentence i that the other
	// side has too (set by setMasks).
	masks []mask
}

// mask is a set of anchors, one bit each. Bits are given out in order of
// first use, modulo 128, so two anchors share a bit only when more than 127
// others first appear between them: too far apart to meet in one pair.
type mask [2]uint64

// or returns the union of m and o.
func (m mask) or(o mask) mask { return mask{m[0] | o[0], m[1] | o[1]} }

// common returns the number of anchors in both m and o, and the number in
// only one of them.
func (m mask) common(o mask) (both, one int) {
	both = bits.OnesCount64(m[0]&o[0]) + bits.OnesCount64(m[1]&o[1])
	one = bits.OnesCount64(m[0]^o[0]) + bits.OnesCount64(m[1]^o[1])
	return both, one
}

// isZero reports whether m is empty.
func (m mask) isZero() bool { return m[0]|m[1] == 0 }

// newSide cuts the blocks of v into sentences with cut and reads their
// anchors with anchors, keeping only those in keep when keep is not nil
// (the English side keeps the anchors the Chinese has: most English words
// are not in it). A nil v is an empty side.
func newSide(v *feed.Version, cut func(string) []Span, anchors func([]string, string) []string, keep map[string]bool) *side {
	s := &side{length: []float64{0}}
	if v == nil {
		s.boundary = []bool{true}
		s.keyAt = []int{0}
		s.blockStart = []int{-1}
		return s
	}
	s.blocks = len(v.Blocks)
	for b, block := range v.Blocks {
		var spans []Span
		if block.Kind == feed.Code {
			spans = segment(block.Text, noEnd)
		} else {
			spans = cut(block.Text)
		}
		for k, sp := range spans {
			text := block.Text[sp.Start:sp.End]
			s.sents = append(s.sents, Sentence{Block: b, Span: sp})
			s.length = append(s.length, s.length[len(s.length)-1]+float64(utf8.RuneCountInString(text)))
			s.boundary = append(s.boundary, k == 0)
			start := len(s.allKeys)
			s.keyAt = append(s.keyAt, start)
			s.allKeys = anchors(s.allKeys, text)
			if keep != nil {
				kept := s.allKeys[:start]
				for _, k := range s.allKeys[start:] {
					if keep[k] {
						kept = append(kept, k)
					}
				}
				s.allKeys = kept
			}
		}
	}
	s.boundary = append(s.boundary, true)
	s.keyAt = append(s.keyAt, len(s.allKeys))
	s.setBlockStarts()
	return s
}

// setBlockStarts fills in blockStart from boundary.
func (s *side) setBlockStarts() {
	s.blockStart = make([]int, len(s.boundary))
	prev := 0
	for i := range s.blockStart {
		s.blockStart[i] = -1
		if i > 0 && s.boundary[i] {
			s.blockStart[i], prev = prev, i
		}
	}
}

// noEnd is the endFunc of a code block: no sentence ends in it.
func noEnd(text string, i int) (int, bool) {
	_, size := utf8.DecodeRuneInString(text[i:])
	return i + size, false
}

// keys returns the anchors of sentence i.
func (s *side) keys(i int) []string { return s.allKeys[s.keyAt[i]:s.keyAt[i+1]] }

// len returns the number of sentences.
func (s *side) len() int { return len(s.sents) }

// keySet returns the set of s's anchors.
func (s *side) keySet() map[string]bool {
	set := make(map[string]bool, len(s.allKeys))
	for _, k := range s.allKeys {
		set[k] = true
	}
	return set
}

// setMasks gives z and e their anchor masks: the anchors that occur on both
// sides of the article, of the kinds opt turns on.
func setMasks(z, e *side, opt options) {
	inBoth := make(map[string]bool)
	for _, k := range z.allKeys {
		if wanted(k, opt) {
			inBoth[k] = false
		}
	}
	for _, k := range e.allKeys {
		if _, ok := inBoth[k]; ok {
			inBoth[k] = true
		}
	}
	bit := make(map[string]int)
	for _, k := range z.allKeys {
		if _, ok := bit[k]; !ok && inBoth[k] {
			bit[k] = len(bit) % 128
		}
	}
	for _, s := range []*side{z, e} {
		s.masks = make([]mask, s.len())
		for i := range s.masks {
			for _, k := range s.keys(i) {
				if b, ok := bit[k]; ok {
					s.masks[i][b/64] |= 1 << (b % 64)
				}
			}
		}
	}
}

// wanted reports whether opt uses the anchor key k.
func wanted(k string, opt options) bool {
	switch {
	case k[0] == '#' || k[0] == '@':
		return opt.numbers
	case isASCIILetter(k[0]):
		return opt.words
	}
	return opt.marks
}
