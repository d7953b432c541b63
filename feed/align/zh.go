package align

import (
	"strings"
	"unicode/utf8"
)

// zhMarks are the runes at which zhEnd may end a sentence or step over
// more than the rune: isZHStop and isEllipsis.
const zhMarks = "。！？｡!?…⋯"

// zhEnd is the endFunc of ZH.
func zhEnd(text string, i int) (int, bool) {
	r, size := utf8.DecodeRuneInString(text[i:])
	switch {
	case isZHStop(r):
		j := i + size
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isZHStop(r) && !isEllipsis(r) {
				break
			}
			j += size
		}
		if cited(text, i) {
			return j, false
		}
		return skipClosing(text, j), true
	case isEllipsis(r):
		j := skipEllipsis(text, i)
		k := skipClosing(text, j)
		if k == len(text) {
			return k, true
		}
		if r, _ := utf8.DecodeRuneInString(text[k:]); isSpace(r) {
			return k, true
		}
		return j, false
	}
	return i + size, false
}

// cited reports whether the end mark at i in text is cited rather than
// used: it follows an opening bracket or quote, or a mark that goes between
// words (、，；：), where no sentence can have ended. A text about
// punctuation names its marks so ("句号[。]表示语句结束", "如[。』」]等",
// "（!!!、???）"), and cutting there split one sentence in two (the W3C
// clreq document has five such paragraphs).
func cited(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return isOpening(r) || strings.ContainsRune("、，；：,;:", r)
}

// isOpening reports whether r is an opening quote or bracket.
func isOpening(r rune) bool {
	return strings.ContainsRune("“‘「『（《【〈〔［｛〖〘([{«‹", r)
}

// isZHStop reports whether r ends a Chinese sentence by itself.
func isZHStop(r rune) bool {
	switch r {
	case '。', '！', '？', '｡', '!', '?':
		return true
	}
	return false
}

// isEllipsis reports whether r is (half of) an ellipsis.
func isEllipsis(r rune) bool {
	return r == '…' || r == '⋯'
}

// skipEllipsis returns the offset past the run of ellipsis marks at i.
func skipEllipsis(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isEllipsis(r) {
			break
		}
		i += size
	}
	return i
}
