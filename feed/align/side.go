package align

import (
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/xinwen-reader/xinwen/feed"
)

// side is one version, cut into sentences and measured for the aligner.
type side struct {
	sents  []Sentence
	blocks int
	// wide[i] and narrow[i] are the numbers of wide runes (Han, kana,
	// CJK and fullwidth punctuation) and of the others (Latin letters,
	// digits, spaces, ASCII punctuation) in sentences 0..i-1; len n+1.
	wide, narrow []float64
	// length[i] is the length of sentences 0..i-1 in Chinese characters,
	// set by setLengths once the article's ratio is known.
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
	// kinds[i] is the kind bit of sentence i's block (see kindBit).
	kinds []uint16
	// lex[i] has one bit for each lexical anchor of sentence i (set by
	// setLexicalWords; nil without the dictionary).
	lex []mask
}

// mask is a set of anchors, one bit each. Bits are given out in order of
// first use, modulo 128, so two anchors share a bit only when more than 127
// others first appear between them: too far apart to meet in one pair.
type mask [2]uint64

// or returns the union of m and o.
func (m mask) or(o mask) mask { return mask{m[0] | o[0], m[1] | o[1]} }

// both returns the number of anchors in both m and o.
func (m mask) both(o mask) int {
	return bits.OnesCount64(m[0]&o[0]) + bits.OnesCount64(m[1]&o[1])
}

// and returns the intersection of m and o.
func (m mask) and(o mask) mask { return mask{m[0] & o[0], m[1] & o[1]} }

// common returns the number of anchors in both m and o, and the number in
// only one of them.
func (m mask) common(o mask) (both, one int) {
	both = bits.OnesCount64(m[0]&o[0]) + bits.OnesCount64(m[1]&o[1])
	one = bits.OnesCount64(m[0]^o[0]) + bits.OnesCount64(m[1]^o[1])
	return both, one
}

// without returns the number of anchors in m that are not in o.
func (m mask) without(o mask) int {
	return bits.OnesCount64(m[0]&^o[0]) + bits.OnesCount64(m[1]&^o[1])
}

// count returns the number of anchors in m.
func (m mask) count() int { return bits.OnesCount64(m[0]) + bits.OnesCount64(m[1]) }

// isZero reports whether m is empty.
func (m mask) isZero() bool { return m[0]|m[1] == 0 }

// newSide cuts the blocks of v into sentences with cut and reads their
// anchors with anchors, keeping only those in keep when keep is not nil
// (the English side keeps the anchors the Chinese has: most English words
// are not in it). A nil v is an empty side.
func newSide(v *feed.Version, cut func(string) []Span, anchors func([]string, string) []string, keep *keySet) *side {
	s := cutSide(v, cut)
	s.readAnchors(v, anchors, keep)
	return s
}

// cutSide is newSide without the anchors: the sentences of v, their
// kinds, lengths and paragraph starts. It reads nothing but v, so the two
// sides of an article are cut at once.
func cutSide(v *feed.Version, cut func(string) []Span) *side {
	s := &side{wide: []float64{0}, narrow: []float64{0}}
	if v == nil {
		s.boundary = []bool{true}
		s.blockStart = []int{-1}
		return s
	}
	s.blocks = len(v.Blocks)
	// Every block is cut first, so that each array is made once at its
	// length instead of growing sentence by sentence.
	blockSpans := make([][]Span, len(v.Blocks))
	n := 0
	for b, block := range v.Blocks {
		if block.Kind == feed.Code {
			blockSpans[b] = segment(block.Text, codeEnds)
		} else {
			blockSpans[b] = cut(block.Text)
		}
		n += len(blockSpans[b])
	}
	s.sents, s.kinds = make([]Sentence, 0, n), make([]uint16, 0, n)
	s.wide, s.narrow = append(make([]float64, 0, n+1), 0), append(make([]float64, 0, n+1), 0)
	s.boundary = make([]bool, 0, n+1)
	for b, block := range v.Blocks {
		kind := kindBit(block)
		for k, sp := range blockSpans[b] {
			text := block.Text[sp.Start:sp.End]
			s.sents = append(s.sents, Sentence{Block: b, Span: sp})
			s.kinds = append(s.kinds, kind)
			w, n := widthCounts(text)
			s.wide = append(s.wide, s.wide[len(s.wide)-1]+w)
			s.narrow = append(s.narrow, s.narrow[len(s.narrow)-1]+n)
			s.boundary = append(s.boundary, k == 0)
		}
	}
	s.boundary = append(s.boundary, true)
	s.setBlockStarts()
	return s
}

// readAnchors reads the anchors of each sentence of s, cut from v, with
// anchors, keeping only those in keep when keep is not nil.
func (s *side) readAnchors(v *feed.Version, anchors func([]string, string) []string, keep *keySet) {
	s.keyAt = make([]int, 0, len(s.sents)+1)
	for _, sent := range s.sents {
		start := len(s.allKeys)
		s.keyAt = append(s.keyAt, start)
		s.allKeys = anchors(s.allKeys, v.Blocks[sent.Block].Text[sent.Start:sent.End])
		if keep != nil {
			kept := s.allKeys[:start]
			for _, k := range s.allKeys[start:] {
				if keep.has(k) {
					kept = append(kept, k)
				}
			}
			s.allKeys = kept
		}
	}
	s.keyAt = append(s.keyAt, len(s.allKeys))
}

