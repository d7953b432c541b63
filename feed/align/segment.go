package align

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is the byte range text[Start:End] of one sentence inside the text it
// was cut from. Start and End fall on rune boundaries, and the range has no
// white space at either end.
type Span struct {
	Start, End int
}

// MaxPiece is the longest sentence, in bytes, that the segmenters return. A
// longer run of text with no sentence end (a paragraph of 50 KB without a
// 。, a long code block) is cut into pieces of at most MaxPiece bytes, at a
// comma, semicolon or space where there is one, so that alignment stays fast.
const MaxPiece = 1200

// ZH cuts Chinese text into sentences. A sentence ends after 。！？｡ or the
// ASCII ! and ?, or after …… where it closes a sentence (at the end of the
// text, before white space or before another end mark), together with any
// closing marks that follow (”’」』）》】 and the like). ；and ，do not end a
// sentence, and neither does the ASCII full stop, so 4.1万, 28.30%, U.S. and
// Latin words inside Chinese stay whole; a URL is never cut. A mark cited
// rather than used, after an opening bracket or quote or after 、，；：
// ("句号[。]表示", "如[。』」]等"), ends nothing. ZH never
// returns an empty span and covers every non-space byte of text.
func ZH(text string) []Span {
	return segment(text, zhEnds)
}

// EN cuts English text into sentences. A sentence ends after . ! or ? and
// any closing quotes or brackets, when a space follows and then a capital, a
// digit, an opening quote or bracket, or Chinese (or the text ends). It does
// not end after an abbreviation (Mr., Dr., No. 5, Jan., Prof. ...), a dotted
// acronym (U.S., e.g.), an initial (J. K. Rowling), inside a decimal (3.14)
// or at an ellipsis (... or …) inside a sentence. A URL is never cut. EN
// never returns an empty span and covers every non-space byte of text.
func EN(text string) []Span {
	return segment(text, enEnds)
}

// endFunc reports whether a sentence ends at the mark that starts at i in
// text, and if so the byte offset just past the mark and its closing marks.
// It returns the offset to continue scanning from when the sentence goes on.
type endFunc func(text string, i int) (next int, end bool)

// sentenceEnds is how a language ends its sentences: isEnd, and the bytes
// at which segment must call it.
type sentenceEnds struct {
	isEnd endFunc
	// looks[c] reports whether a rune that starts with the byte c may be
	// a mark of isEnd or the start of a URL; at any other rune isEnd
	// returns the next rune, and urlLength 0. segment steps over the
	// others a byte at a time without decoding them, which made cutting
	// English three times as fast: isEnd and urlLength had been called on
	// every rune of the text.
	looks [256]bool
}

// newSentenceEnds returns the sentenceEnds of isEnd, which reads a mark
// only at the runes of marks (TestSentenceEndsLookAtEveryMark checks that
// isEnd does nothing elsewhere).
func newSentenceEnds(isEnd endFunc, marks string) *sentenceEnds {
	e := &sentenceEnds{isEnd: isEnd}
	for _, c := range []byte("hHwW") { // see urlLength
		e.looks[c] = true
	}
	for _, r := range marks {
		e.looks[string(r)[0]] = true
	}
	return e
}

// The sentenceEnds of ZH, EN and code blocks.
var (
	zhEnds   = newSentenceEnds(zhEnd, zhMarks)
	enEnds   = newSentenceEnds(enEnd, enMarks)
	codeEnds = newSentenceEnds(noEnd, "")
)

