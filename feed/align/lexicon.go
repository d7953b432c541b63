package align

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed" // for dict.gz
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// dictGz is the bilingual dictionary, trimmed from CC-CEDICT (see
// dict.LICENCE.md and TestGenerateDictionary): gzipped lines of
// "headword<TAB>stem stem ...", a simplified Chinese word of two to
// maxWordRunes characters and the stems (see stem) of the content words of
// its English glosses, sorted by headword.
//
//go:embed dict.gz
var dictGz []byte

// maxWordRunes is the length of the longest headword the dictionary keeps.
const maxWordRunes = 4

// Han characters of the dictionary's headwords that the segmenter looks up
// lie in [hanFirst, hanLast]: CJK Unified Ideographs and Extension A.
const (
	hanFirst = 0x3400
	hanLast  = 0x9fff
)

// hanLead and hanLastLead are the first bytes of the UTF-8 of hanFirst
// and hanLast: every Han character of the dictionary starts with a byte
// between them, and zhWords steps over the bytes that are not without
// decoding them (zhWords 0.95× the time).
const (
	hanLead     = 0xe3
	hanLastLead = 0xe9
)

// lexicon is the loaded dictionary: immutable once built, so shared by
// every Article call without locks.
type lexicon struct {
	// entry maps a headword, packed by hanKey, to its index k; its stems
	// are the ids stemIDs[stemAt[k]:stemAt[k+1]].
	entry   idTable
	stemAt  []int32
	stemIDs []int32
	// stems maps a stem of at most maxPacked letters, packed by
	// letterKey, to its id; longStems a longer one. nStems is the number
	// of stems.
	stems     idTable
	longStems map[string]int32
	nStems    int
	// longest[r-hanFirst] is the length in runes of the longest headword
	// that starts with r, 0 when none does.
	longest []uint8
}

// loadLexicon returns the dictionary, reading it from dictGz on first use:
// only Article pays for it, not a program that never aligns. A dictionary
// that does not read is an empty one (a test makes sure the embedded one
// reads).
var loadLexicon = sync.OnceValue(func() *lexicon {
	defer lexiconRead.Store(true)
	l, err := readLexicon(dictGz)
	if err != nil {
		return &lexicon{stemAt: []int32{0}, longest: make([]uint8, hanLast-hanFirst+1)}
	}
	return l
})

// lexiconRead is set once loadLexicon has read the dictionary.
var lexiconRead atomic.Bool

// Ready reports whether Article runs without first reading its dictionary,
// which takes about 50 ms once per program. A caller on a path that must
// stay fast, such as a key press, aligns only when Ready and otherwise in
// the background. It is safe for concurrent use.
func Ready() bool { return lexiconRead.Load() }

// readLexicon parses the gzipped dictionary data.
func readLexicon(data []byte) (*lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	raw, err := readAll(zr)
	if err != nil {
		return nil, err
	}
	lines := bytes.Count(raw, []byte{'\n'})
	l := &lexicon{
		entry:     newIDTable(lines),
		stemAt:    make([]int32, 1, lines+1),
		stemIDs:   make([]int32, 0, 3*lines),
		stems:     newIDTable(lines / 3),
		longStems: make(map[string]int32),
		longest:   make([]uint8, hanLast-hanFirst+1),
	}
	for line := range strings.Lines(string(raw)) {
		head, glosses, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !ok || head == "" {
			continue
		}
		l.add(head, glosses)
	}
	return l, nil
}

// maxPacked is the number of letters that letterKey packs, 5 bits each.
const maxPacked = 12

// letterKey packs the lower-case ASCII word w of 1 to maxPacked letters
// into a number, different for every word: the first letter is never 0.
func letterKey[S ~string | ~[]byte](w S) uint64 {
	var k uint64
	for i := range len(w) {
		k = k<<5 | uint64(w[i]-'a'+1)&31
	}
	return k
}