// widthCounts returns the numbers of wide and of narrow runes in text.
// Latin text inside Chinese (names, numbers, code points, URLs) is as long
// as its copy in the English and is measured as the English is, not as so
// many Chinese characters.
func widthCounts(text string) (wide, narrow float64) {
	// An ASCII byte is a narrow rune, and three bytes that lead with E3
	// to EF but ED and go on with two continuation bytes are a valid rune
	// from U+3000 (Han, kana, CJK punctuation): wide, without decoding.
	// Every other rune is decoded, and an invalid byte is one wide rune
	// (utf8.RuneError), as ranging over the string makes it.
	nw, nn := 0, 0
	for i := 0; i < len(text); {
		// Eight bytes at once, as long as they are ASCII: English text
		// had been a fifth of cutting its side into sentences.
		for i+8 <= len(text) && asciiWord(text[i:i+8]) {
			nn += 8
			i += 8
		}
		if i == len(text) {
			break
		}
		c := text[i]
		if c < utf8.RuneSelf {
			nn++
			i++
			continue
		}
		if c >= 0xe3 && c <= 0xef && c != 0xed && i+2 < len(text) && text[i+1]&0xc0 == 0x80 && text[i+2]&0xc0 == 0x80 {
			nw++
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r >= wideFirst {
			nw++
		} else {
			nn++
		}
		i += size
	}
	return float64(nw), float64(nn)
}

// asciiWord reports whether the eight bytes of w are ASCII. The compiler
// makes the loads one.
func asciiWord(w string) bool {
	_ = w[7]
	x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
	return x&0x8080808080808080 == 0
}

// wideFirst is the first wide rune: CJK radicals, punctuation, kana, Han
// and fullwidth forms all lie at or above it.
const wideFirst = 0x2e80

// setLengths sets the length of s in Chinese characters: a wide rune is
// one, a narrow rune ratio (Chinese characters per English letter).
func (s *side) setLengths(ratio float64) {
	s.length = make([]float64, len(s.wide))
	for i := range s.length {
		s.length[i] = s.wide[i] + ratio*s.narrow[i]
	}
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

// headingBits are the kind bits of headings, one per level from 0 to 7.
const headingBits = 0xff00

// kindBit returns the bit that stands for the kind of block b: one for each
// kind, and one for each level of heading.
func kindBit(b feed.Block) uint16 {
	if b.Kind == feed.Heading {
		return 1 << (8 + min(max(b.Level, 0), 7))
	}
	return 1 << min(uint(b.Kind), 7)
}

// shareKinds keeps in z and e only the kinds of block that both versions
// mark, so that a version whose feed marks no headings or lists (the text
// format, or HTML that styles headings as bold paragraphs) is not out of
// step with one that does. A kind that one version lacks while the other
// has it in markedKinds blocks or more counts as a paragraph (fewer are
// more likely blocks left out of the translation); heading levels count
// only when the levels of one version are among those of the other (not
// when one numbers its headings from h2, the other from h3).
func shareKinds(z, e *side) {
	zAll, eAll := z.kindCounts(), e.kindCounts()
	var zl, el uint16
	for b := 8; b < 16; b++ {
		zl |= uint16(b2i(zAll[b] > 0)) << b
		el |= uint16(b2i(eAll[b] > 0)) << b
	}
	oneLevel := zl&el != zl && zl&el != el
	var unmarked uint16
	for b := range 8 {
		if lacks(zAll[b], eAll[b]) {
			unmarked |= 1 << b
		}
	}
	var zh, eh int
	for b := 8; b < 16; b++ {
		zh, eh = zh+zAll[b], eh+eAll[b]
	}
	if lacks(zh, eh) {
		unmarked |= headingBits
	}
	for _, s := range []*side{z, e} {
		for i, k := range s.kinds {
			if oneLevel {
				k = levelless(k)
			}
			if k&unmarked != 0 {
				k = paragraphBit
			}
			s.kinds[i] = k
		}
	}
}

// lacks reports whether one version has no block of a kind of which the
// other, with m and n such blocks, has markedKinds or more.
func lacks(m, n int) bool {
	return (m == 0 && n >= markedKinds) || (n == 0 && m >= markedKinds)
}

// markedKinds is how many blocks of a kind that the other version lacks
// show that the other version's markup does not mark it.
const markedKinds = 3

// kindCounts returns the number of blocks of s of each kind bit.
func (s *side) kindCounts() [16]int {
	var n [16]int
	for i, k := range s.kinds {
		if s.boundary[i] {
			n[bits.TrailingZeros16(k)]++
		}
	}
	return n
}

// paragraphBit is the kind bit of a paragraph.
const paragraphBit = 1 << feed.Paragraph

// levelless returns the kind bits k with every heading level as level 0.
func levelless(k uint16) uint16 {
	if k&headingBits != 0 {
		k = k&^headingBits | 1<<8
	}
	return k
}

// noEnd is the endFunc of a code block: no sentence ends in it.
func noEnd(text string, i int) (int, bool) {
	_, size := utf8.DecodeRuneInString(text[i:])
	return i + size, false
}

// len returns the number of sentences.
func (s *side) len() int { return len(s.sents) }

// keySet returns the set of s's anchors.
func (s *side) keySet() *keySet {
	set := &keySet{keys: make(map[string]bool, len(s.allKeys))}
	for _, k := range s.allKeys {
		set.keys[k] = true
		set.lengths[k[0]] |= lengthBit(k)
	}
	return set
}

// keySet is a set of anchor keys, which the English side keeps only of.
type keySet struct {
	keys map[string]bool
	// lengths[c] has the lengthBit of every key that starts with the
	// byte c. Most English words are no anchor of the Chinese, and most
	// of them, in lower case, start with a letter that no key of the
	// Chinese of that length starts with: has tells them without hashing
	// them (the look-ups had been a fifth of the English anchors' time).
	lengths [256]uint64
}

// lengthBit returns the bit of a key of len(k) bytes, the last bit
// standing for 63 bytes and more.
func lengthBit(k string) uint64 { return 1 << min(len(k), 63) }

// has reports whether k, not empty, is in the set.
func (set *keySet) has(k string) bool {
	return set.lengths[k[0]]&lengthBit(k) != 0 && set.keys[k]
}

// setMasks gives z and e their anchor masks: the anchors that occur on both
// sides of the article, of the kinds opt turns on.
func setMasks(z, e *side, opt options) {
	// The anchors are numbered in order of first use in the Chinese, and
	// the rest works on the numbers: with a map of the keys for each step
	// instead, setMasks took 2.6 times as long.
	number := make(map[string]int32)
	var keys []string // of each number
	zn := make([]int32, len(z.allKeys))
	for k, key := range z.allKeys {
		n, ok := number[key]
		if !ok {
			n = int32(len(keys))
			number[key] = n
			keys = append(keys, key)
		}
		zn[k] = n
	}
	en := make([]int32, len(e.allKeys))
	for k, key := range e.allKeys {
		if n, ok := number[key]; ok {
			en[k] = n
		} else {
			en[k] = -1 // not in the Chinese
		}
	}
	inBoth := make([]bool, len(keys))
	for _, n := range en {
		if n >= 0 && wanted(keys[n], opt) {
			inBoth[n] = true
		}
	}
	dropRepeatedWords(z, e, zn, en, keys, inBoth)
	bit := make([]int32, len(keys)) // plus one; 0 for none
	bits := int32(0)
	for _, n := range zn {
		if bit[n] == 0 && inBoth[n] {
			bit[n] = bits%128 + 1
			bits++
		}
	}
	for _, sd := range []numberedKeys{{z, zn}, {e, en}} {
		s := sd.s
		s.masks = make([]mask, s.len())
		for i := range s.masks {
			for _, n := range sd.of(i) {
				if n >= 0 && bit[n] > 0 {
					b := bit[n] - 1
					s.masks[i][b/64] |= 1 << (b % 64)
				}
			}
		}
	}
}

// numberedKeys are the anchor keys of a side as setMasks numbers them:
// numbers[k] is the number of s.allKeys[k], -1 for a key the Chinese lacks.
type numberedKeys struct {
	s       *side
	numbers []int32
}

// of returns the numbers of the keys of sentence i.
func (n numberedKeys) of(i int) []int32 { return n.numbers[n.s.keyAt[i]:n.s.keyAt[i+1]] }

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

// wordRepeat is how many times as many English sentences as Chinese ones a
// Latin word anchor may occur in, less one, and still count.
const wordRepeat = 2

// dropRepeatedWords turns off in inBoth the Latin words (keys, numbered in
// zn and en for the keys of z and e) that more English
// sentences have than wordRepeat times the Chinese sentences that have them,
// plus one. Such a word is most often an English word inside a name in the
// Chinese, such as "of" in the cross-reference [[[#handling_of_headings]]],
// which most English sentences have: as an anchor it cost a miss to the
// translation of nearly every Chinese sentence without one, and the aligner
// ran out of step (clreq F1 edited 0.9548 to 0.9588, the same elsewhere).
func dropRepeatedWords(z, e *side, zn, en []int32, keys []string, inBoth []bool) {
	counts := make([][2]int, len(keys))
	for s, sd := range []numberedKeys{{z, zn}, {e, en}} {
		for i := range sd.s.len() {
			numbers := sd.of(i)
			for k, n := range numbers {
				if n < 0 || !inBoth[n] || !isASCIILetter(keys[n][0]) || slices.Contains(numbers[:k], n) {
					continue
				}
				counts[n][s]++
			}
		}
	}
	for n, c := range counts {
		if c[1] > wordRepeat*c[0]+1 {
			inBoth[n] = false
		}
	}
}