// segment cuts text into sentences with ends and bounds their length.
func segment(text string, ends *sentenceEnds) []Span {
	var spans []Span
	start := -1
	for i := 0; i < len(text); {
		if start >= 0 && !ends.looks[text[i]] {
			// Neither a mark nor a URL starts here; a byte inside a rune
			// (0x80 to 0xbf) is in no one's looks, so this walks over
			// whole runes, to the next byte that looks, in a loop of its
			// own: going back to the outer loop's head for every byte
			// made cutting the benchmark article a tenth slower.
			i++
			for i < len(text) && !ends.looks[text[i]] {
				i++
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if start < 0 {
			if isSpace(r) {
				i += size
				continue
			}
			start = i
		}
		if n := urlLength(text, i); n > 0 {
			i += n
			continue
		}
		next, end := ends.isEnd(text, i)
		if end {
			spans = appendPieces(spans, text, start, next)
			start = -1
		}
		i = next
	}
	if start >= 0 {
		spans = appendPieces(spans, text, start, len(text))
	}
	return spans
}

// appendPieces appends text[start:end], trimmed of white space, to spans,
// cut into pieces of at most MaxPiece bytes.
func appendPieces(spans []Span, text string, start, end int) []Span {
	for {
		start, end = trimSpan(text, start, end)
		if start >= end {
			return spans
		}
		if end-start <= MaxPiece {
			return append(spans, Span{start, end})
		}
		cut := pieceEnd(text, start, start+MaxPiece)
		spans = append(spans, trimmed(text, start, cut))
		start = cut
	}
}

// trimmed returns the span text[start:end] without surrounding white space.
func trimmed(text string, start, end int) Span {
	s, e := trimSpan(text, start, end)
	return Span{s, e}
}

// pieceEnd returns where to cut text[start:limit], a run too long to be
// one sentence: after the last ，；、：or their ASCII forms in the second
// half of the run, else after the last white space there, else at the last
// rune boundary before limit.
func pieceEnd(text string, start, limit int) int {
	floor := start + (limit-start)/2
	for _, soft := range []func(rune) bool{isSoftBreak, isSpace} {
		for i := limit; i > floor; {
			r, size := utf8.DecodeLastRuneInString(text[:i])
			if soft(r) {
				return i
			}
			i -= size
		}
	}
	for i := limit; i > start; i-- {
		if utf8.RuneStart(text[i]) {
			return i
		}
	}
	return limit
}

// isSoftBreak reports whether a long run may be cut after r.
func isSoftBreak(r rune) bool {
	switch r {
	case '，', '；', '、', '：', ',', ';', ':':
		return true
	}
	return false
}

// trimSpan narrows text[start:end] to exclude white space at both ends.
func trimSpan(text string, start, end int) (int, int) {
	for start < end {
		r, size := utf8.DecodeRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		start += size
	}
	for end > start {
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !isSpace(r) {
			break
		}
		end -= size
	}
	return start, end
}

// isSpace reports whether r is white space, including the ideographic
// space.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u3000'
}

// isClosing reports whether r is a closing quote or bracket that belongs to
// the sentence it follows.
func isClosing(r rune) bool {
	return strings.ContainsRune("”’」』）》】〉〕］｝〗〙\"')]}»›", r)
}

// urlLength returns the length of the URL that starts at i in text, or 0
// when none does. A URL starts with http://, https:// or www. after a
// non-letter, runs over printable ASCII and leaves out trailing punctuation.
func urlLength(text string, i int) int {
	c := text[i]
	if c != 'h' && c != 'H' && c != 'w' && c != 'W' {
		return 0
	}
	if i > 0 && isASCIIAlnum(text[i-1]) {
		return 0
	}
	rest := text[i:]
	if !hasPrefixFold(rest, "http://") && !hasPrefixFold(rest, "https://") && !hasPrefixFold(rest, "www.") {
		return 0
	}
	n := 0
	for n < len(rest) && rest[n] > ' ' && rest[n] < 0x7f && !strings.ContainsRune("\"<>`", rune(rest[n])) {
		n++
	}
	for n > 0 && strings.ContainsRune(".,;:!?'\")]", rune(rest[n-1])) {
		n--
	}
	return n
}

// hasPrefixFold reports whether s begins with the ASCII prefix, ignoring
// case.
func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// isASCIIAlnum reports whether c is an ASCII letter or digit.
func isASCIIAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// skipClosing returns the offset past the closing marks at i in text.
func skipClosing(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isClosing(r) {
			break
		}
		i += size
	}
	return i
}