// hanKey returns key with the Han character r, of [hanFirst, hanLast],
// appended: a headword of up to 4 characters packs into 60 bits, the first
// never 0, so words of different lengths differ.
func hanKey(key uint64, r rune) uint64 {
	return key<<15 | uint64(r-hanFirst+1)
}

// stemID returns the id of the lower-case stem b, if the dictionary has it.
func (l *lexicon) stemID(b []byte) (int32, bool) {
	if len(b) <= maxPacked {
		return l.stems.get(letterKey(b))
	}
	id, ok := l.longStems[string(b)]
	return id, ok
}

// intern returns the id of the stem s, giving it one if it has none.
func (l *lexicon) intern(s string) int32 {
	if id, ok := l.stemID([]byte(s)); ok {
		return id
	}
	id := int32(l.nStems)
	l.nStems++
	if len(s) <= maxPacked {
		l.stems.put(letterKey(s), id)
	} else {
		l.longStems[strings.Clone(s)] = id // not the whole text
	}
	return id
}

// readAll reads r to its end.
func readAll(zr *gzip.Reader) ([]byte, error) {
	var b bytes.Buffer
	if _, err := b.ReadFrom(bufio.NewReader(zr)); err != nil {
		return nil, err
	}
	return b.Bytes(), zr.Close()
}

// add adds the headword head with its space-separated stems.
func (l *lexicon) add(head, glosses string) {
	r, _ := utf8.DecodeRuneInString(head)
	n := utf8.RuneCountInString(head)
	if r < hanFirst || r > hanLast || n > maxWordRunes {
		return
	}
	key := uint64(0)
	for _, q := range head {
		if q < hanFirst || q > hanLast {
			return
		}
		key = hanKey(key, q)
	}
	if _, dup := l.entry.get(key); dup {
		return
	}
	l.entry.put(key, int32(len(l.stemAt)-1))
	for s := range strings.FieldsSeq(glosses) {
		if !isLowerWord(s) {
			continue
		}
		l.stemIDs = append(l.stemIDs, l.intern(s))
	}
	l.stemAt = append(l.stemAt, int32(len(l.stemIDs)))
	if k := r - hanFirst; uint8(n) > l.longest[k] {
		l.longest[k] = uint8(n)
	}
}

// zhWords appends to ids the entries of the words of the Chinese text s,
// cut by longest match against the dictionary.
func (l *lexicon) zhWords(ids []int32, s string) []int32 {
	// run[:n] are the Han characters from i on, as far as read: a word
	// that starts at i is made of them. They are kept for the starts
	// after i, which read each character once instead of once for each
	// word it may be in (decoding had been half of zhWords' time).
	var run [maxWordRunes]hanRune
	n := 0
	for i := 0; i < len(s); {
		if n == 0 {
			if c := s[i]; c < hanLead || c > hanLastLead {
				i++ // no Han character starts here: not decoded
				continue
			}
			r, ok := hanAt(s, i)
			if !ok {
				_, size := utf8.DecodeRuneInString(s[i:])
				i += size
				continue
			}
			run[0], n = hanRune{r, i + 3}, 1
		}
		longest := int(l.longest[run[0].r-hanFirst])
		for n < longest && run[n-1].end < len(s) {
			j := run[n-1].end
			q, ok := hanAt(s, j)
			if !ok {
				break
			}
			run[n], n = hanRune{q, j + 3}, n+1
		}
		// keys[k] is the key of the k characters from i.
		var keys [maxWordRunes + 1]uint64
		for k := 1; k <= min(n, longest); k++ {
			keys[k] = hanKey(keys[k-1], run[k-1].r)
		}
		took := 1
		for k := min(n, longest); k >= 2; k-- {
			if e, ok := l.entry.get(keys[k]); ok {
				ids = append(ids, e)
				took = k
				break
			}
		}
		i = run[took-1].end
		n = copy(run[:], run[took:n])
	}
	return ids
}

// hanRune is a Han character of a text and the offset just past it.
type hanRune struct {
	r   rune
	end int
}

// hanAt returns the Han character of [hanFirst, hanLast] whose three bytes
// start at i in s, and whether one does. Such a character is a lead byte
// from hanLead to hanLastLead and two continuation bytes, all of which
// make a valid rune (only E0 and ED, outside that range, limit their
// second byte further), so it is read without utf8's decoder, which does
// not inline for three bytes (zhWords 0.96× the time).
func hanAt(s string, i int) (rune, bool) {
	if i+2 >= len(s) {
		return 0, false
	}
	c, c1, c2 := s[i], s[i+1], s[i+2]
	if c < hanLead || c > hanLastLead || c1&0xc0 != 0x80 || c2&0xc0 != 0x80 {
		return 0, false
	}
	r := rune(c&0x0f)<<12 | rune(c1&0x3f)<<6 | rune(c2&0x3f)
	return r, isHan(r)
}

// isHan reports whether r is in [hanFirst, hanLast], where the
// dictionary's headwords lie.
func isHan(r rune) bool { return r >= hanFirst && r <= hanLast }

// stemsOf returns the stems of the glosses of entry e.
func (l *lexicon) stemsOf(e int32) []int32 { return l.stemIDs[l.stemAt[e]:l.stemAt[e+1]] }

// enStems appends to ids the stems of the English words of s that the
// dictionary's glosses have.
func (l *lexicon) enStems(ids []int32, s string) []int32 {
	var buf [24]byte
	for i := 0; i < len(s); {
		if !isASCIILetter(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isASCIILetter(s[j]) {
			j++
		}
		// A run of ASCII letters inside a word of other letters (über) is
		// not a word.
		inside := (i > 0 && s[i-1] >= utf8.RuneSelf) || (j < len(s) && s[j] >= utf8.RuneSelf)
		if w := s[i:j]; !inside && len(w) >= 2 && len(w) <= len(buf) {
			b := buf[:len(w)]
			for k := range len(w) {
				b[k] = w[k] | 0x20 // ASCII letters only: lower case
			}
			if id, ok := l.stemID(stemBytes(b)); ok {
				ids = append(ids, id)
			}
		}
		i = j
	}
	return ids
}

// stem returns the stem of the lower-case English word w, so that the
// forms of a word meet: "lines" and "line" give "lin", "beginning" and
// "begin" "begin", "studies" "study". It is not a linguist's stemmer; it
// needs only to give the dictionary's glosses and the text the same stem.
func stem(w string) string {
	return string(stemBytes([]byte(w)))
}

// stemBytes is stem on b, which it may change; it returns a slice of b.
func stemBytes(b []byte) []byte {
	if len(b) <= 3 {
		return b
	}
	switch {
	case hasSuffix(b, "ies") && len(b) > 4:
		b = append(b[:len(b)-3], 'y')
	case hasSuffix(b, "sses"):
		b = b[:len(b)-2]
	case hasSuffix(b, "s") && !hasSuffix(b, "ss") && !hasSuffix(b, "us") && !hasSuffix(b, "is"):
		b = b[:len(b)-1]
	}
	switch {
	case hasSuffix(b, "ing") && len(b) >= 6:
		b = undouble(b[:len(b)-3])
	case hasSuffix(b, "ed") && len(b) >= 5:
		b = undouble(b[:len(b)-2])
	case hasSuffix(b, "ly") && len(b) >= 6:
		b = b[:len(b)-2]
	}
	if len(b) > 3 && b[len(b)-1] == 'e' {
		b = b[:len(b)-1]
	}
	return b
}

// isLowerWord reports whether s is a word of lower-case ASCII letters.
func isLowerWord(s string) bool {
	for i := range len(s) {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}

// hasSuffix reports whether b ends with s.
func hasSuffix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[len(b)-len(s):]) == s
}

// undouble drops the last letter of b when it doubles a consonant other
// than l, s or z ("stopp" to "stop", "beginn" to "begin").
func undouble(b []byte) []byte {
	n := len(b)
	if n >= 2 && b[n-1] == b[n-2] && !strings.ContainsRune("aeioulsz", rune(b[n-1])) {
		return b[:n-1]
	}
	return b
}
